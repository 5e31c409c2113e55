import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from "../src/views/ids.ts";
import { encodeReportRef } from "../src/views/report-ref.ts";
import { TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import {
  appHomeOpened,
  blockAction,
  plainTextValue,
  viewSubmission,
} from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { visibleText } from "./support/view-text.ts";

const TEAM_A = "T0TEAMAAAA";
const TEAM_B = "T0TEAMBBBB";
const ADMIN_A = "U0ADMINAAA";
const ADMIN_B = "U0ADMINBBB";
const MEMBER_B = "U0MEMBERBB";

describe("workspaces on the Upstash store", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      store: "upstash",
      slack: {
        users: {
          [ADMIN_A]: { isAdmin: true, teamId: TEAM_A, tz: "Europe/Berlin" },
          [ADMIN_B]: { isAdmin: true, teamId: TEAM_B, tz: "America/Chicago" },
          [MEMBER_B]: { teamId: TEAM_B, tz: "America/Chicago" },
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
    app.upstash?.setFault(null);
    await app.store.deleteByPrefix("efax:");
    await app.services.cache.deleteByPrefix("efax:");
  });

  it("keeps workspace A's account, reports and settings away from workspace B", async () => {
    const connect = await app.send(
      viewSubmission({
        callbackId: CALLBACK_IDS.connect,
        team: TEAM_A,
        user: ADMIN_A,
        values: {
          [BLOCK_IDS.apiKey]: { [BLOCK_IDS.apiKey]: plainTextValue(TEST_EFAX_CREDENTIALS.apiKey) },
          [BLOCK_IDS.username]: {
            [BLOCK_IDS.username]: plainTextValue(TEST_EFAX_CREDENTIALS.username),
          },
          [BLOCK_IDS.password]: {
            [BLOCK_IDS.password]: plainTextValue(TEST_EFAX_CREDENTIALS.password),
          },
        },
      }),
    );
    expect(connect.text).toBe("");
    await app.slack.waitFor(
      () =>
        app.slack.callsTo("views.publish").filter((call) => call.body.user_id === ADMIN_A)
          .length === 2,
    );
    const zone = await app.command("timezone Asia/Kolkata", { teamId: TEAM_A, userId: ADMIN_A });
    expect(visibleText((await app.waitForResponse(zone.responseId)).body)).toContain(
      "Asia/Kolkata",
    );
    const requestsBefore = app.efax.requests.length;

    const status = await app.command("status", { teamId: TEAM_B, userId: MEMBER_B });
    const statusText = visibleText((await app.waitForResponse(status.responseId)).body);
    expect(statusText).toContain("No eFax account is connected");
    expect(statusText).not.toContain("cl…st");
    expect(statusText).not.toContain("Asia/Kolkata");

    const report = await app.command("failures yesterday", { teamId: TEAM_B, userId: MEMBER_B });
    expect(visibleText((await app.waitForResponse(report.responseId)).body)).toContain(
      "No eFax account is connected yet",
    );

    const day = addDays(dayInZone(new Date(), "America/Chicago"), -1);
    const responseUrl = app.slack.responseUrl("share-b");
    await app.send(
      blockAction({
        actionId: ACTION_IDS.share,
        team: TEAM_B,
        user: MEMBER_B,
        responseUrl,
        value: encodeReportRef({ name: "failures", from: day, to: day, sample: false }),
      }),
    );
    expect(visibleText((await app.waitForResponse("share-b")).body)).toContain(
      "No eFax account is connected yet",
    );

    await app.send(appHomeOpened({ teamId: TEAM_B, user: MEMBER_B }));
    await app.slack.waitFor(
      (call) => call.method === "views.publish" && call.body.user_id === MEMBER_B,
    );
    expect(visibleText(app.slack.homeView(MEMBER_B) ?? {})).toContain(
      "No eFax account is connected yet",
    );

    expect(app.efax.requests).toHaveLength(requestsBefore);
    expect(app.slack.callsTo("chat.postMessage").filter((c) => c.body.channel !== ADMIN_A)).toEqual(
      [],
    );
    expect(await app.store.keys(`efax:${TEAM_B}:`)).not.toContain(`efax:${TEAM_B}:credentials`);
  });

  it("keeps every raw value in Redis free of the eFax password, key and username", async () => {
    await app.connect(TEAM_A, TEST_EFAX_CREDENTIALS, ADMIN_A);
    const report = await app.command("summary yesterday", { teamId: TEAM_A, userId: ADMIN_A });
    await app.waitForResponse(report.responseId);
    const redis = app.upstash?.redis;
    if (!redis) throw new Error("This suite needs the Upstash store.");
    const keys = await redis.keys("*");
    expect(keys.length).toBeGreaterThan(0);
    const raw = (await Promise.all(keys.map((key) => redis.get(key).catch(() => "")))).join("\n");
    for (const secret of Object.values(TEST_EFAX_CREDENTIALS)) expect(raw).not.toContain(secret);
    expect(app.logs.join("\n")).not.toContain(TEST_EFAX_CREDENTIALS.password);
  });

  it("says in plain words when the store cannot be reached, still acknowledging at once", async () => {
    app.upstash?.setFault({ kind: "hang" });
    const { ack, responseId } = await app.command("failures yesterday", {
      teamId: TEAM_A,
      userId: ADMIN_A,
    });
    expect(ack.status).toBe(200);
    expect(ack.text).toBe("");
    const text = visibleText((await app.waitForResponse(responseId)).body);
    expect(text).toContain("I can't reach my storage right now");
    expect(text).not.toMatch(/upstash|redis|GET|efax:/i);
  });

  it("saves nothing when the store fails during Connect, and says so on the modal", async () => {
    app.upstash?.setFault({ kind: "hang" });
    const answer = await app.send(
      viewSubmission({
        callbackId: CALLBACK_IDS.connect,
        team: TEAM_A,
        user: ADMIN_A,
        values: {
          [BLOCK_IDS.apiKey]: { [BLOCK_IDS.apiKey]: plainTextValue(TEST_EFAX_CREDENTIALS.apiKey) },
          [BLOCK_IDS.username]: {
            [BLOCK_IDS.username]: plainTextValue(TEST_EFAX_CREDENTIALS.username),
          },
          [BLOCK_IDS.password]: {
            [BLOCK_IDS.password]: plainTextValue(TEST_EFAX_CREDENTIALS.password),
          },
        },
      }),
    );
    expect(JSON.stringify(answer.json)).toContain("storage could not be reached");
    app.upstash?.setFault(null);
    expect(await app.services.vault.describe(TEAM_A)).toBeNull();
  });
});
