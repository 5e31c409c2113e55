/**
 * `npm run bench`: how much the report pipeline costs on top of bare JSON decoding, on synthetic
 * number-overview days of 10k, 100k and 1M destination rows, double-encoded as upstream serves
 * them. Bare decoding is `JSON.parse(JSON.parse(text))` and nothing else; the pipeline is
 * `parseReport("number-overview", text)` → `faxRows` → `summarizeFax`. Times are medians of
 * alternating runs in one process (15 at 10k rows, 11 at 100k, 3 at 1M); peak memory is the
 * peak RSS of a fresh process per measurement. Goals (issue 2, item 8): at most 2.5× bare decoding's
 * time at 100k rows; at 1M rows it completes with a peak at most 1.3× bare decoding's.
 *
 * The CLI section (`cli-section.ts`) times `npx efax report numbers <day> --format json` end to end
 * on a 100k-row day from the local eFax server; goal: under 0.6 s, ≥ 3× faster than upstream's
 * Python sample.
 *
 * The chart section (`chart-section.ts`) times one 31-day chart against rasterising its SVG alone
 * (goal: under 150 ms) and adds up what charts ship in the Vercel function (goal: well inside
 * 250 MB).
 *
 * The cold-start section (`cold-start-section.ts`) times how soon a fresh process answers Slack: the
 * built Vercel function against importing `@slack/bolt` alone (goal: within 1.2×), and `npm start`
 * against Node's start plus Bolt's import (goal: within 1.5×).
 *
 * The alerts section (`alerts-section.ts`) ticks alert checks over 1,000 workspaces with every rule
 * on and counts eFax calls per workspace and report per quarter hour (goal: at most one).
 *
 * Options: `--sizes 10000,100000` to run some sizes only; `--sections cli` (or `decode`,
 * `charts`, `store`, `cold`, `alerts`) to run some sections only; `--function <events.js>` for the
 * cold-start section's built function.
 * Sections: `SECTIONS` below; each prints its own table and returns its goal lines.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { alertsSection } from "./alerts-section.ts";
import { chartSection } from "./chart-section.ts";
import { cliSection } from "./cli-section.ts";
import { coldStartSection } from "./cold-start-section.ts";
import {
  formatBytes,
  formatMs,
  formatTable,
  type Goal,
  median,
  runNodeChild,
  type Section,
  verdict,
} from "./measure.ts";
import { storeSection } from "./store-section.ts";
import { writeNumberOverviewBody } from "./synthetic.ts";

export {
  formatBytes,
  formatMs,
  formatTable,
  median,
  peakRssBytes,
  runCommand,
  runNodeChild,
  timeCommand,
  timeOnce,
  verdict,
} from "./measure.ts";
export { numberOverviewBody, writeNumberOverviewBody } from "./synthetic.ts";

const CHILD = fileURLToPath(new URL("./decode-child.ts", import.meta.url));
const CHILD_FLAGS = ["--expose-gc", "--max-old-space-size=8192"];
const DEFAULT_SIZES = [10_000, 100_000, 1_000_000];
const TIME_RATIO_GOAL = { rows: 100_000, max: 2.5 };
const MEMORY_RATIO_GOAL = { rows: 1_000_000, max: 1.3 };

/** Measured and warm-up runs of the alternating timing: fewer for bigger days. */
function timingPlan(rows: number): { runs: number; warmup: number } {
  if (rows <= 20_000) return { runs: 15, warmup: 3 };
  if (rows <= 200_000) return { runs: 11, warmup: 2 };
  return { runs: 3, warmup: 1 };
}

const stagesSchema = z.object({ parseMs: z.number(), rowsMs: z.number(), summarizeMs: z.number() });
const peakSchema = z.object({
  ms: z.number(),
  stages: stagesSchema.nullable(),
  peakRssBytes: z.number(),
  baselineRssBytes: z.number(),
});
const timeSchema = z.object({
  bareMs: z.array(z.number()),
  pipelineMs: z.array(z.number()),
  stages: z.object({
    parseMs: z.array(z.number()),
    rowsMs: z.array(z.number()),
    summarizeMs: z.array(z.number()),
  }),
});

type PeakResult = z.infer<typeof peakSchema>;

/** Figures of one body size. */
export interface DecodeFigures {
  rows: number;
  bytes: number;
  /** Alternating runs the times are the medians of. */
  runs: number;
  bareMs: number;
  pipelineMs: number;
  stages: z.infer<typeof stagesSchema>;
  peaks: { bare: PeakResult; parse: PeakResult; pipeline: PeakResult };
}

function peakIn(mode: "bare" | "parse" | "pipeline", file: string): Promise<PeakResult> {
  return runNodeChild(CHILD, ["peak", mode, file], {
    nodeFlags: CHILD_FLAGS,
    parse: (value) => peakSchema.parse(value),
  }).then(({ result }) => result);
}

/** Measures one body size: one fresh process per peak-memory figure, then one for the times. */
export async function measureDecoding(rows: number, workDir: string): Promise<DecodeFigures> {
  const file = join(workDir, `number-overview-${rows}.json`);
  const bytes = writeNumberOverviewBody(file, rows);
  const plan = timingPlan(rows);
  const bare = await peakIn("bare", file);
  const parse = await peakIn("parse", file);
  const pipeline = await peakIn("pipeline", file);
  const peaks = { bare, parse, pipeline };
  const { result } = await runNodeChild(
    CHILD,
    ["time", file, String(plan.runs), String(plan.warmup)],
    { nodeFlags: CHILD_FLAGS, parse: (value) => timeSchema.parse(value) },
  );
  return {
    rows,
    bytes,
    runs: plan.runs,
    bareMs: median(result.bareMs),
    pipelineMs: median(result.pipelineMs),
    stages: {
      parseMs: median(result.stages.parseMs),
      rowsMs: median(result.stages.rowsMs),
      summarizeMs: median(result.stages.summarizeMs),
    },
    peaks,
  };
}

