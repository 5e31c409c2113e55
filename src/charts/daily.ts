/**
 * The daily chart every range report uses: one stacked bar per day (bottom series first), real
 * dates under the axis, weekends shaded, an optional success-rate panel above the bars, and, when
 * same-weekday norms are given, each day's normal range drawn as a band behind its bar with the
 * days outside it marked ▲ (unusually high) or ▼ (unusually low).
 */
import type { Day } from "../dates/calendar.ts";
import { formatCount, formatPercent } from "../dates/format.ts";
import { DAY_LABELS_HEIGHT, dayColumns, dayLabels, isWeekend, weekendShading } from "./days.ts";
import { COLORS, TYPE } from "./palette.ts";
import { linear, niceTicks } from "./scale.ts";
import { el, svgDocument, text, textWidth } from "./svg.ts";
import type { ChartGeometry, ColumnGeometry } from "./types.ts";

/** A day's normal range in the chart's unit, and its mark when the day lies outside it. */
export interface Band {
  low: number;
  high: number;
  mark: "high" | "low" | null;
}

/** One stacked series: a value per day of the chart. */
export interface Series {
  label: string;
  color: string;
  values: readonly number[];
}

export interface DailySpec {
  title: string;
  /** Right of the title: the range, with "Sample data" when it applies. */
  subtitle: string;
  days: readonly Day[];
  /** Stacked bottom first. */
  series: readonly Series[];
  /**
   * The normal range per day index (null where a day has none) of the value the first series
   * measures, or all of them stacked when that is the chart's metric: drawn from the axis up.
   */
  bands?: readonly (Band | null)[];
  /** A 0–1 rate per day (null on days without attempts), drawn in a panel above the bars. */
  rate?: { label: string; values: readonly (number | null)[] };
  /** What the bands measure, plural ("failures"), for the legend of the band and marks. */
  bandsOf?: string;
  /** Drawn in the empty plot when every value is 0. */
  emptyText: string;
}

export const DAILY_SIZE = { width: 480, height: 300 } as const;

const PAD = 16;
const SWATCH = 12;
const LEGEND_ROW = 19;
const RATE_PANEL = 46;

interface LegendItem {
  label: string;
  swatch: string;
}

function box(color: string, stroke?: string): (x: number, y: number) => string {
  return (x, y) =>
    el("rect", {
      x,
      y,
      width: SWATCH,
      height: SWATCH,
      fill: color,
      stroke: stroke ?? undefined,
      "stroke-width": stroke ? 1 : undefined,
    });
}

function legendSwatch(item: LegendItem["swatch"], x: number, y: number): string {
  switch (item) {
    case "rate":
      return [
        el("line", {
          x1: x,
          x2: x + SWATCH,
          y1: y + SWATCH / 2,
          y2: y + SWATCH / 2,
          stroke: COLORS.ink,
          "stroke-width": 2.5,
        }),
        el("circle", { cx: x + SWATCH / 2, cy: y + SWATCH / 2, r: 2.5, fill: COLORS.ink }),
      ].join("");
    case "high":
      return triangle(x + SWATCH / 2, y + SWATCH - 1, "up");
    case "low":
      return triangle(x + SWATCH / 2, y + 1, "down");
    case "both":
      return (
        triangle(x + SWATCH / 2, y + SWATCH - 1, "up") +
        triangle(x + SWATCH * 1.5 + 1, y + 1, "down")
      );
    case "weekend":
      return box(COLORS.weekend, COLORS.axis)(x, y);
    case "band":
      return box(COLORS.band, COLORS.axis)(x, y);
    default:
      return box(item)(x, y);
  }
}

/** Legend items flowed into rows within `width`; returns the elements and the height used. */
function legend(items: readonly LegendItem[], x0: number, y0: number, width: number) {
  const out: string[] = [];
  let x = x0;
  let y = y0;
  for (const item of items) {
    const swatch = item.swatch === "both" ? 2 * SWATCH + 1 : SWATCH;
    const w = swatch + 5 + textWidth(item.label, TYPE.legend);
    if (x > x0 && x + w > x0 + width) {
      x = x0;
      y += LEGEND_ROW;
    }
    out.push(legendSwatch(item.swatch, x, y));
    out.push(
      text(x + swatch + 5, y + SWATCH - 1, item.label, { size: TYPE.legend, fill: COLORS.text }),
    );
    x += w + 14;
  }
  return { elements: out, bottom: y + SWATCH };
}

