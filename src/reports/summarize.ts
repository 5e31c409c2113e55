/**
 * Totals, rankings, per-day series and period comparisons over normalised rows. Pure functions;
 * every ordering is deterministic (counts first, then names by `compareText`).
 */
import { type Day, type DayRange, eachDay } from "../dates/calendar.ts";
import type { FaxCounts } from "../efax/types.ts";
import type {
  BillableReport,
  BillableRow,
  DeadDestination,
  FaxReport,
  FaxReportKind,
  FaxRow,
  FaxTotals,
  PageTotals,
  Ranked,
  Ranking,
  ReasonCount,
} from "./model.ts";
import { compareText, resolutionColumns } from "./order.ts";

/** How many entries a ranking lists when the caller does not say. */
export const DEFAULT_TOP_LIMIT = 10;

/** What `summarizeFax` needs besides the rows. */
export interface SummarizeFaxOptions {
  /** Marks the report as built from sample data. Default false. */
  sample?: boolean;
  /** Totals of the previous period, when fetched. Default null. */
  previous?: FaxTotals | null;
  /** Entries per ranking. Default `DEFAULT_TOP_LIMIT` (10). */
  topLimit?: number;
}

/** What `summarizeBillable` needs besides the rows. */
export interface SummarizeBillableOptions {
  /** Marks the report as built from sample data. Default false. */
  sample?: boolean;
  /** Totals of the previous period, when fetched. Default null. */
  previous?: PageTotals | null;
  /** DIDs listed in `byDid`. Default `DEFAULT_TOP_LIMIT` (10). */
  topLimit?: number;
}

/** Change of fax figures against the previous period (current minus previous). */
export interface FaxChange {
  attempts: number;
  failures: number;
  /** Success rate change in percentage points (0.90 → 0.85 is −5), null when either rate is. */
  successRatePoints: number | null;
}

/** Change of page figures against the previous period (current minus previous). */
export interface PageChange {
  outboundTotal: number;
  inbound: number;
  total: number;
}

interface FaxTally {
  attempts: number;
  successes: number;
  failures: number;
  reasons: Map<string, number>;
}

function newFaxTally(): FaxTally {
  return { attempts: 0, successes: 0, failures: 0, reasons: new Map() };
}

function addCounts(tally: FaxTally, counts: FaxCounts): void {
  tally.attempts += counts.total;
  tally.successes += counts.success;
  tally.failures += counts.failures;
  addReasons(tally.reasons, counts.reasons);
}

function addReasons(into: Map<string, number>, reasons: Record<string, number>): void {
  for (const reason in reasons) {
    const count = reasons[reason] ?? 0;
    if (count !== 0) into.set(reason, (into.get(reason) ?? 0) + count);
  }
}

function tallyTotals(tally: FaxTally): FaxTotals {
  const byReason: ReasonCount[] = [];
  for (const [reason, count] of tally.reasons) if (count > 0) byReason.push({ reason, count });
  byReason.sort((a, b) => b.count - a.count || compareText(a.reason, b.reason));
  return {
    attempts: tally.attempts,
    successes: tally.successes,
    failures: tally.failures,
    successRate: tally.attempts > 0 ? tally.successes / tally.attempts : null,
    byReason,
  };
}

/**
 * Totals of fax rows: attempts = Σ Total, successes = Σ Success, failures = Σ Failures (as
 * upstream reports them), success rate = successes / attempts (null without attempts), and every
 * reason with a non-zero sum, most frequent first, then by name.
 */
export function faxTotals(rows: readonly FaxRow[]): FaxTotals {
  const tally = newFaxTally();
  for (const row of rows) addCounts(tally, row.counts);
  return tallyTotals(tally);
}

