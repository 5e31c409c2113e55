/**
 * Installing as a new user would, over real HTTP: the install page, Slack's redirect back with a
 * code and the state, the cookie a browser keeps in between. A state works once; a replayed one
 * (even with its cookie), a forged one, one from another browser and an expired one install
 * nothing and get a page with a link to start again. Then the welcome message, and an
 * Enterprise Grid org-wide install: commands from two workspaces of the org on the org's token,
 * each workspace's own account and settings, and the org's uninstall erasing all of it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeKeys } from "../src/store/keys.ts";
import { ACTION_IDS } from "../src/views/ids.ts";
import type { RecordedCall } from "./support/slack-api-server.ts";
import { appUninstalled, SLACK_TEST_IDS } from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { visibleText } from "./support/view-text.ts";

const CLIENT = { clientId: "3333.4444", clientSecret: "install-client-secret-5b6c7d" };
const TEAM = "T0INSTALL1";
const ORG = "E0ORGGRID1";
const ORG_WORKSPACES = ["T0ORGWSAA1", "T0ORGWSBB2"] as const;
const ADMIN = "U0ADMININS";
const MEMBER = "U0MEMBERIN";
const ORG_ADMIN = "U0ORGADMIN";
const ORG_TOKEN = "xoxb-org-wide-token-77aa11";

interface Started {
  state: string;
  cookie: string;
}

/** Opens the install page as a browser would: the state in Slack's URL, the cookie it set. */
async function beginInstall(app: RunningApp): Promise<Started> {
  const page = await fetch(`${app.url}/api/slack/install`);
  expect(page.status).toBe(200);
  const href = /<a href="([^"]+)"/.exec(await page.text())?.[1]?.replaceAll("&amp;", "&") ?? "";
  const state = new URL(href).searchParams.get("state") ?? "";
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  expect(state).not.toBe("");
  expect(cookie).toContain(state);
  return { state, cookie };
}

