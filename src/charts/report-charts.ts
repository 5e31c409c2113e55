/**
 * Charts of reports over a range of days: faxes per day (failed and through, with the success
 * rate), failures per day by reason, and billable pages per day. Each comes with its alt text.
 */
import { rangeLength } from "../dates/calendar.ts";
import { formatCount, formatPercent, formatRange, formatShortDay } from "../dates/format.ts";
import type { AnyReport, BillableReport, FaxReport } from "../reports/model.ts";
import {
  type DayValue,
  peakDay,
  sentences,
  trendSentence,
  unusualSentences,
  weekendSentence,
} from "./alt-text.ts";
import { type Band, DAILY_SIZE, type DailySpec, dailyChart, type Series } from "./daily.ts";
import { COLORS, PAGE_COLORS, REASON_COLORS } from "./palette.ts";
import { clip } from "./svg.ts";
import { type Chart, type ChartKind, judgedOn, type Norms } from "./types.ts";

export interface ChartOptions {
  /**
   * Each day's value of the chart's metric ({@link chartMetric}) judged against the same weekdays
   * before it: the normal range is drawn as a band behind each bar, the days outside it marked
   * and named in the alt text.
   */
  norms?: Norms;
}

/** What a chart's band and marks measure: failed faxes per day, or billable pages per day. */
export type ChartMetric = "failures" | "pages";

/** The metric a report's chart bands and marks (norms passed to it must be of this metric). */
export function chartMetric(report: AnyReport): ChartMetric {
  return report.kind === "billable-pages" ? "pages" : "failures";
}

/**
 * The chart of a report over two days or more: faxes per day for the account overview and the
 * summary, failures by reason for the number overview and the failures report, pages per day for
 * billable pages. Null for a single day, which has no trend to draw.
 */
export function rangeChart(report: AnyReport, options: ChartOptions = {}): Chart | null {
  if (rangeLength(report.range) < 2) return null;
  switch (report.kind) {
    case "summary":
      return attemptsChart(report.overview, options);
    case "account-overview":
      return attemptsChart(report, options);
    case "number-overview":
    case "failures":
      return reasonsChart(report, options);
    case "billable-pages":
      return pagesChart(report, options);
  }
}

function subtitle(report: { range: { from: string; to: string }; sample: boolean }): string {
  const range = formatRange(report.range);
  return report.sample ? `Sample data · ${range}` : range;
}

function filename(report: AnyReport | FaxReport, kind: ChartKind): string {
  return `efax-${kind}-${report.range.from}-to-${report.range.to}.png`;
}

/** The band and mark of each day that has a judged verdict. */
function bands(days: readonly string[], norms: Norms | undefined): (Band | null)[] | undefined {
  if (!norms) return undefined;
  return days.map((day) => {
    const judged = judgedOn(norms, day);
    if (!judged) return null;
    const { low, high } = judged.baseline;
    return { low, high, mark: judged.kind === "normal" ? null : judged.kind };
  });
}

function build(
  kind: ChartKind,
  report: FaxReport | BillableReport,
  spec: DailySpec,
  altText: string,
): Chart {
  const { svg, geometry } = dailyChart(spec);
  return {
    kind,
    title: spec.title,
    altText,
    svg,
    ...DAILY_SIZE,
    filename: filename(report, kind),
    geometry,
  };
}

function sampleNote(sample: boolean): string {
  return sample ? " (sample data)" : "";
}

/**
 * Faxes per day: failed faxes (bottom, where the band of failures sits) and faxes that went
 * through stacked on them, and the success rate as a line in a panel above.
 */
export function attemptsChart(report: FaxReport, options: ChartOptions = {}): Chart {
  const days = report.series.map((entry) => entry.day);
  const failures = report.series.map((entry) => entry.totals.failures);
  const successes = report.series.map((entry) => entry.totals.successes);
  const spec: DailySpec = {
    title: "Faxes per day",
    subtitle: subtitle(report),
    days,
    series: [
      { label: "Failed", color: COLORS.failures, values: failures },
      { label: "Went through", color: COLORS.successes, values: successes },
    ],
    rate: { label: "Success rate", values: report.series.map((e) => e.totals.successRate) },
    bandsOf: "failures",
    emptyText: "No faxes on these days",
    ...(options.norms ? { bands: bands(days, options.norms) } : {}),
  };
  const failed: DayValue[] = report.series.map(({ day, totals }) => ({
    day,
    value: totals.failures,
  }));
  const attempts: DayValue[] = report.series.map(({ day, totals }) => ({
    day,
    value: totals.attempts,
  }));
  const { totals } = report;
  const worst = peakDay(failed);
  const worstTotals = report.series.find((entry) => entry.day === worst?.day)?.totals;
  const opening =
    totals.attempts === 0
      ? `Faxes per day, ${formatRange(report.range)}${sampleNote(report.sample)}: no faxes were sent on any of these days`
      : `Faxes per day, ${formatRange(report.range)}${sampleNote(report.sample)}: ${formatCount(totals.attempts)} attempts, ${formatCount(totals.successes)} went through (${formatPercent(totals.successRate)}) and ${formatCount(totals.failures)} failed`;
  const parts = [opening];
  if (totals.attempts > 0) {
    parts.push(trendSentence("failures", failed));
    if (worst && worstTotals) {
      parts.push(
        `The worst day was ${formatShortDay(worst.day)}, with ${formatCount(worst.value)} failures of ${formatCount(worstTotals.attempts)} attempts (${formatPercent(worstTotals.successRate)} went through)`,
      );
    } else {
      parts.push("No fax failed");
    }
    parts.push(weekendSentence("attempts", attempts));
    parts.push(...unusualSentences("failures", failed, options.norms));
  }
  return build("attempts", report, spec, sentences(parts));
}

