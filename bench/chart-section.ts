/**
 * Charts (issue 8): the render time of one 31-day chart, the busiest kind (failures by reason,
 * six stacked series, each day's normal range and the unusual days marked) from a report already
 * fetched, against rasterising the same SVG alone with resvg in the same run; and the size the
 * chart code, the renderer and the font add to the Vercel function. Goals: under 150 ms a chart,
 * and well inside Vercel's 250 MB (here: under a tenth of it).
 *
 * "Whole chart" is what a request pays once its report is in hand: the chart spec, SVG and alt
 * text from the report and its verdicts (`rangeChart`), then the PNG (`renderChartSync`). "SVG
 * alone" is `svgToPng` of the finished SVG text. The two alternate, after warm-up runs; the first
 * render of the process (the native module and the font files loaded cold) is shown on its own.
 * Sizes are of the installed files that a Vercel function on x64 Linux (glibc) would ship: the
 * chart modules, resvg's JavaScript, its linux-x64-gnu binary and the font package's TTF files
 * (vercel.json includes them; the rest of the package is neither traced nor included).
 */
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chartFontFiles, rangeChart, renderChartSync, svgToPng } from "../src/charts/index.ts";
import { historyRange, judgeReport } from "../src/charts/norms.ts";
import { createSampleSource } from "../src/efax/sandbox.ts";
import { runReport } from "../src/reports/run.ts";
import type { Goal, Section } from "./measure.ts";
import { formatBytes, formatMs, formatTable, median, timeOnce } from "./measure.ts";

export const CHART_GOAL_MS = 150;
/** Vercel's limit for a function's size, and the share of it charts may take to be "well inside". */
export const VERCEL_LIMIT_BYTES = 250e6;
const SIZE_SHARE_GOAL = 0.1;
const RUNS = 21;
const WARMUP = 3;
const RANGE = { from: "2026-10-27", to: "2026-11-26" };

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

/** Bytes of a file, or of every file under a folder. */
function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export interface ChartFigures {
  coldMs: number;
  wholeMs: number;
  svgMs: number;
  /** CPU time of this process (user + system), steadier than wall time on a busy machine. */
  wholeCpuMs: number;
  svgCpuMs: number;
  pngBytes: number;
  sizes: [string, number][];
}

export async function measureCharts(): Promise<ChartFigures> {
  const source = createSampleSource();
  const options = { previous: false, sample: true };
  const report = await runReport(source, "failures", RANGE, options);
  const history = await runReport(source, "failures", historyRange(RANGE), options);
  const norms = judgeReport(report, [history]);

  let png: Uint8Array = new Uint8Array();
  const whole = () => {
    const chart = rangeChart(report, { norms });
    if (!chart) throw new Error("no chart for a 31-day report");
    png = renderChartSync(chart);
  };
  const coldMs = timeOnce(whole);
  const svg = rangeChart(report, { norms })?.svg ?? "";
  const alone = () => {
    svgToPng(svg);
  };
  for (let i = 0; i < WARMUP; i++) {
    whole();
    alone();
  }
  const wholeMs: number[] = [];
  const svgMs: number[] = [];
  const wholeCpuMs: number[] = [];
  const svgCpuMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [run, wall, cpu] of [
      [whole, wholeMs, wholeCpuMs],
      [alone, svgMs, svgCpuMs],
    ] as const) {
      const before = process.cpuUsage();
      wall.push(timeOnce(run));
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    }
  }

  const fonts = chartFontFiles();
  const sizes: [string, number][] = [
    [
      "chart code (src/charts, src/services/charts.ts)",
      sizeOf(join(ROOT, "src/charts")) + sizeOf(join(ROOT, "src/services/charts.ts")),
    ],
    ["@resvg/resvg-js (JavaScript)", sizeOf(packageDir("@resvg/resvg-js"))],
  ];
  try {
    sizes.push([
      "@resvg/resvg-js-linux-x64-gnu (binary)",
      sizeOf(packageDir("@resvg/resvg-js-linux-x64-gnu")),
    ]);
  } catch {
    sizes.push(["@resvg/resvg-js-linux-x64-gnu (binary): not installed on this machine", 0]);
  }
  // vercel.json includes every TTF of the font package (the renderer loads two of them).
  const fontDir = packageDir("@expo-google-fonts/atkinson-hyperlegible");
  const ttfs = readdirSync(fontDir, { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith(".ttf"),
  );
  sizes.push([
    `font: ${ttfs.length} Atkinson Hyperlegible TTF files (${fonts.length} loaded)`,
    ttfs.reduce((sum, f) => sum + sizeOf(join(fontDir, f)), 0),
  ]);
  return {
    coldMs,
    wholeMs: median(wholeMs),
    svgMs: median(svgMs),
    wholeCpuMs: median(wholeCpuMs),
    svgCpuMs: median(svgCpuMs),
    pngBytes: png.length,
    sizes,
  };
}

export const chartSection: Section = {
  name: "charts",
  title: `Charts: one 31-day chart (failures by reason, ${RANGE.from} to ${RANGE.to}, with normal ranges) vs the same SVG rasterised alone; size added to the Vercel function`,
  async run() {
    const figures = await measureCharts();
    const load = loadavg()[0] ?? 0;
    console.log(
      formatTable(
        ["what", "median", "CPU (median)", "runs"],
        [
          [
            "whole chart: spec, SVG, alt text and PNG",
            formatMs(figures.wholeMs),
            formatMs(figures.wholeCpuMs),
            String(RUNS),
          ],
          [
            "the same SVG alone: resvg and PNG",
            formatMs(figures.svgMs),
            formatMs(figures.svgCpuMs),
            String(RUNS),
          ],
          ["first render of the process (cold)", formatMs(figures.coldMs), "", "1"],
        ],
      ),
    );
    console.log(
      `\nDrawing the SVG and the alt text adds ${formatMs(figures.wholeCpuMs - figures.svgCpuMs)} of CPU to rasterising; the PNG is 960×600, ${formatBytes(figures.pngBytes)}. Load average ${load.toFixed(2)}.\n`,
    );
    const total = figures.sizes.reduce((s, [, bytes]) => s + bytes, 0);
    console.log(
      formatTable(
        ["shipped in the function", "size"],
        [
          ...figures.sizes.map(([what, bytes]) => [what, formatBytes(bytes)]),
          ["total", formatBytes(total)],
        ],
      ),
    );
    return [
      {
        met: figures.wholeMs < CHART_GOAL_MS,
        text: `one 31-day chart renders in under ${CHART_GOAL_MS} ms (${formatMs(figures.wholeMs)}; the SVG alone ${formatMs(figures.svgMs)})`,
      },
      {
        met: total < VERCEL_LIMIT_BYTES * SIZE_SHARE_GOAL,
        text: `charts add under a tenth of Vercel's 250 MB to the function (${formatBytes(total)})`,
      },
    ] satisfies Goal[];
  },
};
