import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeKeys } from "../src/store/keys.ts";
import { appUninstalled, SLACK_TEST_IDS } from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { visibleText } from "./support/view-text.ts";

const TEAM = "T0OAUTHAAA";
const BOT_TOKEN = "xoxb-oauth-installed-token-4f2a9c";
const CLIENT = { clientId: "1111.2222", clientSecret: "oauth-client-secret-9d8e7f" };

/** Follows the install page to Slack's authorize URL, as a browser would. */
async function beginInstall(app: RunningApp): Promise<{ state: string; cookie: string }> {
  const page = await fetch(`${app.url}/api/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const href = /<a href="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? "";
  const authorize = new URL(href);
  expect(authorize.searchParams.get("client_id")).toBe(CLIENT.clientId);
  expect(authorize.searchParams.get("scope")?.split(",")).toContain("commands");
  const state = authorize.searchParams.get("state") ?? "";
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { state, cookie };
}

describe("installing in many workspaces (OAuth)", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      oauth: CLIENT,
      slack: {
        oauth: {
          ...CLIENT,
          installs: { "code-a": { teamId: TEAM, botToken: BOT_TOKEN, userId: "U0INSTALL1" } },
        },
      },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it("installs through /api/slack/install and /api/slack/oauth_redirect, sealing the bot token", async () => {
    const { state, cookie } = await beginInstall(app);
    const done = await fetch(
      `${app.url}/api/slack/oauth_redirect?code=code-a&state=${encodeURIComponent(state)}`,
      { headers: { cookie } },
    );
    expect(done.status).toBe(200);
    const stored = await app.store.get(storeKeys.installation(TEAM));
    expect(stored).not.toBeNull();
    expect(JSON.stringify(stored)).not.toContain(BOT_TOKEN);
    expect(app.logs.join("\n")).not.toContain(BOT_TOKEN);
  });

  it("refuses a callback whose state was not issued by the install page", async () => {
    const forged = await fetch(`${app.url}/api/slack/oauth_redirect?code=code-a&state=forged`);
    expect(forged.status).not.toBe(200);
  });

  it("answers the installed workspace with its own bot token", async () => {
    const { responseId } = await app.command("status", { teamId: TEAM });
    const answer = await app.waitForResponse(responseId);
    expect(visibleText(answer.body)).toContain("status");
    const lookups = app.slack.callsTo("users.info");
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((call) => call.token === BOT_TOKEN)).toBe(true);
  });

  it("tells someone in a workspace without an installation how to get the app back", async () => {
    const before = app.slack.calls.length;
    const { ack, responseId } = await app.command("status", { teamId: SLACK_TEST_IDS.teamId });
    expect(ack.status).toBe(200);
    const answer = await app.waitForResponse(responseId);
    expect(answer.body).toMatchObject({ response_type: "ephemeral" });
    expect(visibleText(answer.body)).toContain("isn't installed in this workspace any more");
    expect(visibleText(answer.body)).toContain(
      "Ask a workspace admin to install eFax Reports again",
    );
    // No Web API call: there is no token to make one with.
    expect(app.slack.calls.slice(before).filter((c) => c.method !== "response_url")).toEqual([]);
  });

  it("forgets the installation when the app is uninstalled", async () => {
    await app.send(appUninstalled({ teamId: TEAM }));
    await expect.poll(() => app.store.get(storeKeys.installation(TEAM))).toBeNull();
  });

  it("answers a command after the uninstall with how to install again, not silence", async () => {
    await expect.poll(() => app.store.get(storeKeys.installation(TEAM))).toBeNull();
    const { responseId } = await app.command("failures yesterday", { teamId: TEAM });
    const answer = await app.waitForResponse(responseId);
    expect(visibleText(answer.body)).toContain("isn't installed in this workspace any more");
    expect(app.logs.join("\n")).not.toContain(BOT_TOKEN);
  });
});
