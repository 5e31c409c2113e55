/**
 * The four eFax Developer Reporting API reports, as the client hands them over after decoding and
 * validation. Keys are data (DIDs, usernames, destination numbers); see shared/efax-reporting-api.md.
 */

/** Base URL of the eFax Developer Reporting API, up to and including `/v1`. */
export const DEFAULT_EFAX_API_URL = "https://api.secure.efaxdeveloper.com/v1";

/** Upstream path segment of each report. */
export const REPORT_KINDS = [
  "account-overview",
  "number-overview",
  "failures",
  "billable-pages",
] as const;

export type ReportKind = (typeof REPORT_KINDS)[number];

/** The three values every request carries as `x-api-key`, `efax-username`, `efax-password`. */
export interface EfaxCredentials {
  apiKey: string;
  username: string;
  password: string;
}

/**
 * Attempts for one DID / user (/ destination) on one day. `reasons` holds every failure reason
 * with its count, reasons unknown today included; `failures` is derived when upstream omits it.
 */
export interface FaxCounts {
  success: number;
  total: number;
  failures: number;
  reasons: Record<string, number>;
}

/** `{ DID: { username: counts } }` */
export type AccountOverviewBody = Record<string, Record<string, FaxCounts>>;

/** `{ DID: { username: { destination: counts } } }` */
export type NumberOverviewBody = Record<string, Record<string, Record<string, FaxCounts>>>;

/** Same shape as number overview; only destinations where every attempt failed. */
export type FailuresBody = NumberOverviewBody;

/** Pages of one DID: outbound by resolution (`STANDARD`, `FINE`, …) and inbound. */
export interface BillableEntry {
  outbound: Record<string, number>;
  inbound: number;
}

/** `{ DID: { outbound: { STANDARD, FINE, … }, inbound } }`; the older per-user shape is folded in. */
export type BillablePagesBody = Record<string, BillableEntry>;

/** What `fetchReport(kind, day)` resolves to, per kind. */
export interface ReportBodies {
  "account-overview": AccountOverviewBody;
  "number-overview": NumberOverviewBody;
  failures: FailuresBody;
  "billable-pages": BillablePagesBody;
}

/** The six failure reasons seen in upstream samples, in their documented order. */
export const KNOWN_FAILURE_REASONS = [
  "Busy",
  "Call placement error",
  "Fax transmission failed",
  "No answer",
  "No dial tone",
  "Unspecified failure",
] as const;

/** Anything that serves the four reports for a day: the HTTP client, or the built-in sample data. */
export interface ReportSource {
  fetchReport<K extends ReportKind>(
    kind: K,
    day: string,
    options?: { signal?: AbortSignal },
  ): Promise<ReportBodies[K]>;
}
