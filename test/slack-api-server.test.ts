import type { KnownBlock } from "@slack/types";
import { LogLevel, WebClient, type WebClientOptions } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  FILE_UPLOAD_METHOD,
  RESPONSE_URL_METHOD,
  type SlackApiServer,
  startSlackApiServer,
} from "./support/slack-api-server.ts";
import { SLACK_TEST_IDS } from "./support/slack-requests.ts";

const FAST_RETRIES: WebClientOptions["retryConfig"] = {
  retries: 2,
  factor: 1,
  minTimeout: 10,
  maxTimeout: 10,
};

/** The Slack error code of a failed SDK call, or "ok". */
async function slackError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (error) {
    if (error instanceof Error && "data" in error) {
      const data: unknown = error.data;
      if (typeof data === "object" && data !== null && "error" in data) return String(data.error);
    }
    throw error;
  }
}

async function postJson(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe("local Slack Web API server with the real SDK", () => {
  let slack: SlackApiServer;
  let client: WebClient;
  let clock = Date.UTC(2026, 10, 26, 9, 0, 0);

  beforeAll(async () => {
    slack = await startSlackApiServer({
      users: {
        U0ADMIN: { name: "grace", tz: "Asia/Tokyo", isAdmin: true },
        U0MEMBER: { name: "linus", tz: "UTC" },
      },
      channels: {
        C0PRIVATE: { name: "secret-ops", isPrivate: true, postError: "channel_not_found" },
        C0NOTIN: { name: "general", postError: "not_in_channel" },
      },
      now: () => clock,
    });
    client = new WebClient(SLACK_TEST_IDS.botToken, {
      slackApiUrl: slack.url,
      retryConfig: FAST_RETRIES,
      logLevel: LogLevel.ERROR,
    });
  });

  afterAll(() => slack.close());
  beforeEach(() => slack.reset());

  it("serves auth.test with the workspace and bot ids and records the token", async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: SLACK_TEST_IDS.teamId,
      user_id: SLACK_TEST_IDS.botUserId,
      bot_id: SLACK_TEST_IDS.botId,
    });
    expect(slack.callsTo("auth.test")[0]?.token).toBe(SLACK_TEST_IDS.botToken);
    expect(slack.url.endsWith("/api/")).toBe(true);
  });

  it("serves users.info with time zone, offset and admin flags", async () => {
    const admin = await client.users.info({ user: "U0ADMIN" });
    expect(admin.user).toMatchObject({
      id: "U0ADMIN",
      name: "grace",
      tz: "Asia/Tokyo",
      tz_offset: 9 * 3600,
      is_admin: true,
      is_owner: false,
    });
    const member = await client.users.info({ user: "U0MEMBER" });
    expect(member.user).toMatchObject({ tz: "UTC", tz_offset: 0, is_admin: false });
    expect(await slackError(client.users.info({ user: "U0NOBODY" }))).toBe("user_not_found");
    slack.setUser("U0NOBODY", { tz: "Europe/Berlin", isOwner: true });
    const owner = await client.users.info({ user: "U0NOBODY" });
    expect(owner.user).toMatchObject({ tz: "Europe/Berlin", tz_offset: 3600, is_owner: true });
  });

  it("posts messages, refuses channels per their settings, and joins public ones", async () => {
    const posted = await client.chat.postMessage({ channel: "C0ANY", text: "hello" });
    expect(posted).toMatchObject({ ok: true, channel: "C0ANY" });
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    expect(slack.messages("C0ANY")).toHaveLength(1);

    expect(await slackError(client.chat.postMessage({ channel: "C0NOTIN", text: "x" }))).toBe(
      "not_in_channel",
    );
    expect(await slackError(client.chat.postMessage({ channel: "C0PRIVATE", text: "x" }))).toBe(
      "channel_not_found",
    );
    expect(await slackError(client.conversations.join({ channel: "C0PRIVATE" }))).toBe(
      "channel_not_found",
    );
    await client.conversations.join({ channel: "C0NOTIN" });
    const info = await client.conversations.info({ channel: "C0NOTIN" });
    expect(info.channel).toMatchObject({ id: "C0NOTIN", is_member: true, is_private: false });
    expect(await slackError(client.chat.postMessage({ channel: "C0NOTIN", text: "x" }))).toBe("ok");
    expect(await slackError(client.apiCall("chat.postMessage", { channel: "C0ANY" }))).toBe(
      "no_text",
    );
  });

  it("updates messages and gives thread permalinks", async () => {
    const parent = await client.chat.postMessage({ channel: "C0ANY", text: "summary" });
    const reply = await client.chat.postMessage({
      channel: "C0ANY",
      text: "details",
      thread_ts: parent.ts,
    });
    await client.chat.update({ channel: "C0ANY", ts: String(parent.ts), text: "summary v2" });
    expect(slack.messages("C0ANY")[0]?.text).toBe("summary v2");
    const link = await client.chat.getPermalink({ channel: "C0ANY", message_ts: String(reply.ts) });
    expect(link.permalink).toContain(`/archives/C0ANY/p${String(reply.ts).replace(".", "")}`);
    expect(link.permalink).toContain(`thread_ts=${parent.ts}`);
    expect(
      await slackError(client.chat.update({ channel: "C0ANY", ts: "1.000001", text: "x" })),
    ).toBe("message_not_found");
    const ephemeral = await client.chat.postEphemeral({ channel: "C0ANY", user: "U0A", text: "x" });
    expect(ephemeral.message_ts).toBeTruthy();
  });

  it("decodes blocks in recorded calls and enforces the block count", async () => {
    const section: KnownBlock = { type: "section", text: { type: "mrkdwn", text: "*42* faxes" } };
    const blocks = [section];
    await client.chat.postMessage({ channel: "C0ANY", text: "42 faxes", blocks });
    expect(slack.callsTo("chat.postMessage")[0]?.body.blocks).toEqual(blocks);
    const tooMany = Array.from({ length: 51 }, () => section);
    expect(
      await slackError(client.chat.postMessage({ channel: "C0ANY", text: "x", blocks: tooMany })),
    ).toBe("invalid_blocks");
  });

  it("opens a modal once per trigger id, updates it, and publishes App Home", async () => {
    const view = {
      type: "modal" as const,
      callback_id: "connect",
      title: { type: "plain_text" as const, text: "Connect eFax" },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: "123.456.abc", view });
    const viewId = String(opened.view?.id);
    expect(opened.view).toMatchObject({ callback_id: "connect", type: "modal" });
    expect(await slackError(client.views.open({ trigger_id: "123.456.abc", view }))).toBe(
      "expired_trigger_id",
    );
    const updated = await client.views.update({ view_id: viewId, view: { ...view, blocks: [] } });
    expect(updated.view?.id).toBe(viewId);
    expect(await slackError(client.views.update({ view_id: "V0NONE", view }))).toBe("not_found");
    await client.views.publish({ user_id: "U0ADMIN", view: { type: "home", blocks: [] } });
    expect(slack.homeView("U0ADMIN")).toMatchObject({ type: "home" });
  });

  it("takes a file upload v2 (filesUploadV2) and records its bytes and destination", async () => {
    const csv = "did,failures\n+15551234567,3\n";
    await client.filesUploadV2({
      channel_id: "C0ANY",
      thread_ts: "1795000000.000100",
      initial_comment: "Full report as CSV",
      filename: "failures-2026-11-25.csv",
      title: "Failures 25 Nov",
      content: csv,
    });
    const upload = slack.callsTo(FILE_UPLOAD_METHOD)[0];
    expect(upload?.body).toMatchObject({ filename: "failures-2026-11-25.csv", size: csv.length });
    expect(upload?.body.content).toBe(csv);
    const complete = slack.callsTo("files.completeUploadExternal")[0];
    expect(complete?.body).toMatchObject({
      channel_id: "C0ANY",
      thread_ts: "1795000000.000100",
      initial_comment: "Full report as CSV",
      files: [{ title: "Failures 25 Nov", filename: "failures-2026-11-25.csv", content: csv }],
    });
    expect(
      await slackError(
        client.files.completeUploadExternal({ files: [{ id: "F0NEVERUP" }], channel_id: "C0ANY" }),
      ),
    ).toBe("file_not_found");
  });

  it("shows an uploaded file in an image block only once it is processed, as Slack does", async () => {
    slack.setFileReadyAfter(2_000);
    const uploaded = await client.filesUploadV2({
      file: Buffer.from("not really a PNG"),
      filename: "chart.png",
      alt_text: "Failures per day",
    });
    const fileId = String(uploaded.files[0]?.files?.[0]?.id);
    expect(fileId).toMatch(/^F[A-Z0-9]{8,}$/);
    expect(slack.callsTo("files.completeUploadExternal")[0]?.body.channel_id).toBeUndefined();
    const image = (id: string, alt = "Failures per day"): KnownBlock => ({
      type: "image",
      slack_file: { id },
      alt_text: alt,
    });
    const blocks = [{ type: "divider" } as KnownBlock, image(fileId)];
    const refusedPost = client.chat.postMessage({ channel: "C0ANY", text: "chart", blocks });
    await expect(refusedPost).rejects.toMatchObject({
      data: {
        error: "invalid_blocks",
        errors: ["invalid slack file [json-pointer:/blocks/1/slack_file]"],
        response_metadata: {
          messages: ["[ERROR] invalid slack file [json-pointer:/blocks/1/slack_file]"],
        },
      },
    });
    const home = { type: "home" as const, blocks };
    await expect(client.views.publish({ user_id: "U0MEMBER", view: home })).rejects.toMatchObject({
      data: {
        error: "invalid_arguments",
        response_metadata: {
          messages: ["[ERROR] invalid slack file [json-pointer:/view/blocks/1/slack_file]"],
        },
      },
    });
    const url = slack.responseUrl("chart");
    expect(await postJson(url, { text: "chart", blocks })).toEqual({
      status: 400,
      text: "invalid_blocks",
    });

    clock += 2_000;
    await client.chat.postMessage({ channel: "C0ANY", text: "chart", blocks });
    await client.views.publish({ user_id: "U0MEMBER", view: home });
    expect((await postJson(url, { text: "chart", blocks })).status).toBe(200);
    expect(slack.responseUrlState("chart").uses).toBe(1);

    expect(
      await slackError(
        client.chat.postMessage({ channel: "C0ANY", blocks: [image("F0NOSUCHFILE")] }),
      ),
    ).toBe("invalid_blocks");
    const badId = client.chat.postMessage({ channel: "C0ANY", blocks: [image("chart.png")] });
    await expect(badId).rejects.toMatchObject({
      data: {
        errors: [
          "input must match regex pattern: ^[F][A-Z0-9]{8,}$ [json-pointer:/blocks/0/slack_file/id]",
        ],
      },
    });
    const noAlt = client.chat.postMessage({ channel: "C0ANY", blocks: [image(fileId, "")] });
    await expect(noAlt).rejects.toMatchObject({
      data: { errors: ["missing required field: alt_text [json-pointer:/blocks/0]"] },
    });
  });

  it("answers 429 with Retry-After, and the SDK retries until the post arrives", async () => {
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const posted = await client.chat.postMessage({ channel: "C0ANY", text: "after the wait" });
    expect(posted.ok).toBe(true);
    expect(slack.callsTo("chat.postMessage").map((call) => call.status)).toEqual([429, 200]);
  });

  it("fails the next calls with a chosen Slack error, then recovers", async () => {
    slack.failNext("users.info", { error: "fatal_error" }, 2);
    expect(await slackError(client.users.info({ user: "U0ADMIN" }))).toBe("fatal_error");
    expect(await slackError(client.users.info({ user: "U0ADMIN" }))).toBe("fatal_error");
    expect(await slackError(client.users.info({ user: "U0ADMIN" }))).toBe("ok");
  });

  it("delays a method's answers while others go through", async () => {
    slack.setDelay(300, "users.info");
    const slow = client.users.info({ user: "U0ADMIN" });
    await client.auth.test();
    await slow;
    expect(slack.calls.map((call) => call.method)).toEqual(["auth.test", "users.info"]);
    slack.setDelay(0, "users.info");
  });

  it("follows Slack's response_url rules: 5 uses, replace and delete, 30 minutes", async () => {
    const url = slack.responseUrl("cmd-1");
    expect((await postJson(url, { text: "Working…" })).status).toBe(200);
    await postJson(url, { text: "Report", replace_original: true });
    expect(slack.responseUrlState("cmd-1").messages).toEqual([
      { response_type: "ephemeral", text: "Report", replace_original: true },
    ]);
    await postJson(url, { text: "Second", response_type: "ephemeral" });
    await postJson(url, { delete_original: true });
    expect(slack.responseUrlState("cmd-1").messages.map((m) => m.text)).toEqual(["Report"]);
    expect((await postJson(url, {})).text).toBe("no_text");
    expect((await postJson(url, { text: "fifth" })).status).toBe(200);
    expect(await postJson(url, { text: "sixth" })).toEqual({ status: 404, text: "used_url" });
    expect(slack.responseUrlState("cmd-1").uses).toBe(5);

    const late = slack.responseUrl("cmd-2");
    clock += 31 * 60 * 1000;
    expect(await postJson(late, { text: "too late" })).toEqual({
      status: 404,
      text: "expired_url",
    });
    const recorded = slack.callsTo(RESPONSE_URL_METHOD).map((call) => [call.target, call.status]);
    expect(recorded.at(-1)).toEqual(["cmd-2", 404]);
  });

  it("shows a response_url's answers as ephemeral messages where it was given, beside everyone's", async () => {
    const parent = await client.chat.postMessage({ channel: "C0ANY", text: "before" });
    const url = slack.responseUrl("cmd-3", { channel: "C0ANY", user: "U0MEMBER" });
    await postJson(url, { text: "Getting the report…" });
    await postJson(url, { text: "The report", replace_original: true });
    const mention = slack.postAsUser({ channel: "C0ANY", user: "U0MEMBER", text: "hi" });
    const seen = slack.timeline("C0ANY", "U0MEMBER");
    expect(seen.map((entry) => [entry.ephemeral, entry.message.text])).toEqual([
      [false, "before"],
      [true, "The report"],
      [false, "hi"],
    ]);
    expect(seen[1]?.message.edits).toBe(1);
    expect(mention.user).toBe("U0MEMBER");
    expect(slack.timeline("C0ANY", "U0ADMIN")).toHaveLength(2);

    // A click on that ephemeral message gets a response_url that replaces or deletes it.
    const shownTs = seen[1]?.message.ts ?? "";
    const click = slack.responseUrl("click-1", {
      channel: "C0ANY",
      user: "U0MEMBER",
      originalTs: shownTs,
    });
    await postJson(click, { text: "Next day", replace_original: true });
    expect(slack.timeline("C0ANY", "U0MEMBER")[1]?.message.text).toBe("Next day");
    // On everyone's message, replace_original updates it for everyone.
    const onParent = slack.responseUrl("click-2", {
      channel: "C0ANY",
      originalTs: String(parent.ts),
    });
    await postJson(onParent, { text: "after", replace_original: true });
    expect(slack.messages("C0ANY")[0]?.text).toBe("after");
    await postJson(click, { delete_original: true });
    expect(slack.timeline("C0ANY", "U0MEMBER").map((entry) => entry.message.text)).toEqual([
      "after",
      "hi",
    ]);
  });

  it("posts to a user id into the direct message, and keeps uploaded files with their message", async () => {
    const posted = await client.chat.postMessage({ channel: "U0MEMBER", text: "for you" });
    const dm = slack.directMessageChannel("U0MEMBER");
    expect(posted.channel).toBe(dm);
    expect(slack.messages(dm).map((m) => m.text)).toEqual(["for you"]);

    await client.filesUploadV2({
      channel_id: dm,
      initial_comment: "Your CSV",
      file_uploads: [{ file: Buffer.from("a,b\n1,2\n"), filename: "report.csv" }],
    });
    const shared = slack.messages(dm).at(-1);
    expect(shared?.text).toBe("Your CSV");
    expect(shared?.files).toEqual([
      { id: expect.any(String), filename: "report.csv", title: "report.csv", size: 8 },
    ]);
    const file = slack.file(shared?.files?.[0]?.id ?? "");
    expect(file?.bytes.toString("utf8")).toBe("a,b\n1,2\n");
  });

  it("keeps the open modals, their input state, and tells listeners about changes", async () => {
    let changes = 0;
    const stop = slack.onChange(() => {
      changes += 1;
    });
    const opened = await client.views.open({
      trigger_id: "1.2.abc",
      view: { type: "modal", title: { type: "plain_text", text: "One" }, blocks: [] },
    });
    const id = String(opened.view?.id);
    slack.pushModal({ type: "modal", title: { type: "plain_text", text: "Two" }, blocks: [] });
    expect(slack.modals().map((view) => view.id)).toHaveLength(2);
    slack.setViewState(id, "b", "a", { type: "plain_text_input", value: "typed" });
    expect(slack.view(id)?.state).toEqual({
      values: { b: { a: { type: "plain_text_input", value: "typed" } } },
    });
    slack.closeModal();
    expect(slack.modals().map((view) => view.id)).toEqual([id]);
    slack.closeModal({ all: true });
    expect(slack.modals()).toEqual([]);
    stop();
    expect(changes).toBeGreaterThanOrEqual(3);
  });

  it("waits for a matching call, or says which calls it saw", async () => {
    const waiting = slack.waitFor((call) => call.method === "chat.postMessage");
    await client.auth.test();
    await client.chat.postMessage({ channel: "C0ANY", text: "awaited" });
    expect((await waiting).body.text).toBe("awaited");
    await expect(slack.waitFor((call) => call.method === "views.open", 50)).rejects.toThrow(
      "No Slack API call matched within 50 ms (calls: auth.test, chat.postMessage)",
    );
  });

  it("lets a test add a method", async () => {
    slack.setHandler("team.info", () => ({ ok: true, team: { id: "T0CUSTOM" } }));
    const result = await client.team.info();
    expect(result.team?.id).toBe("T0CUSTOM");
  });
});

