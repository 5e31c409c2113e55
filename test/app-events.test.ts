import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import { storeKeys } from "../src/store/keys.ts";
import { ACTION_IDS } from "../src/views/ids.ts";
import {
  appHomeOpened,
  appMention,
  appUninstalled,
  directMessage,
  eventCallback,
  eventId,
  messageTs,
  SLACK_TEST_IDS,
  tokensRevoked,
} from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { buttons, visibleText } from "./support/view-text.ts";

const ADMIN = "U0ADMIN001";
const MEMBER = SLACK_TEST_IDS.userId;
const TEAM = SLACK_TEST_IDS.teamId;

describe("events over real HTTP", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      slack: {
        users: { [ADMIN]: { isAdmin: true, tz: "Europe/Paris" }, [MEMBER]: { tz: "Asia/Tokyo" } },
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
    await app.forget("T0OTHERTEAM");
  });

  it("answers a mention in the thread of the message, with the report", async () => {
    await app.connect();
    const ts = messageTs();
    const response = await app.send(appMention({ text: "failures yesterday", ts }));
    expect(response.status).toBe(200);
    const post = await app.slack.waitFor((call) => call.method === "chat.postMessage");
    expect(post.body.channel).toBe(SLACK_TEST_IDS.channelId);
    expect(post.body.thread_ts).toBe(ts);
    expect(visibleText(post.body)).toContain("Failures");
  });

  it("tells the thread a mention's report is for everyone there, with Share, CSV and other days", async () => {
    await app.connect();
    await app.send(appMention({ text: "failures yesterday", ts: messageTs() }));
    const post = await app.slack.waitFor((call) => call.method === "chat.postMessage");
    const text = visibleText(post.body);
    expect(text).not.toContain("Only you can see this");
    expect(text).toContain("Everyone in this channel can read this reply.");
    expect(buttons(post.body).map((b) => b.actionId)).toEqual([
      ACTION_IDS.share,
      ACTION_IDS.csv,
      ACTION_IDS.previous,
      ACTION_IDS.next,
    ]);
  });

  it("answers a report asked for in a direct message without Share, having no channel", async () => {
    await app.connect();
    await app.send(directMessage({ text: "failures yesterday", ts: messageTs() }));
    const post = await app.slack.waitFor((call) => call.method === "chat.postMessage");
    const text = visibleText(post.body);
    expect(text).not.toContain("Only you can see this");
    expect(text).toContain("To show a report to a channel, run `/efax` there");
    expect(buttons(post.body).map((b) => b.actionId)).toEqual([
      ACTION_IDS.csv,
      ACTION_IDS.previous,
      ACTION_IDS.next,
    ]);
  });

  it("answers a mention inside a shared report's thread in that thread", async () => {
    await app.connect();
    const parent = messageTs();
    await app.send(appMention({ text: "billable last week", ts: messageTs(), threadTs: parent }));
    const post = await app.slack.waitFor((call) => call.method === "chat.postMessage");
    expect(post.body.thread_ts).toBe(parent);
    expect(visibleText(post.body)).toContain("Billable pages");
  });

  it("runs the same grammar in direct messages and ignores bots and edits", async () => {
    const ts = messageTs();
    await app.send(directMessage({ text: "help", ts }));
    const post = await app.slack.waitFor((call) => call.method === "chat.postMessage");
    expect(post.body.channel).toBe(SLACK_TEST_IDS.imChannelId);
    expect(post.body.thread_ts).toBe(ts);
    expect(visibleText(post.body)).toContain("/efax failures");

    app.slack.reset();
    await app.send(
      eventCallback({
        event: {
          type: "message",
          channel_type: "im",
          subtype: "bot_message",
          bot_id: "B0OTHERBOT",
          text: "help",
          ts: messageTs(),
          channel: SLACK_TEST_IDS.imChannelId,
        },
      }),
    );
    await app.send(
      eventCallback({
        event: {
          type: "message",
          channel_type: "im",
          subtype: "message_changed",
          channel: SLACK_TEST_IDS.imChannelId,
          ts: messageTs(),
          message: { type: "message", user: MEMBER, text: "help", ts: messageTs() },
        },
      }),
    );
    await app.send(directMessage({ text: "status", ts: messageTs() }));
    const status = await app.slack.waitFor((call) => call.method === "chat.postMessage");
    expect(visibleText(status.body)).toContain("status");
    expect(app.slack.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("handles an event delivered twice only once", async () => {
    const id = eventId();
    const body = directMessage({ text: "help", eventId: id });
    expect((await app.send(body)).status).toBe(200);
    await app.slack.waitFor((call) => call.method === "chat.postMessage");
    const retry = await app.send(body, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    await app.send(directMessage({ text: "status" }));
    await app.slack.waitFor(
      (call) => call.method === "chat.postMessage" && visibleText(call.body).includes("status"),
    );
    const helps = app.slack
      .callsTo("chat.postMessage")
      .filter((call) => visibleText(call.body).includes("how to ask"));
    expect(helps).toHaveLength(1);
  });

  it("publishes the Home: not connected offers Connect to admins and sample data to everyone", async () => {
    await app.send(appHomeOpened({ user: MEMBER }));
    await app.slack.waitFor((call) => call.method === "views.publish");
    const memberHome = app.slack.homeView(MEMBER) ?? {};
    expect(visibleText(memberHome)).toContain("No eFax account is connected yet");
    expect(buttons(memberHome).map((b) => b.actionId)).toEqual([ACTION_IDS.trySample]);

    await app.send(appHomeOpened({ user: ADMIN }));
    await app.slack.waitFor(
      (call) => call.method === "views.publish" && call.body.user_id === ADMIN,
    );
    const adminHome = app.slack.homeView(ADMIN) ?? {};
    expect(buttons(adminHome).map((b) => b.actionId)).toContain(ACTION_IDS.connect);
  });

  it("publishes the connected Home with yesterday and the last 7 days", async () => {
    await app.connect(TEAM, undefined, ADMIN);
    await app.send(appHomeOpened({ user: MEMBER }));
    const publishes = () => app.slack.callsTo("views.publish");
    await app.slack.waitFor(() => publishes().length === 2);
    const home = visibleText(app.slack.homeView(MEMBER) ?? {});
    expect(home).toContain("Connected to the eFax account");
    expect(home).toContain("Yesterday");
    expect(home).toContain("Last 7 days");
    expect(home).not.toContain(SLACK_TEST_IDS.teamId);
  });

  it("ignores the Messages tab opening", async () => {
    await app.send(appHomeOpened({ user: MEMBER, tab: "messages" }));
    await app.send(directMessage({ text: "help" }));
    await app.slack.waitFor((call) => call.method === "chat.postMessage");
    expect(app.slack.callsTo("views.publish")).toHaveLength(0);
  });

  it.each([
    ["app_uninstalled", () => appUninstalled()],
    ["tokens_revoked", () => tokensRevoked()],
  ])("erases the workspace's data on %s, and only that workspace's", async (_name, event) => {
    await app.connect();
    await app.connect("T0OTHERTEAM");
    const day = addDays(dayInZone(new Date(), "UTC"), -2);
    await app.services.reports.run(TEAM, { name: "failures", from: day, to: day, sample: false });
    const prefix = storeKeys.workspacePrefix(TEAM);
    expect(await app.store.keys(prefix)).not.toHaveLength(0);
    expect(await app.services.cache.keys(prefix)).not.toHaveLength(0);
    expect((await app.send(event())).status).toBe(200);
    await expect
      .poll(async () => [
        ...(await app.store.keys(prefix)),
        ...(await app.services.cache.keys(prefix)),
      ])
      .toEqual([]);
    expect(await app.services.vault.describe("T0OTHERTEAM")).not.toBeNull();
  });
});
