import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIGEST_INDEX_KEY, loadDigest } from "../src/services/digest/settings.ts";
import { storeKeys } from "../src/store/keys.ts";
import { ACTION_IDS, BLOCK_IDS } from "../src/views/ids.ts";
import { checkView } from "../src/views/limits.ts";
import {
  appHomeOpened,
  appUninstalled,
  blockAction,
  SLACK_TEST_IDS,
} from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { buttons, visibleText } from "./support/view-text.ts";

const TEAM = SLACK_TEST_IDS.teamId;
const ADMIN = "U0ADMIN001";
const MEMBER = SLACK_TEST_IDS.userId;
const FAXOPS = "C0FAXOPS01";
const PRIVATE_IN = "G0PRIVIN01";
const PRIVATE_OUT = "G0PRIVOUT1";
const ARCHIVED = "C0ARCHIVE1";

describe("setting the digest over real HTTP, on Upstash", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      store: "upstash",
      slack: {
        users: {
          [ADMIN]: { tz: "America/Chicago", isAdmin: true },
          [MEMBER]: { tz: "America/Chicago" },
        },
        channels: {
          [PRIVATE_IN]: { name: "billing", isPrivate: true, isMember: true },
          [PRIVATE_OUT]: { name: "secret", isPrivate: true, postError: "channel_not_found" },
          [ARCHIVED]: { name: "old-faxes", isArchived: true },
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
    await app.forget(TEAM);
    await app.connect();
  });

  async function digest(text: string, userId = ADMIN): Promise<string> {
    const { ack, responseId } = await app.command(`digest ${text}`.trim(), { userId });
    expect(ack.status).toBe(200);
    const answer = await app.waitForResponse(responseId);
    expect(answer.body.response_type).toBe("ephemeral");
    return visibleText(answer.body);
  }

  it("sets a digest from the escaped channel, states it back to the admin, and posts nothing in the channel", async () => {
    const text = await digest(`<#${FAXOPS}|fax-ops> 9am weekdays`);
    expect(text).toContain(
      `✅ *Digest set:* <#${FAXOPS}>, every weekday at 9:00 in America/Chicago, next:`,
    );
    expect(text).toContain("The time is read in your Slack time zone.");

    const stored = await loadDigest(app.store, TEAM);
    expect(stored).toMatchObject({
      channelId: FAXOPS,
      time: "09:00",
      cadence: "weekdays",
      timeZone: "America/Chicago",
      setBy: ADMIN,
    });
    expect((await app.store.getFields(DIGEST_INDEX_KEY))[TEAM]).toEqual(stored);
    expect(app.slack.callsTo("conversations.join")[0]?.body.channel).toBe(FAXOPS);
    expect(app.slack.messages(FAXOPS)).toEqual([]);
    expect(app.slack.callsTo("chat.postMessage")).toEqual([]);

    const shown = await digest("", MEMBER);
    expect(shown).toContain(`*Digest:* <#${FAXOPS}>, every weekday at 9:00 in America/Chicago`);
    expect(shown).toContain(`Set by <@${ADMIN}>`);
    expect(shown).toContain("Workspace admins set the digest");
  });

  it.each([
    ["9", "09:00", "daily", "every day at 9:00"],
    ["17:30 weekly", "17:30", "weekly", "every Monday at 17:30"],
    ["9:00 daily", "09:00", "daily", "every day at 9:00"],
  ])("reads the time %j", async (words, time, cadence, said) => {
    const text = await digest(`<#${FAXOPS}|fax-ops> ${words}`);
    expect(text).toContain(said);
    expect(await loadDigest(app.store, TEAM)).toMatchObject({ time, cadence });
  });

  it("takes a private channel the app is in", async () => {
    const text = await digest(`<#${PRIVATE_IN}|billing> 8:30`);
    expect(text).toContain(`<#${PRIVATE_IN}>, every day at 8:30`);
  });

  it.each([
    [`#fax-ops 9`, "I couldn't tell which channel that is", "should_escape"],
    [`<#${PRIVATE_OUT}|secret> 9`, "I can't see that channel", "/invite @eFax Reports"],
    [`<#${ARCHIVED}|old-faxes> 9`, "That channel is archived", "Choose another channel"],
    [`<#${FAXOPS}|fax-ops> 25:00`, "I couldn't read that time", "17:30"],
    [`<#${FAXOPS}|fax-ops>`, "At what time should the digest go out?", "9am"],
    ["9:00 weekdays", "Which channel should the digest go to?", "type #"],
    ["last week", "I don't know “last” here", "Did you mean `/efax summary last week`?"],
  ])("refuses %j in plain words", async (words, title, hint) => {
    const text = await digest(words);
    expect(text).toContain(title);
    expect(text).toContain(hint);
    expect(await loadDigest(app.store, TEAM)).toBeNull();
    expect(await app.store.getFields(DIGEST_INDEX_KEY)).not.toHaveProperty(TEAM);
  });

  it("lets only admins set or stop it", async () => {
    const refused = await digest(`<#${FAXOPS}|fax-ops> 9`, MEMBER);
    expect(refused).toContain("Only workspace admins can set or stop the digest");
    expect(await loadDigest(app.store, TEAM)).toBeNull();
    expect(app.slack.callsTo("conversations.join")).toEqual([]);

    await digest(`<#${FAXOPS}|fax-ops> 9`);
    expect(await digest("off", MEMBER)).toContain("Only workspace admins");
    expect(await loadDigest(app.store, TEAM)).not.toBeNull();

    expect(await digest("off")).toContain("Digest turned off.");
    expect(await loadDigest(app.store, TEAM)).toBeNull();
    expect(await app.store.getFields(DIGEST_INDEX_KEY)).not.toHaveProperty(TEAM);
    expect(await digest("off")).toContain("No digest was set");
  });

  it("reads the time in the workspace's report time zone, and follows it when it changes", async () => {
    const { responseId } = await app.command("timezone Europe/Berlin", { userId: ADMIN });
    await app.waitForResponse(responseId);
    const text = await digest(`<#${FAXOPS}|fax-ops> 9`);
    expect(text).toContain("every day at 9:00 in Europe/Berlin");
    expect(text).toContain("the workspace's report time zone");

    const moved = await app.command("timezone Asia/Tokyo", { userId: ADMIN });
    await app.waitForResponse(moved.responseId);
    expect((await app.store.getFields(DIGEST_INDEX_KEY))[TEAM]).toMatchObject({
      timeZone: "Asia/Tokyo",
    });
    const cleared = await app.command("timezone off", { userId: ADMIN });
    await app.waitForResponse(cleared.responseId);
    expect(await loadDigest(app.store, TEAM)).toMatchObject({ timeZone: "America/Chicago" });
  });

  it("lists the digest commands in help", async () => {
    const { responseId } = await app.command("help");
    const text = visibleText((await app.waitForResponse(responseId)).body);
    expect(text).toContain("`/efax digest #fax-ops 9:00 weekdays`");
    expect(text).toContain("`/efax digest off`");
    expect(text).not.toContain("(also `digest`");
  });

  it("erases the digest with the workspace when the app is uninstalled", async () => {
    await digest(`<#${FAXOPS}|fax-ops> 9`);
    await app.store.set(storeKeys.digestPosted(TEAM, "2026-12-03"), { ts: "1.2" });
    await app.send(appUninstalled());
    await app.idle();
    expect(await app.store.getFields(DIGEST_INDEX_KEY)).not.toHaveProperty(TEAM);
    expect(await app.store.keys(storeKeys.workspacePrefix(TEAM))).toEqual([]);
  });

  describe("in the App Home", () => {
    /** The last Home the app sent for `user`, as it sent it. */
    function sentHome(user: string): Record<string, unknown> {
      const call = app.slack
        .callsTo("views.publish")
        .filter((c) => c.body.user_id === user)
        .at(-1);
      const view = call?.body.view;
      if (typeof view !== "object" || view === null) throw new Error("No Home was published");
      expect(checkView(view)).toEqual([]);
      return { ...(view as Record<string, unknown>), id: app.slack.homeView(user)?.id };
    }

    async function openHome(user = ADMIN): Promise<Record<string, unknown>> {
      app.slack.reset();
      await app.send(appHomeOpened({ user }));
      await app.idle();
      return sentHome(user);
    }

    function digestState(channel: string | null, time: string, cadence: string) {
      return {
        values: {
          [BLOCK_IDS.homeDigest]: {
            [ACTION_IDS.digestChannel]: {
              type: "conversations_select",
              selected_conversation: channel,
            },
            [ACTION_IDS.digestTime]: { type: "timepicker", selected_time: time },
            [ACTION_IDS.digestCadence]: {
              type: "static_select",
              selected_option: { text: { type: "plain_text", text: cadence }, value: cadence },
            },
          },
        },
      };
    }

    async function click(actionId: string, view: Record<string, unknown>, user = ADMIN) {
      app.slack.reset();
      await app.send(blockAction({ actionId, user, view, blockId: BLOCK_IDS.homeDigest }));
      await app.idle();
      return sentHome(user);
    }

    it("offers the Digest section to admins and sets the digest from its pickers", async () => {
      const home = await openHome();
      const text = visibleText(home);
      expect(text).toContain("*Digest* · Not set.");
      expect(buttons(home).map((b) => b.text)).toContain("Start digest");

      const saved = await click(ACTION_IDS.digestSave, {
        ...home,
        state: digestState(FAXOPS, "07:45", "weekly"),
      });
      expect(visibleText(saved)).toContain(
        `✅ Saved: <#${FAXOPS}>, every Monday at 7:45 in America/Chicago, next:`,
      );
      expect(visibleText(saved)).toContain(`*Digest* · <#${FAXOPS}>, every Monday at 7:45`);
      expect(await loadDigest(app.store, TEAM)).toMatchObject({
        channelId: FAXOPS,
        time: "07:45",
        cadence: "weekly",
      });

      const off = await click(ACTION_IDS.digestOff, saved);
      expect(visibleText(off)).toContain("Digest turned off.");
      expect(await loadDigest(app.store, TEAM)).toBeNull();
    });

    it("says why in the section when a channel cannot take it", async () => {
      const home = await openHome();
      const refused = await click(ACTION_IDS.digestSave, {
        ...home,
        state: digestState(PRIVATE_OUT, "09:00", "daily"),
      });
      expect(visibleText(refused)).toContain("⚠️ I can't see that channel");
      const none = await click(ACTION_IDS.digestSave, {
        ...home,
        state: digestState(null, "09:00", "daily"),
      });
      expect(visibleText(none)).toContain("Pick the channel the digest goes to");
      expect(await loadDigest(app.store, TEAM)).toBeNull();
    });

    it("shows members the setting without controls, and refuses their clicks", async () => {
      await digest(`<#${FAXOPS}|fax-ops> 9 weekdays`);
      const home = await openHome(MEMBER);
      const text = visibleText(home);
      expect(text).toContain(`*Digest* · <#${FAXOPS}>, every weekday at 9:00 in America/Chicago`);
      expect(buttons(home).map((b) => b.text)).not.toContain("Save digest");
      const refused = await click(
        ACTION_IDS.digestSave,
        { ...home, state: digestState(ARCHIVED, "10:00", "daily") },
        MEMBER,
      );
      expect(visibleText(refused)).toContain("Only workspace admins can set or stop the digest");
      expect(await loadDigest(app.store, TEAM)).toMatchObject({ channelId: FAXOPS });
    });
  });
});
