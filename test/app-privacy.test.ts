/**
 * Admin controls over real HTTP, on the embedded store and on Upstash over the real Redis: number
 * masking across a full flow (every message, view and file the app sends is scanned for an
 * unmasked destination number) and the audit trail (a line for every change, admins only, the
 * newest 50, erased on uninstall).
 */
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import type { FaxReport } from "../src/reports/model.ts";
import { AUDIT_KEEP, readAudit, recordChange } from "../src/services/audit.ts";
import { digestJob } from "../src/services/digest/job.ts";
import { storeKeys } from "../src/store/keys.ts";
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from "../src/views/ids.ts";
import { encodeReportRef, type ReportRef } from "../src/views/report-ref.ts";
import { TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import { RESPONSE_URL_METHOD } from "./support/slack-api-server.ts";
import {
  appHomeOpened,
  appMention,
  appUninstalled,
  blockAction,
  directMessage,
  messageTs,
  plainTextValue,
  SLACK_TEST_IDS,
  viewSubmission,
} from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { visibleText } from "./support/view-text.ts";

const ZONE = "America/Chicago";
const TEAM = SLACK_TEST_IDS.teamId;
const ADMIN = "U0PRIVADMN";
const MEMBER = SLACK_TEST_IDS.userId;
const DIGEST_CHANNEL = "C0DIGESTS1";

function yesterday(): string {
  return addDays(dayInZone(new Date(), ZONE), -1);
}

/** Every way a destination number could be written in a message or a file. */
function spellings(destination: string): string[] {
  const digits = destination.replace(/\D/g, "");
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  const forms = [digits, national];
  if (national.length === 10) {
    forms.push(`${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`);
  }
  return forms;
}

describe.each(["embedded", "upstash"] as const)("admin controls (%s store)", (store) => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      store,
      slack: { users: { [ADMIN]: { isAdmin: true, tz: ZONE }, [MEMBER]: { tz: ZONE } } },
    });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    await app.idle();
    app.slack.reset();
    await app.forget(TEAM);
    await app.connect(TEAM, TEST_EFAX_CREDENTIALS, ADMIN);
  });

  async function commandAnswer(text: string, userId = ADMIN): Promise<string> {
    const { responseId } = await app.command(text, { userId });
    return visibleText((await app.waitForResponse(responseId)).body);
  }

  function click(actionId: string, value: string | undefined, user = ADMIN) {
    const responseId = `priv-${messageTs()}`;
    const responseUrl = app.slack.responseUrl(responseId);
    return {
      responseId,
      sent: app.send(
        blockAction({
          actionId,
          ...(value === undefined ? {} : { value }),
          responseUrl,
          user,
        }),
      ),
    };
  }

  /** The destination numbers of these days' reports, read without masking. */
  async function destinationsOf(days: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const dids = new Set<string>();
    for (const day of days) {
      for (const name of ["numbers", "failures"] as const) {
        const ref: ReportRef = { name, from: day, to: day, sample: false };
        const report = (await app.services.reports.run(TEAM, ref, {
          mask: false,
          previous: false,
        })) as FaxReport;
        for (const row of report.rows) {
          dids.add(row.did);
          if (row.destination) found.add(row.destination);
        }
      }
    }
    for (const did of dids) found.delete(did);
    return found;
  }

  /** Every byte the app sent to Slack: posts, updates, views, response_url answers and files. */
  function everythingSent(): string {
    return app.slack.calls.map((call) => JSON.stringify(call.body)).join("\n");
  }

  describe("masking destination numbers", () => {
    it("is off by default, and only admins may turn it on", async () => {
      expect(await commandAnswer("mask", MEMBER)).toContain("shown in full");
      expect(await commandAnswer("mask on", MEMBER)).toContain(
        "Only workspace admins can change number masking",
      );
      expect(await app.store.get(storeKeys.privacy(TEAM))).toBeNull();
      expect(await commandAnswer("mask maybe")).toContain("mask on");
    });

    it("masks every destination in every message, view and file of a full flow; fax lines stay readable", async () => {
      expect(await commandAnswer("mask on")).toContain("masked");
      const day = yesterday();
      const raw = await destinationsOf([addDays(day, -1), day]);
      expect(raw.size).toBeGreaterThan(5);
      app.slack.reset();

      // Commands, answered through their response_url.
      for (const text of [
        "failures yesterday",
        "numbers yesterday",
        "summary yesterday",
        "overview yesterday",
      ]) {
        expect(await commandAnswer(text, MEMBER)).not.toContain("went wrong");
      }
      // Share (the channel message, its thread and the CSV), CSV to a DM, previous / next.
      for (const name of ["failures", "numbers", "summary"] as const) {
        const shared = click(
          ACTION_IDS.share,
          encodeReportRef({ name, from: day, to: day, sample: false }),
          MEMBER,
        );
        await app.waitForResponse(shared.responseId);
      }
      const csv = click(
        ACTION_IDS.csv,
        encodeReportRef({ name: "numbers", from: day, to: day, sample: false }),
        MEMBER,
      );
      await app.waitForResponse(csv.responseId);
      const previous = click(
        ACTION_IDS.previous,
        encodeReportRef({
          name: "numbers",
          from: addDays(day, -1),
          to: addDays(day, -1),
          sample: false,
        }),
        MEMBER,
      );
      await app.waitForResponse(previous.responseId);
      // A mention (answered in its thread) and a direct message.
      await app.send(appMention({ text: "failures yesterday", user: MEMBER }));
      await app.send(directMessage({ text: "numbers yesterday", user: MEMBER }));
      // The App Home, for an admin and a member, and its sample data.
      await app.send(appHomeOpened({ user: ADMIN }));
      await app.send(appHomeOpened({ user: MEMBER }));
      await app.idle();
      await app.send(
        blockAction({ actionId: ACTION_IDS.trySample, user: MEMBER, view: { id: "V1" } }),
      );
      await app.idle();
      // A digest of yesterday, posted by the digest job with its details and CSV in the thread.
      const digest = await digestJob.run({
        services: app.services,
        teamId: TEAM,
        entry: {
          channelId: DIGEST_CHANNEL,
          time: "09:00",
          cadence: "daily",
          timeZone: ZONE,
          setBy: ADMIN,
          setAt: new Date().toISOString(),
        },
        run: { id: dayInZone(new Date(), ZONE) },
        client: new WebClient(app.botToken, { slackApiUrl: app.slack.url }),
        signal: new AbortController().signal,
      });
      expect(digest.kind).toBe("done");
      expect(app.slack.messages(DIGEST_CHANNEL).length).toBeGreaterThan(1);
      expect(JSON.stringify(app.slack.messages(DIGEST_CHANNEL))).toContain("•••-•••-");

      const sent = everythingSent();
      expect(app.slack.callsTo("files.completeUploadExternal").length).toBeGreaterThanOrEqual(4);
      expect(app.slack.callsTo("views.publish").length).toBeGreaterThanOrEqual(4);
      expect(app.slack.messages(SLACK_TEST_IDS.channelId).length).toBeGreaterThan(3);
      for (const destination of raw) {
        for (const spelled of spellings(destination)) {
          expect(sent.includes(spelled), `${spelled} was sent unmasked`).toBe(false);
        }
      }
      expect(sent).toContain("•••-•••-");
      // Fax lines (DIDs) stay readable.
      expect(sent).toContain("312-555-0178");
      expect(sent).toContain("13125550178");
      // The sample data's destinations are masked too.
      expect(visibleText(app.slack.homeView(MEMBER) ?? {})).toContain("sample");
    });

    it("shows the numbers again once an admin turns it off, and each change is audited", async () => {
      await commandAnswer("mask on");
      expect(await commandAnswer("mask off")).toContain("shown in full");
      const day = yesterday();
      const raw = [...(await destinationsOf([day]))];
      app.slack.reset();
      await commandAnswer("numbers yesterday", MEMBER);
      const sent = everythingSent();
      expect(raw.some((destination) => spellings(destination).some((s) => sent.includes(s)))).toBe(
        true,
      );
      const trail = await readAudit(app.store, TEAM);
      expect(trail.slice(0, 2).map((e) => [e.what, e.from, e.to, e.by])).toEqual([
        ["Number masking", "on", "off", ADMIN],
        ["Number masking", "off", "on", ADMIN],
      ]);
    });

    it("switches from the App Home's admin section", async () => {
      await app.send(appHomeOpened({ user: ADMIN }));
      await app.idle();
      expect(visibleText(app.slack.homeView(ADMIN) ?? {})).toContain("[Mask destination numbers]");
      expect(visibleText(app.slack.homeView(MEMBER) ?? {})).not.toContain("Privacy");
      await app.send(blockAction({ actionId: ACTION_IDS.maskOn, user: ADMIN, view: { id: "V2" } }));
      await app.idle();
      const home = visibleText(app.slack.homeView(ADMIN) ?? {});
      expect(home).toContain("[Show full numbers]");
      expect(home).toContain("Number masking");
      expect((await readAudit(app.store, TEAM))[0]).toMatchObject({ what: "Number masking" });
      // A member's click changes nothing.
      await app.send(
        blockAction({ actionId: ACTION_IDS.maskOff, user: MEMBER, view: { id: "V3" } }),
      );
      await app.idle();
      expect(await app.store.get(storeKeys.privacy(TEAM))).toEqual({ maskNumbers: true });
    });
  });

  describe("the audit trail", () => {
    function connectSubmission(user: string) {
      const { apiKey, username, password } = TEST_EFAX_CREDENTIALS;
      return viewSubmission({
        callbackId: CALLBACK_IDS.connect,
        user,
        values: {
          [BLOCK_IDS.apiKey]: { [BLOCK_IDS.apiKey]: plainTextValue(apiKey) },
          [BLOCK_IDS.username]: { [BLOCK_IDS.username]: plainTextValue(username) },
          [BLOCK_IDS.password]: { [BLOCK_IDS.password]: plainTextValue(password) },
        },
      });
    }

    it("records connect, change, time zone, masking and disconnect: who, what, before, after, when", async () => {
      await app.forget(TEAM);
      const started = Date.now();
      expect((await app.send(connectSubmission(ADMIN))).status).toBe(200);
      expect((await app.send(connectSubmission(ADMIN))).status).toBe(200);
      await commandAnswer("timezone Asia/Tokyo");
      await commandAnswer("timezone off");
      await commandAnswer("mask on");
      expect(await commandAnswer(`digest <#${DIGEST_CHANNEL}|faxes> 9:00 weekdays`)).not.toContain(
        "Only",
      );
      await commandAnswer("digest off");
      await app.send(
        viewSubmission({ callbackId: CALLBACK_IDS.disconnectConfirm, user: ADMIN, values: {} }),
      );
      await app.idle();

      const trail = await readAudit(app.store, TEAM);
      expect(trail.map((e) => [e.what, e.from, e.to])).toEqual([
        ["eFax account", "cl…st", null],
        ["Digest", `weekdays at 09:00 ${ZONE}, #${DIGEST_CHANNEL}`, null],
        ["Digest", null, `weekdays at 09:00 ${ZONE}, #${DIGEST_CHANNEL}`],
        ["Number masking", "off", "on"],
        ["Report time zone", "Asia/Tokyo", "each person's own"],
        ["Report time zone", "each person's own", "Asia/Tokyo"],
        ["eFax account", "cl…st", "cl…st"],
        ["eFax account", null, "cl…st"],
      ]);
      for (const entry of trail) {
        expect(entry.by).toBe(ADMIN);
        expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(started - 1000);
      }
      const stored = JSON.stringify(await app.store.readList(storeKeys.audit(TEAM)));
      for (const secret of Object.values(TEST_EFAX_CREDENTIALS)) {
        expect(stored).not.toContain(secret);
      }

      const shown = await commandAnswer("audit");
      expect(shown).toContain("Changes made by admins");
      expect(shown).toContain(`<@${ADMIN}> changed *Report time zone* from \`Asia/Tokyo\``);
      expect(shown).toContain(`<@${ADMIN}> removed *eFax account* (was \`cl…st\`)`);
      expect(shown).toContain(`<@${ADMIN}> set *eFax account* to \`cl…st\``);
      expect(shown).toContain(
        `<@${ADMIN}> set *Digest* to \`weekdays at 09:00 ${ZONE},\` <#${DIGEST_CHANNEL}>`,
      );
      for (const secret of Object.values(TEST_EFAX_CREDENTIALS)) {
        expect(shown).not.toContain(secret);
      }
    });

    it("is shown to admins only, in /efax audit and in the App Home", async () => {
      await commandAnswer("mask on");
      expect(await commandAnswer("audit", MEMBER)).toContain(
        "Only workspace admins can see the audit trail",
      );
      await app.send(appHomeOpened({ user: ADMIN }));
      await app.send(appHomeOpened({ user: MEMBER }));
      await app.idle();
      expect(visibleText(app.slack.homeView(ADMIN) ?? {})).toContain("Recent changes");
      expect(visibleText(app.slack.homeView(ADMIN) ?? {})).toContain("*Number masking*");
      expect(visibleText(app.slack.homeView(MEMBER) ?? {})).not.toContain("Recent changes");
    });

    it("keeps the newest 50, also when changes arrive at once", async () => {
      await Promise.all(
        Array.from({ length: AUDIT_KEEP + 10 }, (_, index) =>
          recordChange(app.services, TEAM, ADMIN, {
            what: "Test setting",
            from: String(index),
            to: String(index + 1),
          }),
        ),
      );
      const trail = await readAudit(app.store, TEAM);
      expect(trail).toHaveLength(AUDIT_KEEP);
      const shown = await commandAnswer("audit");
      expect(shown.match(/\*Test setting\*/g)).toHaveLength(AUDIT_KEEP);
    });

    it("is erased with the workspace when the app is uninstalled", async () => {
      await commandAnswer("mask on");
      expect(await app.store.readList(storeKeys.audit(TEAM))).not.toEqual([]);
      await app.send(appUninstalled({ teamId: TEAM }));
      await expect.poll(() => app.store.readList(storeKeys.audit(TEAM))).toEqual([]);
      expect(await app.store.get(storeKeys.privacy(TEAM))).toBeNull();
    });
  });

  it("answers every request it got", () => {
    const unanswered = app.slack.callsTo(RESPONSE_URL_METHOD).filter((call) => call.status !== 200);
    expect(unanswered).toEqual([]);
  });
});
