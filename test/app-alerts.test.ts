/**
 * Alerts end to end over real HTTP, on the embedded store and on Upstash over the real Redis:
 * rules set with /efax alerts by an admin, checked by the tick (`runTick` with the app's
 * services, on the app's clock) against the local eFax server's reports for today, posted to the
 * local Slack server. Each rule firing and not firing at its boundary, one post per subject and
 * day under concurrent ticks, the in-place "back to normal" update, snooze expiry and mute, the
 * report button, masking across the flow, the audit lines, and eFax asked at most once per
 * report and quarter hour.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alertsJob } from "../src/services/alerts/job.ts";
import { ALERTS_INDEX_KEY } from "../src/services/alerts/settings.ts";
import { readAudit } from "../src/services/audit.ts";
import { runTick } from "../src/services/schedule/tick.ts";
import { storeKeys } from "../src/store/keys.ts";
import { ACTION_IDS, alertsRuleActionId, alertUnmuteActionId } from "../src/views/ids.ts";
import { checkMessage, checkView } from "../src/views/limits.ts";
import { TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import type { StoredMessage } from "./support/slack-api-server.ts";
import {
  appHomeOpened,
  appUninstalled,
  blockAction,
  messageTs,
  SLACK_TEST_IDS,
} from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { buttons, visibleText } from "./support/view-text.ts";

const ZONE = "America/Chicago";
const TEAM = SLACK_TEST_IDS.teamId;
const ADMIN = "U0ALRTADMN";
const MEMBER = SLACK_TEST_IDS.userId;
const CHANNEL = "C0ALERTS01";
/** A Thursday; 10:00 in Chicago. */
const DAY = "2026-12-03";
const NEXT_DAY = "2026-12-04";
const TEN = Date.parse("2026-12-03T16:00:00Z");
const MINUTE = 60_000;
const LINE_A = "13125550178";
const LINE_B = "12125550143";
const NUMBER_X = "16155552919";
const NUMBER_Y = "14045554470";

const REASONS = [
  "Busy",
  "Call placement error",
  "Fax transmission failed",
  "No answer",
  "No dial tone",
  "Unspecified failure",
];

function row(success: number, failed: number, reason = "Busy", withFailures = true) {
  const counts: Record<string, number> = Object.fromEntries(REASONS.map((r) => [r, 0]));
  counts[reason] = failed;
  return {
    ...counts,
    Success: success,
    Total: success + failed,
    ...(withFailures ? { Failures: failed } : {}),
  };
}

/** Today's account overview: per line, successes and failures. */
function overviewBody(lines: Record<string, [number, number]>): string {
  const body: Record<string, unknown> = {};
  for (const [did, [success, failed]] of Object.entries(lines)) {
    body[did] = { frontdesk: row(success, failed) };
  }
  return JSON.stringify(body);
}

/** Today's failures report: numbers every attempt to which failed. */
function failuresBody(numbers: { did: string; number: string; failed: number }[]): string {
  const body: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const { did, number, failed } of numbers) {
    body[did] ??= { frontdesk: {} };
    const user = body[did]?.frontdesk;
    if (user) user[number] = row(0, failed, "No answer", false);
  }
  return JSON.stringify(body);
}

