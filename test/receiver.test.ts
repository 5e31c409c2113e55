import { App, type Logger, LogLevel, ReceiverMultipleAckError } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHttpServer, startHttpServer } from "../src/server/http-server.ts";
import {
  createSlackReceiver,
  DEFAULT_MAX_BODY_BYTES,
  InvalidReceiverOptionError,
  isSlackReceiverError,
  MissingSigningSecretError,
  type SlackReceiver,
} from "../src/slack/receiver.ts";
import { type SlackApiServer, startSlackApiServer } from "./support/slack-api-server.ts";
import {
  appMention,
  blockAction,
  type EncodedSlackBody,
  plainTextValue,
  type SendSignedOptions,
  SLACK_TEST_IDS,
  sendSigned,
  signRequest,
  slashCommand,
  sslCheck,
  urlVerification,
  viewSubmission,
} from "./support/slack-requests.ts";

const SECRET = "receiver-test-signing-secret";
const MAX_BODY = 16 * 1024;
/** Text that must never show up in a log line: it stands for what people type. */
const PRIVATE_TEXT = "private-words-never-logged";

function captureLogger(lines: string[]): Logger {
  const push = (...messages: unknown[]) => {
    lines.push(
      messages.map((m) => (m instanceof Error ? `${m.message} ${m.stack}` : String(m))).join(" "),
    );
  };
  return {
    debug: push,
    info: push,
    warn: push,
    error: push,
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

/** A promise with its resolver, to hold a listener until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

type Ack = (response?: string | Record<string, unknown>) => Promise<void>;
type Hook = (ack: Ack) => Promise<void>;

interface Harness {
  slack: SlackApiServer;
  receiver: SlackReceiver;
  server: RunningHttpServer;
  endpoint: string;
  receiverLog: string[];
  runs: Map<string, number>;
  hooks: Map<string, Hook>;
  context: { retryNum?: number; retryReason?: string };
}

async function startHarness(slack: SlackApiServer, ackTimeoutMs?: number): Promise<Harness> {
  const receiverLog: string[] = [];
  const receiver = createSlackReceiver({
    signingSecret: SECRET,
    logger: captureLogger(receiverLog),
    maxBodyBytes: MAX_BODY,
    ackTimeoutMs,
  });
  const app = new App({
    receiver,
    token: SLACK_TEST_IDS.botToken,
    clientOptions: { slackApiUrl: slack.url },
    logger: captureLogger([]),
  });
  const runs = new Map<string, number>();
  const hooks = new Map<string, Hook>();
  const context: Harness["context"] = {};
  const count = (key: string) => runs.set(key, (runs.get(key) ?? 0) + 1);

  app.command("/efax", async ({ command, ack }) => {
    count(`command:${command.text}`);
    const hook = hooks.get(command.text);
    if (hook !== undefined) return hook(ack);
    await ack();
  });
  app.command("/efax-no-ack", async ({ command }) => {
    count(`command:${command.text}`);
    await hooks.get(command.text)?.(async () => {});
  });
  app.action("share", async ({ ack }) => {
    count("action:share");
    await ack();
  });
  app.view("connect", async ({ ack, view }) => {
    count("view:connect");
    const key = view.state.values.api_key?.value?.value;
    await ack({ response_action: "errors", errors: { api_key: `Rejected ${key?.length} chars` } });
  });
  app.event("app_mention", async ({ context: ctx }) => {
    count("event:app_mention");
    context.retryNum = ctx.retryNum;
    context.retryReason = ctx.retryReason;
  });

  const server = await startHttpServer({
    port: 0,
    host: "127.0.0.1",
    receiver,
    health: () => ({ ok: true, store: "embedded" }),
    routes: {
      "GET /api/slack/install": (_req, res) => {
        res.writeHead(302, { location: "https://slack.com/oauth/v2/authorize?client_id=1" });
        res.end();
      },
    },
  });
  return {
    slack,
    receiver,
    server,
    endpoint: `${server.url}/api/slack/events`,
    receiverLog,
    runs,
    hooks,
    context,
  };
}

function totalRuns(h: Harness): number {
  return [...h.runs.values()].reduce((sum, n) => sum + n, 0);
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

describe("Slack receiver over real HTTP", () => {
  let slack: SlackApiServer;
  let h: Harness;

  beforeAll(async () => {
    slack = await startSlackApiServer();
    h = await startHarness(slack);
  });

  afterAll(async () => {
    await h.receiver.stop();
    await h.server.close();
    await slack.close();
  });

  const command = (text = "failures yesterday") =>
    slashCommand({ text, responseUrl: slack.responseUrl() });
  const send = (body: string | EncodedSlackBody, options?: SendSignedOptions) =>
    sendSigned(h.endpoint, SECRET, body, options);

  it("runs the command listener for a correctly signed command and answers 200", async () => {
    const response = await send(command("valid"));
    expect(response.status).toBe(200);
    expect(response.text).toBe("");
    expect(h.runs.get("command:valid")).toBe(1);
  });

  describe("refuses with no listener run", () => {
    const refused = async (
      status: number,
      request: () => Promise<{ status: number; text: string }>,
    ): Promise<void> => {
      const before = totalRuns(h);
      const response = await request();
      expect(response.status).toBe(status);
      await h.receiver.stop();
      expect(totalRuns(h)).toBe(before);
    };
    const body = () => command(PRIVATE_TEXT);

    it("a body changed after signing", () => refused(401, () => send(body(), { tamper: "body" })));
    it("an altered signature", () => refused(401, () => send(body(), { tamper: "signature" })));
    it("a timestamp changed after signing", () =>
      refused(401, () => send(body(), { tamper: "timestamp" })));
    it("a signature made with another secret", () =>
      refused(401, () => sendSigned(h.endpoint, `${SECRET}-other`, body())));
    it("a timestamp six minutes old", () =>
      refused(401, () => send(body(), { timestamp: nowSeconds() - 6 * 60 })));
    it("a timestamp six minutes ahead", () =>
      refused(401, () => send(body(), { timestamp: nowSeconds() + 6 * 60 })));
    it("a non-numeric timestamp", () => refused(401, () => send(body(), { timestamp: "soon" })));
    it("a missing signature header", () =>
      refused(401, () => send(body(), { tamper: "no-signature" })));
    it("a missing timestamp header", () =>
      refused(401, () => send(body(), { tamper: "no-timestamp" })));
    it("no signing headers at all", () => refused(401, () => send(body(), { tamper: "unsigned" })));

    it("an unsigned ssl_check, even carrying a command", () =>
      refused(401, () =>
        send(`ssl_check=1&${command(PRIVATE_TEXT).body}`, { tamper: "unsigned" }),
      ));

    it("a badly signed ssl_check carrying an interaction payload", () => {
      const smuggled = blockAction({ actionId: "share", value: PRIVATE_TEXT });
      return refused(401, () => send(`ssl_check=1&${smuggled.body}`, { tamper: "signature" }));
    });

    it("a body over the cap, declared by Content-Length, before reading it", () => {
      const big = command(PRIVATE_TEXT.repeat(Math.ceil(MAX_BODY / PRIVATE_TEXT.length)));
      return refused(413, () => send(big));
    });

    it("a body over the cap sent in chunks without a length", () => {
      const big = command(PRIVATE_TEXT.repeat(Math.ceil(MAX_BODY / PRIVATE_TEXT.length)));
      const chunks = big.body.match(/[\s\S]{1,4096}/g) ?? [];
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      });
      const request = () =>
        fetch(h.endpoint, {
          method: "POST",
          headers: {
            "content-type": big.contentType,
            ...signRequest(SECRET, big.body, nowSeconds()),
          },
          body: stream,
          duplex: "half",
        }).then(async (r) => ({ status: r.status, text: await r.text() }));
      return refused(413, request);
    });

    it("and never logs the body or the signature", () => {
      const log = h.receiverLog.join("\n");
      expect(log).toContain("Refused an unverified request");
      expect(log).not.toContain(PRIVATE_TEXT);
      expect(log).not.toContain("v0=");
      expect(log).not.toContain(SECRET);
    });
  });

  it("answers a signed ssl_check with 200 without running listeners, whatever it carries", async () => {
    const before = totalRuns(h);
    const plain = await send(sslCheck());
    const smuggled = await send(`ssl_check=1&${command("smuggled").body}`);
    expect(plain.status).toBe(200);
    expect(smuggled.status).toBe(200);
    expect(smuggled.text).toBe("");
    await h.receiver.stop();
    expect(totalRuns(h)).toBe(before);
  });

  it("answers Slack's url_verification challenge, only when signed", async () => {
    const signed = await send(
      urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
    );
    expect(signed.status).toBe(200);
    expect(signed.json).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    const unsigned = await send(urlVerification("x"), { tamper: "unsigned" });
    expect(unsigned.status).toBe(401);
  });

  it("refuses signed bodies it cannot read, without running listeners", async () => {
    const before = totalRuns(h);
    const badJson = await send({ contentType: "application/json", body: "{not json" });
    const badType = await send("hello", { contentType: "text/plain" });
    const badPayload = await send("payload=%5B1%2C2%5D");
    expect([badJson.status, badType.status, badPayload.status]).toEqual([400, 415, 400]);
    expect(totalRuns(h)).toBe(before);
  });

  it("answers as soon as the listener acks, while the listener keeps working", async () => {
    const order: string[] = [];
    const hold = gate();
    const finished = gate();
    h.hooks.set("working", async (ack) => {
      await ack({ response_type: "ephemeral", text: "Working on it…" });
      order.push("listener acked");
      await hold.promise;
      order.push("listener finished");
      finished.open();
    });
    const response = await send(command("working"));
    order.push("response received");
    hold.open();
    await finished.promise;
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ response_type: "ephemeral", text: "Working on it…" });
    expect(order).toEqual(["listener acked", "response received", "listener finished"]);
  });

  it("sends a view submission's ack body, e.g. inline errors", async () => {
    const response = await send(
      viewSubmission({
        callbackId: "connect",
        values: { api_key: { value: plainTextValue("k-123") } },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      response_action: "errors",
      errors: { api_key: "Rejected 5 chars" },
    });
    expect(h.runs.get("view:connect")).toBe(1);
  });

  it("runs action listeners for a button click on an ephemeral message", async () => {
    const response = await send(
      blockAction({ actionId: "share", value: "ref", responseUrl: slack.responseUrl() }),
    );
    expect(response.status).toBe(200);
    expect(h.runs.get("action:share")).toBe(1);
  });

  it("acks events at once and passes Slack's retry headers to the listeners", async () => {
    const response = await send(appMention({ text: "failures yesterday" }), {
      headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" },
    });
    expect(response.status).toBe(200);
    await h.receiver.stop();
    expect(h.runs.get("event:app_mention")).toBe(1);
    expect(h.context).toEqual({ retryNum: 2, retryReason: "http_timeout" });
  });

  it("answers 500 with a generic body when a listener fails before acking", async () => {
    h.hooks.set("explode", async () => {
      throw new Error(`database password is ${PRIVATE_TEXT}`);
    });
    const response = await send(command("explode"));
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ ok: false, error: "internal_error" });
    expect(response.text).not.toContain(PRIVATE_TEXT);
    expect(response.text).not.toContain("at ");
    expect(h.receiverLog.join("\n")).toContain("failed before it was acknowledged (Error)");
    expect(h.receiverLog.join("\n")).not.toContain(PRIVATE_TEXT);
  });

  it("keeps the 200 when a listener fails after acking, and logs it with the team id", async () => {
    h.hooks.set("explode-late", async (ack) => {
      await ack();
      throw new Error(PRIVATE_TEXT);
    });
    const response = await send(command("explode-late"));
    expect(response.status).toBe(200);
    await h.receiver.stop();
    expect(h.receiverLog.join("\n")).toContain(
      `Slack command /efax for team ${SLACK_TEST_IDS.teamId} failed after Slack was answered`,
    );
  });

  it("refuses a second ack from the same listener", async () => {
    let second: unknown;
    h.hooks.set("twice", async (ack) => {
      await ack();
      second = await ack().then(
        () => "accepted",
        (error: unknown) => (error instanceof ReceiverMultipleAckError ? "refused" : "other error"),
      );
    });
    await send(command("twice"));
    await h.receiver.stop();
    expect(second).toBe("refused");
  });

  it("serves /healthz, extra routes, 404 and 405", async () => {
    const health = await fetch(`${h.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, store: "embedded" });
    const install = await fetch(`${h.server.url}/api/slack/install`, { redirect: "manual" });
    expect(install.status).toBe(302);
    await install.text();
    const unknown = await fetch(`${h.server.url}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error: "not_found" });
    const wrongMethod = await fetch(h.endpoint);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    await wrongMethod.text();
  });
});

describe("Slack receiver without an ack", () => {
  it("answers 200 after the ack timeout and lets the listener finish", async () => {
    const slack = await startSlackApiServer();
    const h = await startHarness(slack, 50);
    try {
      const order: string[] = [];
      const hold = gate();
      h.hooks.set("silent", async () => {
        await hold.promise;
        order.push("listener finished");
      });
      const response = await sendSigned(
        h.endpoint,
        SECRET,
        slashCommand({ text: "silent", command: "/efax-no-ack", responseUrl: slack.responseUrl() }),
      );
      order.push("response received");
      hold.open();
      await h.receiver.stop();
      expect(response.status).toBe(200);
      expect(response.text).toBe("");
      expect(order).toEqual(["response received", "listener finished"]);
      expect(h.receiverLog.join("\n")).toContain("was not acknowledged within 50 ms");
    } finally {
      await h.server.close();
      await slack.close();
    }
  });
});

describe("HTTP server health", () => {
  it.each([
    ["throws", () => Promise.reject(new Error("store down"))],
    ["reports ok: false", () => ({ ok: false, store: "unreachable" })],
  ])("answers 503 when the health check %s", async (_label, health) => {
    const receiver = createSlackReceiver({ signingSecret: SECRET });
    const server = await startHttpServer({ port: 0, host: "127.0.0.1", receiver, health });
    try {
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false });
    } finally {
      await server.close();
    }
  });

  it("says plainly when the port is taken", async () => {
    const receiver = createSlackReceiver({ signingSecret: SECRET });
    const first = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      receiver,
      health: () => ({}),
    });
    try {
      await expect(
        startHttpServer({ port: first.port, host: "127.0.0.1", receiver, health: () => ({}) }),
      ).rejects.toThrow(
        `Could not start the HTTP server on 127.0.0.1 port ${first.port}: the port is already in use.`,
      );
    } finally {
      await first.close();
    }
  });

  it("says plainly when HOST is not an address of this machine", async () => {
    const receiver = createSlackReceiver({ signingSecret: SECRET });
    // 192.0.2.0/24 is reserved for documentation: no interface has it.
    await expect(
      startHttpServer({ port: 0, host: "192.0.2.1", receiver, health: () => ({}) }),
    ).rejects.toThrow(
      "Could not start the HTTP server on 192.0.2.1 port 0: no network interface of this machine has that address.",
    );
  });
});

describe("Slack receiver through the Fetch API (serverless)", () => {
  it("answers at ack and hands the rest of the work to waitUntil", async () => {
    const slack = await startSlackApiServer();
    const receiver = createSlackReceiver({ signingSecret: SECRET });
    const app = new App({
      receiver,
      token: SLACK_TEST_IDS.botToken,
      clientOptions: { slackApiUrl: slack.url },
      logger: captureLogger([]),
    });
    const order: string[] = [];
    const hold = gate();
    app.command("/efax", async ({ ack }) => {
      await ack("On it");
      await hold.promise;
      order.push("listener finished");
    });
    const toRequest = (body: EncodedSlackBody, headers: Record<string, string> = {}) =>
      new Request("https://efax.example/api/slack/events", {
        method: "POST",
        headers: {
          "content-type": body.contentType,
          ...signRequest(SECRET, body.body, nowSeconds()),
          ...headers,
        },
        body: body.body,
      });
    try {
      const pending: Promise<unknown>[] = [];
      const body = slashCommand({ text: "failures", responseUrl: slack.responseUrl() });
      const response = await receiver.handleRequest(toRequest(body), {
        waitUntil: (work) => pending.push(work),
      });
      order.push("response received");
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("On it");
      expect(pending).toHaveLength(1);
      hold.open();
      await Promise.all(pending);
      expect(order).toEqual(["response received", "listener finished"]);

      const forged = await receiver.handleRequest(
        toRequest(body, { "x-slack-request-timestamp": String(nowSeconds() + 600) }),
      );
      expect(forged.status).toBe(401);

      const viewSized = slashCommand({
        text: "x".repeat(300_000),
        responseUrl: slack.responseUrl(),
      });
      expect(viewSized.body.length).toBeLessThan(DEFAULT_MAX_BODY_BYTES);
      const accepted = await receiver.handleRequest(toRequest(viewSized));
      expect(accepted.status).toBe(200);

      const huge = slashCommand({
        text: "x".repeat(DEFAULT_MAX_BODY_BYTES),
        responseUrl: slack.responseUrl(),
      });
      const refused = await receiver.handleRequest(toRequest(huge));
      expect(refused.status).toBe(413);
    } finally {
      hold.open();
      await receiver.stop();
      await slack.close();
    }
  });
});

describe("createSlackReceiver options", () => {
  it("refuses an empty signing secret and nonsense limits, in plain words", () => {
    expect(() => createSlackReceiver({ signingSecret: "" })).toThrow(MissingSigningSecretError);
    expect(() => createSlackReceiver({ signingSecret: "" })).toThrow(/SLACK_SIGNING_SECRET/);
    const bad = () => createSlackReceiver({ signingSecret: SECRET, maxBodyBytes: 0 });
    expect(bad).toThrow(InvalidReceiverOptionError);
    try {
      bad();
    } catch (error) {
      expect(isSlackReceiverError(error)).toBe(true);
    }
  });
});

describe("Slack receiver handing the loop back after answering", () => {
  async function startAnswering(options: {
    afterAck: () => Promise<void>;
    answersAtOnce?: (body: Record<string, unknown>) => boolean;
  }) {
    const slack = await startSlackApiServer();
    const receiverLog: string[] = [];
    const receiver = createSlackReceiver({
      signingSecret: SECRET,
      logger: captureLogger(receiverLog),
      ...options,
    });
    const authorized: string[] = [];
    const app = new App({
      receiver,
      authorize: async (source) => {
        authorized.push(source.teamId ?? "(none)");
        return { botToken: SLACK_TEST_IDS.botToken, botId: "B0TEST", botUserId: "U0BOT" };
      },
      clientOptions: { slackApiUrl: slack.url },
      logger: captureLogger([]),
    });
    const server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      receiver,
      health: () => ({}),
    });
    return {
      slack,
      app,
      receiver,
      receiverLog,
      authorized,
      send: (body: EncodedSlackBody) => sendSigned(`${server.url}/api/slack/events`, SECRET, body),
      async close() {
        await receiver.stop();
        await server.close();
        await slack.close();
      },
    };
  }

  it("sends the answer at ack(), then lets the listener go on only after afterAck", async () => {
    const turn = gate();
    const order: string[] = [];
    const h = await startAnswering({ afterAck: () => turn.promise });
    try {
      h.app.command("/efax", async ({ ack }) => {
        await ack();
        order.push("listener went on");
      });
      const response = await h.send(
        slashCommand({ text: "failures", responseUrl: h.slack.responseUrl() }),
      );
      order.push("response received");
      turn.open();
      await h.receiver.stop();
      expect(response.status).toBe(200);
      expect(order).toEqual(["response received", "listener went on"]);
    } finally {
      await h.close();
    }
  });

  const quickCommand = (body: Record<string, unknown>) => body.command === "/efax-quick";

  it("answers a request answersAtOnce picks before Bolt does anything with it", async () => {
    const turn = gate();
    const order: string[] = [];
    const h = await startAnswering({ afterAck: () => turn.promise, answersAtOnce: quickCommand });
    try {
      h.app.command("/efax-quick", async ({ ack }) => {
        order.push("listener ran");
        await ack();
        order.push("ack resolved");
      });
      const response = await h.send(
        slashCommand({ text: "x", command: "/efax-quick", responseUrl: h.slack.responseUrl() }),
      );
      order.push("response received");
      expect(h.authorized).toEqual([]);
      turn.open();
      await h.receiver.stop();
      expect(response.status).toBe(200);
      expect(response.text).toBe("");
      expect(h.authorized).toEqual([SLACK_TEST_IDS.teamId]);
      expect(order).toEqual(["response received", "listener ran", "ack resolved"]);
    } finally {
      await h.close();
    }
  });

  it("still waits for the listener's ack() on requests answersAtOnce does not pick", async () => {
    const h = await startAnswering({ afterAck: async () => {}, answersAtOnce: quickCommand });
    try {
      h.app.command("/efax", async ({ ack }) => {
        await ack("Working on it");
      });
      const response = await h.send(
        slashCommand({ text: "x", responseUrl: h.slack.responseUrl() }),
      );
      expect(response.status).toBe(200);
      expect(response.text).toBe("Working on it");
    } finally {
      await h.close();
    }
  });

  it("logs content given to ack() after such an answer as dropped, and refuses a second ack", async () => {
    const h = await startAnswering({ afterAck: async () => {}, answersAtOnce: quickCommand });
    let second: unknown;
    try {
      h.app.command("/efax-quick", async ({ ack }) => {
        await ack(`Too late for ${PRIVATE_TEXT}`);
        second = await ack().then(
          () => "accepted",
          (error: unknown) =>
            error instanceof ReceiverMultipleAckError ? "refused" : "other error",
        );
        throw new Error(PRIVATE_TEXT);
      });
      const response = await h.send(
        slashCommand({ text: "x", command: "/efax-quick", responseUrl: h.slack.responseUrl() }),
      );
      await h.receiver.stop();
      expect(response.status).toBe(200);
      expect(response.text).toBe("");
      expect(second).toBe("refused");
      const log = h.receiverLog.join("\n");
      expect(log).toContain(
        `Slack command /efax-quick for team ${SLACK_TEST_IDS.teamId} was answered when it arrived; the content given to ack() was dropped`,
      );
      expect(log).toContain("failed after Slack was answered (Error)");
      expect(log).not.toContain(PRIVATE_TEXT);
    } finally {
      await h.close();
    }
  });
});

describe("Slack receiver creating its app when a request first needs it (attach)", () => {
  const quickCommand = (body: Record<string, unknown>) => body.command === "/efax-quick";

  async function startAttaching(options: { failFirst?: boolean } = {}) {
    const slack = await startSlackApiServer();
    const receiverLog: string[] = [];
    const turn = gate();
    const order: string[] = [];
    let attachCalls = 0;
    const receiver: SlackReceiver = createSlackReceiver({
      signingSecret: SECRET,
      logger: captureLogger(receiverLog),
      afterAck: () => turn.promise,
      answersAtOnce: quickCommand,
      attach: async () => {
        attachCalls += 1;
        order.push("attach");
        if (options.failFirst && attachCalls === 1) throw new Error("store not reachable");
        const app = new App({
          receiver,
          authorize: async () => ({ botToken: SLACK_TEST_IDS.botToken, botUserId: "U0BOT" }),
          clientOptions: { slackApiUrl: slack.url },
          logger: captureLogger([]),
        });
        app.command("/efax-quick", async ({ ack }) => {
          await ack();
          order.push("command listener");
        });
        app.view("connect", async ({ ack }) => {
          await ack({ response_action: "errors", errors: { api_key: "Rejected" } });
        });
      },
    });
    const pending: Promise<unknown>[] = [];
    const send = (body: EncodedSlackBody) =>
      receiver.handleRequest(
        new Request("https://efax.example/api/slack/events", {
          method: "POST",
          headers: {
            "content-type": body.contentType,
            ...signRequest(SECRET, body.body, nowSeconds()),
          },
          body: body.body,
        }),
        { waitUntil: (work) => pending.push(work) },
      );
    return {
      slack,
      receiver,
      receiverLog,
      turn,
      order,
      pending,
      send,
      attachCalls: () => attachCalls,
      async close() {
        turn.open();
        await receiver.stop();
        await slack.close();
      },
    };
  }

  const quick = (slack: SlackApiServer) =>
    slashCommand({ text: "x", command: "/efax-quick", responseUrl: slack.responseUrl() });
  const submission = () =>
    viewSubmission({
      callbackId: "connect",
      values: { api_key: { value: plainTextValue("k") } },
    });

  it("answers a request answersAtOnce picks before creating the app, then creates it once", async () => {
    const h = await startAttaching();
    try {
      const response = await h.send(quick(h.slack));
      h.order.push("response received");
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("");
      expect(h.attachCalls()).toBe(0);
      h.turn.open();
      await Promise.all(h.pending);
      expect(h.order).toEqual(["response received", "attach", "command listener"]);

      expect((await h.send(quick(h.slack))).status).toBe(200);
      await Promise.all(h.pending);
      expect(h.attachCalls()).toBe(1);
    } finally {
      await h.close();
    }
  });

  it("creates the app for an interaction before answering, and answers with its content", async () => {
    const h = await startAttaching();
    try {
      h.turn.open();
      const response = await h.send(submission());
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        response_action: "errors",
        errors: { api_key: "Rejected" },
      });
      expect(h.attachCalls()).toBe(1);
    } finally {
      await h.close();
    }
  });

  it("logs a failed attach after an answer given at once, and tries again on the next request", async () => {
    const h = await startAttaching({ failFirst: true });
    try {
      h.turn.open();
      expect((await h.send(quick(h.slack))).status).toBe(200);
      await Promise.all(h.pending);
      expect(h.receiverLog.join("\n")).toContain("was not handled: the app did not start (Error)");
      expect(h.order).toEqual(["attach"]);

      const response = await h.send(submission());
      expect(await response.json()).toMatchObject({ response_action: "errors" });
      expect(h.attachCalls()).toBe(2);
    } finally {
      await h.close();
    }
  });
});
