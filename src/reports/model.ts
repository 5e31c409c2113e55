/**
 * The normalised report model: what the engine computes from upstream bodies and what every
 * presentation (CLI text/JSON/CSV, Slack views) reads. Plain data, no I/O.
 */
import type { Day, DayRange } from "../dates/calendar.ts";
import type { FaxCounts } from "../efax/types.ts";

/** The three reports that count fax attempts and failures. */
export type FaxReportKind = "account-overview" | "number-overview" | "failures";

/** One DID / user (/ destination) on one day. `destination` is null in the account overview. */
export interface FaxRow {
  day: Day;
  did: string;
  user: string;
  destination: string | null;
  counts: FaxCounts;
}

/** One DID's pages on one day. */
export interface BillableRow {
  day: Day;
  did: string;
  outbound: Record<string, number>;
  inbound: number;
}

export interface ReasonCount {
  reason: string;
  count: number;
}

/** Totals of fax attempts. `successRate` is 0–1, or null when there were no attempts. */
export interface FaxTotals {
  attempts: number;
  successes: number;
  failures: number;
  successRate: number | null;
  /** Every failure reason with a non-zero count, most frequent first, then by name. */
  byReason: ReasonCount[];
}

/** One DID, user or destination with its counts, for "top failing" lists. */
export interface Ranked {
  key: string;
  attempts: number;
  failures: number;
}

/** The first `items` of a ranking (most failures first, then by key) and how many there are. */
export interface Ranking<T> {
  items: T[];
  count: number;
}

/**
 * A destination number no fax got through to over the period, from anyone: its attempts summed
 * over every line and user that tried it.
 */
export interface DeadDestination {
  destination: string;
  attempts: number;
  /** The most frequent failure reason, or null when upstream gave none. */
  mainReason: string | null;
  /** The line and user that tried it most (ties by DID, then user). */
  did: string;
  user: string;
  /** How many line / user combinations tried it; 1 when only `did` and `user` did. */
  senders: number;
}

export interface FaxReport {
  kind: FaxReportKind;
  range: DayRange;
  /** True when the numbers come from the built-in sample data, not an eFax account. */
  sample: boolean;
  totals: FaxTotals;
  /** Totals of the previous period of the same length, when it was fetched. */
  previous: FaxTotals | null;
  /** One entry per day of the range, in order. */
  series: { day: Day; totals: FaxTotals }[];
  topDids: Ranking<Ranked>;
  topUsers: Ranking<Ranked>;
  /** Empty for the account overview, which has no destinations. */
  topDestinations: Ranking<Ranked>;
  allFailed: Ranking<DeadDestination>;
  /** Every row of every day, in deterministic order (day, DID, user, destination). */
  rows: FaxRow[];
}

/** Pages; `outbound` by resolution, with `outboundTotal` its sum and `total` outbound + inbound. */
export interface PageTotals {
  outbound: Record<string, number>;
  outboundTotal: number;
  inbound: number;
  total: number;
}

export interface BillableReport {
  kind: "billable-pages";
  range: DayRange;
  sample: boolean;
  totals: PageTotals;
  previous: PageTotals | null;
  series: { day: Day; totals: PageTotals }[];
  /** Per DID over the period, most pages first, then by DID. */
  byDid: Ranking<{ did: string; totals: PageTotals }>;
  rows: BillableRow[];
}

/** The combined digest: account overview, failures and billable pages over the same range. */
export interface SummaryReport {
  kind: "summary";
  range: DayRange;
  sample: boolean;
  overview: FaxReport;
  failures: FaxReport;
  billable: BillableReport;
}

export type AnyReport = FaxReport | BillableReport | SummaryReport;
