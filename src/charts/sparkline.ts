/**
 * The App Home's sparkline: failed faxes on each of the last seven days as a line, every day's
 * count written above its point, weekdays and dates under it, weekends shaded; days outside their
 * same-weekday normal range, when norms are given, marked ▲ or ▼ beside their count.
 */
import { formatCount, formatRange, formatShortDay } from "../dates/format.ts";
import type { FaxReport } from "../reports/model.ts";
import { joinList, peakDay, sentences, unusualSentences } from "./alt-text.ts";
import { card, header } from "./daily.ts";
import { DAY_LABELS_HEIGHT, dayColumns, dayLabels, weekendShading } from "./days.ts";
import { COLORS, TYPE } from "./palette.ts";
import { el, svgDocument, text, textWidth } from "./svg.ts";
import { type Chart, type ColumnGeometry, judgedOn, type Norms } from "./types.ts";

export const SPARKLINE_SIZE = { width: 480, height: 180 } as const;

const PAD = 16;

/** Failures per day of `report` (the Home's last seven days) as a sparkline. */
export function sparklineChart(report: FaxReport, options: { norms?: Norms } = {}): Chart {
  const { width, height } = SPARKLINE_SIZE;
  const days = report.series.map((entry) => entry.day);
  const values = report.series.map((entry) => entry.totals.failures);
  const title = `Failures, last ${days.length === 1 ? "day" : `${days.length} days`}`;
  const range = formatRange(report.range);
  const head = header(title, report.sample ? `Sample data · ${range}` : range, width);
  const columns = dayColumns(days, PAD + 4, width - PAD - 4);
  const plotBottom = height - DAY_LABELS_HEIGHT - 12;
  const plotTop = head.bottom + 16 + TYPE.axis + 6;
  const max = Math.max(1, ...values);
  const y = (value: number) => plotBottom - (value / max) * (plotBottom - plotTop);

  const body: string[] = [...weekendShading(columns, head.bottom + 10, plotBottom + 4)];
  body.push(
    el("line", {
      x1: columns.left,
      x2: columns.right,
      y1: plotBottom + 4,
      y2: plotBottom + 4,
      stroke: COLORS.axis,
    }),
  );
  const path = values
    .map((v, i) => `${i === 0 ? "M" : "L"}${round(columns.centre(i))} ${round(y(v))}`)
    .join("");
  if (values.length > 1) {
    body.push(
      el("path", {
        d: path,
        fill: "none",
        stroke: COLORS.failures,
        "stroke-width": 3,
        "stroke-linejoin": "round",
      }),
    );
  }
  const geometry: ColumnGeometry[] = [];
  values.forEach((value, i) => {
    const x = columns.centre(i);
    const day = days[i] ?? "";
    const verdict = judgedOn(options.norms, day)?.kind;
    const label = formatCount(value);
    body.push(
      el("circle", {
        cx: x,
        cy: y(value),
        r: 4.5,
        fill: COLORS.failures,
        stroke: COLORS.background,
        "stroke-width": 1.5,
      }),
      text(x, y(value) - 9, label, {
        size: TYPE.axis,
        fill: COLORS.text,
        anchor: "middle",
        bold: true,
      }),
    );
    if (verdict === "high" || verdict === "low") {
      const mx = x + textWidth(label, TYPE.axis, true) / 2 + 8;
      const base = y(value) - 13;
      const points =
        verdict === "high"
          ? [mx - 5, base, mx + 5, base, mx, base - 9]
          : [mx - 5, base - 9, mx + 5, base - 9, mx, base];
      body.push(el("polygon", { points: points.map(round).join(" "), fill: COLORS.ink }));
    }
    geometry.push({ day, x, barWidth: 0, top: y(value) });
  });
  body.push(...dayLabels(columns, plotBottom + TYPE.axis + 14));

  const failed = report.series.map(({ day, totals }) => ({ day, value: totals.failures }));
  const listed = failed.map((d) => `${formatCount(d.value)} on ${formatShortDay(d.day)}`);
  const parts = [
    `Failed faxes on each of the last ${days.length} days, ${range}${report.sample ? " (sample data)" : ""}: ${joinList(listed)}`,
  ];
  const peak = peakDay(failed);
  parts.push(
    peak
      ? `Most on ${formatShortDay(peak.day)} (${formatCount(peak.value)})`
      : "No fax failed on any of these days",
  );
  parts.push(...unusualSentences("failures", failed, options.norms));

  return {
    kind: "sparkline",
    title,
    altText: sentences(parts),
    svg: svgDocument(width, height, [...card(width, height), ...head.elements, ...body]),
    width,
    height,
    filename: `efax-sparkline-${report.range.from}-to-${report.range.to}.png`,
    geometry: {
      plot: { left: columns.left, right: columns.right, top: plotTop, bottom: plotBottom },
      columns: geometry,
    },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
