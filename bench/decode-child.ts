/**
 * One measurement of the decoding benchmark, run in its own process by `bench/run.ts`:
 *   node decode-child.ts peak <bare|parse|pipeline> <body file>
 *   node decode-child.ts time <body file> <runs> <warmup>
 * `peak` runs one mode once and reports its time and the process's peak RSS; `time` alternates
 * bare decoding and the pipeline `runs` times and reports every time, with the pipeline's stages.
 * Prints one line of JSON.
 */
import { readFileSync } from "node:fs";
import { parseReport } from "../src/efax/parse.ts";
import type { NumberOverviewBody } from "../src/efax/types.ts";
import type { FaxRow } from "../src/reports/model.ts";
import { faxRows } from "../src/reports/normalize.ts";
import { summarizeFax } from "../src/reports/summarize.ts";
import { peakRssBytes, timeOnce } from "./measure.ts";

const DAY = "2026-11-26";

/** Results are parked here so that no work can be optimised away before it is measured. */
const kept: unknown[] = [];

function collectGarbage(): void {
  if (typeof globalThis.gc === "function") globalThis.gc();
}

function bare(text: string): null {
  kept.push(JSON.parse(JSON.parse(text)));
  return null;
}

function parseOnly(text: string): null {
  kept.push(parseReport("number-overview", text));
  return null;
}

interface Stages {
  parseMs: number;
  rowsMs: number;
  summarizeMs: number;
}

function pipeline(text: string): Stages {
  let body: NumberOverviewBody = {};
  let rows: FaxRow[] = [];
  const parseMs = timeOnce(() => {
    body = parseReport("number-overview", text);
  });
  const rowsMs = timeOnce(() => {
    rows = faxRows("number-overview", DAY, body);
  });
  const summarizeMs = timeOnce(() => {
    kept.push(summarizeFax("number-overview", { from: DAY, to: DAY }, new Map([[DAY, rows]])));
  });
  return { parseMs, rowsMs, summarizeMs };
}

const MODES: Record<string, (text: string) => Stages | null> = {
  bare,
  parse: parseOnly,
  pipeline,
};

function peak(mode: string, file: string): void {
  const run = MODES[mode];
  if (!run) throw new Error(`unknown mode ${mode}`);
  const text = readFileSync(file, "utf8");
  collectGarbage();
  const baselineRssBytes = process.memoryUsage().rss;
  let stages: Stages | null = null;
  const ms = timeOnce(() => {
    stages = run(text);
  });
  console.log(JSON.stringify({ ms, stages, peakRssBytes: peakRssBytes(), baselineRssBytes }));
}

function time(file: string, runs: number, warmup: number): void {
  const text = readFileSync(file, "utf8");
  const bareMs: number[] = [];
  const pipelineMs: number[] = [];
  const stages: Record<keyof Stages, number[]> = { parseMs: [], rowsMs: [], summarizeMs: [] };
  for (let i = 0; i < warmup + runs; i++) {
    const measured = i >= warmup;
    const order = i % 2 === 0 ? ["bare", "pipeline"] : ["pipeline", "bare"];
    for (const which of order) {
      collectGarbage();
      if (which === "bare") {
        const ms = timeOnce(() => bare(text));
        if (measured) bareMs.push(ms);
      } else {
        let split: Stages = { parseMs: 0, rowsMs: 0, summarizeMs: 0 };
        const ms = timeOnce(() => {
          split = pipeline(text);
        });
        if (measured) {
          pipelineMs.push(ms);
          stages.parseMs.push(split.parseMs);
          stages.rowsMs.push(split.rowsMs);
          stages.summarizeMs.push(split.summarizeMs);
        }
      }
      kept.length = 0;
    }
  }
  console.log(JSON.stringify({ bareMs, pipelineMs, stages }));
}

const [command, ...args] = process.argv.slice(2);
if (command === "peak") peak(args[0] ?? "", args[1] ?? "");
else if (command === "time") time(args[0] ?? "", Number(args[1]), Number(args[2]));
else throw new Error(`usage: decode-child.ts peak <mode> <file> | time <file> <runs> <warmup>`);
