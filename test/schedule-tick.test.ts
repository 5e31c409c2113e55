import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readLastRuns } from "../src/services/schedule/records.ts";
import { TickUnavailableError } from "../src/services/schedule/tick.ts";
import { eraseWorkspace } from "../src/services/workspace.ts";
import { storeKeys } from "../src/store/keys.ts";
import type { Store } from "../src/store/types.ts";
import { type Harness, startHarness } from "./support/schedule-harness.ts";
import { createTestJob, type TestJob } from "./support/test-job.ts";

const NINE = { hour: 9, channel: "C0DIGEST01" };
const LEASE_SECONDS = 600;

function postsByTeam(job: TestJob): Record<string, string[]> {
  const byTeam: Record<string, string[]> = {};
  for (const post of job.posted) byTeam[post.teamId] = [...(byTeam[post.teamId] ?? []), post.runId];
  return byTeam;
}

describe.each(["embedded", "upstash"] as const)("the tick on the %s store", (storeKind) => {
  let harness: Harness;
  let job: TestJob;

  beforeEach(async () => {
    harness = await startHarness({ store: storeKind, workspaces: 3 });
    job = createTestJob({ leaseSeconds: LEASE_SECONDS });
    await harness.schedule(job, NINE);
  });
  afterEach(async () => {
    await harness.close();
  });

  /** Makes the claim of a run expire now, as its lease would (Redis time, or the clock). */
  async function expireLease(teamId: string, runId: string): Promise<void> {
    const key = storeKeys.jobRun(teamId, job.name, runId);
    if (harness.upstash) await harness.upstash.redis.pexpire(key, 1);
    harness.advance(LEASE_SECONDS * 1000 + 1);
    if (harness.upstash) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  it("runs nothing before a run is due, then each due run once, and records how it went", async () => {
    harness.at("2026-12-03T08:59:00Z");
    expect(await harness.tick([job])).toMatchObject({ due: 0, claimed: 0 });

    harness.at("2026-12-03T09:00:00Z");
    const first = await harness.tick([job]);
    expect(first).toMatchObject({ due: 3, claimed: 3, done: 3, alreadyDone: 0, errors: 0 });
    expect(postsByTeam(job)).toEqual({
      T0000001: ["2026-12-03"],
      T0000002: ["2026-12-03"],
      T0000003: ["2026-12-03"],
    });
    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(3);

    harness.at("2026-12-03T09:01:00Z");
    expect(await harness.tick([job])).toMatchObject({ due: 3, alreadyDone: 3, claimed: 0 });
    expect(job.started).toHaveLength(3);

    const last = await readLastRuns(harness.store, "T0000002", [job]);
    expect(last.test).toMatchObject({
      runId: "2026-12-03",
      outcome: "done",
      at: "2026-12-03T09:00:00.000Z",
    });
    expect(last.test?.text).toMatch(/^posted /);
    expect(harness.logs.some((line) => /Tick \(tick\): 3 due; 3 run: 3 done/.test(line))).toBe(
      true,
    );
  });

  it("runs each run once when two ticks run at the same time", async () => {
    harness.at("2026-12-03T09:00:00Z");
    job.script("T0000001", { kind: "slow", ms: 30 });
    const [a, b] = await Promise.all([harness.tick([job]), harness.tick([job])]);
    expect(a.claimed + b.claimed).toBe(3);
    expect(a.done + b.done).toBe(3);
    expect(job.started).toHaveLength(3);
    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(3);
  });

  it("runs each run once when a tick is retried, and again only after a retry outcome", async () => {
    harness.at("2026-12-03T09:00:00Z");
    job.script("T0000003", { kind: "retry", reason: "Slack was briefly unreachable" }, 1);
    expect(await harness.tick([job])).toMatchObject({ done: 2, retried: 1 });
    expect((await readLastRuns(harness.store, "T0000003", [job])).test).toMatchObject({
      outcome: "retry",
      text: "Slack was briefly unreachable",
    });

    harness.at("2026-12-03T09:05:00Z");
    expect(await harness.tick([job])).toMatchObject({ alreadyDone: 2, claimed: 1, done: 1 });
    expect(await harness.tick([job])).toMatchObject({ alreadyDone: 3, claimed: 0 });
    expect(postsByTeam(job)).toEqual({
      T0000001: ["2026-12-03"],
      T0000002: ["2026-12-03"],
      T0000003: ["2026-12-03"],
    });
  });

  it("leaves a run that never returns to its lease, and a later tick takes it over", async () => {
    harness.at("2026-12-03T09:00:00Z");
    job.script("T0000002", { kind: "hang" }, 1);
    // Every run is asked to stop at once; the two that post anyway finish well within the grace.
    const first = await harness.tick([job], { stopAfterMs: 0, graceMs: 1_000 });
    expect(first).toMatchObject({ claimed: 3, done: 2, overran: 1 });
    expect(harness.logs.some((line) => line.includes("did not stop within 1000 ms"))).toBe(true);

    harness.advance(60_000);
    expect(await harness.tick([job])).toMatchObject({ alreadyDone: 2, inProgress: 1, claimed: 0 });

    await expireLease("T0000002", "2026-12-03");
    expect(await harness.tick([job])).toMatchObject({ alreadyDone: 2, claimed: 1, done: 1 });
    expect(postsByTeam(job).T0000002).toEqual(["2026-12-03"]);
    expect(job.started.filter((run) => run.teamId === "T0000002")).toHaveLength(2);
  });

  it("catches up the same day after missed ticks, and never runs a missed day late", async () => {
    harness.at("2026-12-03T11:30:00Z");
    expect(await harness.tick([job])).toMatchObject({ due: 3, done: 3 });

    // The app was down all of 4 December: the 5th's first tick posts the 5th only.
    harness.at("2026-12-05T08:00:00Z");
    expect(await harness.tick([job])).toMatchObject({ due: 0 });
    harness.at("2026-12-05T09:02:00Z");
    expect(await harness.tick([job])).toMatchObject({ due: 3, done: 3 });
    expect(postsByTeam(job).T0000001).toEqual(["2026-12-03", "2026-12-05"]);
  });

  it("keeps going past one workspace's failures, and records each", async () => {
    harness.at("2026-12-03T09:00:00Z");
    await harness.schedule(job, NINE, ["T0NOTINST"]);
    job.script("T0000001", { kind: "throw", message: "the digest broke" }, 1);
    job.script("T0000002", { kind: "failed", reason: "the bot was removed from #fax-ops" }, 1);

    const summary = await harness.tick([job]);
    expect(summary).toMatchObject({ due: 4, claimed: 4, done: 1, retried: 1, failed: 2 });
    expect(postsByTeam(job)).toEqual({ T0000003: ["2026-12-03"] });

    const last = async (teamId: string) => (await readLastRuns(harness.store, teamId, [job])).test;
    expect(await last("T0000001")).toMatchObject({
      outcome: "retry",
      text: "Error: the digest broke",
    });
    expect(await last("T0000002")).toMatchObject({
      outcome: "failed",
      text: "the bot was removed from #fax-ops",
    });
    expect(await last("T0NOTINST")).toMatchObject({
      outcome: "failed",
      text: "The app cannot act in workspace T0NOTINST: it is not installed there any more.",
    });

    // Failed runs are not retried; the one that threw is, and posts.
    harness.advance(60_000);
    expect(await harness.tick([job])).toMatchObject({ alreadyDone: 3, claimed: 1, done: 1 });
    expect(postsByTeam(job).T0000001).toEqual(["2026-12-03"]);
  });

  it("records a run whose token Slack revoked as failed, not to retry", async () => {
    harness.at("2026-12-03T09:00:00Z");
    harness.slack.failNext("chat.postMessage", { error: "token_revoked" }, 3);
    const summary = await harness.tick([job], { concurrency: 1 });
    expect(summary).toMatchObject({ failed: 3, retried: 0 });
    expect((await readLastRuns(harness.store, "T0000001", [job])).test?.text).toMatch(
      /Slack no longer accepts the app's token in this workspace \(Slack API error token_revoked\): install the app again\./,
    );
  });

  it("keeps going when the store fails for one workspace's key", async () => {
    harness.at("2026-12-03T09:00:00Z");
    const store = harness.services.store;
    let broken = true;
    const flaky: Store = {
      ...store,
      async setIfAbsent(key, value, options) {
        if (broken && key.startsWith(storeKeys.workspacePrefix("T0000002"))) {
          throw new Error("the store failed for this key");
        }
        return store.setIfAbsent(key, value, options);
      },
    };
    const services = { ...harness.services, store: flaky };
    const { runTick } = await import("../src/services/schedule/tick.ts");
    expect(await runTick(services, { jobs: [job] })).toMatchObject({ done: 2, errors: 1 });
    broken = false;
    expect(await runTick(services, { jobs: [job] })).toMatchObject({ alreadyDone: 2, done: 1 });
    expect(Object.keys(postsByTeam(job)).sort()).toEqual(["T0000001", "T0000002", "T0000003"]);
  });

  it("runs a run whose claim was made but whose answer was lost (a store timeout)", async () => {
    harness.at("2026-12-03T09:00:00Z");
    const store = harness.services.store;
    const lossy: Store = {
      ...store,
      async setIfAbsent(key, value, options) {
        await store.setIfAbsent(key, value, options);
        throw new Error("the store's answer timed out");
      },
    };
    const { runTick } = await import("../src/services/schedule/tick.ts");
    const summary = await runTick({ ...harness.services, store: lossy }, { jobs: [job] });
    expect(summary).toMatchObject({ claimed: 3, done: 3, errors: 0 });
    expect(job.posted).toHaveLength(3);
  });

  it("stops starting runs at its deadline and leaves the rest for the next tick", async () => {
    harness.at("2026-12-03T09:00:00Z");
    // The tick's own clock: each run takes 40 "ms" of it; no run may start after 50.
    let elapsed = 0;
    job.beforeRun = () => {
      elapsed += 40;
    };
    const clock = () => elapsed;
    const first = await harness.tick([job], { concurrency: 1, startWithinMs: 50, clock });
    expect(first).toMatchObject({ due: 3, claimed: 2, done: 2, left: 1 });
    expect(harness.logs.some((line) => line.includes("1 left for the next tick"))).toBe(true);
    const second = await harness.tick([job]);
    expect(second).toMatchObject({ alreadyDone: 2, claimed: 1, done: 1 });
    expect(job.posted).toHaveLength(3);
  });

  it("answers a tick that cannot read any index with TickUnavailableError", async () => {
    const down: Store = {
      ...harness.services.store,
      getFields: () => Promise.reject(new Error("connection refused")),
    };
    await expect(
      (await import("../src/services/schedule/tick.ts")).runTick(
        { ...harness.services, store: down },
        { jobs: [job] },
      ),
    ).rejects.toThrow(TickUnavailableError);
  });

  it("erases a workspace from the index, its run records and its last runs", async () => {
    harness.at("2026-12-03T09:00:00Z");
    await harness.tick([job]);
    const prefix = storeKeys.workspacePrefix("T0000001");
    expect((await harness.store.keys(`${prefix}job:`)).length).toBe(2);
    await eraseWorkspace(harness.services, "T0000001", [job]);
    expect(await harness.store.keys(`${prefix}job:`)).toEqual([]);
    expect(Object.keys(await harness.store.getFields(job.indexKey)).sort()).toEqual([
      "T0000002",
      "T0000003",
    ]);
    harness.at("2026-12-04T09:00:00Z");
    expect(await harness.tick([job])).toMatchObject({ due: 2, done: 2 });
  });
});

describe("the tick with two store clients on the same Redis (two processes)", () => {
  it("runs each run once", async () => {
    const harness = await startHarness({ store: "upstash", workspaces: 20 });
    const other = await harness.secondProcess();
    try {
      const job = createTestJob();
      await harness.schedule(job, NINE);
      harness.at("2026-12-03T09:00:00Z");
      const { runTick } = await import("../src/services/schedule/tick.ts");
      const [a, b] = await Promise.all([
        runTick(harness.services, { jobs: [job], concurrency: 4 }),
        runTick(other.services, { jobs: [job], concurrency: 4 }),
      ]);
      expect(a.done + b.done).toBe(20);
      expect(job.started).toHaveLength(20);
      expect(new Set(job.posted.map((post) => post.teamId)).size).toBe(20);
      expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(20);
    } finally {
      await other.close();
      await harness.close();
    }
  });
});
