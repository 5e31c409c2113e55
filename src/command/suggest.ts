/**
 * Typo suggestions: the known word closest to what someone typed, for `/efax` and the `efax` CLI
 * alike ("failrues" → "failures"), and `summary <days>` for days typed without a report.
 */
import { isDateInputError } from "../dates/errors.ts";
import { parseWhen } from "../dates/parse-when.ts";

/**
 * `summary <text>` when the words read as a day or range (`/efax last week`, `/efax digest
 * yesterday`), else null.
 */
export function summarySuggestion(text: string, now: Date): string | null {
  if (text.trim() === "") return null;
  try {
    parseWhen(text, { timeZone: "UTC", now });
    return `summary ${text}`;
  } catch (error) {
    if (isDateInputError(error)) return null;
    throw error;
  }
}
/**
 * The candidate closest to `word` by edit distance (adjacent swaps count once), when it is close
 * enough to be a typo: at most 1 edit for words up to 4 letters, 2 up to 8, 3 beyond. Ties go to
 * the candidate closest in length (a swapped pair keeps the length), then to the earlier one.
 */
export function suggestWord(word: string, candidates: readonly string[]): string | null {
  const needle = word.toLowerCase();
  const allowed = needle.length <= 4 ? 1 : needle.length <= 8 ? 2 : 3;
  let best: { word: string; distance: number; gap: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate);
    const gap = Math.abs(candidate.length - needle.length);
    const better =
      best === null || distance < best.distance || (distance === best.distance && gap < best.gap);
    if (distance <= allowed && better) best = { word: candidate, distance, gap };
  }
  return best?.word ?? null;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number) => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}
