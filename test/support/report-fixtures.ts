/**
 * Report model objects for view tests, made by the real report engine: `summarizeFax` /
 * `summarizeBillable` over rows written here (small hand-written days, an empty Sunday, a 31-day
 * range, a generated 100k-row day full of hostile names: long usernames, long unknown failure
 * reasons, mrkdwn and mentions inside data), and `runReport` over the built-in sample data (its
 * busiest day, or days of any size).
 */
import { type Day, type DayRange, eachDay } from "../../src/dates/calendar.ts";
import { createSampleSource, sampleUpstreamBody } from "../../src/efax/sandbox.ts";
import type { FaxCounts } from "../../src/efax/types.ts";
import type {
  BillableReport,
  BillableRow,
  FaxReport,
  FaxReportKind,
  FaxRow,
  SummaryReport,
} from "../../src/reports/model.ts";
import { runReport } from "../../src/reports/run.ts";
import {
  faxTotals,
  pageTotals,
  summarizeBillable,
  summarizeFax,
} from "../../src/reports/summarize.ts";

/** A Thursday. */
export const DAY = "2026-11-26";
/** The requester's today when {@link DAY} is yesterday. */
export const TODAY = "2026-11-27";
/** A Sunday on which nothing happened. */
export const EMPTY_DAY = "2026-11-22";
/** 31 days ending on {@link DAY}. */
export const MONTH: DayRange = { from: "2026-10-27", to: DAY };

export interface ReportSet {
  overview: FaxReport;
  numbers: FaxReport;
  failures: FaxReport;
  billable: BillableReport;
  summary: SummaryReport;
}

/** Counts from failures by reason plus successes; `total` and `failures` follow. */
export function counts(success: number, reasons: Record<string, number> = {}): FaxCounts {
  const failures = Object.values(reasons).reduce((sum, n) => sum + n, 0);
  return { success, failures, total: success + failures, reasons };
}

function byDay<T extends { day: Day }>(rows: readonly T[]): Map<Day, T[]> {
  const map = new Map<Day, T[]>();
  for (const row of rows) {
    const list = map.get(row.day);
    if (list) list.push(row);
    else map.set(row.day, [row]);
  }
  return map;
}

/** The three fax reports of the same rows, the way upstream derives them from one day's traffic. */
function faxReports(
  range: DayRange,
  rows: readonly FaxRow[],
  previousRows: readonly FaxRow[] | null,
  options: { sample?: boolean; topLimit?: number },
): Pick<ReportSet, "overview" | "numbers" | "failures"> {
  const overviewRows = accountRows(rows);
  const failing = rows.filter((r) => r.counts.failures > 0);
  const dead = rows.filter((r) => r.counts.success === 0 && r.counts.total > 0);
  const previous = (kind: FaxReportKind) => {
    if (previousRows === null) return null;
    if (kind === "account-overview") return faxTotals(accountRows(previousRows));
    if (kind === "number-overview")
      return faxTotals(previousRows.filter((r) => r.counts.failures > 0));
    return faxTotals(previousRows.filter((r) => r.counts.success === 0 && r.counts.total > 0));
  };
  const make = (kind: FaxReportKind, kindRows: readonly FaxRow[]) =>
    summarizeFax(kind, range, byDay(kindRows), { ...options, previous: previous(kind) });
  return {
    overview: make("account-overview", overviewRows),
    numbers: make("number-overview", failing),
    failures: make("failures", dead),
  };
}

/** Rows per DID and user, destinations summed away, as the account overview reports them. */
function accountRows(rows: readonly FaxRow[]): FaxRow[] {
  const merged = new Map<string, FaxRow>();
  for (const row of rows) {
    const key = `${row.day}\u0000${row.did}\u0000${row.user}`;
    const into = merged.get(key);
    if (!into) {
      merged.set(key, {
        ...row,
        destination: null,
        counts: { ...row.counts, reasons: { ...row.counts.reasons } },
      });
      continue;
    }
    into.counts.success += row.counts.success;
    into.counts.total += row.counts.total;
    into.counts.failures += row.counts.failures;
    for (const [reason, n] of Object.entries(row.counts.reasons)) {
      into.counts.reasons[reason] = (into.counts.reasons[reason] ?? 0) + n;
    }
  }
  return [...merged.values()];
}

