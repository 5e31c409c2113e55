/**
 * A scheduled job for tests and the tick benchmark, standing in for the digest: each workspace in
 * its index has a run due every UTC day from `hour` on (run id: the UTC day), which posts one
 * message to `channel` with the workspace's client. What a run does besides can be scripted per
 * workspace: return `retry` or `failed`, throw, never return, or wait a while.
 */

import type { RunContext, RunOutcome, ScheduledJob } from "../../src/services/schedule/job.ts";
import { storeKeys } from "../../src/store/keys.ts";
import type { StoredValue } from "../../src/store/types.ts";

export interface TestEntry extends StoredValue {
  /** UTC hour from which the day's run is due. */
  hour: number;
  channel: string;
}

/** What the next runs of a workspace do instead of (or before) posting. */
export type TestBehaviour =
  | { kind: "post" }
  | { kind: "retry"; reason: string }
  | { kind: "failed"; reason: string }
  | { kind: "throw"; message: string }
  /** Never returns, and ignores its signal: a process that died mid-run, as the store sees it. */
  | { kind: "hang" }
  /** Posts after `ms`, or returns retry when its signal fires first. */
  | { kind: "slow"; ms: number };

export interface TestJob extends ScheduledJob<TestEntry> {
  /** Every run that started, in order. */
  started: { teamId: string; runId: string }[];
  /** Every run that posted, in order. */
  posted: { teamId: string; runId: string; ts: string }[];
  /** Sets what the next `times` runs of a workspace do (default: every run from now on). */
  script(teamId: string, behaviour: TestBehaviour, times?: number): void;
  /** Called as each run starts (tests move their clock here). */
  beforeRun: ((teamId: string) => void) | null;
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Creates a test job named `name` (default `test`), with its own index key. */
export function createTestJob(options: { name?: string; leaseSeconds?: number } = {}): TestJob {
  const name = options.name ?? "test";
  const scripts = new Map<string, { behaviour: TestBehaviour; times: number }>();
  const started: TestJob["started"] = [];
  const posted: TestJob["posted"] = [];

  const behaviourOf = (teamId: string): TestBehaviour => {
    const scripted = scripts.get(teamId);
    if (!scripted) return { kind: "post" };
    scripted.times -= 1;
    if (scripted.times <= 0) scripts.delete(teamId);
    return scripted.behaviour;
  };

  const post = async (context: RunContext<TestEntry>): Promise<RunOutcome> => {
    const result = await context.client.chat.postMessage({
      channel: context.entry.channel,
      text: `Test run ${context.run.id} of ${context.teamId}`,
    });
    posted.push({ teamId: context.teamId, runId: context.run.id, ts: String(result.ts) });
    return { kind: "done", note: `posted ${result.ts}` };
  };

  const job: TestJob = {
    name,
    indexKey: storeKeys.jobIndex(name),
    leaseSeconds: options.leaseSeconds ?? 600,
    started,
    posted,
    beforeRun: null,
    script(teamId, behaviour, times = Number.POSITIVE_INFINITY) {
      scripts.set(teamId, { behaviour, times });
    },
    parseEntry(value) {
      const { hour, channel } = value;
      if (typeof hour !== "number" || typeof channel !== "string") return null;
      return { hour, channel };
    },
    dueRun(entry, now) {
      return now.getUTCHours() >= entry.hour ? { id: utcDay(now) } : null;
    },
    async run(context) {
      started.push({ teamId: context.teamId, runId: context.run.id });
      job.beforeRun?.(context.teamId);
      const behaviour = behaviourOf(context.teamId);
      switch (behaviour.kind) {
        case "post":
          return post(context);
        case "retry":
          return { kind: "retry", reason: behaviour.reason };
        case "failed":
          return { kind: "failed", reason: behaviour.reason };
        case "throw":
          throw new Error(behaviour.message);
        case "hang":
          return new Promise<RunOutcome>(() => {});
        case "slow": {
          const stopped = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), behaviour.ms);
            context.signal.addEventListener("abort", () => {
              clearTimeout(timer);
              resolve(true);
            });
          });
          return stopped ? { kind: "retry", reason: "stopped at the deadline" } : post(context);
        }
      }
    },
  };
  return job;
}