describe("local Slack Web API server: workspaces and OAuth", () => {
  it("knows tokens per workspace, refuses others, and grants OAuth installs once", async () => {
    const slack = await startSlackApiServer({
      workspaces: [{ token: "xoxb-team-a", teamId: "T0AAAAAAA" }],
      oauth: {
        clientId: "111.222",
        clientSecret: "client-secret",
        installs: { "code-b": { teamId: "T0BBBBBBB", botToken: "xoxb-team-b", userId: "U0B" } },
      },
    });
    try {
      const options = {
        slackApiUrl: slack.url,
        retryConfig: FAST_RETRIES,
        logLevel: LogLevel.ERROR,
      };
      const teamA = await new WebClient("xoxb-team-a", options).auth.test();
      expect(teamA.team_id).toBe("T0AAAAAAA");
      expect(await slackError(new WebClient("xoxb-unknown", options).auth.test())).toBe(
        "invalid_auth",
      );
      expect(await slackError(new WebClient(undefined, options).auth.test())).toBe("not_authed");

      const anonymous = new WebClient(undefined, options);
      const exchange = () =>
        anonymous.oauth.v2.access({
          client_id: "111.222",
          client_secret: "client-secret",
          code: "code-b",
        });
      const granted = await exchange();
      expect(granted).toMatchObject({ access_token: "xoxb-team-b", team: { id: "T0BBBBBBB" } });
      const teamB = await new WebClient("xoxb-team-b", options).auth.test();
      expect(teamB.team_id).toBe("T0BBBBBBB");
      expect(await slackError(exchange())).toBe("invalid_code");
    } finally {
      await slack.close();
    }
  });
});
