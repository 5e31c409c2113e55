/**
 * Cold starts (issue 9, item 3): how soon a fresh process can answer Slack, against importing
 * `@slack/bolt` alone in the same run. Every figure comes from a fresh process; the baseline and
 * the subject alternate, round by round, so that a change in the machine's load hits both alike,
 * and each ratio is the median of the rounds' own ratios.
 *
 * - The Vercel function, built: a fresh process imports the built events function and hands a
 *   signed `/efax help` to its `POST`, as Vercel's runtime does; measured from before the import
 *   to the function's answer, against the import of `@slack/bolt` in a fresh process. Goal:
 *   within 1.2×. The built function is `.vercel/output` from `vercel build` when there is one
 *   (or `--function <events.js>`), else this section compiles it with `tsc` the way `vercel build`
 *   does (one `.js` per module, relative imports renamed to `.js`).
 * - `npm start`: from spawning `node bin/server.js` to the answer to a signed `/efax help` sent as
 *   soon as the port accepts connections, against spawning `node` to import `@slack/bolt` (Node's
 *   start plus Bolt's import, until the child says so). Goal: within 1.5×. Measured with Node's
 *   compile cache warm, as every start after the first one finds it (`bin/server.js` turns it on),
 *   and without one (a first start).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { startSlackApiServer } from "../test/support/slack-api-server.ts";
import { signRequest, slashCommand } from "../test/support/slack-requests.ts";
import { freePort } from "../test/support/workspaces.ts";
import type { Goal, Section } from "./measure.ts";
import { formatMs, formatTable, median, runCommand, runNodeChild } from "./measure.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHILD = fileURLToPath(new URL("./cold-start-child.ts", import.meta.url));
const VERCEL_EVENTS_FUNCTION = join(
  ROOT,
  ".vercel/output/functions/api/slack/events.func/api/slack/events.js",
);
const FUNCTION_GOAL = 1.2;
const NPM_START_GOAL = 1.5;
const ROUNDS = 11;
const WARMUP = 2;
const SECRET = "bench-cold-start-signing-secret";
const BOT_TOKEN = "xoxb-bench-cold-start";

const boltSchema = z.object({ ms: z.number() });
const functionSchema = z.object({ importMs: z.number(), ackMs: z.number(), status: z.number() });

/** Runs `rounds` measured rounds (after `warmup` unmeasured ones) of each step, alternating. */
async function alternate<T extends unknown[]>(
  steps: { [K in keyof T]: () => Promise<T[K]> },
  rounds = ROUNDS,
  warmup = WARMUP,
): Promise<{ [K in keyof T]: T[K][] }> {
  const results = steps.map(() => [] as unknown[]);
  for (let round = 0; round < warmup + rounds; round++) {
    for (const [i, step] of steps.entries()) {
      const value = await step();
      if (round >= warmup) results[i]?.push(value);
    }
  }
  return results as { [K in keyof T]: T[K][] };
}

const ratioOf = (subject: readonly number[], base: readonly number[]) =>
  median(subject.map((value, i) => value / (base[i] ?? Number.NaN)));

const times = (values: readonly number[]) => `${formatMs(median(values))}`;
const spread = (values: readonly number[]) =>
  `${formatMs(Math.min(...values))}–${formatMs(Math.max(...values))}`;

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");

/** The built events function: `vercel build`'s, `--function`'s, or compiled here with tsc. */
async function builtFunction(): Promise<{ file: string; how: string }> {
  const at = process.argv.indexOf("--function");
  const given = at === -1 ? undefined : process.argv[at + 1];
  if (given) return { file: given, how: given };
  if (existsSync(VERCEL_EVENTS_FUNCTION))
    return { file: VERCEL_EVENTS_FUNCTION, how: "vercel build" };
  // Inside the project, so that the built modules find its node_modules as Vercel's copy does.
  const cacheDir = join(ROOT, "node_modules/.cache/efax-bench");
  const outDir = join(cacheDir, "function");
  const configFile = join(cacheDir, "tsconfig.function.json");
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(
    configFile,
    JSON.stringify({
      extends: join(ROOT, "tsconfig.json"),
      compilerOptions: { noEmit: false, outDir, rootDir: ROOT, sourceMap: false },
      include: [],
      files: [join(ROOT, "api/slack/events.ts")],
    }),
  );
  process.stderr.write("  compiling the events function with tsc (no .vercel/output here)…\n");
  await runCommand(process.execPath, [
    join(ROOT, "node_modules/typescript/bin/tsc"),
    "-p",
    configFile,
  ]);
  writeFileSync(join(outDir, "package.json"), JSON.stringify({ type: "module" }));
  return { file: join(outDir, "api/slack/events.js"), how: "tsc, as vercel build compiles it" };
}

/** One POST; resolves with the status, or null when nothing listens on the port yet. */
function postOnce(port: number, body: string, contentType: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/slack/events",
        method: "POST",
        agent: false,
        headers: {
          "content-type": contentType,
          "content-length": Buffer.byteLength(body),
          ...signRequest(SECRET, body, Math.floor(Date.now() / 1000)),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") resolve(null);
      else reject(error);
    });
    req.end(body);
  });
}

