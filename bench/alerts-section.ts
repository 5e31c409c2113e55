/**
 * Alert checks over 1,000 workspaces (issue 7): every workspace installed (OAuth, bot tokens
 * sealed), the test eFax account connected, and alerts on with every rule (success rate below
 * 99.5 % from 20 attempts, a line over 500 failures, numbers not reached), through the real app
 * as `npm start` runs it: its `/api/cron/tick` called with `CRON_SECRET` at several minutes of
 * two quarter hours of the workspaces' day, on the embedded store (SQLite in a temporary
 * `DATA_DIR`) and on the Upstash driver over a private local Redis. Between the quarter hours the
 * report cache is forgotten, as its ten minutes of real time would forget it.
 *
 * It prints, per tick, the checks run, the eFax calls made and per workspace and report, the
 * alerts posted and the tick's time. Goal: eFax asked at most once per workspace and report per
 * quarter hour, however often the tick comes.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { type RunningServer, startServer } from "../src/main.ts";
import { createSealer, generateEncryptionKey, parseEncryptionKeys } from "../src/secrets/seal.ts";
import { alertsJob } from "../src/services/alerts/job.ts";
import { storeAlerts } from "../src/services/alerts/settings.ts";
import { storeKeys } from "../src/store/keys.ts";
import { startEfaxServer } from "../test/support/efax-server.ts";
import { startPrivateRedis } from "../test/support/redis-server.ts";
import { startSlackApiServer } from "../test/support/slack-api-server.ts";
import { startUpstashServer } from "../test/support/upstash-server.ts";
import {
  botTokenOf,
  freePort,
  installWorkspace,
  oauthAppEnv,
  teamIdOf,
} from "../test/support/workspaces.ts";
import type { Goal, Section } from "./measure.ts";
import { formatMs, formatTable } from "./measure.ts";

/** Workspaces checked. */
export const ALERT_WORKSPACES = 1_000;
const CHANNEL = "C0ALERTS01";
const ZONE = "America/Chicago";
const CRON_SECRET = randomBytes(24).toString("hex");
/** 10:00 on a Thursday in Chicago, then minutes of two quarter hours. */
const TICKS = [
  { at: "2026-12-03T16:00:00Z", label: "10:00" },
  { at: "2026-12-03T16:01:00Z", label: "10:01" },
  { at: "2026-12-03T16:07:00Z", label: "10:07" },
  { at: "2026-12-03T16:14:00Z", label: "10:14" },
  { at: "2026-12-03T16:15:00Z", label: "10:15", newQuarter: true },
  { at: "2026-12-03T16:22:00Z", label: "10:22" },
];

interface TickFigures {
  label: string;
  quarter: string;
  claimed: number;
  efaxCalls: number;
  posted: number;
  tickMs: number;
  storeRequests: number | null;
}

