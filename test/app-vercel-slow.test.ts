/**
 * The Vercel function run as Vercel runs it (a Web `Request` in, `waitUntil` for the rest) on a cold
 * start whose authorisation is slow: `auth.test` to Slack with one bot token, the installation read
 * from Upstash in OAuth mode, each taking 4 s. Slack's limit for an answer is 3 s.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Installation } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../src/config.ts";
import { generateEncryptionKey } from "../src/secrets/seal.ts";
import { closeServerlessApp, handleSlackEvents } from "../src/serverless.ts";
import { createInstallationStore } from "../src/services/installations.ts";
import { createAppLogger } from "../src/services/logging.ts";
import { openStorage } from "../src/storage.ts";
import { BLOCK_IDS, CALLBACK_IDS } from "../src/views/ids.ts";
import { type EfaxServer, startEfaxServer } from "./support/efax-server.ts";
import {
  RESPONSE_URL_METHOD,
  type RecordedCall,
  type SlackApiServer,
  startSlackApiServer,
} from "./support/slack-api-server.ts";
import {
  type EncodedSlackBody,
  plainTextValue,
  SLACK_TEST_IDS,
  slashCommand,
  viewSubmission,
} from "./support/slack-requests.ts";
import { startUpstashServer, type UpstashServer } from "./support/upstash-server.ts";
import {
  captureStderr,
  installVercelRuntime,
  setEnv,
  signedEventsRequest,
  type VercelRuntime,
} from "./support/vercel-runtime.ts";
import { visibleText } from "./support/view-text.ts";

const SECRET = "vercel-slow-signing-secret";
const SLOW_MS = 4_000;

const signed = (encoded: EncodedSlackBody) => signedEventsRequest(SECRET, encoded);
const captureLog = captureStderr;

/** Log lines that would show an acknowledgement given late, twice, or with its content lost. */
function ackTrouble(lines: readonly string[]): string[] {
  return lines.filter((line) =>
    /multiple times|not acknowledged|acknowledged after|was dropped|answered 500/i.test(line),
  );
}

function answersAt(slack: SlackApiServer, responseId: string): RecordedCall[] {
  return slack.callsTo(RESPONSE_URL_METHOD).filter((call) => call.target === responseId);
}

