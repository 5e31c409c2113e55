import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import { formatDay } from "../src/dates/format.ts";
import { ACTION_IDS, BLOCK_IDS, homeRunActionId } from "../src/views/ids.ts";
import { encodeReportRef, type ReportRef } from "../src/views/report-ref.ts";
import { FILE_UPLOAD_METHOD, RESPONSE_URL_METHOD } from "./support/slack-api-server.ts";
import { appMention, blockAction, messageTs, SLACK_TEST_IDS } from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { buttons, visibleText } from "./support/view-text.ts";

const ZONE = "Pacific/Auckland";
const TEAM = SLACK_TEST_IDS.teamId;
const PRIVATE = "G0PRIVATE1";
const JOINABLE = "C0NOTJOINED";

function yesterday(): string {
  return addDays(dayInZone(new Date(), ZONE), -1);
}

function ref(overrides: Partial<ReportRef> = {}): ReportRef {
  const day = yesterday();
  return { name: "failures", from: day, to: day, sample: false, ...overrides };
}

describe("buttons over real HTTP", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      slack: {
        fallbackUser: { tz: ZONE },
        channels: {
          [PRIVATE]: { name: "billing", isPrivate: true, postError: "channel_not_found" },
          [JOINABLE]: { name: "fax-ops-2", postError: "not_in_channel" },
        },
      },
    });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    await app.idle();
    app.slack.reset();
    app.efax.setFault(null);
    await app.forget(TEAM);
    await app.connect();
  });

  function click(
    actionId: string,
    value: string,
    extra: Partial<Parameters<typeof blockAction>[0]> = {},
  ) {
    const responseId = `act-${messageTs()}`;
    const responseUrl = app.slack.responseUrl(responseId);
    return {
      responseId,
      sent: app.send(blockAction({ actionId, value, responseUrl, ...extra })),
    };
  }

  it("shares to the channel: summary crediting the sharer, details and the CSV in its thread", async () => {
    const { responseId, sent } = click(ACTION_IDS.share, encodeReportRef(ref()));
    expect((await sent).status).toBe(200);
    const notice = await app.waitForResponse(responseId);
    expect(visibleText(notice.body)).toContain("Shared to");
    expect(notice.body.replace_original).toBe(true);

    const posts = app.slack.messages(SLACK_TEST_IDS.channelId);
    const [main, ...thread] = posts;
    expect(main?.threadTs).toBeUndefined();
    expect(visibleText({ blocks: main?.blocks })).toContain(
      `Shared by <@${SLACK_TEST_IDS.userId}>`,
    );
    expect(visibleText({ blocks: main?.blocks })).toContain(formatDay(yesterday()));
    expect(thread.length).toBeGreaterThan(0);
    expect(thread.every((m) => m.threadTs === main?.ts)).toBe(true);
    // Shared files: the CSV (a chart, when the day gets one, is a file of the app's own).
    const complete = app.slack
      .callsTo("files.completeUploadExternal")
      .filter((call) => call.body.channel_id !== undefined);
    expect(complete).toHaveLength(1);
    expect(complete[0]?.body.thread_ts).toBe(main?.ts);
    expect(complete[0]?.body.channel_id).toBe(SLACK_TEST_IDS.channelId);
    const csvId = (complete[0]?.body.files as { id: string }[] | undefined)?.[0]?.id;
    const uploaded = app.slack.callsTo(FILE_UPLOAD_METHOD).find((call) => call.target === csvId);
    // A byte order mark first, so spreadsheets read the file as UTF-8.
    expect(String(uploaded?.body.content)).toMatch(/^\uFEFFdate,did,user,destination/);
  });

  it("posts once when Share is clicked twice on the same message", async () => {
    const value = encodeReportRef(ref());
    const container = {
      type: "message",
      message_ts: messageTs(),
      channel_id: SLACK_TEST_IDS.channelId,
      is_ephemeral: true,
    };
    const first = click(ACTION_IDS.share, value, { container });
    const second = click(ACTION_IDS.share, value, { container });
    await Promise.all([first.sent, second.sent]);
    await app.slack.waitFor(
      (call) => call.method === RESPONSE_URL_METHOD && visibleText(call.body).includes("Shared to"),
    );
    const answered = [first, second].filter((c) => app.responseUrlPosts(c.responseId).length > 0);
    expect(answered).toHaveLength(1);
    const mains = app.slack
      .messages(SLACK_TEST_IDS.channelId)
      .filter((m) => m.threadTs === undefined);
    expect(mains).toHaveLength(1);
  });

  it("still shares when Slack answers 429 with Retry-After", async () => {
    app.slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const { responseId } = click(ACTION_IDS.share, encodeReportRef(ref()));
    await app.waitForResponse(responseId);
    const attempts = app.slack.callsTo("chat.postMessage");
    expect(attempts[0]?.status).toBe(429);
    expect(app.slack.messages(SLACK_TEST_IDS.channelId).filter((m) => !m.threadTs)).toHaveLength(1);
  });

  it("joins a public channel it is not in, and asks to be invited to a private one", async () => {
    const open = click(ACTION_IDS.share, encodeReportRef(ref()), { channel: JOINABLE });
    await app.waitForResponse(open.responseId);
    expect(app.slack.callsTo("conversations.join")).toHaveLength(1);
    expect(app.slack.messages(JOINABLE).length).toBeGreaterThan(0);

    const closed = click(ACTION_IDS.share, encodeReportRef(ref()), { channel: PRIVATE });
    const refusal = await app.waitForResponse(closed.responseId);
    expect(visibleText(refusal.body)).toContain("/invite @eFax Reports");
    expect(refusal.body.replace_original).toBe(false);
    expect(app.slack.messages(PRIVATE)).toHaveLength(0);

    app.slack.setChannel(PRIVATE, { name: "billing", isPrivate: true, isMember: true });
    const again = click(ACTION_IDS.share, encodeReportRef(ref()), {
      channel: PRIVATE,
      container: { type: "message", message_ts: "1.1", channel_id: PRIVATE, is_ephemeral: true },
    });
    await app.waitForResponse(again.responseId);
    expect(app.slack.messages(PRIVATE).length).toBeGreaterThan(0);
  });

  /** Mentions the app in a channel and returns its report reply, as Slack stores it. */
  async function mentionReply() {
    const parent = messageTs();
    await app.send(appMention({ text: "failures yesterday", ts: parent }));
    await app.slack.waitFor((call) => call.method === "chat.postMessage");
    const reply = app.slack.messages(SLACK_TEST_IDS.channelId).find((m) => m.threadTs === parent);
    if (!reply) throw new Error("The app did not reply in the mention's thread.");
    return { parent, reply };
  }

  it("shares a mention's thread reply as a new channel message, leaving the reply as it was", async () => {
    const { parent, reply } = await mentionReply();
    const { responseId } = click(ACTION_IDS.share, encodeReportRef(ref()), {
      message: { ts: reply.ts, thread_ts: parent },
    });
    const notice = await app.waitForResponse(responseId);
    expect(visibleText(notice.body)).toContain("Shared to");
    expect(notice.body.replace_original).toBe(false);
    expect(notice.body.response_type).toBe("ephemeral");

    const posts = app.slack.messages(SLACK_TEST_IDS.channelId);
    const mains = posts.filter((m) => m.threadTs === undefined);
    expect(mains).toHaveLength(1);
    expect(visibleText({ blocks: mains[0]?.blocks })).toContain(
      `Shared by <@${SLACK_TEST_IDS.userId}>`,
    );
    expect(posts.some((m) => m.threadTs === mains[0]?.ts)).toBe(true);
    expect(app.slack.callsTo("chat.update")).toHaveLength(0);
    expect(posts.find((m) => m.ts === reply.ts)?.blocks).toEqual(reply.blocks);
  });

  it("moves a mention's thread reply to the previous day in place, still for the channel", async () => {
    const { parent, reply } = await mentionReply();
    const previous = ref({ from: addDays(yesterday(), -1), to: addDays(yesterday(), -1) });
    click(ACTION_IDS.previous, encodeReportRef(previous), {
      message: { ts: reply.ts, thread_ts: parent },
    });
    const update = await app.slack.waitFor((call) => call.method === "chat.update");
    expect(update.body).toMatchObject({ channel: SLACK_TEST_IDS.channelId, ts: reply.ts });
    const text = visibleText(update.body);
    expect(text).toContain(formatDay(previous.from));
    expect(text).toContain("Everyone in this channel can read this reply.");
    expect(text).not.toContain("Only you can see this");
  });

  it("sends the CSV to the requester's direct message, not to the channel", async () => {
    const { responseId } = click(ACTION_IDS.csv, encodeReportRef(ref({ name: "billable" })));
    const notice = await app.waitForResponse(responseId);
    expect(String(notice.body.text)).toContain("direct message");
    const complete = app.slack.callsTo("files.completeUploadExternal")[0];
    expect(String(complete?.body.channel_id)).toMatch(/^D/);
    const uploaded = app.slack.callsTo(FILE_UPLOAD_METHOD).at(-1);
    expect(String(uploaded?.body.content)).toMatch(/^\uFEFFdate,did,STANDARD,FINE,/);
    expect(app.slack.messages(SLACK_TEST_IDS.channelId)).toHaveLength(0);
  });

  it("moves to the previous day in place", async () => {
    const previous = ref({ from: addDays(yesterday(), -1), to: addDays(yesterday(), -1) });
    const { responseId } = click(ACTION_IDS.previous, encodeReportRef(previous));
    const answer = await app.waitForResponse(responseId);
    expect(answer.body.replace_original).toBe(true);
    expect(visibleText(answer.body)).toContain(formatDay(previous.from));
    const next = buttons(answer.body).find((b) => b.actionId === ACTION_IDS.next);
    expect(next).toBeDefined();
  });

  it("refuses tampered or future button values politely", async () => {
    const before = app.efax.requests.length;
    const tampered = click(ACTION_IDS.previous, "r1|failures|2026-02-30|2026-02-30|live");
    expect(visibleText((await app.waitForResponse(tampered.responseId)).body)).toContain(
      "That button no longer works",
    );
    const future = addDays(yesterday(), 5);
    const ahead = click(ACTION_IDS.next, encodeReportRef(ref({ from: future, to: future })));
    expect(visibleText((await app.waitForResponse(ahead.responseId)).body)).toContain(
      "That button no longer works",
    );
    expect(app.efax.requests).toHaveLength(before);
  });

  it("shows a day that has begun where the button was made, though not yet where the clicker is", async () => {
    // An alert about today in a workspace's zone reaches people whose today is still yesterday.
    app.slack.setUser("U0HONOLULU", { tz: "Pacific/Honolulu" });
    const newest = dayInZone(new Date(), "Pacific/Kiritimati"); // tomorrow in Honolulu (UTC−10)
    const shown = click(ACTION_IDS.runReport, encodeReportRef(ref({ from: newest, to: newest })), {
      user: "U0HONOLULU",
    });
    const answer = visibleText((await app.waitForResponse(shown.responseId)).body);
    expect(answer).toContain(formatDay(newest));
    expect(answer).not.toContain("no longer works");

    const beyond = addDays(newest, 1);
    const refused = click(
      ACTION_IDS.runReport,
      encodeReportRef(ref({ from: beyond, to: beyond })),
      { user: "U0HONOLULU" },
    );
    expect(visibleText((await app.waitForResponse(refused.responseId)).body)).toContain(
      "That button no longer works",
    );
  });

  it("shows a report on the sample data from a not-connected message, labelled", async () => {
    await app.services.vault.remove(TEAM);
    const before = app.efax.requests.length;
    const { responseId } = click(ACTION_IDS.runReport, encodeReportRef(ref({ sample: true })));
    const answer = await app.waitForResponse(responseId);
    expect(visibleText(answer.body)).toContain("Sample data");
    expect(app.efax.requests).toHaveLength(before);
  });

  it("runs a Home button for the day picked, answering in the Messages tab", async () => {
    const picked = addDays(yesterday(), -3);
    await app.send(
      blockAction({
        actionId: homeRunActionId("overview"),
        value: encodeReportRef(ref({ name: "overview" })),
        view: { id: "V0HOME0001", type: "home" },
        state: {
          [BLOCK_IDS.homeDate]: {
            [ACTION_IDS.homeDate]: { type: "datepicker", selected_date: picked },
          },
        },
      }),
    );
    const post = await app.slack.waitFor((call) => call.method === "chat.postMessage");
    expect(post.body.channel).toBe(SLACK_TEST_IDS.userId);
    expect(visibleText(post.body)).toContain(formatDay(picked));
  });

  it("switches the Home to sample data and back", async () => {
    await app.send(
      blockAction({ actionId: ACTION_IDS.trySample, view: { id: "V0HOME0001", type: "home" } }),
    );
    await app.slack.waitFor(() => app.slack.callsTo("views.publish").length === 2);
    expect(visibleText(app.slack.homeView(SLACK_TEST_IDS.userId) ?? {})).toContain("sample data");
  });
});