/** Slack sending the browser back with `code` and `state`, the browser sending `cookie`. */
async function redirectBack(
  app: RunningApp,
  code: string,
  state: string,
  cookie: string | null,
): Promise<{ status: number; html: string }> {
  const response = await fetch(
    `${app.url}/api/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
    cookie === null ? {} : { headers: { cookie } },
  );
  return { status: response.status, html: await response.text() };
}

function expectRefusedPage(answer: { status: number; html: string }): void {
  expect(answer.status).toBe(400);
  expect(answer.html).toContain("This install link can");
  expect(answer.html).toContain('href="/api/slack/install"');
  expect(answer.html).toContain("Start the install again");
}

function dmsTo(app: RunningApp, user: string): RecordedCall[] {
  return app.slack.callsTo("chat.postMessage").filter((call) => call.body.channel === user);
}

const codes = (team: string, user: string, token: string) => ({
  teamId: team,
  botToken: token,
  userId: user,
});

describe.each(["embedded", "upstash"] as const)("installing with OAuth (%s store)", (store) => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      store,
      oauth: CLIENT,
      slack: {
        users: {
          [ADMIN]: { isAdmin: true, tz: "America/Chicago" },
          [MEMBER]: { tz: "America/Chicago" },
          [ORG_ADMIN]: { isAdmin: true, tz: "Europe/Paris" },
        },
        oauth: {
          ...CLIENT,
          installs: {
            "code-1": codes(TEAM, ADMIN, "xoxb-install-one-aa11"),
            "code-2": codes(TEAM, ADMIN, "xoxb-install-two-bb22"),
            "code-3": codes(TEAM, ADMIN, "xoxb-install-three-cc33"),
            "code-4": codes(TEAM, ADMIN, "xoxb-install-four-dd44"),
            "code-5": codes(TEAM, ADMIN, "xoxb-install-five-ee55"),
            "code-6": codes(TEAM, ADMIN, "xoxb-install-six-ff66"),
            "code-member": codes("T0MEMBERWS", MEMBER, "xoxb-install-member-9911"),
            "code-org": {
              teamId: ORG_WORKSPACES[0],
              botToken: ORG_TOKEN,
              userId: ORG_ADMIN,
              enterprise: { id: ORG, name: "Acme Health" },
            },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it("installs once, says so on a page, and welcomes the installer with Connect", async () => {
    const { state, cookie } = await beginInstall(app);
    const done = await redirectBack(app, "code-1", state, cookie);
    expect(done.status).toBe(200);
    expect(done.html).toContain("eFax Reports is installed");
    expect(await app.store.get(storeKeys.installation(TEAM))).not.toBeNull();

    const [welcome] = dmsTo(app, ADMIN);
    expect(welcome?.token).toBe("xoxb-install-one-aa11");
    const text = visibleText(welcome?.body ?? {});
    expect(text).toContain("Thanks for installing eFax Reports");
    expect(text).toContain("[Connect eFax account]");
    expect(text).toContain("Home");
    expect(JSON.stringify(welcome?.body.blocks)).toContain(ACTION_IDS.connect);
  });

  it("refuses the same state again, even with its cookie, and installs nothing", async () => {
    const { state, cookie } = await beginInstall(app);
    expect((await redirectBack(app, "code-2", state, cookie)).status).toBe(200);
    const exchanges = app.slack.callsTo("oauth.v2.access").length;
    const installed = await app.store.get(storeKeys.installation(TEAM));

    const logged = app.logs.length;
    const replay = await redirectBack(app, "code-3", state, cookie);
    expectRefusedPage(replay);
    // A refused link is the person's situation, not the app's failure: logged at info, once.
    const lines = app.logs.slice(logged);
    expect(lines.filter((line) => line.includes(" ERROR "))).toEqual([]);
    expect(lines.filter((line) => line.includes("already used"))).toHaveLength(2);
    expect(app.slack.callsTo("oauth.v2.access")).toHaveLength(exchanges);
    expect(await app.store.get(storeKeys.installation(TEAM))).toEqual(installed);
    // The used state stays recorded until it would have expired anyway.
    const id = state.split(".")[0] ?? "";
    expect(await app.store.get(storeKeys.oauthStateUsed(id))).not.toBeNull();
    expect(await app.store.get(storeKeys.oauthState(id))).not.toBeNull();
  });

  it("refuses a forged state, with or without a matching cookie", async () => {
    const exchanges = app.slack.callsTo("oauth.v2.access").length;
    const { state } = await beginInstall(app);
    const [id] = state.split(".");
    const forged = `${id}.${"A".repeat(43)}`;
    expectRefusedPage(await redirectBack(app, "code-3", forged, `slack-app-oauth-state=${forged}`));
    expectRefusedPage(await redirectBack(app, "code-3", "forged", "slack-app-oauth-state=forged"));
    expectRefusedPage(await redirectBack(app, "code-3", "forged", null));
    expect(app.slack.callsTo("oauth.v2.access")).toHaveLength(exchanges);
  });

  it("refuses a state brought to another browser (no cookie, another install's cookie), without using it up", async () => {
    const exchanges = app.slack.callsTo("oauth.v2.access").length;
    const first = await beginInstall(app);
    const second = await beginInstall(app);
    expectRefusedPage(await redirectBack(app, "code-3", first.state, null));
    expectRefusedPage(await redirectBack(app, "code-3", first.state, second.cookie));
    expect(app.slack.callsTo("oauth.v2.access")).toHaveLength(exchanges);
    // The browser that started it can still finish.
    expect((await redirectBack(app, "code-3", first.state, first.cookie)).status).toBe(200);
  });

  it("refuses an expired state", async () => {
    const exchanges = app.slack.callsTo("oauth.v2.access").length;
    const { state, cookie } = await beginInstall(app);
    const key = storeKeys.oauthState(state.split(".")[0] ?? "");
    const issued = await app.store.get<{ issuedAt: number }>(key);
    expect(issued).not.toBeNull();
    await app.store.set(key, { ...issued, issuedAt: Date.now() - 11 * 60_000 });
    expectRefusedPage(await redirectBack(app, "code-4", state, cookie));
    // Once the record itself has expired from the store, the same.
    await app.store.delete(key);
    expectRefusedPage(await redirectBack(app, "code-4", state, cookie));
    expect(app.slack.callsTo("oauth.v2.access")).toHaveLength(exchanges);
  });

  it("lets two installs started at once both finish, each once", async () => {
    const [a, b] = await Promise.all([beginInstall(app), beginInstall(app)]);
    const answers = await Promise.all([
      redirectBack(app, "code-5", a.state, a.cookie),
      redirectBack(app, "code-6", b.state, b.cookie),
      redirectBack(app, "code-5", a.state, a.cookie),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 400]);
  });

  it("welcomes an installer who is not an admin without Connect, naming whom to ask", async () => {
    const { state, cookie } = await beginInstall(app);
    expect((await redirectBack(app, "code-member", state, cookie)).status).toBe(200);
    const [welcome] = dmsTo(app, MEMBER);
    const text = visibleText(welcome?.body ?? {});
    expect(text).toContain("Thanks for installing eFax Reports");
    expect(text).not.toContain("[Connect eFax account]");
    expect(text).toContain("/efax connect");
  });

  describe("Enterprise Grid, installed org-wide", () => {
    const command = (team: string, text: string, user = ORG_ADMIN) =>
      app.command(text, {
        teamId: team,
        userId: user,
        enterpriseId: ORG,
        isEnterpriseInstall: true,
      });

    it("installs for the org, filed under the org, and welcomes the installer", async () => {
      const { state, cookie } = await beginInstall(app);
      const done = await redirectBack(app, "code-org", state, cookie);
      expect(done.status).toBe(200);
      expect(done.html).toContain("Acme Health");
      const record = await app.store.get(storeKeys.installation(ORG));
      expect(record).not.toBeNull();
      expect(JSON.stringify(record)).not.toContain(ORG_TOKEN);
      expect(await app.store.get(storeKeys.installation(ORG_WORKSPACES[0]))).toBeNull();
      const [welcome] = dmsTo(app, ORG_ADMIN);
      expect(welcome?.token).toBe(ORG_TOKEN);
      expect(visibleText(welcome?.body ?? {})).toContain("[Connect eFax account]");
    });

    it("answers commands from every workspace of the org with the org's token", async () => {
      for (const team of ORG_WORKSPACES) {
        const before = app.slack.calls.length;
        const { responseId } = await command(team, "status");
        const answer = await app.waitForResponse(responseId);
        expect(visibleText(answer.body)).toContain("eFax account status");
        const lookups = app.slack.calls.slice(before).filter((c) => c.method === "users.info");
        expect(lookups.length).toBeGreaterThan(0);
        expect(lookups.every((call) => call.token === ORG_TOKEN)).toBe(true);
      }
    });

    it("keeps each workspace's eFax account and settings its own", async () => {
      const [first, second] = ORG_WORKSPACES;
      await app.connect(first, undefined, ORG_ADMIN);
      const zone = await command(first, "timezone Asia/Tokyo");
      expect(visibleText((await app.waitForResponse(zone.responseId)).body)).toContain(
        "Asia/Tokyo",
      );

      const mine = await command(first, "status");
      const mineText = visibleText((await app.waitForResponse(mine.responseId)).body);
      expect(mineText).toContain("Connected to the eFax account");
      expect(mineText).toContain("Asia/Tokyo");

      const theirs = await command(second, "status");
      const theirsText = visibleText((await app.waitForResponse(theirs.responseId)).body);
      expect(theirsText).toContain("No eFax account is connected");
      expect(theirsText).not.toContain("Asia/Tokyo");

      expect(await app.store.get(storeKeys.credentials(first))).not.toBeNull();
      expect(await app.store.get(storeKeys.credentials(second))).toBeNull();
      expect(await app.store.get(storeKeys.credentials(ORG))).toBeNull();
    });

    it("finds the org's token from a workspace id alone (for work the app starts itself)", async () => {
      const installer = app.server.built.installer;
      const found = await installer?.installationStore.fetchInstallation({
        teamId: ORG_WORKSPACES[1],
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      expect(found?.bot?.token).toBe(ORG_TOKEN);
    });

    it("erases the org and every one of its workspaces when the org uninstalls", async () => {
      const prefixes = [ORG, ...ORG_WORKSPACES].map((id) => storeKeys.workspacePrefix(id));
      for (const prefix of prefixes) expect(await app.store.keys(prefix)).not.toEqual([]);
      const otherTeam = await app.store.keys(storeKeys.workspacePrefix(TEAM));

      await app.send(appUninstalled({ teamId: ORG, enterpriseId: ORG, isEnterpriseInstall: true }));
      for (const prefix of prefixes) {
        await expect.poll(() => app.store.keys(prefix)).toEqual([]);
      }
      expect(await app.store.keys(storeKeys.workspacePrefix(TEAM))).toEqual(otherTeam);

      const after = await command(ORG_WORKSPACES[0], "status");
      const answer = await app.waitForResponse(after.responseId);
      expect(visibleText(answer.body)).toContain("isn't installed in this workspace any more");
    });
  });

  it("never logs a token or the client secret", () => {
    const logs = app.logs.join("\n");
    for (const secret of [CLIENT.clientSecret, ORG_TOKEN, "xoxb-install-one-aa11"]) {
      expect(logs).not.toContain(secret);
    }
    expect(SLACK_TEST_IDS.teamId).toBeTruthy();
  });
});
