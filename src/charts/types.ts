/**
 * What a chart is once built: its SVG, its alt text, its size, and where things were drawn (for
 * tests and for anything that wants to point at a day). Plain data.
 */
import type { Day } from "../dates/calendar.ts";

export type ChartKind = "attempts" | "reasons" | "pages" | "sparkline" | "weekday";

/**
 * The same-weekday normal range of the chart's metric on one day, and how that day's value
 * compares with it (from the baseline of the four same weekdays before it).
 */
export interface DayNorm {
  /** The normal band, in the metric's unit. */
  low: number;
  high: number;
  /** The median of the same weekdays. */
  median: number;
  verdict: "normal" | "high" | "low";
  /** The day's value ÷ the median; null when the median is 0. */
  ratio: number | null;
}

/** Norms by day; a day without one (too little history) gets no band and no verdict. */
export type Norms = ReadonlyMap<Day, DayNorm>;

/** One day's column, in chart units. */
export interface ColumnGeometry {
  day: Day;
  /** Centre of the column. */
  x: number;
  /** Width of its bar. */
  barWidth: number;
  /** Top of its stacked bar (equal to `plot.bottom` for an empty day). */
  top: number;
}

export interface ChartGeometry {
  /** The area bars are drawn in. */
  plot: { left: number; right: number; top: number; bottom: number };
  columns: ColumnGeometry[];
  /** The success-rate panel, when the chart has one. */
  rate?: { top: number; bottom: number };
}

export interface Chart {
  kind: ChartKind;
  /** Short title, also drawn in the image: "Faxes per day". */
  title: string;
  /** The trend in words, with the numbers; at most {@link MAX_ALT_TEXT} characters. */
  altText: string;
  svg: string;
  /** Size in chart units; the PNG is `scale` times larger. */
  width: number;
  height: number;
  /** A file name for the PNG, e.g. `efax-failures-2026-11-01-to-2026-11-30.png`. */
  filename: string;
  geometry: ChartGeometry;
}

/** Slack's limit for an image block's alt text. */
export const MAX_ALT_TEXT = 2000;