/** ▲ standing on (x, y), or ▼ hanging from (x, y): the mark of an unusual day. */
function triangle(x: number, y: number, direction: "up" | "down"): string {
  const h = 9;
  const half = 5.5;
  const tip = direction === "up" ? y - h : y + h;
  return el("polygon", {
    points: [x - half, y, x + half, y, x, tip].map((p) => Math.round(p * 100) / 100).join(" "),
    fill: COLORS.ink,
  });
}

/** The header: title left, subtitle right (or under the title when both do not fit). */
export function header(
  title: string,
  subtitle: string,
  width: number,
): {
  elements: string[];
  bottom: number;
} {
  const titleWidth = textWidth(title, TYPE.title, true);
  const subtitleWidth = textWidth(subtitle, TYPE.subtitle);
  const elements = [text(PAD, 26, title, { size: TYPE.title, fill: COLORS.text, bold: true })];
  if (PAD + titleWidth + 16 + subtitleWidth <= width - PAD) {
    elements.push(
      text(width - PAD, 26, subtitle, { size: TYPE.subtitle, fill: COLORS.muted, anchor: "end" }),
    );
    return { elements, bottom: 30 };
  }
  elements.push(text(PAD, 44, subtitle, { size: TYPE.subtitle, fill: COLORS.muted }));
  return { elements, bottom: 48 };
}

/** The card: an opaque background with a thin border. */
export function card(width: number, height: number): string[] {
  return [
    el("rect", { width, height, fill: COLORS.background }),
    el("rect", {
      x: 0.5,
      y: 0.5,
      width: width - 1,
      height: height - 1,
      fill: "none",
      stroke: COLORS.border,
    }),
  ];
}