/** Milliseconds from spawning `npm start` (node bin/server.js) to the answer to /efax help. */
async function npmStartFirstAnswer(env: NodeJS.ProcessEnv, responseUrl: string): Promise<number> {
  const port = await freePort();
  const command = slashCommand({ text: "help", responseUrl });
  const start = performance.now();
  const child = spawn(process.execPath, ["bin/server.js"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const errors: Buffer[] = [];
  child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`npm start exited early:\n${Buffer.concat(errors).toString("utf8")}`);
      }
      const status = await postOnce(port, command.body, command.contentType);
      if (status === 200) return performance.now() - start;
      if (status !== null) throw new Error(`npm start answered ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

/** Milliseconds from spawning `node` to its word that `@slack/bolt` is imported. */
function nodeWithBolt(env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  const child = spawn(
    process.execPath,
    ["--input-type=module", "-e", 'await import("@slack/bolt"); process.stdout.write("ready\\n");'],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.stdout.once("data", () => resolve(performance.now() - start));
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`node exited with ${code}`));
    });
  });
}

/** The cold-start section of `npm run bench`. */
export const coldStartSection: Section = {
  name: "cold",
  title:
    "Cold starts: answering a signed /efax help from a fresh process, against importing @slack/bolt alone",
  async run({ workDir }) {
    const slack = await startSlackApiServer();
    const dataDir = join(workDir, "cold-start-data");
    const compileCache = join(workDir, "compile-cache");
    mkdirSync(dataDir, { recursive: true });
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: "error",
      BENCH_RESPONSE_URL: slack.responseUrl("bench"),
    };
    const noCache = { ...base, NODE_DISABLE_COMPILE_CACHE: "1" };
    const warmCache = { ...base, NODE_COMPILE_CACHE: compileCache };
    for (const name of ["NODE_COMPILE_CACHE", "UPSTASH_REDIS_REST_URL", "KV_REST_API_URL"]) {
      Reflect.deleteProperty(noCache, name);
    }
    for (const name of [
      "UPSTASH_REDIS_REST_URL",
      "KV_REST_API_URL",
      "NODE_DISABLE_COMPILE_CACHE",
    ]) {
      Reflect.deleteProperty(warmCache, name);
    }
    try {
      const built = await builtFunction();
      const loadBefore = load();
      process.stderr.write(`  ${ROUNDS} rounds of the built function against Bolt's import…\n`);
      const [bolt, fn] = await alternate<[number, z.infer<typeof functionSchema>]>([
        async () =>
          (
            await runNodeChild(CHILD, ["bolt"], {
              env: noCache,
              parse: (value) => boltSchema.parse(value),
            })
          ).result.ms,
        async () => {
          const { result } = await runNodeChild(CHILD, ["function", built.file], {
            env: noCache,
            parse: (value) => functionSchema.parse(value),
          });
          if (result.status !== 200) throw new Error(`the function answered ${result.status}`);
          return result;
        },
      ]);
      const ackMs = fn.map((f) => f.ackMs);
      const importMs = fn.map((f) => f.importMs);
      const functionRatio = ratioOf(ackMs, bolt);

      process.stderr.write(`  ${ROUNDS} rounds of npm start against node + Bolt, two ways…\n`);
      const helpUrl = slack.responseUrl("bench-npm-start");
      const [boltCold, startCold] = await alternate<[number, number]>([
        () => nodeWithBolt(noCache),
        () => npmStartFirstAnswer(noCache, helpUrl),
      ]);
      const [boltWarm, startWarm] = await alternate<[number, number]>([
        () => nodeWithBolt(warmCache),
        () => npmStartFirstAnswer(warmCache, helpUrl),
      ]);
      const warmRatio = ratioOf(startWarm, boltWarm);
      const coldRatio = ratioOf(startCold, boltCold);

      const fmt = (value: number) => `${value.toFixed(2)}×`;
      console.log(
        formatTable(
          ["measure", "median", "range", "baseline (median)", "ratio (median of rounds)"],
          [
            ["Bolt's import, fresh process", times(bolt), spread(bolt), "—", "—"],
            [
              "built function: module imported",
              times(importMs),
              spread(importMs),
              times(bolt),
              fmt(ratioOf(importMs, bolt)),
            ],
            [
              "built function: ready, /efax help answered",
              times(ackMs),
              spread(ackMs),
              times(bolt),
              fmt(functionRatio),
            ],
            [
              "node + Bolt's import, warm compile cache",
              times(boltWarm),
              spread(boltWarm),
              "—",
              "—",
            ],
            [
              "npm start → first answer, warm compile cache",
              times(startWarm),
              spread(startWarm),
              times(boltWarm),
              fmt(warmRatio),
            ],
            ["node + Bolt's import, no compile cache", times(boltCold), spread(boltCold), "—", "—"],
            [
              "npm start → first answer, no compile cache",
              times(startCold),
              spread(startCold),
              times(boltCold),
              fmt(coldRatio),
            ],
          ],
        ),
      );
      console.log(
        `\nBuilt function: ${built.how}. ${ROUNDS} rounds after ${WARMUP} unmeasured, alternating. ` +
          `Load average (1, 5, 15 min) before: ${loadBefore}; after: ${load()}.`,
      );
      const goals: Goal[] = [
        {
          met: functionRatio <= FUNCTION_GOAL,
          text: `built Vercel function ready and answering within ${FUNCTION_GOAL}× Bolt's own import (${fmt(functionRatio)}: ${times(ackMs)} vs ${times(bolt)})`,
        },
        {
          met: warmRatio <= NPM_START_GOAL,
          text: `npm start's first answer within ${NPM_START_GOAL}× Node's start + Bolt's import, warm compile cache (${fmt(warmRatio)}: ${times(startWarm)} vs ${times(boltWarm)})`,
        },
        {
          met: coldRatio <= NPM_START_GOAL,
          text: `npm start's first answer within ${NPM_START_GOAL}× Node's start + Bolt's import, no compile cache (${fmt(coldRatio)}: ${times(startCold)} vs ${times(boltCold)})`,
        },
      ];
      return goals;
    } finally {
      await slack.close();
    }
  },
};
