/**
 * What `npm run ticktest` ticks: which job, with what index entry per workspace, at which
 * times, and what counts as "posted". The tick's harness (`bench/tick.ts`) does the rest: 1,000
 * workspaces installed (OAuth, bot tokens sealed) with the test eFax account connected, the real
 * app as `npm start` runs it, its `/api/cron/tick` called with `CRON_SECRET`, with and without
 * QStash fan-out, on the embedded store and on Upstash over a local Redis.
 *
 * Two scenarios: the digest (the default, `--job digest`) and the test job
 * (test/support/test-job.ts: one message per workspace, no eFax call; `--job test`).
 */

import type { Services } from "../src/services/context.ts";
import { digestJob } from "../src/services/digest/job.ts";
import { type DigestSetting, storeDigest } from "../src/services/digest/settings.ts";
import type { ScheduledJob } from "../src/services/schedule/job.ts";
import type { StoredValue } from "../src/store/types.ts";
import type { SlackApiServer } from "../test/support/slack-api-server.ts";
import { createTestJob } from "../test/support/test-job.ts";

export interface TickBenchScenario {
  /** Shown in the table's title. */
  name: string;
  /** A fresh job (the bench makes one per measurement). */
  job(): ScheduledJob;
  /** Index entry of the `index`-th workspace; due at each of `ticks`. */
  entry(teamId: string, index: number, channel: string): StoredValue;
  /** Anything else a workspace needs before its first run (settings, …). Default: nothing. */
  setup?(services: Services, teamId: string): Promise<void>;
  /** The times (ISO 8601) ticked, one measurement each: e.g. a first day, then the next day. */
  ticks: readonly string[];
  /** Runs that posted, from the local Slack server's calls. */
  posted(slack: SlackApiServer): number;
}

export const testJobScenario: TickBenchScenario = {
  name: "test job (one message per workspace)",
  job: () => createTestJob({ name: "test" }),
  entry: (_teamId, _index, channel) => ({ hour: 9, channel }),
  ticks: ["2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z"],
  posted: (slack) => slack.callsTo("chat.postMessage").length,
};

/**
 * The digest, for real: every workspace's digest set for 9:00 UTC, daily, to the bench channel.
 * The first day is each workspace's first digest (every day of the four weeks before is fetched
 * once, per report); on the next day only the new day is, the earlier weeks coming from the
 * figures the first digest kept. Posted: the digests' channel messages (not their thread).
 */
export const digestScenario: TickBenchScenario = {
  name: "the digest (daily, 9:00 UTC)",
  job: () => digestJob,
  entry: (_teamId, _index, channel) => digestEntry(channel),
  setup: async (services, teamId) => {
    await storeDigest(services.store, teamId, digestEntry("C0DIGEST01"));
  },
  ticks: ["2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z"],
  posted: (slack) =>
    slack
      .callsTo("chat.postMessage")
      .filter((call) => call.response.ok === true && call.body.thread_ts === undefined).length,
};

function digestEntry(channel: string): DigestSetting {
  return {
    channelId: channel,
    time: "09:00",
    cadence: "daily",
    timeZone: "UTC",
    setBy: "U0BENCHUSR",
    setAt: "2026-11-01T00:00:00.000Z",
  };
}

/** Every scenario, by the name `npm run ticktest -- --job <name>` takes. */
export const BENCH_SCENARIOS: Readonly<Record<string, TickBenchScenario>> = {
  digest: digestScenario,
  test: testJobScenario,
};

/** The scenario `npm run ticktest` measures by default. */
export const BENCH_SCENARIO: TickBenchScenario = digestScenario;
