/**
 * `npm run loadtest`: is every `/efax` acknowledged at once while eFax is slow? Three processes
 * on loopback: this one runs the local Slack Web API server and the local eFax server (answering
 * each report request after 2 s); the real app runs as `npm start` does (`bin/server.js`, embedded
 * store in a temporary directory, the test eFax account as its default account); a load process
 * sends 500 really signed `/efax failures yesterday` commands from distinct users with distinct
 * response_urls, 25 at a time. Then every report is awaited at its response_url, up to a
 * deadline. Goals (issue 3, item 11): all acknowledged, p99 acknowledgement under 100 ms, every
 * report delivered.
 *
 * The app keeps report bodies per workspace and shares fetches in flight, so commands from one
 * workspace would wait on eFax once. By default each command comes from its own workspace, so
 * every report really waits the 2 s on eFax; `--workspaces 1` shows the shared case.
 *
 * Acknowledgement time is measured by the load process: request sent → whole HTTP answer read.
 * The first command after start-up is slower (modules load, `auth.test` runs once): it goes
 * alone and its time is printed; then one round of warm-up commands opens every connection.
 * Neither is counted. Exits non-zero when a command went unacknowledged or a report never
 * arrived. The machine's other load shows in the figures: run it on a quiet machine.
 *
 * Options: `--requests 500 --concurrency 25 --efax-delay 2000 --deadline 120` (seconds)
 * `--warmup <concurrency> --workspaces <requests>`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ACTION_IDS } from "../src/views/ids.ts";
import { startEfaxServer, TEST_EFAX_CREDENTIALS } from "../test/support/efax-server.ts";
import {
  RESPONSE_URL_METHOD,
  type RecordedCall,
  type SlackApiServer,
  startSlackApiServer,
} from "../test/support/slack-api-server.ts";
import { SLACK_TEST_IDS, sendSigned, slashCommand } from "../test/support/slack-requests.ts";
import { isFinalAnswer } from "../test/support/start-app.ts";
import { buttons } from "../test/support/view-text.ts";
import { freePort } from "../test/support/workspaces.ts";
import { formatMs, formatTable, verdict } from "./measure.ts";

const ACK_GOAL_MS = 100;
const TEXT = "failures yesterday";
const SERVER_ENTRY = fileURLToPath(new URL("../bin/server.js", import.meta.url));
const PLAN_VARIABLE = "EFAX_LOADTEST_PLAN";

/** What the load process is told, through its environment (the signing secret included). */
const LoadPlan = z.object({
  eventsUrl: z.string(),
  signingSecret: z.string(),
  responseUrlBase: z.string(),
  requests: z.number().int().positive(),
  concurrency: z.number().int().positive(),
  warmup: z.number().int().nonnegative(),
  workspaces: z.number().int().positive(),
});
type LoadPlan = z.infer<typeof LoadPlan>;

const Sent = z.object({
  responseId: z.string(),
  status: z.number().nullable(),
  ackMs: z.number(),
});
type Sent = z.infer<typeof Sent>;

const LoadResult = z.object({
  /** Acknowledgement time of the very first command, cold. */
  coldAckMs: z.number(),
  /** Wall-clock time (ms since the epoch) the counted commands started. */
  startedAt: z.number(),
  sendingMs: z.number(),
  warmupIds: z.array(z.string()),
  sent: z.array(Sent),
});
type LoadResult = z.infer<typeof LoadResult>;

function readOptions() {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "500" },
      concurrency: { type: "string", default: "25" },
      "efax-delay": { type: "string", default: "2000" },
      deadline: { type: "string", default: "120" },
      warmup: { type: "string" },
      workspaces: { type: "string" },
    },
  });
  const number = (name: string, text: string, least = 1) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < least) {
      throw new RangeError(`--${name} must be a whole number of at least ${least}, not "${text}"`);
    }
    return value;
  };
  return {
    requests: Math.min(number("requests", values.requests), 5000),
    concurrency: Math.min(number("concurrency", values.concurrency), 200),
    efaxDelayMs: number("efax-delay", values["efax-delay"]),
    deadlineMs: Math.min(number("deadline", values.deadline), 600) * 1000,
    warmup: Math.min(number("warmup", values.warmup ?? values.concurrency, 0), 200),
    workspaces: number("workspaces", values.workspaces ?? values.requests),
  };
}

