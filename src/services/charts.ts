/**
 * Which chart a report gets, judged against the weeks before it: a range is drawn with each day's
 * same-weekday normal range, the history fetched as one more report over the four weeks before
 * its first day; a single day is drawn against the same weekday of those four weeks (four one-day
 * reports), when that comparison says something. Used by Slack's reports and Home and by the CLI's
 * `--chart`; how reports are fetched is the caller's (a workspace's account and cache, or the
 * CLI's source).
 */

import { type Chart, chartMetric, judgedOn, rangeChart, weekdayChart } from "../charts/index.ts";
import { chartedReport, historyRange, judgeReport, metricByDay } from "../charts/norms.ts";
import type { DayRange } from "../dates/calendar.ts";
import { sameWeekdaysBefore } from "../reports/baseline.ts";
import type { ReportName } from "../reports/catalog.ts";
import type { AnyReport } from "../reports/model.ts";

/** Runs report `name` over `range` (without the previous period: only its days are read). */
export type HistoryFetch = (name: ReportName, range: DayRange) => Promise<AnyReport>;

export interface ChartChoice {
  /**
   * A single day gets its comparison with the same weekdays before it `"always"` (the CLI, which
   * was asked for a chart), or only `"when-unusual"`: when the day lies outside their normal
   * range, the one thing a chart of one day adds (Slack).
   */
  singleDay: "always" | "when-unusual";
}

export interface ChartOutcome {
  chart: Chart | null;
  /** Why the weeks before could not be fetched: the chart is then drawn without bands. */
  historyError: unknown;
}

/** The chart of `report` (see the module comment), or null when it gets none. */
export async function chartForReport(
  report: AnyReport,
  fetchHistory: HistoryFetch,
  choice: ChartChoice,
): Promise<ChartOutcome> {
  const { name } = chartedReport(report);
  const { from, to } = report.range;
  if (from !== to) {
    try {
      const history = await fetchHistory(name, historyRange(report.range));
      return {
        chart: rangeChart(report, { norms: judgeReport(report, [history]) }),
        historyError: null,
      };
    } catch (error) {
      return { chart: rangeChart(report), historyError: error };
    }
  }
  // Every day is waited for, failed or not, so that no fetch (or its retries) is still running
  // once the report has been answered.
  const days = sameWeekdaysBefore(from);
  const settled = await Promise.allSettled(
    days.map((day) => fetchHistory(name, { from: day, to: day })),
  );
  const failed = settled.find((outcome) => outcome.status === "rejected");
  if (failed) return { chart: null, historyError: failed.reason };
  const history = settled.flatMap((outcome) =>
    outcome.status === "fulfilled" ? [outcome.value] : [],
  );
  const verdict = judgedOn(judgeReport(report, history), from);
  if (!verdict) return { chart: null, historyError: null };
  if (verdict.kind === "normal" && choice.singleDay === "when-unusual") {
    return { chart: null, historyError: null };
  }
  const values = new Map<string, number>();
  for (const earlier of history) {
    for (const [day, value] of metricByDay(chartedReport(earlier).report)) values.set(day, value);
  }
  const chart = weekdayChart({
    metric: chartMetric(report),
    day: from,
    verdict,
    history: days.flatMap((day) => {
      const value = values.get(day);
      return value === undefined ? [] : [{ day, value }];
    }),
    sample: report.sample,
  });
  return { chart, historyError: null };
}
