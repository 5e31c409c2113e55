import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import { formatDay } from "../src/dates/format.ts";
import { ACTION_IDS } from "../src/slack/ids.ts";
import { decodeReportRef } from "../src/slack/report-ref.ts";
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
    app.slack.reset();
    app.efax.setFault(null);
    await app.services.vault.remove(SLACK_TEST_IDS.teamId);
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

  it("shows a progress note first and replaces it with the result", async () => {
    await app.connect();
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
});
