/**
 * Small accumulators the summaries are built from, shaped for million-row days: no allocation
 * per row, and no full sort where only the first few entries are shown.
 */
import type { FaxCounts } from "../efax/types.ts";
import type { FaxTotals, Ranked, Ranking, ReasonCount } from "./model.ts";
import { compareText } from "./order.ts";

/**
 * Sums per failure reason. A report has a handful of reasons and upstream keys are the same
 * string instances row after row, so a linear scan beats a hash lookup here.
 */
export class ReasonSums {
  readonly names: string[] = [];
  readonly sums: number[] = [];

  /** Adds every non-zero count of `reasons`. */
  addAll(reasons: Readonly<Record<string, number>>): void {
    for (const reason in reasons) {
      const count = reasons[reason] ?? 0;
      if (count !== 0) this.add(reason, count);
    }
  }

  add(reason: string, count: number): void {
    const names = this.names;
    let at = 0;
    while (at < names.length && names[at] !== reason) at++;
    if (at === names.length) {
      names.push(reason);
      this.sums.push(count);
    } else {
      this.sums[at] = (this.sums[at] ?? 0) + count;
    }
  }

  /** Reasons with a positive sum, most frequent first, then by name. */
  byReason(): ReasonCount[] {
    const list: ReasonCount[] = [];
    this.names.forEach((reason, i) => {
      const count = this.sums[i] ?? 0;
      if (count > 0) list.push({ reason, count });
    });
    return list.sort((a, b) => b.count - a.count || compareText(a.reason, b.reason));
  }

  /** The most frequent reason (ties by name), or null when none has a positive sum. */
  main(): string | null {
    return this.byReason()[0]?.reason ?? null;
  }
}

/** Distinct counts objects a `FaxTally` remembers before it sums the rest one by one. */
const MEMO_LIMIT = 4096;

/**
 * Sums of fax counts. The parser shares one frozen counts object between all leaves with the
 * same values, so a tally remembers each distinct object with how often it was added and reads
 * its reasons once, not once per row; past `MEMO_LIMIT` distinct objects it sums directly.
 */
export class FaxTally {
  #attempts = 0;
  #successes = 0;
  #failures = 0;
  readonly #reasons = new ReasonSums();
  readonly #times = new Map<FaxCounts, { times: number }>();

  add(counts: FaxCounts): void {
    const seen = this.#times.get(counts);
    if (seen !== undefined) seen.times++;
    else if (this.#times.size < MEMO_LIMIT) this.#times.set(counts, { times: 1 });
    else this.#addTimes(counts, 1);
  }

  /** Adds totals computed elsewhere (another day, another period). */
  addTotals(totals: FaxTotals): void {
    this.#attempts += totals.attempts;
    this.#successes += totals.successes;
    this.#failures += totals.failures;
    for (const { reason, count } of totals.byReason) this.#reasons.add(reason, count);
  }

  /** Attempts, successes, failures, success rate (null without attempts) and reasons. */
  totals(): FaxTotals {
    for (const [counts, { times }] of this.#times) this.#addTimes(counts, times);
    this.#times.clear();
    return {
      attempts: this.#attempts,
      successes: this.#successes,
      failures: this.#failures,
      successRate: this.#attempts > 0 ? this.#successes / this.#attempts : null,
      byReason: this.#reasons.byReason(),
    };
  }

  #addTimes(counts: FaxCounts, times: number): void {
    this.#attempts += counts.total * times;
    this.#successes += counts.success * times;
    this.#failures += counts.failures * times;
    const { reasons } = counts;
    for (const reason in reasons) {
      const count = reasons[reason] ?? 0;
      if (count !== 0) this.#reasons.add(reason, count * times);
    }
  }
}

/**
 * The first `limit` entries of a stream under `compare`, kept in a small sorted buffer instead
 * of sorting the whole stream. `compare` must order by `score` descending first, so that
 * `wants` can turn a candidate away before it is built.
 */
export class TopList<T> {
  readonly #limit: number;
  readonly #compare: (a: T, b: T) => number;
  readonly #score: (item: T) => number;
  readonly #items: T[] = [];

