/**
 * A single day against the same weekday of the weeks before: the one chart a one-day report gets,
 * and only when there is a baseline to compare with. The earlier days are grey, the day itself in
 * the metric's colour, the normal range drawn across all of them.
 */
import type { Day } from "../dates/calendar.ts";
import { formatCount, formatDay, formatShortDay, formatWeekday } from "../dates/format.ts";
import { againstUsual, type DayValue, joinList, sentences } from "./alt-text.ts";
import { DAILY_SIZE, dailyChart } from "./daily.ts";
import { COLORS, PAGE_COLORS } from "./palette.ts";
import type { ChartMetric } from "./report-charts.ts";
import type { Chart, Judged } from "./types.ts";

export interface WeekdayComparison {
  metric: ChartMetric;
  day: Day;
  /** The day's value judged against the same weekdays before it. */
  verdict: Judged;
  /** Those same weekdays with their values (the days the baseline was computed from). */
  history: readonly DayValue[];
  sample: boolean;
}

const WORDS: Record<ChartMetric, { unit: string; title: string; color: string }> = {
  failures: { unit: "failures", title: "Failures", color: COLORS.failures },
  pages: { unit: "pages", title: "Billable pages", color: PAGE_COLORS.STANDARD },
};

/** The day's value beside the same weekdays before it, with the normal range as a band. */
export function weekdayChart(input: WeekdayComparison): Chart {
  const words = WORDS[input.metric];
  const history = [...input.history].sort((a, b) => (a.day < b.day ? -1 : 1));
  const days = [...history.map((h) => h.day), input.day];
  const last = history.length;
  const plural = `${formatWeekday(input.day)}s`;
  const { verdict } = input;
  const { low, high } = verdict.baseline;
  const mark = verdict.kind === "normal" ? null : verdict.kind;
  const { svg, geometry } = dailyChart({
    title: `${words.title} on ${formatShortDay(input.day)}`,
    subtitle: `${input.sample ? "Sample data · " : ""}against the ${history.length} ${plural} before`,
    days,
    series: [
      {
        label: `${plural} before`,
        color: COLORS.other,
        values: days.map((_, i) => (i < last ? (history[i]?.value ?? 0) : 0)),
      },
      {
        label: formatShortDay(input.day),
        color: words.color,
        values: days.map((_, i) => (i === last ? verdict.value : 0)),
      },
    ],
    bands: days.map((_, i) => ({ low, high, mark: i === last ? mark : null })),
    bandsOf: words.unit,
    emptyText: `No ${words.unit} on these days`,
  });

  const judged =
    verdict.kind === "normal"
      ? "within the normal range"
      : verdict.kind === "high"
        ? "unusually high"
        : "unusually low";
  const usual = againstUsual(input.day, verdict);
  const before = history.map((h) => `${formatCount(h.value)} on ${formatShortDay(h.day)}`);
  const altText = sentences([
    `${words.title} on ${formatDay(input.day)}${input.sample ? " (sample data)" : ""}: ${formatCount(verdict.value)}, ${judged}: ${usual} (normal range ${formatCount(Math.round(low))} to ${formatCount(Math.round(high))})`,
    before.length > 0 ? `The ${plural} before: ${joinList(before)}` : "",
  ]);
  return {
    kind: "weekday",
    title: `${words.title} on ${formatShortDay(input.day)}`,
    altText,
    svg,
    ...DAILY_SIZE,
    filename: `efax-${input.metric}-${input.day}-weekday.png`,
    geometry,
  };
}
