import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeServerlessApp, handleSlackEvents, serverlessHealth } from "../src/serverless.ts";
import { DEFAULT_MAX_BODY_BYTES } from "../src/slack/receiver.ts";
import { createEmbeddedStore } from "../src/store/embedded.ts";
import { storeKeys } from "../src/store/keys.ts";
import { type EfaxServer, startEfaxServer, TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import { type SlackApiServer, startSlackApiServer } from "./support/slack-api-server.ts";
import {
  appMention,
  type EncodedSlackBody,
  messageTs,
  SLACK_TEST_IDS,
  signRequest,
  slashCommand,
} from "./support/slack-requests.ts";
import { visibleText } from "./support/view-text.ts";

const SECRET = "vercel-function-signing-secret";
const EVENTS_URL = "https://example.vercel.app/api/slack/events";
const CHUNK_BYTES = 64 * 1024;

/**
 * A slash command padded to twice the body cap and really signed, streamed in 64 kB chunks so the
 * test sees how much of it the function read.
 */
function oversizedCommand(responseUrl: string, declareLength: boolean) {
  const command = slashCommand({ text: "help", responseUrl });
  const body = Buffer.from(`${command.body}&pad=${"x".repeat(2 * DEFAULT_MAX_BODY_BYTES)}`);
  const chunks = Math.ceil(body.length / CHUNK_BYTES);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const start = pulled * CHUNK_BYTES;
      pulled += 1;
      controller.enqueue(body.subarray(start, start + CHUNK_BYTES));
      if (pulled === chunks) controller.close();
    },
  });
  const request = new Request(EVENTS_URL, {
    method: "POST",
    headers: {
      "content-type": command.contentType,
      ...(declareLength ? { "content-length": String(body.length) } : {}),
      ...signRequest(SECRET, body, Math.floor(Date.now() / 1000)),
    },
    body: stream,
    duplex: "half",
  });
  return { request, chunks, pulled: () => pulled };
}

function signedRequest(encoded: EncodedSlackBody, tamper = false): Request {
  const timestamp = Math.floor(Date.now() / 1000);
  return new Request(EVENTS_URL, {
    method: "POST",
    headers: {
      "content-type": encoded.contentType,
      ...signRequest(SECRET, encoded.body, timestamp),
    },
    body: tamper ? `${encoded.body}&x=1` : encoded.body,
  });
}

describe("the Vercel function", () => {
  let slack: SlackApiServer;
  let efax: EfaxServer;
  let dataDir: string;

  beforeAll(async () => {
    slack = await startSlackApiServer({ fallbackUser: { tz: "Europe/London" } });
    efax = await startEfaxServer();
    dataDir = await mkdtemp(join(tmpdir(), "efax-vercel-test-"));
    Object.assign(process.env, {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: SLACK_TEST_IDS.botToken,
      SLACK_API_URL: slack.url,
      EFAX_API_URL: efax.url,
      EFAX_API_KEY: TEST_EFAX_CREDENTIALS.apiKey,
      EFAX_USERNAME: TEST_EFAX_CREDENTIALS.username,
      EFAX_PASSWORD: TEST_EFAX_CREDENTIALS.password,
      DATA_DIR: dataDir,
      LOG_LEVEL: "error",
    });
  });
  afterAll(async () => {
    await closeServerlessApp();
    await Promise.all([slack.close(), efax.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("reports healthy once the settings are complete", async () => {
    const health = await serverlessHealth();
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, mode: "single" });
  });

  it("acknowledges a signed command and answers through its response_url", async () => {
    const responseUrl = slack.responseUrl("vercel-1");
    const response = await handleSlackEvents(
      signedRequest(slashCommand({ text: "billable yesterday", responseUrl })),
    );
    expect(response.status).toBe(200);
    const answer = await slack.waitFor(
      (call) => call.target === "vercel-1" && visibleText(call.body).includes("Billable pages"),
    );
    expect(answer.body.response_type).toBe("ephemeral");
  });

  it("answers a mention in its thread", async () => {
    const ts = messageTs();
    const response = await handleSlackEvents(signedRequest(appMention({ text: "help", ts })));
    expect(response.status).toBe(200);
    const post = await slack.waitFor((call) => call.method === "chat.postMessage");
    expect(post.body.thread_ts).toBe(ts);
  });

  it("refuses a request whose body was changed after signing, before Bolt sees it", async () => {
    const before = slack.calls.length;
    const responseUrl = slack.responseUrl("vercel-forged");
    const response = await handleSlackEvents(
      signedRequest(slashCommand({ text: "help", responseUrl }), true),
    );
    expect(response.status).toBe(401);
    expect(slack.calls.slice(before)).toEqual([]);
  });

  it("refuses a body over the cap with 413, reading none of a declared one, and runs no handler", async () => {
    const declared = oversizedCommand(slack.responseUrl("vercel-declared"), true);
    const declaredAnswer = await handleSlackEvents(declared.request);
    expect(declaredAnswer.status).toBe(413);
    expect(await declaredAnswer.json()).toEqual({ ok: false, error: "request_too_large" });
    expect(declared.pulled()).toBeLessThanOrEqual(1);

    const streamed = oversizedCommand(slack.responseUrl("vercel-streamed"), false);
    const streamedAnswer = await handleSlackEvents(streamed.request);
    expect(streamedAnswer.status).toBe(413);
    expect(streamed.pulled()).toBeLessThan(streamed.chunks);

    const proof = await handleSlackEvents(
      signedRequest(slashCommand({ text: "help", responseUrl: slack.responseUrl("vercel-proof") })),
    );
    expect(proof.status).toBe(200);
    await slack.waitFor((call) => call.target === "vercel-proof");
    const refused = slack.calls.filter(
      (call) => call.target === "vercel-declared" || call.target === "vercel-streamed",
    );
    expect(refused).toEqual([]);
  });

  it("keeps LOG_LEVEL: at error, a refused request's warning is not printed", async () => {
    const written = vi.spyOn(process.stderr, "write");
    try {
      const oversized = oversizedCommand(slack.responseUrl("vercel-quiet"), true);
      expect((await handleSlackEvents(oversized.request)).status).toBe(413);
      const lines = written.mock.calls.map(([chunk]) => String(chunk));
      expect(lines.filter((line) => line.includes(" WARN "))).toEqual([]);
    } finally {
      written.mockRestore();
    }
  });

  it("finishes the work it acknowledged, store writes included, before closing", async () => {
    const user = "U0CLOSING1";
    efax.setFault({ kind: "delay", ms: 300 });
    const responseUrl = slack.responseUrl("vercel-closing");
    const response = await handleSlackEvents(
      signedRequest(slashCommand({ text: "overview yesterday", responseUrl, userId: user })),
    );
    expect(response.status).toBe(200);
    await closeServerlessApp();
    efax.setFault(null);

    const answers = slack.calls.filter((call) => call.target === "vercel-closing");
    expect(answers.map((call) => visibleText(call.body)).join("\n")).toContain("Account overview");
    const saved = await createEmbeddedStore({ dataDir });
    expect(await saved.get(storeKeys.memberTimeZone(SLACK_TEST_IDS.teamId, user))).not.toBeNull();
    await saved.close();
  });
});