const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;

/** The decoding section: bare decoding against the report pipeline, time and peak memory. */
export const decodeSection: Section = {
  name: "decode",
  title:
    "Number overview: bare JSON.parse(JSON.parse(text)) vs parseReport → faxRows → summarizeFax",
  async run({ sizes, workDir }) {
    const all: DecodeFigures[] = [];
    for (const rows of sizes) {
      process.stderr.write(`  measuring ${rows.toLocaleString("en-US")} rows…\n`);
      all.push(await measureDecoding(rows, workDir));
    }
    const count = (rows: number) => rows.toLocaleString("en-US");
    console.log(
      formatTable(
        [
          "rows",
          "body",
          "bare (median)",
          "pipeline (median)",
          "time ×",
          "runs",
          "bare peak",
          "pipeline peak",
          "memory ×",
        ],
        all.map((f) => [
          count(f.rows),
          formatBytes(f.bytes),
          formatMs(f.bareMs),
          formatMs(f.pipelineMs),
          ratio(f.pipelineMs, f.bareMs),
          String(f.runs),
          formatBytes(f.peaks.bare.peakRssBytes),
          formatBytes(f.peaks.pipeline.peakRssBytes),
          ratio(f.peaks.pipeline.peakRssBytes, f.peaks.bare.peakRssBytes),
        ]),
      ),
    );
    console.log("\nWhere the pipeline's time goes (parseReport includes both JSON.parse calls):");
    console.log(
      formatTable(
        ["rows", "bare decode", "parseReport", "parseReport − bare", "faxRows", "summarizeFax"],
        all.map((f) => [
          count(f.rows),
          formatMs(f.bareMs),
          formatMs(f.stages.parseMs),
          formatMs(f.stages.parseMs - f.bareMs),
          formatMs(f.stages.rowsMs),
          formatMs(f.stages.summarizeMs),
        ]),
      ),
    );
    console.log(
      "\nWhere memory goes (peak RSS of a fresh process; the body text alone before it):",
    );
    console.log(
      formatTable(
        ["rows", "text loaded", "bare decode", "parseReport only", "whole pipeline"],
        all.map((f) => [
          count(f.rows),
          formatBytes(f.peaks.bare.baselineRssBytes),
          formatBytes(f.peaks.bare.peakRssBytes),
          formatBytes(f.peaks.parse.peakRssBytes),
          formatBytes(f.peaks.pipeline.peakRssBytes),
        ]),
      ),
    );
    const goals: Goal[] = [];
    const timed = all.find((f) => f.rows === TIME_RATIO_GOAL.rows);
    if (timed) {
      const value = timed.pipelineMs / timed.bareMs;
      goals.push({
        met: value <= TIME_RATIO_GOAL.max,
        text: `${count(timed.rows)} rows: pipeline ≤ ${TIME_RATIO_GOAL.max}× bare decoding's time (${value.toFixed(2)}×)`,
      });
    }
    const big = all.find((f) => f.rows === MEMORY_RATIO_GOAL.rows);
    if (big) {
      const value = big.peaks.pipeline.peakRssBytes / big.peaks.bare.peakRssBytes;
      goals.push({
        met: value <= MEMORY_RATIO_GOAL.max,
        text: `${count(big.rows)} rows: completes, peak memory ≤ ${MEMORY_RATIO_GOAL.max}× bare decoding's (${value.toFixed(2)}×, ${formatBytes(big.peaks.pipeline.peakRssBytes)} vs ${formatBytes(big.peaks.bare.peakRssBytes)})`,
      });
    }
    return goals;
  },
};

/** Every section `npm run bench` runs, in order. */
export const SECTIONS: Section[] = [
  decodeSection,
  cliSection,
  chartSection,
  storeSection,
  coldStartSection,
  alertsSection,
];

function sizesFrom(argv: readonly string[]): number[] {
  const at = argv.indexOf("--sizes");
  if (at === -1) return DEFAULT_SIZES;
  const sizes = (argv[at + 1] ?? "").split(",").map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error("--sizes takes whole numbers of rows separated by commas, e.g. 10000,100000");
  }
  return sizes;
}

function sectionsFrom(argv: readonly string[]): Section[] {
  const at = argv.indexOf("--sections");
  if (at === -1) return SECTIONS;
  const names = (argv[at + 1] ?? "").split(",");
  const chosen = SECTIONS.filter((section) => names.includes(section.name));
  if (chosen.length !== names.length) {
    const known = SECTIONS.map((section) => section.name).join(", ");
    throw new Error(`--sections takes names separated by commas, from: ${known}`);
  }
  return chosen;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const sizes = sizesFrom(argv);
  const sections = sectionsFrom(argv);
  const workDir = mkdtempSync(join(tmpdir(), "efax-bench-"));
  const goals: Goal[] = [];
  try {
    for (const section of sections) {
      console.log(`\n${section.title}\n`);
      goals.push(...(await section.run({ sizes, workDir })));
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log("\nGoals");
  for (const goal of goals) console.log(`  ${verdict(goal.met)}  ${goal.text}`);
}

if (import.meta.main) await main();
