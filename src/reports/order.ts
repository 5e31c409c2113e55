/**
 * The orderings every report, view and CSV shares, so that the same data always comes out in the
 * same order on every machine. Text is compared by UTF-16 code units (`<`), never with
 * `localeCompare`, whose result depends on the runtime's ICU data and locale.
 */
import { KNOWN_FAILURE_REASONS } from "../efax/types.ts";

/** Outbound page resolutions seen in upstream samples, in the order reports show them. */
export const KNOWN_RESOLUTIONS = ["STANDARD", "FINE"] as const;

/** Plain code-unit comparison: `"10" < "9"`, `"Z" < "a"`; the same result everywhere. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Known names first in their given order, then every other name by `compareText`. */
function orderWithKnown(known: readonly string[], names: Iterable<string>): string[] {
  const seen = new Set(names);
  const first = known.filter((name) => seen.has(name));
  const rest = [...seen].filter((name) => !known.includes(name)).sort(compareText);
  return [...first, ...rest];
}

/**
 * Failure reasons as CSV columns: the six known reasons in their documented order (always, even
 * when a report has none of them), then any other reason that appears in `seen`, by name.
 */
export function reasonColumns(seen: Iterable<string>): string[] {
  return orderWithKnown(KNOWN_FAILURE_REASONS, [...KNOWN_FAILURE_REASONS, ...seen]);
}

/**
 * Resolutions as columns and as the key order of `outbound` records: `STANDARD` and `FINE`
 * (always), then any other resolution that appears in `seen`, by name.
 */
export function resolutionColumns(seen: Iterable<string>): string[] {
  return orderWithKnown(KNOWN_RESOLUTIONS, [...KNOWN_RESOLUTIONS, ...seen]);
}