async function measure(store: "embedded" | "upstash", redisUrl: string): Promise<TickFigures[]> {
  const teams = Array.from({ length: ALERT_WORKSPACES }, (_, index) => teamIdOf(index));
  const slack = await startSlackApiServer({
    workspaces: teams.map((team) => ({ token: botTokenOf(team), teamId: team })),
    fallbackUser: { tz: ZONE },
  });
  const efax = await startEfaxServer();
  const upstash = store === "upstash" ? await startUpstashServer({ redisUrl }) : null;
  const dataDir = upstash ? null : await mkdtemp(join(tmpdir(), "efax-alerts-bench-"));
  const encryptionKey = generateEncryptionKey();
  let nowMs = Date.parse(TICKS[0]?.at ?? "");
  let server: RunningServer | null = null;
  try {
    server = await startServer({
      env: {
        ...oauthAppEnv({ slackUrl: slack.url, efaxUrl: efax.url, encryptionKey, upstash, dataDir }),
        CRON_SECRET,
        LOG_LEVEL: "error",
      },
      port: await freePort(),
      write: () => {},
      now: () => new Date(nowMs),
      tickEveryMinute: false,
      jobs: [alertsJob],
      tick: { concurrency: 16 },
    });
    const services = server.built.services;
    const sealer = createSealer(parseEncryptionKeys(encryptionKey));
    process.stderr.write(`  ${store}: installing ${ALERT_WORKSPACES} workspaces…\n`);
    for (const team of teams) {
      await installWorkspace(
        { store: server.store, sealer, vault: services.vault },
        team,
        "U0BENCHUSR",
      );
      await storeAlerts(server.store, team, {
        channelId: CHANNEL,
        rate: { percent: 99.5, minAttempts: 20 },
        line: { failures: 500 },
        unreached: true,
        timeZone: ZONE,
        changedBy: "U0BENCHUSR",
        changedAt: new Date(nowMs).toISOString(),
      });
    }

    const url = `${server.url}/api/cron/tick`;
    const figures: TickFigures[] = [];
    let quarter = "";
    for (const tick of TICKS) {
      nowMs = Date.parse(tick.at);
      if (tick.newQuarter) {
        // Ten minutes of real time: the report cache no longer holds today's bodies.
        for (const team of teams) {
          for (const kind of ["account-overview", "failures"]) {
            await services.cache.delete(storeKeys.reportCache(team, kind, "2026-12-03"));
          }
        }
      }
      if (tick.newQuarter || quarter === "") quarter = tick.label;
      const efaxBefore = efax.requests.length;
      const postsBefore = slack.callsTo("chat.postMessage").length;
      const storeBefore = upstash?.requests.length ?? 0;
      const started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
      if (response.status !== 200) throw new Error(`The tick answered ${response.status}.`);
      const summary = (await response.json()) as { claimed?: number };
      const tickMs = performance.now() - started;
      figures.push({
        label: tick.label,
        quarter,
        claimed: summary.claimed ?? 0,
        efaxCalls: efax.requests.length - efaxBefore,
        posted: slack.callsTo("chat.postMessage").length - postsBefore,
        tickMs,
        storeRequests: upstash ? upstash.requests.length - storeBefore : null,
      });
      process.stderr.write(`  ${store}: tick at ${tick.label} done in ${formatMs(tickMs)}\n`);
    }
    return figures;
  } finally {
    await server?.close();
    await Promise.all([slack.close(), efax.close(), upstash?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

export const alertsSection: Section = {
  name: "alerts",
  title: `Alert checks: ${ALERT_WORKSPACES.toLocaleString("en")} workspaces with every rule on, ticked at several minutes of two quarter hours`,
  async run() {
    console.log(`Load average at the start: ${loadavg()[0]?.toFixed(2)}\n`);
    const redis = await startPrivateRedis();
    const rows: string[][] = [];
    const goals: Goal[] = [];
    try {
      for (const store of ["embedded", "upstash"] as const) {
        const figures = await measure(store, redis.url);
        const byQuarter = new Map<string, number>();
        for (const tick of figures) {
          byQuarter.set(tick.quarter, (byQuarter.get(tick.quarter) ?? 0) + tick.efaxCalls);
          rows.push([
            store === "embedded" ? "embedded (SQLite)" : "Upstash (local Redis)",
            tick.label,
            tick.claimed.toLocaleString("en"),
            tick.efaxCalls.toLocaleString("en"),
            (tick.efaxCalls / (ALERT_WORKSPACES * 2)).toFixed(2),
            tick.posted.toLocaleString("en"),
            formatMs(tick.tickMs),
            tick.storeRequests === null ? "—" : (tick.storeRequests / ALERT_WORKSPACES).toFixed(1),
          ]);
        }
        const worst = Math.max(...byQuarter.values()) / (ALERT_WORKSPACES * 2);
        goals.push({
          met: worst <= 1,
          text: `${store} store: eFax asked at most once per workspace and report per quarter hour (${worst.toFixed(2)} calls per workspace and report in the busiest quarter hour, ${[...byQuarter.values()].join(" and ")} calls in all)`,
        });
      }
    } finally {
      await redis.stop();
    }
    console.log(
      formatTable(
        [
          "store",
          "tick at",
          "checks run",
          "eFax calls",
          "per ws & report",
          "alerts posted",
          "tick",
          "store req./ws",
        ],
        rows,
      ),
    );
    return goals;
  },
};
