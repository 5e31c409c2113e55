/**
 * `npm run ticktest`: one tick over 1,000 workspaces whose runs are all due, through the real
 * app as `npm start` runs it (its `/api/cron/tick`, authenticated with `CRON_SECRET`), on the
 * embedded store (SQLite in a temporary `DATA_DIR`) and on the Upstash driver through the
 * test REST server over a `redis-server` started for the run; each without and with fan-out
 * (the tick publishes each run to the local QStash-speaking server, which delivers it signed to
 * `/api/cron/run`). Local Slack and eFax servers answer at once, so the figures are the app's own
 * cost: the tick's wall time and time per workspace, runs posted (exactly one per workspace),
 * eFax calls, store requests (Upstash), and a second tick at once (everything already done).
 *
 * The job comes from `bench/tick-scenario.ts`: the digest (default) or the test job.
 * Options: `--workspaces 1000 --concurrency 16 --stores embedded,upstash --fanout off,on
 * --job digest|test`.
 * Exits non-zero when a tick did not post exactly one run per workspace.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type RunningServer, startServer } from "../src/main.ts";
import { createSealer, generateEncryptionKey, parseEncryptionKeys } from "../src/secrets/seal.ts";
import { type EfaxServer, startEfaxServer } from "../test/support/efax-server.ts";
import { startQStashServer } from "../test/support/qstash-server.ts";
import { startPrivateRedis } from "../test/support/redis-server.ts";
import { type SlackApiServer, startSlackApiServer } from "../test/support/slack-api-server.ts";
import { startUpstashServer, type UpstashServer } from "../test/support/upstash-server.ts";
import {
  botTokenOf,
  freePort,
  installWorkspace,
  oauthAppEnv,
  teamIdOf,
} from "../test/support/workspaces.ts";
import { formatMs, formatTable } from "./measure.ts";
import { BENCH_SCENARIO, BENCH_SCENARIOS, type TickBenchScenario } from "./tick-scenario.ts";

const { values } = parseArgs({
  options: {
    workspaces: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "16" },
    stores: { type: "string", default: "embedded,upstash" },
    fanout: { type: "string", default: "off,on" },
    job: { type: "string", default: "digest" },
  },
});
const WORKSPACES = Number(values.workspaces);
const CONCURRENCY = Number(values.concurrency);
const CRON_SECRET = randomBytes(24).toString("hex");
const CHANNEL = "C0DIGEST01";

interface Measurement {
  store: string;
  fanOut: boolean;
  at: string;
  tickMs: number;
  /** Ticks (one a minute on the app's clock) until every run was done: 1 when the first did all. */
  ticks: number;
  /** With fan-out: from the tick's start until QStash delivered the last run. */
  allDoneMs: number;
  posted: number;
  efaxCalls: number;
  storeRequests: number | null;
  workerRequests: number;
  idleTickMs: number;
  summary: Record<string, unknown>;
}

/** Ticks a measurement may take before it gives up on runs left over. */
const MAX_TICKS = 30;

/** True when a tick left runs for a later one (not started in time, retried, or cut short). */
function unfinished(summary: Record<string, unknown>): boolean {
  return ["left", "retried", "overran"].some((field) => Number(summary[field] ?? 0) > 0);
}

