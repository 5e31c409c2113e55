/**
 * Turns validated upstream bodies (keys are data) into flat rows in one deterministic order:
 * DID, then user, then destination, each compared as plain text by UTF-16 code units
 * (`compareText`), so `"10"` sorts before `"9"` and upper case before lower case. Object key order
 * from the body is never trusted: V8 lists integer-like keys (8-digit DIDs) numerically first.
 *
 * Rows share the `FaxCounts` and `outbound` objects of the body instead of copying them, so a
 * million-row day costs one small object per row on top of the decoded body.
 */
import type { Day } from "../dates/calendar.ts";
import type {
  AccountOverviewBody,
  BillablePagesBody,
  FaxCounts,
  NumberOverviewBody,
  ReportBodies,
} from "../efax/types.ts";
import type { BillableRow, FaxReportKind, FaxRow } from "./model.ts";

type FaxWalker<K extends FaxReportKind> = (day: Day, body: ReportBodies[K], out: FaxRow[]) => void;

const FAX_WALKERS: { [K in FaxReportKind]: FaxWalker<K> } = {
  "account-overview": walkAccountOverview,
  "number-overview": walkDestinations,
  failures: walkDestinations,
};

/**
 * One row per DID / user (/ destination) of one day's fax report, sorted by DID, user,
 * destination. `destination` is null for the account overview, which has none.
 */
export function faxRows<K extends FaxReportKind>(
  kind: K,
  day: Day,
  body: ReportBodies[K],
): FaxRow[] {
  const out: FaxRow[] = [];
  FAX_WALKERS[kind](day, body, out);
  return out;
}

/** One row per DID of one day's billable pages, sorted by DID. */
export function billableRows(day: Day, body: BillablePagesBody): BillableRow[] {
  return sortedKeys(body).map((did) => {
    const entry = body[did];
    return { day, did, outbound: entry?.outbound ?? {}, inbound: entry?.inbound ?? 0 };
  });
}

function walkAccountOverview(day: Day, body: AccountOverviewBody, out: FaxRow[]): void {
  for (const did of sortedKeys(body)) {
    const users = body[did] ?? {};
    for (const user of sortedKeys(users)) {
      const counts = users[user];
      if (counts) out.push(row(day, did, user, null, counts));
    }
  }
}

function walkDestinations(day: Day, body: NumberOverviewBody, out: FaxRow[]): void {
  for (const did of sortedKeys(body)) {
    const users = body[did] ?? {};
    for (const user of sortedKeys(users)) {
      const destinations = users[user] ?? {};
      for (const destination of sortedKeys(destinations)) {
        const counts = destinations[destination];
        if (counts) out.push(row(day, did, user, destination, counts));
      }
    }
  }
}

function row(
  day: Day,
  did: string,
  user: string,
  destination: string | null,
  counts: FaxCounts,
): FaxRow {
  return { day, did, user, destination, counts };
}

/**
 * Keys in `compareText` order, left as they are when already in it. The default `sort()`
 * compares strings by UTF-16 code units, the same order as `compareText`, without calling back
 * into JavaScript per comparison.
 */
function sortedKeys(record: object): string[] {
  const keys = Object.keys(record);
  let previous = "";
  for (const key of keys) {
    if (key < previous) return keys.sort();
    previous = key;
  }
  return keys;
}
