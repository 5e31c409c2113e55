import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, eachDay } from "../src/dates/calendar.ts";
import { digestJob } from "../src/services/digest/job.ts";
import { type DigestSetting, storeDigest } from "../src/services/digest/settings.ts";
import type { RunOutcome } from "../src/services/schedule/job.ts";
import { storeKeys } from "../src/store/keys.ts";
import { checkMessage } from "../src/views/limits.ts";
import { TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import { FILE_UPLOAD_METHOD, type RecordedCall } from "./support/slack-api-server.ts";
import { SLACK_TEST_IDS } from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { visibleText } from "./support/view-text.ts";

const TEAM = SLACK_TEST_IDS.teamId;
const ADMIN = "U0ADMIN001";
/** Where Slack puts a message the app addresses to the admin's user id. */
const ADMIN_DM = "D0ADMIN001";
const FAXOPS = "C0FAXOPS01";
const NOT_JOINED = "C0NOTJOIN1";
const PRIVATE_GONE = "G0PRIVGON1";
const PRIVATE_OUT = "G0PRIVOUT1";
const ARCHIVED = "C0ARCHIVE1";
/** A Thursday: its daily digest covers Wednesday 2 December 2026. */
const DAY = "2026-12-03";

function setting(overrides: Partial<DigestSetting> = {}): DigestSetting {
  return {
    channelId: FAXOPS,
    time: "09:00",
    cadence: "daily",
    timeZone: "America/Chicago",
    setBy: ADMIN,
    setAt: "2026-11-01T12:00:00.000Z",
    ...overrides,
  };
}

describe("the digest job, run against the real app, Slack and eFax servers and Upstash", () => {
  let app: RunningApp;
  let client: WebClient;

  beforeAll(async () => {
    app = await startApp({
      store: "upstash",
      slack: {
        users: { [ADMIN]: { tz: "America/Chicago", isAdmin: true } },
        channels: {
          [NOT_JOINED]: { name: "fax-ops-2", postError: "not_in_channel" },
          [PRIVATE_GONE]: { name: "billing", isPrivate: true, postError: "not_in_channel" },
          [PRIVATE_OUT]: { name: "secret", isPrivate: true, postError: "channel_not_found" },
          [ARCHIVED]: { name: "old-faxes", isArchived: true },
        },
      },
    });
    client = new WebClient(app.botToken, {
      slackApiUrl: app.slack.url,
      retryConfig: { retries: 0 },
    });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    await app.idle();
    app.slack.reset();
    app.slack.restoreToken(app.botToken);
    app.efax.setFault(null);
    await app.forget(TEAM);
    await app.connect(TEAM, TEST_EFAX_CREDENTIALS, ADMIN);
  });

  function run(entry: DigestSetting, day = DAY): Promise<RunOutcome> {
    return digestJob.run({
      services: app.services,
      teamId: TEAM,
      entry,
      run: { id: day },
      client,
      signal: new AbortController().signal,
    });
  }

  /** eFax requests made while `work` ran. */
  async function efaxCalls<T>(work: () => Promise<T>): Promise<{ result: T; paths: string[] }> {
    const before = app.efax.requests.length;
    const result = await work();
    return { result, paths: app.efax.requests.slice(before).map((r) => r.path) };
  }

  const shown = (message: { blocks?: unknown } | undefined) =>
    visibleText({ blocks: message?.blocks });
  const main = (channel = FAXOPS) => app.slack.messages(channel).filter((m) => !m.threadTs);
  const dms = () => app.slack.messages(ADMIN_DM);
  const posts = (channel = FAXOPS): RecordedCall[] =>
    app.slack.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);

  it("posts yesterday's figures against the same weekday, with details and the CSV in the thread", async () => {
    const { result, paths } = await efaxCalls(() => run(setting()));
    expect(result).toEqual({ kind: "done", note: "Posted." });

    // First digest: every day of the four weeks before, and the day itself, once per report.
    const days = eachDay({ from: "2026-11-04", to: "2026-12-02" });
    expect(paths).toHaveLength(days.length * 3);
    expect(new Set(paths).size).toBe(paths.length);
    for (const kind of ["account-overview", "failures", "billable-pages"]) {
      expect(paths.filter((p) => p.includes(`/${kind}/`))).toHaveLength(days.length);
    }

    const [post, ...rest] = main();
    expect(rest).toEqual([]);
    const message = { text: String(post?.text), blocks: post?.blocks };
    expect(checkMessage(message)).toEqual([]);
    const text = visibleText(message);
    expect(text).toContain("# Fax digest · Wed 2 Dec 2026");
    expect(text).toContain("Yesterday: 14,332 fax attempts");
    expect(text).toContain("*Unusual for a Wednesday*");
    expect(text).toMatch(/▲ \*Fax attempts\* 14,332: 1\.9× a normal Wednesday \(usually 7,703\)/);
    expect(text).toContain("the same Wednesday in the 4 weeks before (4–25 Nov 2026)");
    expect(text).toContain(`Digest set by <@${ADMIN}>`);

    const thread = app.slack.messages(FAXOPS).filter((m) => m.threadTs === post?.ts);
    expect(thread.length).toBeGreaterThan(1);
    for (const reply of thread.filter((m) => m.blocks !== undefined)) {
      expect(checkMessage({ text: String(reply.text), blocks: reply.blocks })).toEqual([]);
    }
    const upload = app.slack.callsTo("files.completeUploadExternal")[0];
    expect(upload?.body.thread_ts).toBe(post?.ts);
    expect(String(app.slack.callsTo(FILE_UPLOAD_METHOD)[0]?.body.content)).toMatch(
      /^\uFEFFdate,did,user/,
    );
    expect(dms()).toEqual([]);
  });

  it("asks eFax only for the new day the next morning, the weeks before coming from what it kept", async () => {
    await run(setting());
    const next = await efaxCalls(() => run(setting(), "2026-12-04"));
    expect(next.result.kind).toBe("done");
    expect(next.paths.sort()).toEqual([
      "/v1/account-overview/2026-12-03",
      "/v1/billable-pages/2026-12-03",
      "/v1/failures/2026-12-03",
    ]);
    const text = shown(main().at(-1));
    expect(text).toContain("the same Thursday in the 4 weeks before (5–26 Nov 2026)");
  });

  it("posts a day once, however often it is run", async () => {
    expect((await run(setting())).kind).toBe("done");
    const again = await efaxCalls(() => run(setting()));
    expect(again.result).toEqual({ kind: "done", note: "Already posted." });
    expect(again.paths).toEqual([]);
    expect(main()).toHaveLength(1);
  });

  it("flags an unusual number of unreached numbers in plain words", async () => {
    const dead: Record<string, Record<string, Record<string, Record<string, number>>>> = {
      "12125550143": { frontdesk: {} },
    };
    for (let i = 0; i < 400; i++) {
      const user = dead["12125550143"]?.frontdesk ?? {};
      user[`1804555${String(1000 + i)}`] = { Busy: 2, Success: 0, Total: 2 };
    }
    app.efax.setBody("failures", "2026-12-02", JSON.stringify(dead));
    try {
      await run(setting());
    } finally {
      app.efax.setBody("failures", "2026-12-02", null);
    }
    const text = shown(main()[0]);
    expect(text).toMatch(
      /⚠️ \*Numbers not reached\* 400: \d\.\d× a normal Wednesday \(usually \d+\)/,
    );
  });

  it("covers the previous Monday to Sunday in a weekly digest on Mondays", async () => {
    const { result, paths } = await efaxCalls(() =>
      run(setting({ cadence: "weekly" }), "2026-11-30"),
    );
    expect(result.kind).toBe("done");
    // The week and the four weeks before it: 35 days, once per report.
    expect(paths).toHaveLength(35 * 3);
    const text = shown(main()[0]);
    expect(text).toContain("# Weekly fax digest · 23–29 Nov 2026");
    expect(text).toContain("Last week:");
    expect(text).toContain("the same week in the 4 weeks before (26 Oct – 22 Nov 2026)");
    expect(checkMessage({ text: "t", blocks: main()[0]?.blocks })).toEqual([]);

    const nextWeek = await efaxCalls(() => run(setting({ cadence: "weekly" }), "2026-12-07"));
    expect(nextWeek.paths).toHaveLength(7 * 3);
  });

  it("carries the week's chart in the weekly digest, each day judged from the figures it keeps", async () => {
    const daily = await run(setting());
    expect(daily.kind).toBe("done");
    expect(main()[0]?.blocks).not.toContainEqual(expect.objectContaining({ type: "image" }));
    // Only the thread's CSV files, shared to the channel: no chart of the app's own.
    const completed = app.slack.callsTo("files.completeUploadExternal");
    expect(completed.every((call) => call.body.channel_id === FAXOPS)).toBe(true);

    app.slack.reset();
    const { result, paths } = await efaxCalls(() =>
      run(setting({ cadence: "weekly" }), "2026-11-30"),
    );
    expect(result.kind).toBe("done");
    // The chart needs no eFax call of its own: the week and its four weeks before, once each.
    expect(paths).toHaveLength(35 * 3);
    const [post] = main();
    const images = ((post?.blocks ?? []) as Record<string, unknown>[]).filter(
      (block) => block.type === "image",
    );
    const chartFile = app.slack
      .callsTo("files.completeUploadExternal")
      .find((call) => call.body.channel_id === undefined);
    const fileId = (chartFile?.body.files as { id: string }[] | undefined)?.[0]?.id;
    expect(images).toEqual([
      { type: "image", slack_file: { id: fileId }, alt_text: expect.any(String) },
    ]);
    const alt = String(images[0]?.alt_text);
    expect(alt).toMatch(/^Faxes per day, 23–29 Nov 2026: [\d,]+ attempts, /);
    // Each day judged against the same weekday of the four weeks before, from the kept figures.
    expect(alt).toContain(
      "Unusually high against the same weekday over the four weeks before: Fri 27 Nov (495 failures, 1.2 times the usual 421 for a Friday)",
    );
    expect(checkMessage({ text: "t", blocks: post?.blocks })).toEqual([]);
    expect(
      app.slack
        .file(fileId ?? "")
        ?.bytes.subarray(1, 4)
        .toString("ascii"),
    ).toBe("PNG");
  });

  it("posts the weekly digest with its chart in words when Slack will not show the file", async () => {
    app.services.chartRetryDelaysMs = [50, 100];
    app.slack.setFileReadyAfter(Number.POSITIVE_INFINITY);
    try {
      const result = await run(setting({ cadence: "weekly" }), "2026-11-30");
      expect(result).toEqual({ kind: "done", note: "Posted." });
    } finally {
      app.services.chartRetryDelaysMs = undefined;
    }
    expect(posts().filter((call) => call.response.ok !== true)).toHaveLength(3);
    const [post] = main();
    expect(shown(post)).toContain("📈 Faxes per day, 23–29 Nov 2026:");
    expect(post?.blocks).not.toContainEqual(expect.objectContaining({ type: "image" }));
    expect(
      app.slack.messages(FAXOPS).filter((m) => m.threadTs === post?.ts).length,
    ).toBeGreaterThan(0);
    expect(checkMessage({ text: "t", blocks: post?.blocks })).toEqual([]);
  });

  it("runs a digest in Pacific/Kiritimati on its own day, ahead of UTC", async () => {
    const entry = setting({ timeZone: "Pacific/Kiritimati" });
    expect(digestJob.dueRun(entry, new Date("2026-12-02T18:59:00Z"))).toBeNull();
    const due = digestJob.dueRun(entry, new Date("2026-12-02T19:00:00Z"));
    expect(due).toEqual({ id: "2026-12-03" });
    await run(entry, due?.id);
    expect(shown(main()[0])).toContain("# Fax digest · Wed 2 Dec 2026");
  });

  it("joins a public channel it is not in, then posts", async () => {
    expect((await run(setting({ channelId: NOT_JOINED }))).kind).toBe("done");
    expect(app.slack.callsTo("conversations.join")[0]?.body.channel).toBe(NOT_JOINED);
    expect(main(NOT_JOINED)).toHaveLength(1);
    expect(dms()).toEqual([]);
  });

  describe("when eFax cannot give the figures, a short digest says so", () => {
    it("eFax down: posted, told to the admin once, and forgotten once a digest gets through", async () => {
      app.efax.setFault({ kind: "status", status: 503 });
      const first = await run(setting());
      expect(first.kind).toBe("done");
      const text = shown(main()[0]);
      expect(text).toContain("No figures this time.");
      expect(text).toContain("`/efax summary 2026-12-02`");
      expect(dms()).toHaveLength(1);
      expect(shown(dms()[0])).toContain("didn't reach <#C0FAXOPS01> as usual");

      // Still down the next day: another short digest, no second direct message.
      expect((await run(setting(), "2026-12-04")).kind).toBe("done");
      expect(main()).toHaveLength(2);
      expect(dms()).toHaveLength(1);
      expect(await app.store.get(storeKeys.digestFault(TEAM))).toMatchObject({
        fault: "efax-unavailable",
        day: "2026-12-04",
      });

      // Back: the fault is cleared, so a later one is told again.
      app.efax.setFault(null);
      expect(await run(setting(), "2026-12-05")).toEqual({ kind: "done", note: "Posted." });
      expect(await app.store.get(storeKeys.digestFault(TEAM))).toBeNull();
      app.efax.setFault({ kind: "status", status: 503 });
      await run(setting(), "2026-12-06");
      expect(dms()).toHaveLength(2);
    });

    it("credentials refused: posted with what to do, recorded as failed", async () => {
      await app.connect(TEAM, { ...TEST_EFAX_CREDENTIALS, password: "changed-in-efax" }, ADMIN);
      const outcome = await run(setting());
      expect(outcome.kind).toBe("failed");
      expect(shown(main()[0])).toContain("`/efax connect`");
      expect(shown(dms()[0])).toContain("eFax didn't accept the saved account details");
    });

    it("no account connected: posted with what to do", async () => {
      await app.services.vault.remove(TEAM);
      const outcome = await run(setting());
      expect(outcome.kind).toBe("failed");
      expect(shown(main()[0])).toContain("No eFax account is connected");
    });
  });

  describe("when Slack will not take the post, the admin is told once", () => {
    it.each([
      ["removed from a private channel", PRIVATE_GONE, "not-in-channel", "Invite me"],
      ["a private channel it cannot see", PRIVATE_OUT, "channel-not-found", "I can't find"],
      ["an archived channel", ARCHIVED, "archived", "is archived"],
    ])("%s", async (_, channelId, fault, words) => {
      const outcome = await run(setting({ channelId }));
      expect(outcome.kind).toBe("failed");
      expect(main(channelId)).toEqual([]);
      expect(dms()).toHaveLength(1);
      expect(shown(dms()[0])).toContain(words);
      expect(await app.store.get(storeKeys.digestFault(TEAM))).toMatchObject({ fault, channelId });

      // The next day: still failing, recorded, not told again.
      expect((await run(setting({ channelId }), "2026-12-04")).kind).toBe("failed");
      expect(dms()).toHaveLength(1);

      // Shown to whoever asks, until it gets through.
      await storeDigest(app.store, TEAM, setting({ channelId }));
      const asked = await app.command("digest");
      const status = visibleText((await app.waitForResponse(asked.responseId)).body);
      expect(status).toContain("didn't go out as usual");
      expect(status).toContain(words);
    });

    it("a revoked token: recorded, and the direct message cannot be sent either", async () => {
      app.slack.revokeToken(app.botToken);
      const outcome = await run(setting());
      expect(outcome).toEqual({
        kind: "failed",
        reason: "Slack no longer accepts the app's access to this workspace.",
      });
      expect(await app.store.get(storeKeys.digestFault(TEAM))).toMatchObject({
        fault: "token-revoked",
      });
      expect(app.logs.some((line) => line.includes("telling the admin about a digest fault"))).toBe(
        true,
      );
    });

    it("Slack failing for a moment: retried later, nothing recorded", async () => {
      app.slack.failNext("chat.postMessage", { error: "internal_error" });
      const outcome = await run(setting());
      expect(outcome).toEqual({ kind: "retry", reason: "Slack answered internal_error" });
      expect(await app.store.get(storeKeys.digestFault(TEAM))).toBeNull();
      expect(await app.store.get(storeKeys.digestPosted(TEAM, DAY))).toBeNull();
      expect(dms()).toEqual([]);
      expect((await run(setting())).kind).toBe("done");
      expect(posts().filter((c) => c.response.ok === true && !c.body.thread_ts)).toHaveLength(1);
    });
  });

  it("leaves the day to a later tick when the tick's time runs out", async () => {
    app.efax.setFault({ kind: "delay", ms: 200 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("deadline")), 50);
    const outcome = await digestJob.run({
      services: app.services,
      teamId: TEAM,
      entry: setting(),
      run: { id: DAY },
      client,
      signal: controller.signal,
    });
    expect(outcome.kind).toBe("retry");
    expect(main()).toEqual([]);
  });

  it("keeps the comparison figures under the workspace, for six weeks", async () => {
    await run(setting());
    const keys = await app.store.keys(`${storeKeys.workspacePrefix(TEAM)}figures:`);
    expect(keys).toHaveLength(29);
    expect(keys).toContain(storeKeys.periodFigures(TEAM, "2026-12-02", "2026-12-02"));
    expect(keys).toContain(
      storeKeys.periodFigures(TEAM, addDays("2026-12-02", -28), addDays("2026-12-02", -28)),
    );
    const kept = JSON.stringify(await app.store.get(keys[0] ?? ""));
    expect(kept).not.toContain(TEST_EFAX_CREDENTIALS.username);
  });
});