describe("the Vercel function, one bot token, while auth.test takes 4 s", () => {
  let slack: SlackApiServer;
  let efax: EfaxServer;
  let dataDir: string;
  let runtime: VercelRuntime;
  let log: ReturnType<typeof captureLog>;
  let restoreEnv: () => void;

  beforeAll(async () => {
    slack = await startSlackApiServer({
      fallbackUser: { tz: "Europe/London" },
      users: { U0ADMIN001: { isAdmin: true } },
    });
    efax = await startEfaxServer();
    dataDir = await mkdtemp(join(tmpdir(), "efax-vercel-slow-"));
    restoreEnv = setEnv({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: SLACK_TEST_IDS.botToken,
      SLACK_API_URL: slack.url,
      EFAX_API_URL: efax.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    });
    runtime = installVercelRuntime();
    log = captureLog();
  });
  afterAll(async () => {
    await closeServerlessApp();
    log.restore();
    runtime.uninstall();
    restoreEnv();
    await Promise.all([slack.close(), efax.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers /efax help at once on a cold start, then answers the person at its response_url", async () => {
    slack.setDelay(SLOW_MS, "auth.test");
    const responseUrl = slack.responseUrl("slow-help");
    const response = await handleSlackEvents(signed(slashCommand({ text: "help", responseUrl })));

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    // Answered before Slack answered auth.test, and with the person's answer still to come.
    expect(slack.callsTo("auth.test")).toEqual([]);
    expect(answersAt(slack, "slow-help")).toEqual([]);
    expect(runtime.waitedFor).toBe(1);

    await runtime.settled();
    const [authTest] = slack.callsTo("auth.test");
    const answers = answersAt(slack, "slow-help");
    expect(answers).toHaveLength(1);
    expect(visibleText(answers[0]?.body ?? {})).toContain("/efax failures");
    expect(answers[0]?.at).toBeGreaterThanOrEqual(authTest?.at ?? Number.POSITIVE_INFINITY);
    expect(ackTrouble(log.lines)).toEqual([]);
  });

  it("still waits for an interaction's listener, whose answer is content", async () => {
    await closeServerlessApp();
    slack.reset();
    slack.setDelay(1_000, "auth.test");
    const submission = viewSubmission({
      callbackId: CALLBACK_IDS.connect,
      user: SLACK_TEST_IDS.userId,
      values: {
        [BLOCK_IDS.apiKey]: { [BLOCK_IDS.apiKey]: plainTextValue("key") },
        [BLOCK_IDS.username]: { [BLOCK_IDS.username]: plainTextValue("someone") },
        [BLOCK_IDS.password]: { [BLOCK_IDS.password]: plainTextValue("secret-123") },
      },
    });
    const response = await handleSlackEvents(signed(submission));

    expect(response.status).toBe(200);
    const answer: unknown = await response.json();
    expect(answer).toMatchObject({ response_action: "errors" });
    expect(JSON.stringify(answer)).toContain("only workspace admins");
    expect(slack.callsTo("auth.test")).toHaveLength(1);
    await runtime.settled();
    expect(ackTrouble(log.lines)).toEqual([]);
  });

  it("answers at once and then says in plain words that Slack refused the bot token", async () => {
    await closeServerlessApp();
    slack.reset();
    slack.setDelay(SLOW_MS, "auth.test");
    slack.failNext("auth.test", { error: "invalid_auth" });
    const responseUrl = slack.responseUrl("slow-refused");
    const response = await handleSlackEvents(
      signed(slashCommand({ text: "failures yesterday", responseUrl })),
    );

    expect(response.status).toBe(200);
    expect(answersAt(slack, "slow-refused")).toEqual([]);
    await runtime.settled();
    const answers = answersAt(slack, "slow-refused");
    expect(answers).toHaveLength(1);
    expect(visibleText(answers[0]?.body ?? {})).toContain(
      "Slack no longer accepts my access token",
    );
    expect(ackTrouble(log.lines)).toEqual([]);
  });
});

describe("the Vercel function, many workspaces (OAuth), while the store is slow", () => {
  const TEAM = "T0SLOWSTORE";
  const BOT_TOKEN = "xoxb-slow-store-installed-7c1d";
  let slack: SlackApiServer;
  let upstash: UpstashServer;
  let runtime: VercelRuntime;
  let log: ReturnType<typeof captureLog>;
  let restoreEnv: () => void;

  const installationReads = () =>
    upstash.requests.filter((request) =>
      request.commands.some((command) => command.some((part) => part.includes(":installation"))),
    );

  beforeAll(async () => {
    slack = await startSlackApiServer({ fallbackUser: { tz: "Europe/London" } });
    upstash = await startUpstashServer();
    const env = {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_CLIENT_ID: "1111.2222",
      SLACK_CLIENT_SECRET: "oauth-client-secret-slow",
      SLACK_STATE_SECRET: "oauth-state-secret-slow",
      SLACK_API_URL: slack.url,
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
      ENCRYPTION_KEY: generateEncryptionKey(),
      LOG_LEVEL: "warn",
    };
    const storage = await openStorage(loadConfig(env), createAppLogger({ write: () => {} }));
    const installation: Installation<"v2", false> = {
      team: { id: TEAM, name: "Slow Store" },
      enterprise: undefined,
      user: { id: "U0INSTALL1", token: undefined, scopes: undefined },
      bot: { token: BOT_TOKEN, scopes: ["commands"], id: "B0SLOW0001", userId: "U0SLOWBOT1" },
      appId: SLACK_TEST_IDS.appId,
      tokenType: "bot",
      isEnterpriseInstall: false,
      authVersion: "v2",
    };
    await createInstallationStore(storage).storeInstallation(installation);
    await storage.close();
    restoreEnv = setEnv(env);
    runtime = installVercelRuntime();
    log = captureLog();
  });
  afterAll(async () => {
    await closeServerlessApp();
    log.restore();
    runtime.uninstall();
    restoreEnv();
    await Promise.all([slack.close(), upstash.close()]);
  });

  /** Sends a command on a cold instance while every store request takes `delayMs`. */
  async function commandWhileStoreIsSlow(text: string, teamId: string, delayMs: number) {
    await closeServerlessApp();
    const readsBefore = installationReads().length;
    upstash.setFault({ kind: "delay", ms: delayMs });
    const responseId = `slow-store-${text}-${teamId}-${delayMs}`;
    const response = await handleSlackEvents(
      signed(slashCommand({ text, responseUrl: slack.responseUrl(responseId), teamId })),
    );
    const answeredBefore = answersAt(slack, responseId);
    // The installation is asked for after the answer; once it is on its way, later requests
    // need not be slow too.
    await vi.waitFor(() => expect(installationReads().length).toBeGreaterThan(readsBefore), {
      timeout: 5_000,
    });
    upstash.setFault(null);
    await runtime.settled();
    return { response, answeredBefore, answers: answersAt(slack, responseId) };
  }

  it("answers at once while the installation read takes 4 s, then says the store did not answer", async () => {
    const { response, answeredBefore, answers } = await commandWhileStoreIsSlow(
      "help",
      TEAM,
      4_000,
    );

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(answeredBefore).toEqual([]);
    // The store's own limit (1.5 s) ends the read; the person is told in plain words.
    expect(answers).toHaveLength(1);
    expect(visibleText(answers[0]?.body ?? {})).toContain("I can't reach my storage right now");
    expect(ackTrouble(log.lines)).toEqual([]);
  });

  it("answers at once while the installation read takes 1 s, then answers the installed workspace", async () => {
    const { response, answeredBefore, answers } = await commandWhileStoreIsSlow(
      "help",
      TEAM,
      1_000,
    );

    expect(response.status).toBe(200);
    expect(answeredBefore).toEqual([]);
    expect(answers).toHaveLength(1);
    expect(visibleText(answers[0]?.body ?? {})).toContain("/efax failures");
    expect(ackTrouble(log.lines)).toEqual([]);
  });

  it("answers a workspace without an installation at once, then says how to install again", async () => {
    const { response, answeredBefore, answers } = await commandWhileStoreIsSlow(
      "status",
      "T0NEVERINST",
      1_000,
    );

    expect(response.status).toBe(200);
    expect(answeredBefore).toEqual([]);
    expect(answers).toHaveLength(1);
    expect(visibleText(answers[0]?.body ?? {})).toContain(
      "isn't installed in this workspace any more",
    );
    expect(ackTrouble(log.lines)).toEqual([]);
  });
});
