/**
 * Charts of reports, pure: plain report data in, SVG text and alt text out (`*Chart`), PNG bytes
 * from `renderChart` (resvg with the bundled font; the only file read is that font). Services and
 * the CLI import from here; nothing here knows about Slack.
 */

export { COLORS, OKABE_ITO, PAGE_COLORS, REASON_COLORS } from "./palette.ts";
export { chartFontFiles, DEFAULT_SCALE, renderChart, renderChartSync, svgToPng } from "./render.ts";
export {
  attemptsChart,
  type ChartMetric,
  type ChartOptions,
  chartMetric,
  pagesChart,
  rangeChart,
  reasonsChart,
} from "./report-charts.ts";
export { sparklineChart } from "./sparkline.ts";
export type { Chart, ChartGeometry, ChartKind, ColumnGeometry, Judged, Norms } from "./types.ts";
export { judgedOn, MAX_ALT_TEXT } from "./types.ts";
export { type WeekdayComparison, weekdayChart } from "./weekday.ts";