/**
 * The load process: one command alone (the cold figure), one round of warm-up commands at once
 * (so every connection is open), then the counted ones. Prints one JSON line.
 */
async function runLoad(plan: LoadPlan): Promise<void> {
  const sendOne = async (responseId: string, index: number): Promise<Sent> => {
    const body = slashCommand({
      text: TEXT,
      teamId: `T0LOAD${String(index % plan.workspaces).padStart(5, "0")}`,
      userId: `U0LOAD${String(index).padStart(5, "0")}`,
      responseUrl: `${plan.responseUrlBase}${responseId}`,
    });
    const before = performance.now();
    try {
      const answer = await sendSigned(plan.eventsUrl, plan.signingSecret, body);
      return { responseId, status: answer.status, ackMs: performance.now() - before };
    } catch {
      return { responseId, status: null, ackMs: performance.now() - before };
    }
  };
  const cold = await sendOne("warmup-0", plan.requests);
  const warmupIds = [cold.responseId];
  await Promise.all(
    Array.from({ length: plan.warmup }, async (_, i) => {
      const warm = await sendOne(`warmup-${i + 1}`, plan.requests + i + 1);
      warmupIds.push(warm.responseId);
    }),
  );

  const startedAt = Date.now();
  const started = performance.now();
  const sent: Sent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < plan.requests) {
      const index = next;
      next += 1;
      sent.push(await sendOne(`load-${index}`, index));
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  const result: LoadResult = {
    coldAckMs: cold.ackMs,
    startedAt,
    sendingMs: performance.now() - started,
    warmupIds,
    sent,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Waits for a child to exit, killing it when it outlives `limitMs`. Resolves its exit code. */
function exited(child: ChildProcess, limitMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Runs this file as the load process and parses its answer; killed at the deadline. */
async function runLoadProcess(plan: LoadPlan, deadlineMs: number): Promise<LoadResult> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
    env: { PATH: process.env.PATH ?? "", [PLAN_VARIABLE]: JSON.stringify(plan) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    output += chunk;
  });
  const code = await exited(child, deadlineMs);
  if (code !== 0) throw new Error(`The load process stopped with status ${code ?? "(killed)"}.`);
  return LoadResult.parse(JSON.parse(output));
}

interface AppProcess {
  url: string;
  /** Everything the app wrote to stderr (its log). */
  log: () => string;
  stop(): Promise<void>;
}

/** Starts the app as `npm start` does, with only the settings below, and waits for /healthz. */
async function startAppProcess(
  slack: SlackApiServer,
  efaxUrl: string,
  signingSecret: string,
  dataDir: string,
): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      LOG_LEVEL: "info",
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_TOKEN: SLACK_TEST_IDS.botToken,
      SLACK_API_URL: slack.url,
      EFAX_API_URL: efaxUrl,
      EFAX_API_KEY: TEST_EFAX_CREDENTIALS.apiKey,
      EFAX_USERNAME: TEST_EFAX_CREDENTIALS.username,
      EFAX_PASSWORD: TEST_EFAX_CREDENTIALS.password,
      DATA_DIR: dataDir,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    log += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    url,
    log: () => log,
    async stop() {
      child.kill("SIGTERM");
      await exited(child, 10_000);
    },
  };
  const readyBy = performance.now() + 20_000;
  while (performance.now() < readyBy && child.exitCode === null) {
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return app;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await app.stop();
  throw new Error(`The app did not become healthy on ${url}. Its log:\n${log}`);
}

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

function isReport(call: RecordedCall): boolean {
  return buttons(call.body).some((button) => button.actionId === ACTION_IDS.share);
}

type Outcome = "report" | "other answer" | "none";

/**
 * The final answer at each response_url (a report, or something else), reading the recorded
 * calls as they come until all have one or the deadline passes.
 */
