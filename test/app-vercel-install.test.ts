/**
 * The install flow as the Vercel functions run it (`api/slack/install`, `api/slack/oauth_redirect`):
 * the same once-only state and the same pages as `npm start`, through `VercelReceiver`'s installer.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeServerlessApp, handleInstallStep } from "../src/serverless.ts";
import { type SlackApiServer, startSlackApiServer } from "./support/slack-api-server.ts";
import { visibleText } from "./support/view-text.ts";

const CLIENT = { clientId: "5555.6666", clientSecret: "vercel-client-secret-1a2b3c" };
const HOST = "https://example.vercel.app";
const INSTALLER = "U0VERCELAD";

async function begin(): Promise<{ state: string; cookie: string }> {
  const page = await handleInstallStep("install", new Request(`${HOST}/api/slack/install`));
  expect(page.status).toBe(200);
  const href = /<a href="([^"]+)"/.exec(await page.text())?.[1]?.replaceAll("&amp;", "&") ?? "";
  const state = new URL(href).searchParams.get("state") ?? "";
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { state, cookie };
}

async function redirect(code: string, state: string, cookie: string | null) {
  const response = await handleInstallStep(
    "redirect",
    new Request(
      `${HOST}/api/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`,
      cookie === null ? {} : { headers: { cookie } },
    ),
  );
  return { status: response.status, html: await response.text() };
}

describe("installing through the Vercel functions", () => {
  let slack: SlackApiServer;
  let dataDir: string;

  beforeAll(async () => {
    slack = await startSlackApiServer({
      users: { [INSTALLER]: { isAdmin: true } },
      oauth: {
        ...CLIENT,
        installs: {
          "v-code-1": { teamId: "T0VERCEL01", botToken: "xoxb-vercel-one-1234", userId: INSTALLER },
          "v-code-2": { teamId: "T0VERCEL01", botToken: "xoxb-vercel-two-5678", userId: INSTALLER },
        },
      },
    });
    dataDir = await mkdtemp(join(tmpdir(), "efax-vercel-install-"));
    for (const name of ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "EFAX_API_KEY"]) {
      delete process.env[name];
    }
    Object.assign(process.env, {
      SLACK_SIGNING_SECRET: "vercel-install-signing-secret",
      SLACK_CLIENT_ID: CLIENT.clientId,
      SLACK_CLIENT_SECRET: CLIENT.clientSecret,
      SLACK_STATE_SECRET: "vercel-install-state-secret",
      SLACK_API_URL: slack.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: "error",
    });
  });
  afterAll(async () => {
    await closeServerlessApp();
    await slack.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("installs once and welcomes the installer", async () => {
    const { state, cookie } = await begin();
    const done = await redirect("v-code-1", state, cookie);
    expect(done.status).toBe(200);
    expect(done.html).toContain("eFax Reports is installed");
    const welcome = slack.callsTo("chat.postMessage").find((c) => c.body.channel === INSTALLER);
    expect(visibleText(welcome?.body ?? {})).toContain("[Connect eFax account]");

    const replay = await redirect("v-code-2", state, cookie);
    expect(replay.status).toBe(400);
    expect(replay.html).toContain('href="/api/slack/install"');
    expect(slack.callsTo("oauth.v2.access")).toHaveLength(1);
  });

  it("refuses a forged state and one without its cookie", async () => {
    expect((await redirect("v-code-2", "forged", "slack-app-oauth-state=forged")).status).toBe(400);
    const { state } = await begin();
    expect((await redirect("v-code-2", state, null)).status).toBe(400);
    expect(slack.callsTo("oauth.v2.access")).toHaveLength(1);
  });
});
