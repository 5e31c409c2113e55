/**
 * The CLI end to end (issue 2, item 8): `npx efax report numbers <day> --format json`, process
 * start included, on a 100k-row day served by the local eFax server, against the upstream's own
 * Python sample script (about 1.9 s for the same day on the reference machine). The server runs in
 * this process with the day rendered before the first request, so its rendering is not measured;
 * nothing is cached between runs. `node bin/efax.js …` is timed alongside to show npx's own share.
 * The two commands alternate, so that a change in the machine's load hits both alike; stdout goes
 * to /dev/null and every run must exit 0.
 */
import { loadavg } from "node:os";
import { delimiter, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import { startEfaxServer, TEST_EFAX_CREDENTIALS } from "../test/support/efax-server.ts";
import type { Goal, Section } from "./measure.ts";
import { formatMs, formatTable, median, runCommand } from "./measure.ts";

/** Destination rows of the measured day. */
export const CLI_ROWS = 100_000;
/** The upstream Python sample script on the same day, on the reference machine. */
export const PYTHON_SAMPLE_MS = 1900;
/** Goal for `npx efax …`: under 0.6 s, at least 3× faster than the Python sample. */
export const CLI_GOAL_MS = 600;
const SPEEDUP_GOAL = 3;
const RUNS = 9;
const WARMUP = 1;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const outputSchema = z.object({ report: z.literal("numbers"), rows: z.array(z.unknown()) });

interface Variant {
  label: string;
  command: string;
  args: string[];
}

/** Best and median of the runs of one command. */
export interface CliFigures {
  label: string;
  bestMs: number;
  medianMs: number;
  runsMs: number[];
}

/** Times each variant `runs` times, alternating, after `warmup` unmeasured rounds. */
async function timeAlternating(
  variants: readonly Variant[],
  env: NodeJS.ProcessEnv,
  runs: number,
  warmup: number,
): Promise<CliFigures[]> {
  const times = variants.map((): number[] => []);
  for (let round = 0; round < warmup + runs; round++) {
    for (const [i, variant] of variants.entries()) {
      const { wallMs } = await runCommand(variant.command, variant.args, {
        env,
        cwd: ROOT,
        stdout: "discard",
      });
      if (round >= warmup) times[i]?.push(wallMs);
    }
  }
  return variants.map((variant, i) => {
    const runsMs = times[i] ?? [];
    return { label: variant.label, bestMs: Math.min(...runsMs), medianMs: median(runsMs), runsMs };
  });
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");

/** The CLI section of `npm run bench`. */
export const cliSection: Section = {
  name: "cli",
  title: `CLI end to end: efax report numbers <day> --format json, ${CLI_ROWS.toLocaleString("en-US")} rows from the local eFax server`,
  async run() {
    const day = addDays(dayInZone(new Date(), "UTC"), -7);
    process.stderr.write(`  rendering ${day} on the local eFax server…\n`);
    const server = await startEfaxServer({ destinationsPerDay: CLI_ROWS, warmDays: [day] });
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        // npx and its `#!/usr/bin/env node` find the Node.js that runs this benchmark.
        PATH: [dirname(process.execPath), process.env.PATH ?? ""].join(delimiter),
        EFAX_API_URL: server.url,
        EFAX_API_KEY: TEST_EFAX_CREDENTIALS.apiKey,
        EFAX_USERNAME: TEST_EFAX_CREDENTIALS.username,
        EFAX_PASSWORD: TEST_EFAX_CREDENTIALS.password,
      };
      const cliArgs = ["report", "numbers", day, "--format", "json"];
      const check = await runCommand(process.execPath, ["bin/efax.js", ...cliArgs], {
        env,
        cwd: ROOT,
      });
      const rows = outputSchema.parse(JSON.parse(check.stdout)).rows.length;
      if (rows !== CLI_ROWS) throw new Error(`expected ${CLI_ROWS} rows, the CLI printed ${rows}`);

      const loadBefore = load();
      process.stderr.write(`  timing ${RUNS} runs of each command…\n`);
      const [npx, node] = await timeAlternating(
        [
          { label: `npx efax ${cliArgs.join(" ")}`, command: "npx", args: ["efax", ...cliArgs] },
          {
            label: `node bin/efax.js ${cliArgs.join(" ")}`,
            command: process.execPath,
            args: ["bin/efax.js", ...cliArgs],
          },
        ],
        env,
        RUNS,
        WARMUP,
      );
      if (!npx || !node) throw new Error("no figures");
      const faster = (ms: number) => `${(PYTHON_SAMPLE_MS / ms).toFixed(2)}×`;
      console.log(
        formatTable(
          ["command", "best", "median", "runs", "Python sample ÷ median"],
          [npx, node].map((f) => [
            f.label,
            formatMs(f.bestMs),
            formatMs(f.medianMs),
            String(f.runsMs.length),
            faster(f.medianMs),
          ]),
        ),
      );
      console.log(
        `\nnpx's own share (median npx − median node): ${formatMs(npx.medianMs - node.medianMs)}. ` +
          `Python sample: ${formatMs(PYTHON_SAMPLE_MS)}. Load average (1, 5, 15 min) before: ${loadBefore}; after: ${load()}.`,
      );
      const goals: Goal[] = [
        {
          met: npx.medianMs < CLI_GOAL_MS,
          text: `npx efax … --format json on ${CLI_ROWS.toLocaleString("en-US")} rows under ${formatMs(CLI_GOAL_MS)} (median ${formatMs(npx.medianMs)}, best ${formatMs(npx.bestMs)})`,
        },
        {
          met: PYTHON_SAMPLE_MS / npx.medianMs >= SPEEDUP_GOAL,
          text: `npx efax … at least ${SPEEDUP_GOAL}× faster than the Python sample's ${formatMs(PYTHON_SAMPLE_MS)} (${faster(npx.medianMs)} on the median)`,
        },
      ];
      return goals;
    } finally {
      await server.close();
    }
  },
};