describe.each(["embedded", "upstash"] as const)("alerts (%s store)", (store) => {
  let app: RunningApp;
  let nowMs = TEN;
  /** When the report cache was last forgotten (see `at`). */
  let cacheSince = TEN;

  beforeAll(async () => {
    app = await startApp({
      store,
      now: () => new Date(nowMs),
      jobs: [alertsJob],
      slack: { users: { [ADMIN]: { isAdmin: true, tz: ZONE }, [MEMBER]: { tz: ZONE } } },
    });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    nowMs = TEN;
    cacheSince = TEN;
    await app.idle();
    app.slack.reset();
    for (const day of [DAY, NEXT_DAY]) {
      app.efax.setBody("account-overview", day, overviewBody({ [LINE_A]: [100, 0] }));
      app.efax.setBody("failures", day, failuresBody([]));
    }
    await app.forget(TEAM);
    await app.connect(TEAM, TEST_EFAX_CREDENTIALS, ADMIN);
  });

  async function command(text: string, userId = ADMIN): Promise<string> {
    const { responseId } = await app.command(text, { userId, channelId: CHANNEL });
    return visibleText((await app.waitForResponse(responseId)).body);
  }

  /**
   * Moves the app's clock. The report cache keeps today's bodies for 10 minutes of real time
   * (Redis's clock, for Upstash): moving on by 10 minutes or more forgets them, as time would.
   */
  async function at(minutesAfterTen: number): Promise<void> {
    const next = TEN + minutesAfterTen * MINUTE;
    if (next - cacheSince >= 10 * MINUTE) {
      cacheSince = next;
      for (const day of [DAY, NEXT_DAY]) {
        for (const kind of ["account-overview", "failures"]) {
          await app.services.cache.delete(storeKeys.reportCache(TEAM, kind, day));
        }
      }
    }
    nowMs = next;
  }

  const tick = () => runTick(app.services, { jobs: [alertsJob] });

  /** Alerts in the channel (not thread replies), as Slack stores them now. */
  const alerts = (): StoredMessage[] =>
    app.slack.messages(CHANNEL).filter((message) => message.threadTs === undefined);
  const shown = (message: StoredMessage | undefined) => visibleText({ blocks: message?.blocks });
  /** The last Home the app published, as it sent it. */
  const lastPublished = () => app.slack.callsTo("views.publish").at(-1)?.body.view;
  const posts = () =>
    app.slack.callsTo("chat.postMessage").filter((call) => call.body.channel === CHANNEL);

  async function setUp(...rules: string[]): Promise<void> {
    await command(`alerts <#${CHANNEL}|fax-alerts>`);
    for (const rule of rules) await command(`alerts ${rule}`);
  }

  it("turns nothing on by choosing the channel, and refuses members", async () => {
    const answer = await command(`alerts <#${CHANNEL}|fax-alerts>`);
    expect(answer).toContain(`Alerts go to <#${CHANNEL}>`);
    expect(answer).toContain("No rule is on yet");
    expect(await app.store.getFields(ALERTS_INDEX_KEY)).not.toHaveProperty(TEAM);
    await at(1);
    expect(await tick()).toMatchObject({ due: 0 });

    expect(await command("alerts rate 90", MEMBER)).toContain(
      "Only workspace admins can change the alerts",
    );
    const seen = await command("alerts", MEMBER);
    expect(seen).toContain("*Success rate* off");
    expect(seen).toContain("Workspace admins set the alerts");
    expect(await command("alerts rate ninety")).toContain("needs a percent");
  });

  it("success rate: not at the threshold nor under the minimum of attempts; at 89% of 100 it posts once", async () => {
    await setUp("rate 90 min 20");
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [90, 10] }));
    expect(await tick()).toMatchObject({ due: 1, done: 1 });
    expect(posts()).toHaveLength(0);

    await at(15);
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [0, 19] }));
    await tick();
    expect(posts()).toHaveLength(0);

    await at(30);
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [89, 11] }));
    await tick();
    const [alert, ...more] = alerts();
    expect(more).toEqual([]);
    const text = shown(alert);
    expect(text).toContain("Success rate below 90%");
    expect(text).toContain("*89.0%* of 100 fax attempts went through today");
    expect(text).toContain("alert below 90%, from 20 attempts");
    expect(text).toContain("Seen at 10:30.");
    expect(text).toContain("times in America/Chicago");
    expect(buttons({ blocks: alert?.blocks as unknown[] }).map((b) => b.text)).toEqual([
      "Today's overview",
      "Snooze 1 day",
      "Snooze 7 days",
      "Mute this rule",
    ]);
    expect(checkMessage({ text: String(alert?.text), blocks: alert?.blocks as never })).toEqual([]);

    // Still firing at the next quarter hours: nothing more the same day.
    for (const minutes of [45, 60, 75]) {
      await at(minutes);
      await tick();
    }
    expect(posts()).toHaveLength(1);
  });

  it("takes a decimal threshold: 99.5% fires at 99.4% and not at 99.5%", async () => {
    await setUp("rate 99.5 min 100");
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [995, 5] }));
    await tick();
    expect(posts()).toHaveLength(0);
    await at(15);
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [994, 6] }));
    await tick();
    expect(shown(alerts()[0])).toContain("*99.40%* of 1,000 fax attempts");
  });

  it("fax lines: not at the number of failures, one alert per line over it", async () => {
    await setUp("line 40");
    app.efax.setBody(
      "account-overview",
      DAY,
      overviewBody({ [LINE_A]: [10, 40], [LINE_B]: [0, 3] }),
    );
    await tick();
    expect(posts()).toHaveLength(0);
    await at(15);
    app.efax.setBody(
      "account-overview",
      DAY,
      overviewBody({ [LINE_A]: [10, 41], [LINE_B]: [0, 3] }),
    );
    await tick();
    const [alert, ...more] = alerts();
    expect(more).toEqual([]);
    expect(shown(alert)).toContain("Fax line +1 312-555-0178: over 40 failures");
    expect(shown(alert)).toContain("*41 failed attempts* of 51 today");
  });

  it("numbers not reached: one alert per number, updated in place once a fax gets through", async () => {
    await setUp("unreached on");
    app.efax.setBody(
      "failures",
      DAY,
      failuresBody([
        { did: LINE_A, number: NUMBER_X, failed: 3 },
        { did: LINE_B, number: NUMBER_Y, failed: 1 },
      ]),
    );
    await tick();
    expect(alerts()).toHaveLength(2);
    const first = alerts().find((m) => shown(m).includes("615-555-2919"));
    expect(shown(first)).toContain("No fax got through to +1 615-555-2919");
    expect(shown(first)).toContain("3 attempts, mostly No answer from line +1 312-555-0178");
    expect(shown(first)).toContain("[Today's failures]");

    await at(20);
    app.efax.setBody("failures", DAY, failuresBody([{ did: LINE_B, number: NUMBER_Y, failed: 2 }]));
    await tick();
    expect(posts()).toHaveLength(2);
    const updated = app.slack.messages(CHANNEL).find((m) => m.ts === first?.ts);
    expect(shown(updated)).toContain("Back to normal at 10:20");
    expect(shown(updated)).toContain("First seen at 10:00");
    expect(app.slack.callsTo("chat.update")).toHaveLength(1);
  });

  it("updates the alert in place when it clears, and again if it fires again the same day", async () => {
    await setUp("rate 90");
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [50, 50] }));
    await tick();
    await at(15);
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [500, 50] }));
    await tick();
    const [alert] = alerts();
    expect(shown(alert)).toContain("✅ *Back to normal at 10:15*");
    expect(alert?.text).toBe("Back to normal at 10:15: Success rate below 90%.");
    await at(30);
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [500, 500] }));
    await tick();
    expect(posts()).toHaveLength(1);
    expect(app.slack.callsTo("chat.update")).toHaveLength(2);
    expect(shown(alerts()[0])).toContain("🚨 *Success rate below 90%*");
  });

  it("posts each subject once a day under two ticks at once, and two checks of different quarter hours", async () => {
    await setUp("rate 90", "unreached on");
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [10, 90] }));
    app.efax.setBody("failures", DAY, failuresBody([{ did: LINE_A, number: NUMBER_X, failed: 4 }]));
    const [a, b] = await Promise.all([tick(), tick()]);
    expect(a.claimed + b.claimed).toBe(1);
    expect(posts()).toHaveLength(2);

    // Two overlapping checks of different quarter hours (one overran its slot).
    app.slack.reset();
    await app.store.deleteField(storeKeys.alertsOpen(TEAM), `${DAY}.rate`);
    const client = await app.services.clientFor(TEAM);
    const run = (id: string) =>
      alertsJob.run({
        services: app.services,
        teamId: TEAM,
        entry: { timeZone: ZONE, channelId: CHANNEL },
        run: { id },
        client,
        signal: new AbortController().signal,
      });
    await Promise.all([run(`${DAY}.1000`), run(`${DAY}.1015`)]);
    expect(posts()).toHaveLength(0);

    // The next day, the same subjects post again, once.
    await at(24 * 60);
    app.efax.setBody("account-overview", NEXT_DAY, overviewBody({ [LINE_A]: [10, 90] }));
    await Promise.all([tick(), tick()]);
    expect(posts()).toHaveLength(1);
  });

  it("asks eFax at most once per report and quarter hour", async () => {
    await setUp("rate 90", "line 20", "unreached on");
    const calls = () => app.efax.requests.filter((r) => r.path.includes(`/${DAY}`));
    const before = calls().length;
    for (const minutes of [0, 1, 7, 14]) {
      await at(minutes);
      await tick();
    }
    const firstQuarter = calls().slice(before);
    expect(firstQuarter.map((r) => r.path.split("/")[2]).sort()).toEqual([
      "account-overview",
      "failures",
    ]);
    await at(15);
    await tick();
    expect(calls().length - before).toBe(4);
  });

  it("holds a snoozed rule until the snooze ends; clicks count once; members cannot snooze", async () => {
    await setUp("unreached on");
    app.efax.setBody("failures", DAY, failuresBody([{ did: LINE_A, number: NUMBER_X, failed: 2 }]));
    await tick();
    const [alert] = alerts();
    const click = (actionId: string, user = ADMIN) => {
      const responseId = `alert-${messageTs()}`;
      return {
        responseId,
        sent: app.send(
          blockAction({
            actionId,
            value: "unreached",
            user,
            channel: CHANNEL,
            message: { ts: alert?.ts ?? "", text: "alert" },
            responseUrl: app.slack.responseUrl(responseId),
          }),
        ),
      };
    };
    const refused = click(ACTION_IDS.alertSnoozeDay, MEMBER);
    expect(visibleText((await app.waitForResponse(refused.responseId)).body)).toContain(
      "Only workspace admins can snooze or mute alerts",
    );
    const first = click(ACTION_IDS.alertSnoozeDay);
    const second = click(ACTION_IDS.alertSnoozeDay);
    await Promise.all([first.sent, second.sent]);
    await app.idle();
    const notices = [first, second].filter((c) => app.responseUrlPosts(c.responseId).length > 0);
    expect(notices).toHaveLength(1);
    expect(
      visibleText(app.responseUrlPosts(notices[0]?.responseId ?? "")[0]?.body ?? {}),
    ).toContain("Snoozed by");
    expect(shown(alerts()[0])).toContain(`😴 Snoozed by <@${ADMIN}> until`);
    const snoozes = (await readAudit(app.store, TEAM)).filter((e) =>
      e.what.startsWith("Alert snooze"),
    );
    expect(snoozes).toHaveLength(1);
    expect(snoozes[0]?.to).toBe("1 day, until Fri 4 Dec 2026 10:00 America/Chicago");

    // A new number that day: held by the snooze.
    await at(15);
    app.efax.setBody(
      "failures",
      DAY,
      failuresBody([
        { did: LINE_A, number: NUMBER_X, failed: 2 },
        { did: LINE_A, number: NUMBER_Y, failed: 2 },
      ]),
    );
    const held = await tick();
    expect(held.done).toBe(1);
    expect(posts()).toHaveLength(1);

    // Just before the day is up: still held; once it is up: posted.
    app.efax.setBody(
      "failures",
      NEXT_DAY,
      failuresBody([{ did: LINE_A, number: NUMBER_Y, failed: 2 }]),
    );
    await at(24 * 60 - 1);
    await tick();
    expect(posts()).toHaveLength(1);
    await at(24 * 60);
    await tick();
    expect(posts()).toHaveLength(2);
    expect(shown(alerts()[1])).toContain("+1 404-555-4470");
  });

  it("never posts a muted rule until it is unmuted, which the App Home offers", async () => {
    await setUp("rate 90");
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [10, 90] }));
    await tick();
    const [alert] = alerts();
    await app.send(
      blockAction({
        actionId: ACTION_IDS.alertMute,
        value: "rate",
        user: ADMIN,
        channel: CHANNEL,
        message: { ts: alert?.ts ?? "" },
        responseUrl: app.slack.responseUrl(`mute-${messageTs()}`),
      }),
    );
    await app.idle();
    expect(shown(alerts()[0])).toContain(`🔕 Muted by <@${ADMIN}>`);
    for (const days of [1, 3, 9]) {
      const day = new Date(TEN + days * 24 * 60 * MINUTE).toISOString().slice(0, 10);
      app.efax.setBody("account-overview", day, overviewBody({ [LINE_A]: [10, 90] }));
      await at(days * 24 * 60);
      await tick();
    }
    expect(posts()).toHaveLength(1);

    await app.send(appHomeOpened({ user: ADMIN }));
    await app.idle();
    const home = app.slack.homeView(ADMIN) ?? {};
    expect(checkView(lastPublished())).toEqual([]);
    expect(visibleText(home)).toContain(`🔕 Muted by <@${ADMIN}>`);
    expect(buttons(home).map((b) => b.text)).toContain("Unmute: Success rate");
    expect(await command("alerts")).toContain("Muted by");

    await app.send(
      blockAction({
        actionId: alertUnmuteActionId("rate"),
        value: "rate",
        user: ADMIN,
        view: { id: "VHOME", type: "home" },
      }),
    );
    await app.idle();
    expect(visibleText(app.slack.homeView(ADMIN) ?? {})).not.toContain("Muted by");
    await at(9 * 24 * 60 + 15);
    await tick();
    expect(posts()).toHaveLength(2);
    const audit = await readAudit(app.store, TEAM);
    expect(audit.slice(0, 2).map((e) => [e.what, e.from, e.to])).toEqual([
      ["Alert mute: success rate", "muted", null],
      ["Alert mute: success rate", null, "muted"],
    ]);
  });

  it("opens today's report from the alert, only for whoever clicks", async () => {
    await setUp("rate 90");
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [10, 90] }));
    await tick();
    const [alert] = alerts();
    const report = buttons({ blocks: alert?.blocks as unknown[] }).find(
      (b) => b.text === "Today's overview",
    );
    const responseId = `report-${messageTs()}`;
    await app.send(
      blockAction({
        actionId: ACTION_IDS.alertReport,
        value: report?.value ?? "",
        user: MEMBER,
        channel: CHANNEL,
        message: { ts: alert?.ts ?? "" },
        responseUrl: app.slack.responseUrl(responseId),
      }),
    );
    const answer = await app.waitForResponse(responseId);
    expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(visibleText(answer.body)).toContain("Account overview");
    expect(visibleText(answer.body)).toContain("Thu 3 Dec 2026");
    expect(shown(alerts()[0])).toContain("Success rate below 90%");
  });

  it("masks numbers in alerts and in everything around them when the workspace masks", async () => {
    await command("mask on");
    await setUp("unreached on", "line 1");
    app.efax.setBody("account-overview", DAY, overviewBody({ [LINE_A]: [0, 6] }));
    app.efax.setBody(
      "failures",
      DAY,
      failuresBody([
        { did: LINE_A, number: NUMBER_X, failed: 3 },
        { did: LINE_A, number: NUMBER_Y, failed: 3 },
      ]),
    );
    await tick();
    const [withButton] = alerts().filter((m) => shown(m).includes("•••-•••-2919"));
    expect(withButton).toBeDefined();
    const report = buttons({ blocks: withButton?.blocks as unknown[] }).find(
      (b) => b.text === "Today's failures",
    );
    const responseId = `masked-${messageTs()}`;
    await app.send(
      blockAction({
        actionId: ACTION_IDS.alertReport,
        value: report?.value ?? "",
        user: MEMBER,
        channel: CHANNEL,
        message: { ts: withButton?.ts ?? "" },
        responseUrl: app.slack.responseUrl(responseId),
      }),
    );
    await app.waitForResponse(responseId);
    await at(15);
    app.efax.setBody("failures", DAY, failuresBody([{ did: LINE_A, number: NUMBER_Y, failed: 3 }]));
    await tick();
    await app.send(appHomeOpened({ user: ADMIN }));
    await app.idle();
    const sent = app.slack.calls.map((call) => JSON.stringify(call.body)).join("\n");
    for (const number of [NUMBER_X, NUMBER_Y]) {
      for (const spelled of [
        number,
        number.slice(1),
        `${number.slice(1, 4)}-${number.slice(4, 7)}-${number.slice(7)}`,
      ]) {
        expect(sent.includes(spelled), `${spelled} was sent unmasked`).toBe(false);
      }
    }
    expect(sent).toContain("+1 312-555-0178");
    expect(shown(app.slack.messages(CHANNEL).find((m) => m.ts === withButton?.ts))).toContain(
      "Back to normal at 10:15",
    );
  });

  it("records every change to alerts in the audit trail", async () => {
    await command(`alerts <#${CHANNEL}|fax-alerts>`);
    await command("alerts rate 95 min 50");
    await command("alerts rate 99.5");
    await command("alerts line 20");
    await command("alerts unreached on");
    await command("alerts rate off");
    await command("alerts line off");
    await command("alerts off");
    const trail = (await readAudit(app.store, TEAM)).reverse();
    expect(trail.map((e) => [e.what, e.from, e.to, e.by])).toEqual([
      ["Alert channel", null, `#${CHANNEL}`, ADMIN],
      ["Alert: success rate", "off", "below 95% from 50 attempts", ADMIN],
      ["Alert: success rate", "below 95% from 50 attempts", "below 99.5% from 20 attempts", ADMIN],
      ["Alert: fax lines", "off", "over 20 failures", ADMIN],
      ["Alert: numbers not reached", "off", "on", ADMIN],
      ["Alert: success rate", "below 99.5% from 20 attempts", "off", ADMIN],
      ["Alert: fax lines", "over 20 failures", "off", ADMIN],
      ["Alert: numbers not reached", "on", "off", ADMIN],
    ]);
    const shownTrail = await command("audit");
    expect(shownTrail).toContain(`set *Alert channel* to <#${CHANNEL}>`);
    expect(await app.store.getFields(ALERTS_INDEX_KEY)).not.toHaveProperty(TEAM);
  });

  it("sets rules and the channel from the App Home, with the suggested thresholds", async () => {
    await app.send(appHomeOpened({ user: ADMIN }));
    await app.idle();
    const home = app.slack.homeView(ADMIN) ?? {};
    expect(checkView(lastPublished())).toEqual([]);
    expect(visibleText(home)).toContain("*Alerts*");
    expect(buttons(home).map((b) => b.text)).toContain("Alert below 90% success");
    await app.send(
      blockAction({
        actionId: ACTION_IDS.alertsChannel,
        user: ADMIN,
        view: { id: "VHOME", type: "home" },
        action: { type: "conversations_select", selected_conversation: CHANNEL },
      }),
    );
    await app.idle();
    await app.send(
      blockAction({
        actionId: alertsRuleActionId("rate", true),
        value: "rate",
        user: ADMIN,
        view: { id: "VHOME", type: "home" },
      }),
    );
    await app.idle();
    const after = visibleText(app.slack.homeView(ADMIN) ?? {});
    expect(after).toContain(`Alerts go to <#${CHANNEL}>`);
    expect(after).toContain("*Success rate* below 90%, from 20 attempts a day");
    expect(after).toContain("✅ Success rate alerts: below 90% from 20 attempts.");
    expect(await app.store.getFields(ALERTS_INDEX_KEY)).toHaveProperty(TEAM);
    await app.send(appHomeOpened({ user: MEMBER }));
    await app.idle();
    expect(visibleText(app.slack.homeView(MEMBER) ?? {})).not.toContain("*Alerts*");
  });

  it("erases alerts, snoozes and the index entry with the workspace", async () => {
    await setUp("rate 90");
    expect(await app.store.getFields(ALERTS_INDEX_KEY)).toHaveProperty(TEAM);
    await app.send(appUninstalled({ teamId: TEAM }));
    await expect.poll(() => app.store.get(storeKeys.alerts(TEAM))).toBeNull();
    expect(await app.store.getFields(ALERTS_INDEX_KEY)).not.toHaveProperty(TEAM);
  });
});
