/**
 * Runs a named report over a range of days: one upstream call per day and per upstream report the
 * name needs (`catalog.ts`), a bounded number at a time, plus the previous period of the same
 * length for the "change against the previous period" figures.
 */
import { type Day, type DayRange, eachDay, isDay, previousPeriod } from "../dates/calendar.ts";
import type { ReportBodies, ReportKind, ReportSource } from "../efax/types.ts";
import { type ReportName, reportInfo } from "./catalog.ts";
import { InvalidRangeError, ReportError } from "./errors.ts";
import type {
  AnyReport,
  BillableReport,
  BillableRow,
  FaxReport,
  FaxReportKind,
  FaxRow,
  FaxTotals,
  PageTotals,
  SummaryReport,
} from "./model.ts";
import { billableRows, faxRows } from "./normalize.ts";
import { forEachLimited } from "./pool.ts";
import {
  faxTotals,
  pageTotals,
  resolveTopLimit,
  sumFaxTotals,
  summarizeBillable,
  summarizeFax,
  sumPageTotals,
} from "./summarize.ts";

/** How many upstream calls run at once when the caller does not say. */
export const DEFAULT_CONCURRENCY = 4;

export interface RunReportOptions {
  /** Also fetch the previous period of the same length, for its totals. Default true. */
  previous?: boolean;
  /** Upstream calls in flight at once. Default `DEFAULT_CONCURRENCY` (4). */
  concurrency?: number;
  /** Aborts every call in flight and starts no more. */
  signal?: AbortSignal;
  /** Called with (0, total) first, then after each finished upstream call. */
  onProgress?: (done: number, total: number) => void;
  /** Marks the report as built from sample data. Default false. */
  sample?: boolean;
  /** Entries per ranking. Default 10. */
  topLimit?: number;
  /**
   * Compute the rankings (top DIDs, users, destinations, all-failed; billable pages by DID).
   * False leaves each one empty, count 0 included: for callers that read only totals, series and
   * rows, such as the CLI's JSON and CSV output. Default true.
   */
  rankings?: boolean;
}

type Period = "current" | "previous";

interface Fetch {
  kind: ReportKind;
  day: Day;
  period: Period;
}

/**
 * Fetches, normalises and summarises one report over `range`. Errors of the source (typed
 * `EfaxError`s) propagate unchanged: at the first one no further call starts, the calls in flight
 * are aborted, and the promise rejects once they have settled. Rejects before any call with
 * `InvalidRangeError` when `range` is not an inclusive range of real days, and with
 * `InvalidOptionError` for a concurrency below 1 or a negative `topLimit`.
 */