/** Every report over the same rows. */
export function reportSet(
  range: DayRange,
  rows: readonly FaxRow[],
  pages: readonly BillableRow[],
  options: {
    sample?: boolean;
    topLimit?: number;
    previousRows?: readonly FaxRow[] | null;
    previousPages?: readonly BillableRow[] | null;
  } = {},
): ReportSet {
  const settings = { sample: options.sample ?? false, topLimit: options.topLimit ?? 10 };
  const fax = faxReports(range, rows, options.previousRows ?? null, settings);
  const billable = summarizeBillable(range, byDay(pages), {
    ...settings,
    previous: options.previousPages ? pageTotals(options.previousPages) : null,
  });
  return {
    ...fax,
    billable,
    summary: {
      kind: "summary",
      range,
      sample: settings.sample,
      overview: fax.overview,
      failures: fax.failures,
      billable,
    },
  };
}

function row(day: Day, did: string, user: string, destination: string, c: FaxCounts): FaxRow {
  return { day, did, user, destination, counts: c };
}

function tinyRows(day: Day): FaxRow[] {
  return [
    row(day, "15105550100", "front-desk", "+14155550111", counts(12, { Busy: 1 })),
    row(day, "15105550100", "front-desk", "+14155550122", counts(0, { Busy: 3, "No answer": 1 })),
    row(day, "15105550100", "dr_lee", "+14155550133", counts(7)),
    row(
      day,
      "15105550199",
      "billing",
      "+12125550144",
      counts(20, { "Fax transmission failed": 2 }),
    ),
    row(day, "15105550199", "billing", "+12125550155", counts(0, { "No dial tone": 2 })),
  ];
}

function tinyPages(day: Day): BillableRow[] {
  return [
    { day, did: "15105550100", outbound: { STANDARD: 78, FINE: 24 }, inbound: 116 },
    { day, did: "15105550199", outbound: { STANDARD: 43 }, inbound: 1315 },
  ];
}

/** One ordinary Thursday: two fax lines, a few users and destinations, some failures. */
export function tinyReports(options: { sample?: boolean } = {}): ReportSet {
  const previousDay = "2026-11-25";
  return reportSet({ from: DAY, to: DAY }, tinyRows(DAY), tinyPages(DAY), {
    ...options,
    previousRows: [
      row(previousDay, "15105550100", "front-desk", "+14155550111", counts(10, { Busy: 2 })),
      row(previousDay, "15105550199", "billing", "+12125550144", counts(18)),
    ],
    previousPages: [
      { day: previousDay, did: "15105550100", outbound: { STANDARD: 50 }, inbound: 90 },
    ],
  });
}

/** A Sunday with no faxes and no pages. */
export function emptyReports(): ReportSet {
  return reportSet({ from: EMPTY_DAY, to: EMPTY_DAY }, [], [], {
    previousRows: [],
    previousPages: [],
  });
}

/** Data that tries to format, mention or overflow: it must be shown, never obeyed. */
export const HOSTILE = {
  user: "<!channel> & <@U0BOSS> *urgent*",
  did: "<https://evil.example|click me>",
  destination: "+1 (555) <b>0100</b>\n\nnew line",
  reason: `Carrier said <!here> ${"x".repeat(300)}`,
};

