/**
 * The chart pictures in the README: `node scripts/render-charts.ts` runs the report engine on the
 * built-in sample data for fixed days, draws each chart exactly as the app and `efax --chart` do
 * (`services/charts.ts`: the four weeks before fetched for the normal range), and writes the PNGs
 * to `docs/images/` (`--out <dir>` to write them elsewhere), with their alt text printed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Chart, renderChartSync, sparklineChart } from "../src/charts/index.ts";
import { createSampleSource } from "../src/efax/sandbox.ts";
import type { ReportName } from "../src/reports/catalog.ts";
import { runReport } from "../src/reports/run.ts";
import { chartForReport } from "../src/services/charts.ts";

const { values } = parseArgs({ options: { out: { type: "string", default: "docs/images" } } });
const out = resolve(values.out);
const source = createSampleSource();
const options = { previous: false, sample: true } as const;

async function chartOf(name: ReportName, from: string, to: string): Promise<Chart> {
  const report = await runReport(source, name, { from, to }, options);
  const { chart } = await chartForReport(
    report,
    (n, range) => runReport(source, n, range, { ...options, rankings: false }),
    { singleDay: "always" },
  );
  if (!chart) throw new Error(`No chart for ${name} ${from}–${to}`);
  return chart;
}

const pictures: [string, Chart][] = [
  ["chart-failures.png", await chartOf("failures", "2026-11-01", "2026-11-30")],
  ["chart-overview.png", await chartOf("overview", "2026-11-16", "2026-11-29")],
  ["chart-billable.png", await chartOf("billable", "2026-11-23", "2026-11-29")],
  ["chart-day.png", await chartOf("failures", "2026-11-26", "2026-11-26")],
  [
    "chart-home.png",
    sparklineChart(
      await runReport(source, "overview", { from: "2026-11-20", to: "2026-11-26" }, options),
    ),
  ],
];

mkdirSync(out, { recursive: true });
for (const [file, chart] of pictures) {
  const png = renderChartSync(chart);
  writeFileSync(join(out, file), png);
  console.log(`${join(values.out, file)} (${png.length} bytes)\n  ${chart.altText}\n`);
}
