/**
 * What a chart needs from the weeks before it, and the verdicts it draws from them: which report's
 * days a chart shows, the metric it bands (failures, or billable pages), the days of history that
 * judge a range (the four weeks before its first day; later days of the range are judged against
 * earlier days of the range itself), and each day judged by `reports/baseline.ts`.
 */
import { addDays, type Day, type DayRange } from "../dates/calendar.ts";
import {
  BASELINE_WEEKS,
  judgeMetric,
  sameWeekdaysBefore,
  type Verdict,
} from "../reports/baseline.ts";
import type { ReportName } from "../reports/catalog.ts";
import type { AnyReport, BillableReport, FaxReport } from "../reports/model.ts";
import { type ChartMetric, chartMetric } from "./report-charts.ts";

/** The report whose days a chart draws (the overview, for a summary) and its name. */
export function chartedReport(report: AnyReport): {
  name: ReportName;
  report: FaxReport | BillableReport;
} {
  switch (report.kind) {
    case "summary":
      return { name: "overview", report: report.overview };
    case "account-overview":
      return { name: "overview", report };
    case "number-overview":
      return { name: "numbers", report };
    case "failures":
      return { name: "failures", report };
    case "billable-pages":
      return { name: "billable", report };
  }
}

/** The name of the report whose days the chart of report `name` draws. */
export function chartedName(name: ReportName): ReportName {
  return name === "summary" ? "overview" : name;
}

/** The chart metric of each day of `report`: failed faxes, or billable pages. */
export function metricByDay(report: FaxReport | BillableReport): Map<Day, number> {
  const values = new Map<Day, number>();
  if (report.kind === "billable-pages") {
    for (const { day, totals } of report.series) values.set(day, totals.total);
  } else {
    for (const { day, totals } of report.series) values.set(day, totals.failures);
  }
  return values;
}

/** The days before `range` that its days are judged against: the four weeks before it. */
export function historyRange(range: DayRange): DayRange {
  return { from: addDays(range.from, -7 * BASELINE_WEEKS), to: addDays(range.from, -1) };
}

/**
 * Each of `days` judged against the same weekday of the four weeks before it, with values from
 * `values` (a day missing there is left out of its baseline, not counted as zero).
 */
export function judgeDays(
  metric: ChartMetric,
  values: ReadonlyMap<Day, number>,
  days: readonly Day[],
): Map<Day, Verdict> {
  const verdicts = new Map<Day, Verdict>();
  for (const day of days) {
    const value = values.get(day);
    if (value === undefined) continue;
    const history = sameWeekdaysBefore(day).map((d) => values.get(d) ?? Number.NaN);
    verdicts.set(day, judgeMetric(metric, value, history));
  }
  return verdicts;
}

/** {@link judgeDays} for the days `report` charts, with `history` reports of the days before. */
export function judgeReport(report: AnyReport, history: readonly AnyReport[]): Map<Day, Verdict> {
  const charted = chartedReport(report).report;
  const values = new Map<Day, number>();
  for (const earlier of history) {
    for (const [day, value] of metricByDay(chartedReport(earlier).report)) values.set(day, value);
  }
  for (const [day, value] of metricByDay(charted)) values.set(day, value);
  return judgeDays(
    chartMetric(report),
    values,
    charted.series.map((entry) => entry.day),
  );
}
