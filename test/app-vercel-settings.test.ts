/**
 * The Vercel function when its settings cannot run the app. With SLACK_SIGNING_SECRET set it
 * answers a command as soon as it is verified, before the settings are checked: the person is
 * then told in plain words that the app could not start, and the log says why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeServerlessApp, handleSlackEvents } from "../src/serverless.ts";
import { CALLBACK_IDS } from "../src/views/ids.ts";
import {
  RESPONSE_URL_METHOD,
  type SlackApiServer,
  startSlackApiServer,
} from "./support/slack-api-server.ts";
import { SLACK_TEST_IDS, slashCommand, viewSubmission } from "./support/slack-requests.ts";
import {
  captureStderr,
  installVercelRuntime,
  setEnv,
  signedEventsRequest,
  type VercelRuntime,
} from "./support/vercel-runtime.ts";
import { visibleText } from "./support/view-text.ts";

const SECRET = "vercel-settings-signing-secret";

describe("the Vercel function with incomplete settings", () => {
  let slack: SlackApiServer;
  let runtime: VercelRuntime;
  let log: ReturnType<typeof captureStderr>;
  let restoreEnv: () => void;

  beforeAll(async () => {
    slack = await startSlackApiServer();
    restoreEnv = setEnv({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: SLACK_TEST_IDS.botToken,
      SLACK_API_URL: slack.url,
      // Upstash's URL without its token: the settings check refuses to start.
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9",
      LOG_LEVEL: "warn",
    });
    runtime = installVercelRuntime();
    log = captureStderr();
  });
  afterAll(async () => {
    await closeServerlessApp();
    log.restore();
    runtime.uninstall();
    restoreEnv();
    await slack.close();
  });

  it("answers a command at once, then tells the person the app could not start", async () => {
    const responseUrl = slack.responseUrl("not-configured");
    const response = await handleSlackEvents(
      signedEventsRequest(SECRET, slashCommand({ text: "help", responseUrl })),
    );
    expect(response.status).toBe(200);
    await runtime.settled();

    const told = slack
      .callsTo(RESPONSE_URL_METHOD)
      .filter((call) => call.target === "not-configured");
    expect(told).toHaveLength(1);
    const text = visibleText(told[0]?.body ?? {});
    expect(text).toContain("eFax Reports couldn't start");
    expect(text).toContain("Tell whoever runs this app");
    const logged = log.lines.join("");
    expect(logged).toContain("UPSTASH_REDIS_REST_TOKEN");
    expect(logged).toContain("was not handled: the app did not start (ConfigError)");
  });

  it("answers an interaction, which waits for the app, with 500", async () => {
    const response = await handleSlackEvents(
      signedEventsRequest(SECRET, viewSubmission({ callbackId: CALLBACK_IDS.connect, values: {} })),
    );
    expect(response.status).toBe(500);
  });

  it("answers 500 not_configured, verifying nothing, without a signing secret", async () => {
    const restore = setEnv({ SLACK_SIGNING_SECRET: "" });
    try {
      await closeServerlessApp();
      const response = await handleSlackEvents(
        signedEventsRequest(
          SECRET,
          slashCommand({ text: "help", responseUrl: slack.responseUrl() }),
        ),
      );
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ ok: false, error: "not_configured" });
      expect(log.lines.join("")).toContain("SLACK_SIGNING_SECRET");
    } finally {
      restore();
    }
  });
});
