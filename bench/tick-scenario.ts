/**
 * What `npm run ticktest` ticks: which job, with what index entry per workspace, at which
 * times, and what counts as "posted". The tick's harness (`bench/tick.ts`) does the rest: 1,000
 * workspaces installed (OAuth, bot tokens sealed) with the test eFax account connected, the real
 * app as `npm start` runs it, its `/api/cron/tick` called with `CRON_SECRET`, with and without
 * QStash fan-out, on the embedded store and on Upstash over a local Redis.
 *
 * The scenario below is the test job (test/support/test-job.ts: one message per workspace, no
 * eFax call). To measure another job, export another scenario as `BENCH_SCENARIO`; for the digest:
 * `export const BENCH_SCENARIO = digestScenario;` with its entry (channel, time, zone), its tick
 * times (a first day, then the next day, when the earlier days come from the cache) and its
 * `posted` count.
 */

import type { Services } from "../src/services/context.ts";
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

/** The scenario `npm run ticktest` measures. */
export const BENCH_SCENARIO: TickBenchScenario = testJobScenario;