/** How many reasons get their own colour before the rest are "Other reasons". */
const OWN_COLOURS = REASON_COLORS.length;

/**
 * Failures per day by reason: the most frequent reasons over the range each in their colour, the
 * rest (and failures upstream gave no reason for) as "Other reasons".
 */
export function reasonsChart(report: FaxReport, options: ChartOptions = {}): Chart {
  const days = report.series.map((entry) => entry.day);
  const reasons = report.totals.byReason;
  const shown = reasons.length <= OWN_COLOURS ? reasons : reasons.slice(0, OWN_COLOURS - 1);
  const series: Series[] = shown.map((r, i) => ({
    label: clip(r.reason, 24),
    color: REASON_COLORS[i] ?? COLORS.other,
    values: report.series.map(
      (entry) => entry.totals.byReason.find((x) => x.reason === r.reason)?.count ?? 0,
    ),
  }));
  const other = report.series.map((entry, i) => {
    const listed = series.reduce((s, x) => s + (x.values[i] ?? 0), 0);
    return Math.max(0, entry.totals.failures - listed);
  });
  if (other.some((v) => v > 0)) {
    series.push({ label: "Other reasons", color: COLORS.other, values: other });
  }
  const unreached = report.kind === "failures";
  const spec: DailySpec = {
    title: unreached ? "Failures to numbers not reached" : "Failures by reason",
    subtitle: subtitle(report),
    days,
    series,
    bandsOf: "failures",
    emptyText: "No failures on these days",
    ...(options.norms ? { bands: bands(days, options.norms) } : {}),
  };
  const failed: DayValue[] = report.series.map(({ day, totals }) => ({
    day,
    value: totals.failures,
  }));
  const what = unreached
    ? "failed faxes to numbers no fax got through to"
    : "failed faxes to numbers with a failure";
  const parts = [
    `Failures per day by reason, ${formatRange(report.range)}${sampleNote(report.sample)}: ${formatCount(report.totals.failures)} ${what}`,
  ];
  if (report.totals.failures > 0) {
    const whole = Math.max(
      report.totals.failures,
      reasons.reduce((s, r) => s + r.count, 0),
    );
    const top = reasons
      .slice(0, 3)
      .map((r) => `${r.reason} ${formatCount(r.count)} (${formatPercent(r.count / whole)})`);
    if (top.length > 0) parts.push(`Most common reasons: ${top.join(", ")}`);
    parts.push(trendSentence("failures", failed));
    const worst = peakDay(failed);
    if (worst) {
      const main = report.series.find((e) => e.day === worst.day)?.totals.byReason[0];
      const mostly = main ? `, mostly ${main.reason} (${formatCount(main.count)})` : "";
      parts.push(
        `The worst day was ${formatShortDay(worst.day)}, with ${formatCount(worst.value)} failures${mostly}`,
      );
    }
    parts.push(weekendSentence("failures", failed));
    parts.push(...unusualSentences("failures", failed, options.norms));
  }
  return build("reasons", report, spec, sentences(parts));
}

/** Billable pages per day: outbound STANDARD, FINE (and any other resolution), then inbound. */
export function pagesChart(report: BillableReport, options: ChartOptions = {}): Chart {
  const days = report.series.map((entry) => entry.day);
  const pick = (resolution: string) =>
    report.series.map((entry) => entry.totals.outbound[resolution] ?? 0);
  const standard = pick("STANDARD");
  const fine = pick("FINE");
  const otherOutbound = report.series.map(
    (entry, i) => entry.totals.outboundTotal - (standard[i] ?? 0) - (fine[i] ?? 0),
  );
  const series: Series[] = [
    { label: "Outbound STANDARD", color: PAGE_COLORS.STANDARD, values: standard },
    { label: "Outbound FINE", color: PAGE_COLORS.FINE, values: fine },
  ];
  if (otherOutbound.some((v) => v > 0)) {
    series.push({
      label: "Outbound, other",
      color: PAGE_COLORS.otherOutbound,
      values: otherOutbound,
    });
  }
  series.push({
    label: "Inbound",
    color: PAGE_COLORS.inbound,
    values: report.series.map((entry) => entry.totals.inbound),
  });
  const spec: DailySpec = {
    title: "Billable pages per day",
    subtitle: subtitle(report),
    days,
    series,
    bandsOf: "pages",
    emptyText: "No billable pages on these days",
    ...(options.norms ? { bands: bands(days, options.norms) } : {}),
  };
  const pages: DayValue[] = report.series.map(({ day, totals }) => ({ day, value: totals.total }));
  const { totals } = report;
  const parts = [
    `Billable pages per day, ${formatRange(report.range)}${sampleNote(report.sample)}: ${formatCount(totals.total)} pages`,
  ];
  if (totals.total > 0) {
    const extra =
      totals.outboundTotal - (totals.outbound.STANDARD ?? 0) - (totals.outbound.FINE ?? 0);
    parts[0] += `, ${formatCount(totals.outbound.STANDARD ?? 0)} outbound in STANDARD, ${formatCount(totals.outbound.FINE ?? 0)} in FINE${extra > 0 ? `, ${formatCount(extra)} in other resolutions` : ""} and ${formatCount(totals.inbound)} inbound`;
    parts.push(trendSentence("pages", pages));
    const busiest = peakDay(pages);
    if (busiest) {
      parts.push(
        `The busiest day was ${formatShortDay(busiest.day)}, with ${formatCount(busiest.value)} pages`,
      );
    }
    parts.push(weekendSentence("pages", pages));
    parts.push(...unusualSentences("pages", pages, options.norms));
  }
  return build("pages", report, spec, sentences(parts));
}