/** A small day whose names are {@link HOSTILE}. */
export function hostileReports(): ReportSet {
  const rows = [
    row(DAY, HOSTILE.did, HOSTILE.user, HOSTILE.destination, counts(0, { [HOSTILE.reason]: 4 })),
    row(DAY, "15105550100", HOSTILE.user, "+14155550111", counts(3, { Busy: 1 })),
  ];
  const pages = [{ day: DAY, did: HOSTILE.did, outbound: { [HOSTILE.reason]: 5 }, inbound: 1 }];
  return reportSet({ from: DAY, to: DAY }, rows, pages);
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KNOWN = [
  "Busy",
  "Call placement error",
  "Fax transmission failed",
  "No answer",
  "No dial tone",
  "Unspecified failure",
];

export interface GeneratedOptions {
  /** Rows per day. */
  rowsPerDay: number;
  seed?: number;
  /** Usernames and reasons hundreds of characters long, with markup in them. */
  hostileNames?: boolean;
  sample?: boolean;
  /** Entries per ranking: large values stress the budgets. Default 10. */
  topLimit?: number;
}

/** Rows per day across `range`: many lines, users and destinations, all six reasons and unknown ones. */
export function generatedRows(
  range: DayRange,
  options: GeneratedOptions,
): { rows: FaxRow[]; pages: BillableRow[] } {
  const next = random(options.seed ?? 7);
  const rows: FaxRow[] = [];
  const pages: BillableRow[] = [];
  const long = options.hostileNames === true;
  const reasons = long
    ? [
        ...KNOWN,
        ...Array.from(
          { length: 30 },
          (_, i) => `Unknown carrier condition ${i} <!channel> ${"z".repeat(400)}`,
        ),
      ]
    : KNOWN;
  const dids = Array.from({ length: 200 }, (_, i) => String(15105550000 + i));
  const users = Array.from({ length: 5000 }, (_, i) =>
    long ? `user-${i}-<@U${i}>-${"long-name-".repeat(40)}` : `user${i}`,
  );
  for (const day of eachDay(range)) {
    for (let i = 0; i < options.rowsPerDay; i++) {
      const did = dids[Math.floor(next() * dids.length)] ?? "0";
      const user = users[Math.floor(next() * users.length)] ?? "u";
      const destination = `+1${String(2000000000 + i * 7919).slice(0, 10)}`;
      const total = 1 + Math.floor(next() * 6);
      const dead = next() < 0.05;
      const failures = dead ? total : next() < 0.2 ? 1 : 0;
      const reasonCounts: Record<string, number> = {};
      for (let f = 0; f < failures; f++) {
        const reason = reasons[Math.floor(next() * reasons.length)] ?? "Busy";
        reasonCounts[reason] = (reasonCounts[reason] ?? 0) + 1;
      }
      rows.push(row(day, did, user, destination, counts(total - failures, reasonCounts)));
    }
    for (const did of dids) {
      pages.push({
        day,
        did,
        outbound: long
          ? {
              STANDARD: Math.floor(next() * 500),
              FINE: Math.floor(next() * 100),
              [`ULTRA-${"r".repeat(200)}`]: 3,
            }
          : { STANDARD: Math.floor(next() * 500), FINE: Math.floor(next() * 100) },
        inbound: Math.floor(next() * 800),
      });
    }
  }
  return { rows, pages };
}

/** Every report over generated rows for `range`. */
export function generatedReports(range: DayRange, options: GeneratedOptions): ReportSet {
  const { rows, pages } = generatedRows(range, options);
  return reportSet(range, rows, pages, {
    sample: options.sample ?? false,
    topLimit: options.topLimit ?? 10,
    previousRows: rows.slice(0, Math.floor(rows.length / 2)),
    previousPages: pages.slice(0, Math.floor(pages.length / 2)),
  });
}

let huge: ReportSet | undefined;

/** A 100k-row day with hostile names and 1,000-entry rankings; built once per test file. */
export function hugeReports(): ReportSet {
  huge ??= generatedReports(
    { from: DAY, to: DAY },
    { rowsPerDay: 100_000, hostileNames: true, topLimit: 1000 },
  );
  return huge;
}

/** 31 days of ordinary traffic. */
export function monthReports(): ReportSet {
  return generatedReports(MONTH, { rowsPerDay: 300, topLimit: 50 });
}

/**
 * Every report over `range` from the built-in sample data, through the real engine with the
 * options the app uses (`runReport`, previous period included, default rankings).
 */
export async function sampleReports(
  range: DayRange,
  options: { destinationsPerDay?: number } = {},
): Promise<ReportSet> {
  const source = createSampleSource(options);
  const run = { sample: true };
  const [overview, numbers, failures, billable, summary] = await Promise.all([
    runReport(source, "overview", range, run),
    runReport(source, "numbers", range, run),
    runReport(source, "failures", range, run),
    runReport(source, "billable", range, run),
    runReport(source, "summary", range, run),
  ]);
  return { overview, numbers, failures, billable, summary };
}

/** The day of `year` on which the sample data has the most destinations with failures. */
export function busiestSampleDay(year = 2026): Day {
  let best = { day: `${year}-01-01`, rows: -1 };
  for (const day of eachDay({ from: `${year}-01-01`, to: `${year}-12-31` })) {
    let rows = 0;
    for (const users of Object.values(sampleUpstreamBody("number-overview", day))) {
      for (const destinations of Object.values(users)) rows += Object.keys(destinations).length;
    }
    if (rows > best.rows) best = { day, rows };
  }
  return best.day;
}

/** Every report for the busiest day of the sample data. */
export function largestSampleDayReports(): Promise<ReportSet> {
  const day = busiestSampleDay();
  return sampleReports({ from: day, to: day });
}
