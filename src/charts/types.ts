/**
 * What a chart is once built: its SVG, its alt text, its size, and where things were drawn (for
 * tests and for anything that wants to point at a day). Plain data.
 */
import type { Day } from "../dates/calendar.ts";
import type { Verdict } from "../reports/baseline.ts";

export type ChartKind = "attempts" | "reasons" | "pages" | "sparkline" | "weekday";

/** A verdict with a baseline: enough same weekdays were on record to say what is normal. */
export type Judged = Exclude<Verdict, { kind: "unknown" }>;

/**
 * Each day's value of the chart's metric judged against the same weekdays before it
 * (`reports/baseline.ts`). A day missing, or judged "unknown" (too little history), gets no band
 * and no mark.
 */
export type Norms = ReadonlyMap<Day, Verdict>;

/** The judged verdict of `day`, or undefined. */
export function judgedOn(norms: Norms | undefined, day: Day): Judged | undefined {
  const verdict = norms?.get(day);
  return verdict && verdict.kind !== "unknown" ? verdict : undefined;
}

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