/** The sum of several totals (e.g. one per day), with the rate and reasons recomputed. */
export function sumFaxTotals(list: readonly FaxTotals[]): FaxTotals {
  const tally = newFaxTally();
  for (const totals of list) {
    tally.attempts += totals.attempts;
    tally.successes += totals.successes;
    tally.failures += totals.failures;
    for (const { reason, count } of totals.byReason) {
      tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + count);
    }
  }
  return tallyTotals(tally);
}

/**
 * Pages of billable rows. `outbound` lists `STANDARD` and `FINE` always (0 when absent), then any
 * other resolution seen, by name; `outboundTotal` is its sum and `total` adds inbound pages.
 */
export function pageTotals(rows: readonly BillableRow[]): PageTotals {
  const outbound = new Map<string, number>();
  let inbound = 0;
  for (const row of rows) {
    addPages(outbound, row.outbound);
    inbound += row.inbound;
  }
  return buildPageTotals(outbound, inbound);
}

/** The sum of several page totals (e.g. one per day). */
export function sumPageTotals(list: readonly PageTotals[]): PageTotals {
  const outbound = new Map<string, number>();
  let inbound = 0;
  for (const totals of list) {
    addPages(outbound, totals.outbound);
    inbound += totals.inbound;
  }
  return buildPageTotals(outbound, inbound);
}

function addPages(into: Map<string, number>, pages: Record<string, number>): void {
  for (const resolution in pages) {
    into.set(resolution, (into.get(resolution) ?? 0) + (pages[resolution] ?? 0));
  }
}

function buildPageTotals(byResolution: Map<string, number>, inbound: number): PageTotals {
  const outbound: Record<string, number> = {};
  let outboundTotal = 0;
  for (const resolution of resolutionColumns(byResolution.keys())) {
    const pages = byResolution.get(resolution) ?? 0;
    outbound[resolution] = pages;
    outboundTotal += pages;
  }
  return { outbound, outboundTotal, inbound, total: outboundTotal + inbound };
}

/** Current minus previous attempts and failures, and the success-rate change in points. */
export function compareTotals(current: FaxTotals, previous: FaxTotals): FaxChange;
export function compareTotals(current: FaxTotals, previous: FaxTotals | null): FaxChange | null;
export function compareTotals(current: FaxTotals, previous: FaxTotals | null): FaxChange | null {
  if (!previous) return null;
  return {
    attempts: current.attempts - previous.attempts,
    failures: current.failures - previous.failures,
    successRatePoints:
      current.successRate === null || previous.successRate === null
        ? null
        : (current.successRate - previous.successRate) * 100,
  };
}

/** Current minus previous outbound, inbound and total pages. */
export function comparePageTotals(current: PageTotals, previous: PageTotals): PageChange;
export function comparePageTotals(
  current: PageTotals,
  previous: PageTotals | null,
): PageChange | null;
export function comparePageTotals(
  current: PageTotals,
  previous: PageTotals | null,
): PageChange | null {
  if (!previous) return null;
  return {
    outboundTotal: current.outboundTotal - previous.outboundTotal,
    inbound: current.inbound - previous.inbound,
    total: current.total - previous.total,
  };
}

/** Order of fax rows in a report: DID, user, destination (null first), by `compareText`. */
export function compareFaxRows(a: FaxRow, b: FaxRow): number {
  return (
    compareText(a.did, b.did) ||
    compareText(a.user, b.user) ||
    compareText(a.destination ?? "", b.destination ?? "") ||
    (a.destination === null ? 0 : 1) - (b.destination === null ? 0 : 1)
  );
}

/**
 * A fax report over `range` from each day's rows (as `faxRows` returns them: one row per
 * combination, sorted; other orders are sorted here). Days of the range missing from `rowsByDay`
 * count as days without attempts; days outside the range are ignored. Rankings count failures
 * per DID, per username (one user under two DIDs is one entry) and per destination number; the
 * account overview has no destinations, so its `topDestinations` and `allFailed` are empty.
 */