async function finalAnswers(
  slack: SlackApiServer,
  responseIds: readonly string[],
  deadline: number,
): Promise<{ outcomes: Map<string, Outcome>; lastAt: number }> {
  const pending = new Set(responseIds);
  const outcomes = new Map<string, Outcome>();
  let lastAt = 0;
  let read = 0;
  while (pending.size > 0 && performance.now() < deadline) {
    for (; read < slack.calls.length; read += 1) {
      const call = slack.calls[read];
      const id = call?.target;
      if (call?.method !== RESPONSE_URL_METHOD || id === undefined || !pending.has(id)) continue;
      if (!isFinalAnswer(call)) continue;
      outcomes.set(id, isReport(call) ? "report" : "other answer");
      lastAt = Math.max(lastAt, call.at);
      pending.delete(id);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { outcomes, lastAt };
}

async function runBenchmark(): Promise<number> {
  const { requests, concurrency, efaxDelayMs, deadlineMs, warmup, workspaces } = readOptions();
  const slack = await startSlackApiServer({ fallbackUser: { tz: "America/New_York" } });
  const efax = await startEfaxServer({ delayMs: efaxDelayMs });
  const dataDir = await mkdtemp(join(tmpdir(), "efax-loadtest-"));
  const signingSecret = randomBytes(16).toString("hex");
  let app: AppProcess | null = null;
  try {
    app = await startAppProcess(slack, efax.url, signingSecret, dataDir);
    console.log(
      `Load test: ${requests} × "/efax ${TEXT}", ${concurrency} at a time, eFax answering ` +
        `after ${formatMs(efaxDelayMs)}, from ${workspaces} workspace(s), after ${warmup + 1} ` +
        `warm-up commands; app at ${app.url}`,
    );
    const [load1] = loadavg();
    console.log(
      `Machine: ${availableParallelism()} CPUs, load average ${load1?.toFixed(2)} before the run ` +
        "(other work on the machine shows in the figures).",
    );
    const started = performance.now();
    const load = await runLoadProcess(
      {
        eventsUrl: `${app.url}/api/slack/events`,
        signingSecret,
        responseUrlBase: slack.responseUrl("load-0").replace(/load-0$/, ""),
        requests,
        concurrency,
        warmup,
        workspaces,
      },
      deadlineMs,
    );
    const acked = load.sent.filter((s) => s.status === 200);
    const { outcomes, lastAt } = await finalAnswers(
      slack,
      [...acked.map((s) => s.responseId), ...load.warmupIds],
      started + deadlineMs,
    );

    const times = acked.map((s) => s.ackMs).sort((a, b) => a - b);
    const counted = acked.map((s) => outcomes.get(s.responseId) ?? "none");
    const reports = counted.filter((a) => a === "report").length;
    const p99 = percentile(times, 99);
    console.log(
      formatTable(
        ["measure", "value"],
        [
          ["first (cold) acknowledgement", formatMs(load.coldAckMs)],
          ["commands sent", String(load.sent.length)],
          ["acknowledged (HTTP 200)", String(acked.length)],
          ["ack p50", formatMs(percentile(times, 50))],
          ["ack p99", formatMs(p99)],
          ["ack max", formatMs(times.at(-1) ?? Number.NaN)],
          ["time to send all", formatMs(load.sendingMs)],
          ["reports delivered", String(reports)],
          ["other final answers", String(counted.filter((a) => a === "other answer").length)],
          ["no final answer by the deadline", String(counted.filter((a) => a === "none").length)],
          ["first counted command → last answer", formatMs(lastAt - load.startedAt)],
          ["eFax requests served", String(efax.requests.length)],
        ],
      ),
    );
    const allAcked = acked.length === requests;
    const allDelivered = reports === requests;
    console.log(`${verdict(allAcked)}  every command acknowledged (${acked.length}/${requests})`);
    console.log(
      `${verdict(p99 < ACK_GOAL_MS)}  p99 acknowledgement under ${ACK_GOAL_MS} ms (${formatMs(p99)})`,
    );
    console.log(`${verdict(allDelivered)}  every report delivered (${reports}/${requests})`);
    if (!allDelivered) console.log(`The app's log:\n${app.log()}`);
    return allAcked && allDelivered ? 0 : 1;
  } finally {
    await app?.stop();
    await Promise.all([slack.close(), efax.close()]);
    await rm(dataDir, { recursive: true, force: true });
  }
}

const planText = process.env[PLAN_VARIABLE];
if (planText !== undefined) {
  await runLoad(LoadPlan.parse(JSON.parse(planText)));
} else {
  const code = await runBenchmark();
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5000).unref();
}
