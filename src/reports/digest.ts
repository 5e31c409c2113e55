/**
 * The figures a digest reports for a period (one day, Friday to Sunday, or a week) and how each
 * compares with the same period of the previous weeks, judged by the one rule in `baseline.ts`.
 * Pure: reports in, plain figures and verdicts out.
 */
import { addDays, type Day, type DayRange } from "../dates/calendar.ts";
import { BASELINE_WEEKS, judge, UNUSUAL_RULES, type Verdict } from "./baseline.ts";
import type { BillableRow, FaxRow, SummaryReport } from "./model.ts";
import { summarizeBillable, summarizeFax } from "./summarize.ts";

/** The key figures of a period, as a digest states them and remembers them. */
export interface PeriodFigures {
  /** Fax attempts (account overview). */
  attempts: number;
  /** Attempts that went through. */
  successes: number;
  /** Failed attempts. */
  failures: number;
  /** Destination numbers no fax got through to over the period (failures report). */
  unreached: number;
  /** Billable pages, sent and received. */
  pages: number;
}

/** The figures a digest judges, in the order it lists them. */
export const DIGEST_METRICS = [
  "attempts",
  "successRate",
  "failures",
  "unreached",
  "pages",
] as const;
export type DigestMetric = (typeof DIGEST_METRICS)[number];

/** Which way is good news for a metric; volumes are neither. */
export const BETTER_WHEN: Record<DigestMetric, "higher" | "lower" | "neither"> = {
  attempts: "neither",
  successRate: "higher",
  failures: "lower",
  unreached: "lower",
  pages: "neither",
};

/** A metric's value for a period: the success rate is null without attempts. */
export function metricOf(figures: PeriodFigures, metric: DigestMetric): number | null {
  if (metric === "successRate") {
    return figures.attempts > 0 ? figures.successes / figures.attempts : null;
  }
  return figures[metric];
}

/** The figures of a summary report over its whole range (rankings computed). */
export function figuresOfSummary(report: SummaryReport): PeriodFigures {
  const overview = report.overview.totals;
  return {
    attempts: overview.attempts,
    successes: overview.successes,
    failures: overview.failures,
    unreached: report.failures.allFailed.count,
    pages: report.billable.totals.total,
  };
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

/**
 * The figures of each of `periods` from a summary report whose range holds them all, computed
 * from its rows the same way the reports compute them (so it does not matter whether the report
 * was run with rankings). A period reaching outside the report's range counts those days as empty.
 */
export function figuresOfPeriods(
  report: SummaryReport,
  periods: readonly DayRange[],
): PeriodFigures[] {
  const overview: Map<Day, FaxRow[]> = byDay(report.overview.rows);
  const failures: Map<Day, FaxRow[]> = byDay(report.failures.rows);
  const billable: Map<Day, BillableRow[]> = byDay(report.billable.rows);
  return periods.map((range) => {
    const totals = summarizeFax("account-overview", range, overview, { rankings: false }).totals;
    const dead = summarizeFax("failures", range, failures, { topLimit: 0 }).allFailed.count;
    return {
      attempts: totals.attempts,
      successes: totals.successes,
      failures: totals.failures,
      unreached: dead,
      pages: summarizeBillable(range, billable, { rankings: false }).totals.total,
    };
  });
}

/** The same period in each of the `weeks` weeks before `range`, nearest first. */
export function samePeriodsBefore(range: DayRange, weeks: number = BASELINE_WEEKS): DayRange[] {
  return Array.from({ length: weeks }, (_, index) => {
    const by = -7 * (index + 1);
    return { from: addDays(range.from, by), to: addDays(range.to, by) };
  });
}

/** Each metric of a period judged against the same period of earlier weeks. */
export type DigestVerdicts = Record<DigestMetric, Verdict | null>;

/**
 * Judges `current` against `history` (the same period of earlier weeks; null where unknown) with
 * the app's rules. Counts over a period of several days must move by the rule's minimum change
 * for each day of it; the success rate's minimum stays as it is. A metric is null when it has no
 * value (the success rate of a period without attempts).
 */
export function judgeFigures(
  current: PeriodFigures,
  history: readonly (PeriodFigures | null)[],
  days: number,
): DigestVerdicts {
  const verdicts = {} as DigestVerdicts;
  for (const metric of DIGEST_METRICS) {
    const value = metricOf(current, metric);
    if (value === null) {
      verdicts[metric] = null;
      continue;
    }
    const rule = UNUSUAL_RULES[metric];
    const scaled = metric === "successRate" ? rule : { ...rule, minChange: rule.minChange * days };
    const past = history.map((figures) =>
      figures === null ? Number.NaN : (metricOf(figures, metric) ?? Number.NaN),
    );
    verdicts[metric] = judge(value, past, scaled);
  }
  return verdicts;
}