async function measure(
  scenario: TickBenchScenario,
  store: "embedded" | "upstash",
  fanOut: boolean,
  redisUrl: string,
): Promise<Measurement[]> {
  const teams = Array.from({ length: WORKSPACES }, (_, index) => teamIdOf(index));
  const slack: SlackApiServer = await startSlackApiServer({
    workspaces: teams.map((team) => ({ token: botTokenOf(team), teamId: team })),
    fallbackUser: { tz: "America/New_York" },
  });
  // Every workspace asks for the same days: keep them all rendered (the digest's five weeks).
  const efax: EfaxServer = await startEfaxServer({ bodyCacheSize: 256 });
  const upstash: UpstashServer | null =
    store === "upstash" ? await startUpstashServer({ redisUrl }) : null;
  const qstash = fanOut ? await startQStashServer() : null;
  const dataDir = upstash ? null : await mkdtemp(join(tmpdir(), "efax-ticktest-"));
  const port = await freePort();
  const encryptionKey = generateEncryptionKey();
  let nowMs = Date.parse(scenario.ticks[0] ?? "2026-12-03T09:00:00Z");
  const job = scenario.job();
  let server: RunningServer | null = null;
  try {
    server = await startServer({
      env: {
        ...oauthAppEnv({ slackUrl: slack.url, efaxUrl: efax.url, encryptionKey, upstash, dataDir }),
        CRON_SECRET,
        LOG_LEVEL: "warn",
        ...(qstash
          ? {
              QSTASH_TOKEN: qstash.token,
              QSTASH_URL: qstash.url,
              QSTASH_CURRENT_SIGNING_KEY: qstash.currentSigningKey,
              QSTASH_NEXT_SIGNING_KEY: qstash.nextSigningKey,
              APP_URL: `http://127.0.0.1:${port}`,
            }
          : {}),
      },
      port,
      write: () => {},
      now: () => new Date(nowMs),
      tickEveryMinute: false,
      jobs: [job],
      tick: { concurrency: CONCURRENCY },
    });
    const services = server.built.services;
    const sealer = createSealer(parseEncryptionKeys(encryptionKey));
    for (const [index, team] of teams.entries()) {
      await installWorkspace(
        { store: server.store, sealer, vault: services.vault },
        team,
        "U0BENCHUSR",
      );
      await scenario.setup?.(services, team);
      await server.store.setField(job.indexKey, team, scenario.entry(team, index, CHANNEL));
    }

    const results: Measurement[] = [];
    const url = `${server.url}/api/cron/tick`;
    const tick = async () => {
      const response = await fetch(url, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
      if (response.status !== 200) throw new Error(`The tick answered ${response.status}.`);
      return (await response.json()) as Record<string, unknown>;
    };
    for (const at of scenario.ticks) {
      nowMs = Date.parse(at);
      const postedBefore = scenario.posted(slack);
      const efaxBefore = efax.requests.length;
      const storeBefore = upstash?.requests.length ?? 0;
      const deliveriesBefore = qstash?.deliveries.length ?? 0;
      const started = performance.now();
      const summary = await tick();
      const tickMs = performance.now() - started;
      // Runs a tick could not start before its deadline (or had to stop) are left for the next
      // one, a minute later: tick on until none is.
      let ticks = 1;
      let last = summary;
      while (!fanOut && unfinished(last) && ticks < MAX_TICKS) {
        nowMs += 60_000;
        last = await tick();
        ticks += 1;
      }
      await qstash?.idle();
      const allDoneMs = performance.now() - started;
      const idleStart = performance.now();
      await tick();
      const idleTickMs = performance.now() - idleStart;
      await qstash?.idle();
      results.push({
        store,
        fanOut,
        at,
        tickMs,
        ticks,
        allDoneMs,
        posted: scenario.posted(slack) - postedBefore,
        efaxCalls: efax.requests.length - efaxBefore,
        storeRequests: upstash ? upstash.requests.length - storeBefore : null,
        workerRequests: (qstash?.deliveries.length ?? 0) - deliveriesBefore,
        idleTickMs,
        summary,
      });
    }
    return results;
  } finally {
    await server?.close();
    await Promise.all([slack.close(), efax.close(), upstash?.close(), qstash?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const scenario = BENCH_SCENARIOS[values.job ?? ""] ?? BENCH_SCENARIO;
  const stores = (values.stores ?? "").split(",").filter(Boolean) as ("embedded" | "upstash")[];
  const fanOuts = (values.fanout ?? "")
    .split(",")
    .filter(Boolean)
    .map((value) => value === "on");
  console.log(
    `Tick benchmark: ${WORKSPACES.toLocaleString("en")} workspaces with a run due, ${scenario.name}; concurrency ${CONCURRENCY}; ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(2)}.`,
  );
  const redis = stores.includes("upstash") ? await startPrivateRedis() : null;
  const rows: string[][] = [];
  let wrong = 0;
  try {
    for (const store of stores) {
      for (const fanOut of fanOuts) {
        for (const result of await measure(scenario, store, fanOut, redis?.url ?? "")) {
          if (result.posted !== WORKSPACES) wrong += 1;
          const perWorkspace = result.allDoneMs / WORKSPACES;
          rows.push([
            store === "embedded" ? "embedded (SQLite)" : "Upstash (local Redis)",
            fanOut ? "QStash" : "in the tick",
            result.at.slice(0, 10),
            formatMs(result.tickMs),
            fanOut || result.ticks > 1 ? formatMs(result.allDoneMs) : "—",
            String(result.ticks),
            `${perWorkspace.toFixed(2)} ms`,
            `${result.posted.toLocaleString("en")}`,
            String(result.efaxCalls),
            result.storeRequests === null ? "—" : (result.storeRequests / WORKSPACES).toFixed(1),
            fanOut ? result.workerRequests.toLocaleString("en") : "—",
            formatMs(result.idleTickMs),
          ]);
          console.log(
            `  ${store}, fan-out ${fanOut ? "on" : "off"}, ${result.at}: ${JSON.stringify(result.summary)}`,
          );
        }
      }
    }
  } finally {
    await redis?.stop();
  }
  console.log("");
  console.log(
    formatTable(
      [
        "store",
        "runs",
        "day",
        "tick",
        "all done",
        "ticks",
        "per workspace",
        "posted",
        "eFax calls",
        "store req./ws",
        "worker calls",
        "2nd tick",
      ],
      rows,
    ),
  );
  console.log("");
  console.log(
    wrong === 0
      ? `PASS every tick posted exactly ${WORKSPACES.toLocaleString("en")} runs.`
      : `MISS ${wrong} ticks did not post exactly ${WORKSPACES.toLocaleString("en")} runs.`,
  );
  if (wrong > 0) process.exitCode = 1;
}

await main();