export function summarizeFax(
  kind: FaxReportKind,
  range: DayRange,
  rowsByDay: ReadonlyMap<Day, readonly FaxRow[]>,
  options: SummarizeFaxOptions = {},
): FaxReport {
  const topLimit = options.topLimit ?? DEFAULT_TOP_LIMIT;
  const days = eachDay(range);
  const perDay = days.map((day) => sortedRows(rowsByDay.get(day) ?? []));
  const series = days.map((day, i) => ({ day, totals: faxTotals(perDay[i] ?? []) }));
  const rows: FaxRow[] = [];
  for (const dayRows of perDay) for (const row of dayRows) rows.push(row);
  const daysWithRows = perDay.filter((dayRows) => dayRows.length > 0).length;
  const hasDestinations = kind !== "account-overview";
  return {
    kind,
    range: { from: range.from, to: range.to },
    sample: options.sample ?? false,
    totals: sumFaxTotals(series.map((entry) => entry.totals)),
    previous: options.previous ?? null,
    series,
    topDids: rankBy(rows, (row) => row.did, topLimit),
    topUsers: rankBy(rows, (row) => row.user, topLimit),
    topDestinations: hasDestinations
      ? rankBy(rows, (row) => row.destination ?? "", topLimit)
      : { items: [], count: 0 },
    allFailed: hasDestinations
      ? deadDestinations(rows, daysWithRows > 1, topLimit)
      : { items: [], count: 0 },
    rows,
  };
}

/**
 * A billable-pages report over `range`; days missing from `rowsByDay` count as days without
 * pages. `byDid` lists the DIDs with at least one page, most pages first, then by DID.
 */
export function summarizeBillable(
  range: DayRange,
  rowsByDay: ReadonlyMap<Day, readonly BillableRow[]>,
  options: SummarizeBillableOptions = {},
): BillableReport {
  const topLimit = options.topLimit ?? DEFAULT_TOP_LIMIT;
  const days = eachDay(range);
  const perDay = days.map((day) =>
    [...(rowsByDay.get(day) ?? [])].sort((a, b) => compareText(a.did, b.did)),
  );
  const series = days.map((day, i) => ({ day, totals: pageTotals(perDay[i] ?? []) }));
  const rows = perDay.flat();
  const byDidRows = new Map<string, BillableRow[]>();
  for (const row of rows) {
    const list = byDidRows.get(row.did);
    if (list) list.push(row);
    else byDidRows.set(row.did, [row]);
  }
  const byDid = [...byDidRows]
    .map(([did, didRows]) => ({ did, totals: pageTotals(didRows) }))
    .filter((entry) => entry.totals.total > 0)
    .sort((a, b) => b.totals.total - a.totals.total || compareText(a.did, b.did));
  return {
    kind: "billable-pages",
    range: { from: range.from, to: range.to },
    sample: options.sample ?? false,
    totals: sumPageTotals(series.map((entry) => entry.totals)),
    previous: options.previous ?? null,
    series,
    byDid: { items: byDid.slice(0, topLimit), count: byDid.length },
    rows,
  };
}

function sortedRows(rows: readonly FaxRow[]): readonly FaxRow[] {
  for (let i = 1; i < rows.length; i++) {
    const before = rows[i - 1];
    const after = rows[i];
    if (before && after && compareFaxRows(before, after) > 0) {
      return [...rows].sort(compareFaxRows);
    }
  }
  return rows;
}

function compareRanked(a: Ranked, b: Ranked): number {
  return b.failures - a.failures || compareText(a.key, b.key);
}

/**
 * Failures per key. Keys are interned in a map to an index into plain number arrays, so a
 * million destinations cost no object each.
 */