/** Draws a {@link DailySpec}; returns the SVG and where each day's column is. */
export function dailyChart(spec: DailySpec): { svg: string; geometry: ChartGeometry } {
  const { width, height } = DAILY_SIZE;
  const totals = spec.days.map((_, i) => spec.series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const norms = spec.bands ?? [];
  const hasBand = norms.some((norm) => norm !== null && norm !== undefined);
  const marks = norms.map((norm) => norm?.mark ?? null);

  const items: LegendItem[] = spec.series.map((s) => ({ label: s.label, swatch: s.color }));
  if (spec.rate) items.push({ label: spec.rate.label, swatch: "rate" });
  if (spec.days.some(isWeekend)) items.push({ label: "Weekend", swatch: "weekend" });
  const of = spec.bandsOf ?? "values";
  if (hasBand) items.push({ label: `Normal ${of} for the weekday`, swatch: "band" });
  const high = marks.includes("high");
  const low = marks.includes("low");
  if (high || low) {
    items.push({ label: `Unusual ${of}`, swatch: high && low ? "both" : high ? "high" : "low" });
  }

  const head = header(spec.title, spec.subtitle, width);
  const key = legend(items, PAD, head.bottom + 12, width - 2 * PAD);

  // Room above the tallest bar for the marks of unusual days.
  const headroom = marks.some((m) => m !== null) ? 1.12 : 1;
  const max = Math.max(1, ...totals, ...norms.map((norm) => (norm ? norm.high : 0))) * headroom;
  const ticks = niceTicks(max);
  const top = ticks.at(-1) ?? max;
  const tickLabels = ticks.map((t) => formatCount(t));
  const gutter = Math.max(...tickLabels.map((t) => textWidth(t, TYPE.axis)), 24) + 8;
  const left = PAD + gutter;
  const right = width - PAD;
  const columns = dayColumns(spec.days, left, right);

  let plotTop = key.bottom + 16;
  const body: string[] = [];
  let rateGeometry: ChartGeometry["rate"];
  if (spec.rate) {
    const rateTop = plotTop;
    const rateBottom = rateTop + RATE_PANEL;
    rateGeometry = { top: rateTop, bottom: rateBottom };
    body.push(...ratePanel(spec.rate.values, columns, rateTop, rateBottom));
    plotTop = rateBottom + 22;
  }
  const plotBottom = height - DAY_LABELS_HEIGHT - 8;
  const y = linear(top, plotBottom, plotTop);

  body.unshift(...weekendShading(columns, plotTop, plotBottom));
  for (const [i, t] of ticks.entries()) {
    const ty = y(t);
    body.push(
      el("line", {
        x1: left,
        x2: right,
        y1: ty,
        y2: ty,
        stroke: i === 0 ? COLORS.axis : COLORS.grid,
      }),
      text(left - 6, ty + 4, tickLabels[i] ?? "", {
        size: TYPE.axis,
        fill: COLORS.muted,
        anchor: "end",
      }),
    );
  }

  const barWidth = Math.max(2, Math.min(40, columns.step * 0.64));
  const bandWidth = Math.max(barWidth + 2, Math.min(56, columns.step * 0.94));
  norms.forEach((norm, i) => {
    if (!norm) return;
    const yHigh = y(norm.high);
    const yLow = y(norm.low);
    body.push(
      el("rect", {
        x: columns.centre(i) - bandWidth / 2,
        y: Math.min(yHigh, yLow - 2),
        width: bandWidth,
        height: Math.max(2, yLow - yHigh),
        fill: COLORS.band,
      }),
    );
  });

  const geometry: ColumnGeometry[] = [];
  spec.days.forEach((day, i) => {
    const x = columns.centre(i);
    let base = 0;
    for (const series of spec.series) {
      const value = series.values[i] ?? 0;
      if (value > 0) {
        const y0 = y(base);
        const y1 = y(base + value);
        body.push(
          el("rect", {
            x: x - barWidth / 2,
            y: y1,
            width: barWidth,
            height: Math.max(0.5, y0 - y1),
            fill: series.color,
            "shape-rendering": "crispEdges",
          }),
        );
      }
      base += value;
    }
    const barTop = y(base);
    geometry.push({ day, x, barWidth, top: barTop });
    const mark = marks[i];
    if (mark) {
      // Above everything drawn in the column: the bar and the band.
      const norm = norms[i];
      const highest = Math.min(barTop, norm ? y(norm.high) : barTop) - 4;
      body.push(
        triangle(x, mark === "high" ? highest : highest - 9, mark === "high" ? "up" : "down"),
      );
    }
  });

  if (totals.every((t) => t === 0)) {
    body.push(
      text((left + right) / 2, (plotTop + plotBottom) / 2, spec.emptyText, {
        size: TYPE.note,
        fill: COLORS.muted,
        anchor: "middle",
      }),
    );
  }
  body.push(...dayLabels(columns, plotBottom + TYPE.axis + 8));

  const svg = svgDocument(width, height, [
    ...card(width, height),
    ...head.elements,
    ...key.elements,
    ...body,
  ]);
  return {
    svg,
    geometry: {
      plot: { left, right, top: plotTop, bottom: plotBottom },
      columns: geometry,
      ...(rateGeometry ? { rate: rateGeometry } : {}),
    },
  };
}

/** The success-rate panel: its own 0–100 % scale (from the nearest 10 % below the lowest day). */
function ratePanel(
  values: readonly (number | null)[],
  columns: ReturnType<typeof dayColumns>,
  top: number,
  bottom: number,
): string[] {
  const known = values.filter((v): v is number => v !== null);
  const lowest = known.length > 0 ? Math.min(...known) : 1;
  const floor = Math.max(0, Math.min(0.9, Math.floor(lowest * 10) / 10));
  const y = (rate: number) => bottom - ((rate - floor) / (1 - floor)) * (bottom - top);
  const out: string[] = [...weekendShading(columns, top, bottom)];
  for (const [rate, stroke] of [
    [1, COLORS.grid],
    [floor, COLORS.axis],
  ] as const) {
    out.push(
      el("line", { x1: columns.left, x2: columns.right, y1: y(rate), y2: y(rate), stroke }),
      text(columns.left - 6, y(rate) + 4, formatPercent(rate).replace(".0%", "%"), {
        size: TYPE.axis,
        fill: COLORS.muted,
        anchor: "end",
      }),
    );
  }
  let path = "";
  let pen = false;
  values.forEach((rate, i) => {
    if (rate === null) {
      pen = false;
      return;
    }
    path += `${pen ? "L" : "M"}${round(columns.centre(i))} ${round(y(rate))}`;
    pen = true;
  });
  if (path !== "") {
    out.push(
      el("path", {
        d: path,
        fill: "none",
        stroke: COLORS.background,
        "stroke-width": 5,
        "stroke-linejoin": "round",
      }),
      el("path", {
        d: path,
        fill: "none",
        stroke: COLORS.ink,
        "stroke-width": 2.5,
        "stroke-linejoin": "round",
      }),
    );
  }
  values.forEach((rate, i) => {
    if (rate === null) return;
    out.push(
      el("circle", {
        cx: columns.centre(i),
        cy: y(rate),
        r: columns.step >= 10 ? 3 : 2,
        fill: COLORS.ink,
        stroke: COLORS.background,
        "stroke-width": 1,
      }),
    );
  });
  return out;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
