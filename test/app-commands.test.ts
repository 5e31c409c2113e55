import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import { formatDay } from "../src/dates/format.ts";
import { ACTION_IDS } from "../src/views/ids.ts";
import { decodeReportRef } from "../src/views/report-ref.ts";
import { SLACK_TEST_IDS } from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { buttons, visibleText } from "./support/view-text.ts";

const ADMIN = "U0ADMIN001";
const MEMBER = SLACK_TEST_IDS.userId;
const ZONE = "America/New_York";

/** Yesterday on the requester's calendar (the users in these tests live in New York). */
function yesterday(): string {
  return addDays(dayInZone(new Date(), ZONE), -1);
}

describe("/efax over real HTTP", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      efaxTimeoutMs: 400,
      slack: {
        users: {
          [ADMIN]: { tz: ZONE, isAdmin: true },
          [MEMBER]: { tz: ZONE },
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
    await app.forget();
  });

  it("acknowledges at once with an empty body, then posts the report through the response_url", async () => {
    await app.connect();
    const { ack, responseId } = await app.command("failures yesterday");
    expect(ack.status).toBe(200);
    expect(ack.text).toBe("");

    const answer = await app.waitForResponse(responseId);
    const text = visibleText(answer.body);
    expect(answer.body.response_type).toBe("ephemeral");
    expect(text).toContain("Failures");
    expect(text).toContain(formatDay(yesterday()));
    const labels = buttons(answer.body).map((b) => b.actionId);
    expect(labels).toEqual(
      expect.arrayContaining([ACTION_IDS.share, ACTION_IDS.csv, ACTION_IDS.previous]),
    );
    const share = buttons(answer.body).find((b) => b.actionId === ACTION_IDS.share);
    expect(decodeReportRef(share?.value)).toEqual({
      name: "failures",
      from: yesterday(),
      to: yesterday(),
      sample: false,
    });
    expect(app.efax.requests.some((r) => r.path.includes(`/failures/${yesterday()}`))).toBe(true);
  });

  it("shows a progress note when a report takes a while, and replaces it with the result", async () => {
    await app.connect();
    app.efax.setFault({ kind: "delay", ms: 150 });
    const { responseId } = await app.command("summary last week");
    await app.waitForResponse(responseId);
    const posts = app.responseUrlPosts(responseId);
    expect(posts).toHaveLength(2);
    expect(String(posts[0]?.body.text)).toMatch(/^Getting /);
    expect(posts[1]?.body.replace_original).toBe(true);
    const state = app.slack.responseUrlState(responseId);
    expect(state.messages).toHaveLength(1);
    expect(visibleText(state.messages[0] ?? {})).toContain("Summary");
  });

  it("answers help, unknown words with a suggestion, and dates it cannot use", async () => {
    const help = await app.command("help");
    expect(visibleText((await app.waitForResponse(help.responseId)).body)).toContain(
      "/efax failures",
    );

    const typo = await app.command("failurs yesterday");
    const typoText = visibleText((await app.waitForResponse(typo.responseId)).body);
    expect(typoText).toContain("failurs");
    expect(typoText).toContain("/efax failures");

    const before = app.efax.requests.length;
    const future = await app.command("failures next year");
    const futureText = visibleText((await app.waitForResponse(future.responseId)).body);
    expect(futureText).toContain("couldn't use that date");
    expect(app.efax.requests).toHaveLength(before);
  });

  it("tells admins to connect and others whom to ask when no account is connected", async () => {
    const before = app.efax.requests.length;
    const member = await app.command("failures", { userId: MEMBER });
    const memberAnswer = (await app.waitForResponse(member.responseId)).body;
    expect(visibleText(memberAnswer)).toContain("No eFax account is connected yet");
    expect(visibleText(memberAnswer)).toContain("Ask a workspace admin");
    expect(buttons(memberAnswer).map((b) => b.actionId)).not.toContain(ACTION_IDS.connect);

    const admin = await app.command("failures", { userId: ADMIN });
    const adminAnswer = (await app.waitForResponse(admin.responseId)).body;
    expect(buttons(adminAnswer).map((b) => b.actionId)).toContain(ACTION_IDS.connect);
    expect(app.efax.requests).toHaveLength(before);
  });

  it("answers plain words when eFax is slow, and acknowledges before eFax completes", async () => {
    await app.connect();
    app.efax.setFault({ kind: "delay", ms: 4_000 });
    const before = app.efax.requests.length;
    const { ack, responseId } = await app.command("failures yesterday");
    expect(ack.status).toBe(200);
    const ours = () => app.efax.requests.slice(before);
    expect(ours().every((request) => request.status === undefined)).toBe(true);
    const answer = await app.waitForResponse(responseId);
    expect(visibleText(answer.body)).toContain("eFax is taking too long");
    expect(answer.body.replace_original).toBe(true);
    expect(ours().length).toBeGreaterThan(0);
  });

  it("answers plain words when eFax is down", async () => {
    await app.connect();
    app.efax.setFault({ kind: "status", status: 503 });
    const { ack, responseId } = await app.command("overview yesterday");
    expect(ack.status).toBe(200);
    const text = visibleText((await app.waitForResponse(responseId)).body);
    expect(text).toContain("eFax isn't answering right now");
    expect(text).not.toContain("503");
  });

  it("tells admins to reconnect when eFax rejects the saved account", async () => {
    await app.connect();
    app.efax.setFault({ kind: "status", status: 401 });
    const admin = await app.command("billable", { userId: ADMIN });
    const answer = (await app.waitForResponse(admin.responseId)).body;
    expect(visibleText(answer)).toContain("eFax didn't accept the saved account details");
    expect(buttons(answer).map((b) => b.actionId)).toContain(ACTION_IDS.connect);

    const member = await app.command("billable", { userId: MEMBER });
    const memberAnswer = (await app.waitForResponse(member.responseId)).body;
    expect(visibleText(memberAnswer)).toContain("Ask a workspace admin");
  });

  it("shows the status: masked account, who connected it, time zone, storage", async () => {
    await app.connect(SLACK_TEST_IDS.teamId, undefined, ADMIN);
    const { responseId } = await app.command("status");
    const text = visibleText((await app.waitForResponse(responseId)).body);
    expect(text).toContain("cl…st");
    expect(text).toContain(`<@${ADMIN}>`);
    expect(text).toContain(ZONE);
    expect(text).toContain("built-in storage");
  });

  it("lets admins count report days in one time zone for everyone, and others not", async () => {
    const member = await app.command("timezone Asia/Tokyo", { userId: MEMBER });
    expect(visibleText((await app.waitForResponse(member.responseId)).body)).toContain(
      "Only workspace admins can change the report time zone",
    );
    const wrong = await app.command("timezone Mars/Olympus", { userId: ADMIN });
    expect(visibleText((await app.waitForResponse(wrong.responseId)).body)).toContain(
      "I don't know that time zone",
    );
    const set = await app.command("timezone pacific/kiritimati", { userId: ADMIN });
    expect(visibleText((await app.waitForResponse(set.responseId)).body)).toContain(
      "Days are counted in *Pacific/Kiritimati* for everyone",
    );
    await app.connect();
    const report = await app.command("failures yesterday", { userId: MEMBER });
    const kiritimatiYesterday = addDays(dayInZone(new Date(), "Pacific/Kiritimati"), -1);
    expect(visibleText((await app.waitForResponse(report.responseId)).body)).toContain(
      formatDay(kiritimatiYesterday),
    );
    const off = await app.command("timezone off", { userId: ADMIN });
    expect(visibleText((await app.waitForResponse(off.responseId)).body)).toContain(
      "each person's own Slack time zone",
    );
  });

  it("looks a person's time zone up once, then remembers it", async () => {
    await app.connect();
    for (const when of ["yesterday", "today"]) {
      const { responseId } = await app.command(`billable ${when}`, { userId: "U0NEWCOMER" });
      await app.waitForResponse(responseId);
    }
    const lookups = app.slack
      .callsTo("users.info")
      .filter((call) => call.body.user === "U0NEWCOMER");
    expect(lookups).toHaveLength(1);
  });

  it("fetches each day from eFax once while it is kept, for every button that rebuilds it", async () => {
    await app.connect();
    const first = await app.command("failures yesterday");
    await app.waitForResponse(first.responseId);
    const fetched = app.efax.requests.length;
    const again = await app.command("failures yesterday");
    await app.waitForResponse(again.responseId);
    expect(app.efax.requests).toHaveLength(fetched);
  });

  it("offers the summary when the words are only a date", async () => {
    const { responseId } = await app.command("last week");
    expect(visibleText((await app.waitForResponse(responseId)).body)).toContain(
      "/efax summary last week",
    );
  });
});

describe("/efax with the server's default eFax account", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({ defaultAccount: true });
  });
  afterAll(async () => {
    await app.close();
  });

  it("runs reports on EFAX_* credentials when the workspace connected none, and says so in status", async () => {
    const report = await app.command("numbers yesterday");
    expect(visibleText((await app.waitForResponse(report.responseId)).body)).toContain(
      "Number overview",
    );
    const status = await app.command("status");
    expect(visibleText((await app.waitForResponse(status.responseId)).body)).toContain(
      "server settings",
    );
  });
});

describe("/efax when Slack no longer accepts the bot token", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it("tells the person to have SLACK_BOT_TOKEN replaced, then works once Slack takes it again", async () => {
    app.slack.failNext("auth.test", { error: "token_revoked" });
    const refused = await app.command("failures yesterday");
    expect(refused.ack.status).toBe(200);
    const answer = await app.waitForResponse(refused.responseId);
    expect(visibleText(answer.body)).toContain("Slack no longer accepts my access token");
    expect(visibleText(answer.body)).toContain("SLACK_BOT_TOKEN");

    const retried = await app.command("help");
    expect(visibleText((await app.waitForResponse(retried.responseId)).body)).toContain(
      "/efax failures yesterday",
    );
  });
});