function rankBy(rows: readonly FaxRow[], keyOf: (row: FaxRow) => string, limit: number) {
  const index = new Map<string, number>();
  const attempts: number[] = [];
  const failures: number[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    let i = index.get(key);
    if (i === undefined) {
      i = attempts.length;
      index.set(key, i);
      attempts.push(0);
      failures.push(0);
    }
    attempts[i] = (attempts[i] ?? 0) + row.counts.total;
    failures[i] = (failures[i] ?? 0) + row.counts.failures;
  }
  const top = new TopList<Ranked>(limit, compareRanked, (item) => item.failures);
  let count = 0;
  for (const [key, i] of index) {
    const failed = failures[i] ?? 0;
    if (failed <= 0) continue;
    count++;
    if (top.wants(failed)) top.add({ key, attempts: attempts[i] ?? 0, failures: failed });
  }
  return { items: top.items(), count } satisfies Ranking<Ranked>;
}

function compareDead(a: DeadDestination, b: DeadDestination): number {
  return (
    b.attempts - a.attempts ||
    compareText(a.did, b.did) ||
    compareText(a.user, b.user) ||
    compareText(a.destination, b.destination)
  );
}

interface Combination {
  did: string;
  user: string;
  destination: string;
  attempts: number;
  successes: number;
  /** Summed while every attempt so far failed; dropped once one succeeds. */
  reasons: Map<string, number> | null;
}

/**
 * Combinations in which every attempt of the period failed. With one day of rows each row is
 * one combination already; over several days the rows of a combination are summed first.
 */
function deadDestinations(
  rows: readonly FaxRow[],
  severalDays: boolean,
  limit: number,
): Ranking<DeadDestination> {
  const top = new TopList<DeadDestination>(limit, compareDead, (item) => item.attempts);
  let count = 0;
  if (!severalDays) {
    for (const row of rows) {
      const { counts } = row;
      if (counts.success !== 0 || counts.total <= 0) continue;
      count++;
      if (!top.wants(counts.total)) continue;
      top.add({
        did: row.did,
        user: row.user,
        destination: row.destination ?? "",
        attempts: counts.total,
        mainReason: mainReason(Object.entries(counts.reasons)),
      });
    }
    return { items: top.items(), count };
  }
  for (const combination of combineRows(rows)) {
    if (combination.successes !== 0 || combination.attempts <= 0) continue;
    count++;
    top.add({
      did: combination.did,
      user: combination.user,
      destination: combination.destination,
      attempts: combination.attempts,
      mainReason: mainReason(combination.reasons ?? []),
    });
  }
  return { items: top.items(), count };
}

function combineRows(rows: readonly FaxRow[]): Iterable<Combination> {
  const byDid = new Map<string, Map<string, Map<string, Combination>>>();
  const all: Combination[] = [];
  for (const row of rows) {
    const destination = row.destination ?? "";
    const byUser = entryOf(byDid, row.did, () => new Map<string, Map<string, Combination>>());
    const byDestination = entryOf(byUser, row.user, () => new Map<string, Combination>());
    let combination = byDestination.get(destination);
    if (!combination) {
      combination = {
        did: row.did,
        user: row.user,
        destination,
        attempts: 0,
        successes: 0,
        reasons: new Map(),
      };
      byDestination.set(destination, combination);
      all.push(combination);
    }
    combination.attempts += row.counts.total;
    combination.successes += row.counts.success;
    if (combination.successes > 0) combination.reasons = null;
    else if (combination.reasons) addReasons(combination.reasons, row.counts.reasons);
  }
  return all;
}

function entryOf<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/** The most frequent reason with a positive count (ties by name), or null when there is none. */
function mainReason(reasons: Iterable<readonly [string, number]>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [reason, count] of reasons) {
    if (count <= 0) continue;
    if (
      best === null ||
      count > bestCount ||
      (count === bestCount && compareText(reason, best) < 0)
    ) {
      best = reason;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The first `limit` entries of a stream under `compare`, without sorting the whole stream: a
 * small sorted buffer. `compare` must order by `score` descending first, so that `wants` can turn
 * a candidate away before it is built.
 */
class TopList<T> {
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