export function runReport(
  source: ReportSource,
  name: "overview" | "numbers" | "failures",
  range: DayRange,
  options?: RunReportOptions,
): Promise<FaxReport>;
export function runReport(
  source: ReportSource,
  name: "billable",
  range: DayRange,
  options?: RunReportOptions,
): Promise<BillableReport>;
export function runReport(
  source: ReportSource,
  name: "summary",
  range: DayRange,
  options?: RunReportOptions,
): Promise<SummaryReport>;
export function runReport(
  source: ReportSource,
  name: ReportName,
  range: DayRange,
  options?: RunReportOptions,
): Promise<AnyReport>;
export async function runReport(
  source: ReportSource,
  name: ReportName,
  range: DayRange,
  options: RunReportOptions = {},
): Promise<AnyReport> {
  const info = reportInfo(name);
  if (!isDay(range.from) || !isDay(range.to) || range.from > range.to) {
    throw new InvalidRangeError(
      `Cannot run the ${info.title.toLowerCase()} report from "${range.from}" to "${range.to}": both must be days written YYYY-MM-DD, the first not after the last.`,
    );
  }
  const topLimit = resolveTopLimit(options.topLimit);
  const withPrevious = options.previous ?? true;
  const fetches: Fetch[] = [];
  const periods: [Period, Day[]][] = [["current", eachDay(range)]];
  if (withPrevious) periods.push(["previous", eachDay(previousPeriod(range))]);
  for (const [period, days] of periods) {
    for (const kind of info.kinds) for (const day of days) fetches.push({ kind, day, period });
  }

  const collected = new Collector();
  let done = 0;
  options.onProgress?.(0, fetches.length);
  await forEachLimited(
    fetches,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async ({ kind, day, period }, signal) => {
      await collected.fetch(source, kind, day, period, signal);
      done++;
      options.onProgress?.(done, fetches.length);
    },
    options.signal,
  );

  const sample = options.sample ?? false;
  const rankings = options.rankings ?? true;
  const fax = (kind: FaxReportKind): FaxReport =>
    summarizeFax(kind, range, collected.faxRows(kind), {
      sample,
      previous: withPrevious ? sumFaxTotals(collected.faxPrevious(kind)) : null,
      topLimit,
      rankings,
    });
  const billable = (): BillableReport =>
    summarizeBillable(range, collected.billableRows, {
      sample,
      previous: withPrevious ? sumPageTotals(collected.billablePrevious) : null,
      topLimit,
      rankings,
    });

  if (name === "summary") {
    return {
      kind: "summary",
      range: { from: range.from, to: range.to },
      sample,
      overview: fax("account-overview"),
      failures: fax("failures"),
      billable: billable(),
    };
  }
  const [kind] = info.kinds;
  if (kind === undefined)
    throw new ReportError(`The catalogue names no upstream report for ${name}.`);
  return kind === "billable-pages" ? billable() : fax(kind);
}

/**
 * Normalises each body as it arrives, so bodies are not kept: rows of the range, and only the
 * per-day totals of the previous period.
 */
class Collector {
  readonly #fax = new Map<FaxReportKind, Map<Day, FaxRow[]>>();
  readonly #faxPrevious = new Map<FaxReportKind, FaxTotals[]>();
  readonly billableRows = new Map<Day, BillableRow[]>();
  readonly billablePrevious: PageTotals[] = [];

  readonly #handlers: { [K in ReportKind]: (day: Day, body: ReportBodies[K], p: Period) => void } =
    {
      "account-overview": (day, body, period) =>
        this.#addFax(period, "account-overview", day, faxRows("account-overview", day, body)),
      "number-overview": (day, body, period) =>
        this.#addFax(period, "number-overview", day, faxRows("number-overview", day, body)),
      failures: (day, body, period) =>
        this.#addFax(period, "failures", day, faxRows("failures", day, body)),
      "billable-pages": (day, body, period) => {
        const rows = billableRows(day, body);
        if (period === "current") this.billableRows.set(day, rows);
        else this.billablePrevious.push(pageTotals(rows));
      },
    };

  async fetch<K extends ReportKind>(
    source: ReportSource,
    kind: K,
    day: Day,
    period: Period,
    signal: AbortSignal,
  ): Promise<void> {
    const body = await source.fetchReport(kind, day, { signal });
    this.#handlers[kind](day, body, period);
  }

  faxRows(kind: FaxReportKind): ReadonlyMap<Day, readonly FaxRow[]> {
    return this.#fax.get(kind) ?? new Map();
  }

  faxPrevious(kind: FaxReportKind): FaxTotals[] {
    return this.#faxPrevious.get(kind) ?? [];
  }

  #addFax(period: Period, kind: FaxReportKind, day: Day, rows: FaxRow[]): void {
    if (period === "current") {
      const byDay = this.#fax.get(kind) ?? new Map<Day, FaxRow[]>();
      byDay.set(day, rows);
      this.#fax.set(kind, byDay);
    } else {
      const list = this.#faxPrevious.get(kind) ?? [];
      list.push(faxTotals(rows));
      this.#faxPrevious.set(kind, list);
    }
  }
}