  constructor(limit: number, compare: (a: T, b: T) => number, score: (item: T) => number) {
    this.#limit = Math.max(0, Math.floor(limit));
    this.#compare = compare;
    this.#score = score;
  }

  /** False when the buffer is full and an entry scoring `score` would come after all of it. */
  wants(score: number): boolean {
    if (this.#items.length < this.#limit) return true;
    const last = this.#items.at(-1);
    return last !== undefined && score >= this.#score(last);
  }

  add(item: T): void {
    const items = this.#items;
    let at = items.length;
    while (at > 0) {
      const before = items[at - 1];
      if (before === undefined || this.#compare(before, item) <= 0) break;
      at--;
    }
    if (at >= this.#limit) return;
    items.splice(at, 0, item);
    if (items.length > this.#limit) items.pop();
  }

  items(): T[] {
    return [...this.#items];
  }
}

/**
 * Attempts, successes and failures per key (DID, username or destination number). Keys map to a
 * slot in growable number arrays, so a million destinations cost a map entry each and no object.
 */
export class KeyedCounts {
  readonly #slots = new Map<string, number>();
  #attempts: Float64Array = new Float64Array(64);
  #successes: Float64Array = new Float64Array(64);
  #failures: Float64Array = new Float64Array(64);

  /** The slot of `key`, created on first use; pass it to `add`. */
  slot(key: string): number {
    let slot = this.#slots.get(key);
    if (slot === undefined) {
      slot = this.#slots.size;
      this.#slots.set(key, slot);
      if (slot === this.#attempts.length) {
        this.#attempts = grown(this.#attempts);
        this.#successes = grown(this.#successes);
        this.#failures = grown(this.#failures);
      }
    }
    return slot;
  }

  add(slot: number, counts: Pick<FaxCounts, "total" | "success" | "failures">): void {
    this.#attempts[slot] = (this.#attempts[slot] ?? 0) + counts.total;
    this.#successes[slot] = (this.#successes[slot] ?? 0) + counts.success;
    this.#failures[slot] = (this.#failures[slot] ?? 0) + counts.failures;
  }

  /** Keys with at least one failure: the first `limit` by failures then key, and how many. */
  topFailing(limit: number): Ranking<Ranked> {
    const top = new TopList<Ranked>(limit, compareRanked, (item) => item.failures);
    let count = 0;
    const attempts = this.#attempts;
    const failed = this.#failures;
    this.#slots.forEach((slot, key) => {
      const failures = failed[slot] ?? 0;
      if (failures <= 0) return;
      count++;
      if (top.wants(failures)) top.add({ key, attempts: attempts[slot] ?? 0, failures });
    });
    return { items: top.items(), count };
  }

  /**
   * Keys with attempts and not one success: the first `limit` by attempts then key, and how many.
   * `failures` is the key's failure count.
   */
  topNeverSucceeded(limit: number): Ranking<Ranked> {
    const top = new TopList<Ranked>(limit, compareByAttempts, (item) => item.attempts);
    let count = 0;
    const attempts = this.#attempts;
    const succeeded = this.#successes;
    const failed = this.#failures;
    this.#slots.forEach((slot, key) => {
      const tried = attempts[slot] ?? 0;
      if (tried <= 0 || (succeeded[slot] ?? 0) !== 0) return;
      count++;
      if (top.wants(tried)) top.add({ key, attempts: tried, failures: failed[slot] ?? 0 });
    });
    return { items: top.items(), count };
  }
}

function grown(array: Float64Array): Float64Array {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function compareRanked(a: Ranked, b: Ranked): number {
  return b.failures - a.failures || compareText(a.key, b.key);
}

function compareByAttempts(a: Ranked, b: Ranked): number {
  return b.attempts - a.attempts || compareText(a.key, b.key);
}
