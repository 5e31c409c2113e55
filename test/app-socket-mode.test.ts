import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/main.ts";
import { type EfaxServer, startEfaxServer, TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import { type SlackApiServer, startSlackApiServer } from "./support/slack-api-server.ts";
import {
  appMention,
  eventId,
  messageTs,
  SLACK_TEST_IDS,
  slashCommand,
} from "./support/slack-requests.ts";
import {
  type SocketModeServer,
  socketPayload,
  startSocketModeServer,
} from "./support/socket-mode-server.ts";
import { isFinalAnswer } from "./support/start-app.ts";
import { visibleText } from "./support/view-text.ts";

const APP_TOKEN = "xapp-1-A0TESTAPP1-socket-mode-test-token";

describe("Socket Mode, end to end", () => {
  let socket: SocketModeServer;
  let slack: SlackApiServer;
  let efax: EfaxServer;
  let dataDir: string;
  let running: RunningServer | null = null;
  const logs: string[] = [];

  beforeAll(async () => {
    socket = await startSocketModeServer();
    slack = await startSlackApiServer({
      fallbackUser: { tz: "Europe/London" },
      socketMode: { appToken: APP_TOKEN, connectionUrl: () => socket.connectionUrl() },
    });
    efax = await startEfaxServer();
    dataDir = await mkdtemp(join(tmpdir(), "efax-socket-test-"));
    const starting = startServer({
      env: {
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_BOT_TOKEN: SLACK_TEST_IDS.botToken,
        SLACK_API_URL: slack.url,
        EFAX_API_URL: efax.url,
        EFAX_API_KEY: TEST_EFAX_CREDENTIALS.apiKey,
        EFAX_USERNAME: TEST_EFAX_CREDENTIALS.username,
        EFAX_PASSWORD: TEST_EFAX_CREDENTIALS.password,
        DATA_DIR: dataDir,
        LOG_LEVEL: "info",
      },
      write: (line) => logs.push(line),
    });
    const greeted = socket.waitForConnection().then(() => socket.hello());
    [running] = await Promise.all([starting, greeted]);
  });

  afterAll(async () => {
    await running?.close();
    await socket.close();
    await Promise.all([slack.close(), efax.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("connects through apps.connections.open with the app-level token, serving no HTTP", () => {
    const opens = slack.callsTo("apps.connections.open");
    expect(opens).toHaveLength(1);
    expect(opens[0]?.token).toBe(APP_TOKEN);
    expect(running?.url).toBeNull();
    expect(logs.join("\n")).toContain("Connected to Slack over Socket Mode.");
  });

  it("acknowledges a slash command's envelope, then answers on its response_url", async () => {
    const responseUrl = slack.responseUrl("socket-command");
    const envelopeId = socket.send(
      "slash_commands",
      socketPayload(slashCommand({ text: "failures yesterday", responseUrl })),
    );
    const ack = await socket.waitForAck(envelopeId);
    expect(ack.payload).toEqual({});
    const answer = await slack.waitFor(
      (call) => call.target === "socket-command" && isFinalAnswer(call),
    );
    expect(answer.body.response_type).toBe("ephemeral");
    expect(visibleText(answer.body)).toContain("Failures");
    expect(ack.at).toBeLessThanOrEqual(answer.at);
  });

  it("acknowledges an app_mention event and answers in the message's thread, once per event", async () => {
    const ts = messageTs();
    const payload = socketPayload(
      appMention({ text: "billable yesterday", ts, eventId: eventId() }),
    );
    const first = socket.send("events_api", payload);
    expect((await socket.waitForAck(first)).payload).toEqual({});
    const post = await slack.waitFor(
      (call) => call.method === "chat.postMessage" && call.body.thread_ts === ts,
    );
    expect(post.body.channel).toBe(SLACK_TEST_IDS.channelId);
    expect(visibleText(post.body)).toContain("Billable pages");

    const retry = socket.send("events_api", payload, { retryAttempt: 1 });
    await socket.waitForAck(retry);
    await running?.built.idle();
    const replies = slack.callsTo("chat.postMessage").filter((call) => call.body.thread_ts === ts);
    expect(replies).toHaveLength(1);
  });

  it("closes with a clean WebSocket close and keeps the tokens out of its log", async () => {
    await running?.close();
    running = null;
    await socket.waitForDisconnect();
    expect(socket.closeCodes).toEqual([1000]);
    expect(slack.callsTo("apps.connections.open")).toHaveLength(1);
    const log = logs.join("\n");
    expect(log).not.toContain(APP_TOKEN);
    expect(log).not.toContain(SLACK_TEST_IDS.botToken);
  });
});
