import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { digestStatus } from "../src/services/digest/commands.ts";
import { digestJob } from "../src/services/digest/job.ts";
import { type DigestSetting, storeDigest } from "../src/services/digest/settings.ts";
import { readLastRuns } from "../src/services/schedule/records.ts";
import { runTick } from "../src/services/schedule/tick.ts";
import { eraseWorkspace } from "../src/services/workspace.ts";
import { storeKeys } from "../src/store/keys.ts";
import { checkMessage } from "../src/views/limits.ts";
import { type Harness, startHarness } from "./support/schedule-harness.ts";
import { visibleText } from "./support/view-text.ts";
import { botTokenOf } from "./support/workspaces.ts";

const ADMIN = "U0ADMIN001";
const CHANNEL = "C0DIGEST01";
const ARCHIVED = "C0ARCHIVE1";

function setting(overrides: Partial<DigestSetting> = {}): DigestSetting {
  return {
    channelId: CHANNEL,
    time: "09:00",
    cadence: "daily",
    timeZone: "America/Chicago",
    setBy: ADMIN,
    setAt: "2026-11-01T12:00:00.000Z",
    ...overrides,
  };
}

describe.each(["embedded", "upstash"] as const)(
  "digests through the tick on the %s store",
  (storeKind) => {
    let harness: Harness;

    beforeEach(async () => {
      harness = await startHarness({ store: storeKind, workspaces: 3 });
      harness.slack.setChannel(ARCHIVED, { name: "old-faxes", isArchived: true });
      for (const teamId of harness.teams) await storeDigest(harness.store, teamId, setting());
    });
    afterEach(async () => {
      await harness.close();
    });

    /** Channel posts (not thread replies) each workspace made, by team id. */
    function mainPosts(): Record<string, number> {
      const byTeam: Record<string, number> = {};
      for (const call of harness.slack.callsTo("chat.postMessage")) {
        if (call.response.ok !== true || call.body.thread_ts || call.body.channel !== CHANNEL)
          continue;
        const team = harness.teams.find((t) => botTokenOf(t) === call.token) ?? "?";
        byTeam[team] = (byTeam[team] ?? 0) + 1;
      }
      return byTeam;
    }

    it("posts every workspace's digest once at 9:00 in its zone, two processes ticking at once", async () => {
      // 8:59 in Chicago.
      harness.at("2026-12-03T14:59:00Z");
      expect(await harness.tick([digestJob])).toMatchObject({ due: 0 });

      harness.at("2026-12-03T15:00:00Z");
      const second = storeKind === "upstash" ? await harness.secondProcess() : null;
      const before = harness.efax.requests.length;
      const [a, b] = await Promise.all([
        harness.tick([digestJob]),
        second ? runTick(second.services, { jobs: [digestJob] }) : harness.tick([digestJob]),
      ]);
      await second?.close();
      expect(a.done + b.done).toBe(3);
      expect(a.claimed + b.claimed).toBe(3);
      expect(mainPosts()).toEqual({ T0000001: 1, T0000002: 1, T0000003: 1 });
      // First digests: 29 days (the day and the four weeks before) × 3 reports, per workspace.
      expect(harness.efax.requests.length - before).toBe(3 * 29 * 3);

      const post = harness.slack
        .callsTo("chat.postMessage")
        .find((c) => c.body.channel === CHANNEL);
      expect(checkMessage({ text: post?.body.text, blocks: post?.body.blocks })).toEqual([]);
      expect(visibleText({ blocks: post?.body.blocks })).toContain("# Fax digest · Wed 2 Dec 2026");

      // A retried tick, later the same day: nothing again.
      harness.at("2026-12-03T15:05:00Z");
      expect(await harness.tick([digestJob])).toMatchObject({ due: 3, alreadyDone: 3, claimed: 0 });
      expect(mainPosts()).toEqual({ T0000001: 1, T0000002: 1, T0000003: 1 });

      const status = await digestStatus(harness.services, "T0000002");
      expect(status.lastRun).toMatchObject({ outcome: "done", text: "Posted." });
      expect(status.next?.day).toBe("2026-12-04");

      // The next morning: one call per workspace and report, the earlier weeks kept.
      harness.at("2026-12-04T15:00:00Z");
      const nextBefore = harness.efax.requests.length;
      expect(await harness.tick([digestJob])).toMatchObject({ done: 3 });
      expect(harness.efax.requests.length - nextBefore).toBe(3 * 3);
      expect(mainPosts()).toEqual({ T0000001: 2, T0000002: 2, T0000003: 2 });
    });

    it("catches up a morning the app was down for, the same day only", async () => {
      // Down from 8:00 to 14:00 in Chicago: the first tick back posts today's.
      harness.at("2026-12-03T20:00:00Z");
      expect(await harness.tick([digestJob])).toMatchObject({ done: 3 });
      // Down all of the next day: nothing is posted for it the day after, before 9:00.
      harness.at("2026-12-05T14:00:00Z");
      expect(await harness.tick([digestJob])).toMatchObject({ due: 0 });
      expect(mainPosts()).toEqual({ T0000001: 1, T0000002: 1, T0000003: 1 });
    });

    it("records a workspace's fault in its last run and keeps the others going", async () => {
      await storeDigest(harness.store, "T0000003", setting({ channelId: ARCHIVED }));
      harness.at("2026-12-03T15:00:00Z");
      expect(await harness.tick([digestJob])).toMatchObject({ done: 2, failed: 1 });
      expect(mainPosts()).toEqual({ T0000001: 1, T0000002: 1 });

      const last = await readLastRuns(harness.store, "T0000003", [digestJob]);
      expect(last.digest).toMatchObject({
        outcome: "failed",
        text: "The digest's channel is archived.",
      });
      const status = await digestStatus(harness.services, "T0000003");
      expect(status.fault).toMatchObject({ fault: "archived", channelId: ARCHIVED });
      const dms = harness.slack.callsTo("chat.postMessage").filter((c) => c.body.channel === ADMIN);
      expect(dms).toHaveLength(1);
      expect(dms[0]?.token).toBe(botTokenOf("T0000003"));

      // Failed runs are not retried the same day; the next day fails again without a second message.
      harness.at("2026-12-03T15:30:00Z");
      expect(await harness.tick([digestJob])).toMatchObject({ alreadyDone: 3, claimed: 0 });
      harness.at("2026-12-04T15:00:00Z");
      expect(await harness.tick([digestJob])).toMatchObject({ done: 2, failed: 1 });
      expect(
        harness.slack.callsTo("chat.postMessage").filter((c) => c.body.channel === ADMIN),
      ).toHaveLength(1);
    });

    it("posts the weekly digest on Mondays only, covering Monday to Sunday", async () => {
      for (const teamId of harness.teams) {
        await storeDigest(harness.store, teamId, setting({ cadence: "weekly", time: "08:00" }));
      }
      // Sunday 29 November, 8:00 in Chicago: not a posting day.
      harness.at("2026-11-29T14:00:00Z");
      expect(await harness.tick([digestJob])).toMatchObject({ due: 0 });
      harness.at("2026-11-30T14:00:00Z");
      expect(await harness.tick([digestJob])).toMatchObject({ done: 3 });
      const post = harness.slack
        .callsTo("chat.postMessage")
        .find((c) => c.body.channel === CHANNEL);
      expect(visibleText({ blocks: post?.body.blocks })).toContain(
        "# Weekly fax digest · 23–29 Nov 2026",
      );
    });

    it("goes out once on New York's spring-forward day, at the first tick after a skipped 2:30", async () => {
      for (const teamId of harness.teams) {
        await storeDigest(
          harness.store,
          teamId,
          setting({ time: "02:30", timeZone: "America/New_York" }),
        );
      }
      const runs: string[] = [];
      // Ticks every 10 minutes from midnight to 4:00 local (EST, then EDT from 3:00).
      for (
        let t = Date.parse("2026-03-08T05:00:00Z");
        t <= Date.parse("2026-03-08T08:00:00Z");
        t += 600_000
      ) {
        harness.at(new Date(t).toISOString());
        const summary = await harness.tick([digestJob]);
        if (summary.done > 0) runs.push(`${new Date(t).toISOString()} ${summary.done}`);
      }
      expect(runs).toEqual(["2026-03-08T07:00:00.000Z 3"]);
    });

    it("erases the schedule and every marker with the workspace", async () => {
      harness.at("2026-12-03T15:00:00Z");
      await harness.tick([digestJob]);
      await eraseWorkspace(harness.services, "T0000001");
      expect(await harness.store.getFields(digestJob.indexKey)).not.toHaveProperty("T0000001");
      expect(await harness.store.keys(storeKeys.workspacePrefix("T0000001"))).toEqual([]);
      harness.at("2026-12-04T15:00:00Z");
      expect(await harness.tick([digestJob])).toMatchObject({ due: 2 });
    });
  },
);
