/**
 * Totals, rankings, per-day series and period comparisons over normalised rows. Pure functions;
 * every ordering is deterministic (counts first, then names by `compareText`).
 */
import { type Day, type DayRange, eachDay } from "../dates/calendar.ts";
import { InvalidOptionError } from "./errors.ts";
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
} from "./model.ts";
import { compareText, resolutionColumns } from "./order.ts";
import { FaxTally, KeyedCounts, ReasonSums } from "./tally.ts";

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
  /**
   * Compute the rankings (top DIDs, users, destinations, all-failed). False leaves each one empty,
   * count 0 included, for callers that read only totals, series and rows. Default true.
   */
  rankings?: boolean;
}

/** What `summarizeBillable` needs besides the rows. */
export interface SummarizeBillableOptions {
  /** Marks the report as built from sample data. Default false. */
  sample?: boolean;
  /** Totals of the previous period, when fetched. Default null. */
  previous?: PageTotals | null;
  /** DIDs listed in `byDid`. Default `DEFAULT_TOP_LIMIT` (10). */
  topLimit?: number;
  /** Compute `byDid`; false leaves it empty, count 0 included. Default true. */
  rankings?: boolean;
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

/**
 * Totals of fax rows: attempts = Σ Total, successes = Σ Success, failures = Σ Failures (as
 * upstream reports them), success rate = successes / attempts (null without attempts), and every
 * reason with a non-zero sum, most frequent first, then by name.
 */
export function faxTotals(rows: readonly FaxRow[]): FaxTotals {
  const tally = new FaxTally();
  for (const row of rows) tally.add(row.counts);
  return tally.totals();
}

/** The sum of several totals (e.g. one per day), with the rate and reasons recomputed. */
export function sumFaxTotals(list: readonly FaxTotals[]): FaxTotals {
  const tally = new FaxTally();
  for (const totals of list) tally.addTotals(totals);
  return tally.totals();
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
 *
 * `allFailed` lists destination numbers with attempts and not one success over the period, from
 * any line or user. Upstream lists a destination only on days it had a failure (number overview)
 * or failed outright (failures), so a day on which it only succeeded is invisible: over several
 * days this means "never got through on any day it was reported", which is what views should say.
 */
export function summarizeFax(
  kind: FaxReportKind,
  range: DayRange,
  rowsByDay: ReadonlyMap<Day, readonly FaxRow[]>,
  options: SummarizeFaxOptions = {},
): FaxReport {
  const topLimit = resolveTopLimit(options.topLimit);
  const days = eachDay(range);
  const perDay = days.map((day) => sortedRows(rowsByDay.get(day) ?? []));
  const withDestinations = kind !== "account-overview";
  const ranked = options.rankings ?? true;
  const total = new FaxTally();
  const series: FaxReport["series"] = [];
  const dids = new KeyedCounts();
  const users = new KeyedCounts();
  const destinations = new KeyedCounts();

  days.forEach((day, i) => {
    const tally = new FaxTally();
    let didKey: string | null = null;
    let didSlot = 0;
    let userKey: string | null = null;
    let userSlot = 0;
    for (const row of perDay[i] ?? []) {
      const { counts } = row;
      tally.add(counts);
      if (!ranked) continue;
      if (row.did !== didKey) {
        didKey = row.did;
        didSlot = dids.slot(didKey);
        userKey = null;
      }
      dids.add(didSlot, counts);
      if (row.user !== userKey) {
        userKey = row.user;
        userSlot = users.slot(userKey);
      }
      users.add(userSlot, counts);
      if (!withDestinations) continue;
      destinations.add(destinations.slot(row.destination ?? ""), counts);
    }
    const totals = tally.totals();
    series.push({ day, totals });
    total.addTotals(totals);
  });

  const noRows: FaxRow[] = [];
  const rows = noRows.concat(...perDay);
  const none = () => ({ items: [], count: 0 });
  const withDead = ranked && withDestinations;
  return {
    kind,
    range: { from: range.from, to: range.to },
    sample: options.sample ?? false,
    totals: total.totals(),
    previous: options.previous ?? null,
    series,
    topDids: ranked ? dids.topFailing(topLimit) : none(),
    topUsers: ranked ? users.topFailing(topLimit) : none(),
    topDestinations: ranked && withDestinations ? destinations.topFailing(topLimit) : none(),
    allFailed: withDead ? unreached(destinations.topNeverSucceeded(topLimit), rows) : none(),
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
  const topLimit = resolveTopLimit(options.topLimit);
  const days = eachDay(range);
  const perDay = days.map((day) =>
    [...(rowsByDay.get(day) ?? [])].sort((a, b) => compareText(a.did, b.did)),
  );
  const series = days.map((day, i) => ({ day, totals: pageTotals(perDay[i] ?? []) }));
  const rows = perDay.flat();
  const byDid = options.rankings === false ? [] : pagesByDid(rows);
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

/** DIDs with at least one page over `rows`, most pages first, then by DID. */
function pagesByDid(rows: readonly BillableRow[]): { did: string; totals: PageTotals }[] {
  const byDidRows = new Map<string, BillableRow[]>();
  for (const row of rows) {
    const list = byDidRows.get(row.did);
    if (list) list.push(row);
    else byDidRows.set(row.did, [row]);
  }
  return [...byDidRows]
    .map(([did, didRows]) => ({ did, totals: pageTotals(didRows) }))
    .filter((entry) => entry.totals.total > 0)
    .sort((a, b) => b.totals.total - a.totals.total || compareText(a.did, b.did));
}

/**
 * The number of entries rankings list: `topLimit`, or `DEFAULT_TOP_LIMIT` when undefined.
 * Throws `InvalidOptionError` unless it is a whole number of 0 or more.
 */
export function resolveTopLimit(topLimit: number | undefined): number {
  const limit = topLimit ?? DEFAULT_TOP_LIMIT;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new InvalidOptionError(
      `Cannot list the top ${limit} entries of a report: the limit must be a whole number of 0 or more.`,
    );
  }
  return limit;
}

function sortedRows(rows: readonly FaxRow[]): readonly FaxRow[] {
  let before: FaxRow | undefined;
  for (const row of rows) {
    if (before !== undefined && !inOrder(before, row)) return [...rows].sort(compareFaxRows);
    before = row;
  }
  return rows;
}

/** `compareFaxRows(a, b) <= 0`, checking identity first: neighbours share their DID and user. */
function inOrder(a: FaxRow, b: FaxRow): boolean {
  if (a.did !== b.did) return a.did < b.did;
  if (a.user !== b.user) return a.user < b.user;
  return compareFaxRows(a, b) <= 0;
}

/** Where a destination's attempts came from and why they failed, summed over its rows. */
interface Attempted {
  reasons: ReasonSums;
  /** Attempts per sender: DID and user joined by a NUL, which neither can contain here. */
  senders: Map<string, number>;
}

/**
 * The listed entries of `ranked` (destinations that were never reached, most attempts first)
 * with their main reason and senders, from one more pass over `rows` that looks only at them.
 */
function unreached(ranked: Ranking<Ranked>, rows: readonly FaxRow[]): Ranking<DeadDestination> {
  const wanted = new Map<string, Attempted>();
  for (const item of ranked.items) {
    wanted.set(item.key, { reasons: new ReasonSums(), senders: new Map() });
  }
  if (wanted.size > 0) {
    for (const row of rows) {
      const attempted = wanted.get(row.destination ?? "");
      if (attempted === undefined) continue;
      attempted.reasons.addAll(row.counts.reasons);
      const sender = `${row.did}\u0000${row.user}`;
      attempted.senders.set(sender, (attempted.senders.get(sender) ?? 0) + row.counts.total);
    }
  }
  const items = ranked.items.map((item): DeadDestination => {
    const attempted = wanted.get(item.key);
    const [did = "", user = ""] = mainSender(attempted?.senders ?? new Map()).split("\u0000");
    return {
      destination: item.key,
      attempts: item.attempts,
      mainReason: attempted?.reasons.main() ?? null,
      did,
      user,
      senders: attempted?.senders.size ?? 0,
    };
  });
  return { items, count: ranked.count };
}

/** The sender with the most attempts; ties by DID, then user (the key's own order). */
function mainSender(senders: ReadonlyMap<string, number>): string {
  let best = "";
  let bestAttempts = -1;
  for (const [sender, attempts] of senders) {
    if (attempts > bestAttempts || (attempts === bestAttempts && compareText(sender, best) < 0)) {
      best = sender;
      bestAttempts = attempts;
    }
  }
  return best;
}
