import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createSealer, generateEncryptionKey, parseEncryptionKeys } from "../src/secrets/seal.ts";
import { createCredentialVault } from "../src/secrets/vault.ts";
import { createAppLogger } from "../src/services/logging.ts";
import { createEmbeddedStore } from "../src/store/embedded.ts";
import { RESPONSE_URL_METHOD, startSlackApiServer } from "./support/slack-api-server.ts";
import { messageTs, sendSigned, slashCommand, sslCheck } from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";

const SERVER = new URL("../bin/server.js", import.meta.url).pathname;
const BASE_ENV = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  TZ: process.env.TZ ?? "",
};

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** True when an HTTP GET of `url` gets any answer (false when the connection is refused). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

/** Every server a test started and that still runs: stopped after the tests, whatever they found. */
const started = new Set<ChildProcess>();

/**
 * Runs `npm start`'s entry with `env`; resolves once it says it listens, or once it has exited
 * and its output is read to the end ("close": "exit" may come before the last output).
 */
function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  ready: Promise<"listening" | "exited">;
} {
  const child = spawn(process.execPath, [SERVER], { env: { ...BASE_ENV, ...env } });
  started.add(child);
  child.once("exit", () => started.delete(child));
  let output = "";
  const ready = new Promise<"listening" | "exited">((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("is listening on") || output.includes("Playground: open")) {
        resolve("listening");
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("close", () => resolve("exited"));
  });
  return { child, output: () => output, ready };
}

describe("npm start", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "efax-server-test-"));
  });
  afterAll(async () => {
    await Promise.all(
      [...started].map(async (child) => {
        child.kill("SIGKILL");
        await once(child, "close");
      }),
    );
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves /healthz and refuses unsigned requests with only the signing secret and bot token set", async () => {
    let port = 0;
    let run: ReturnType<typeof start> | null = null;
    for (let attempt = 0; attempt < 3 && run === null; attempt += 1) {
      port = await freePort();
      const candidate = start({
        SLACK_SIGNING_SECRET: "secret-for-the-process-test",
        SLACK_BOT_TOKEN: "xoxb-process-test",
        PORT: String(port),
        DATA_DIR: dataDir,
      });
      const outcome = await candidate.ready;
      if (outcome === "listening") run = candidate;
      else expect(candidate.output()).toContain("already in use");
    }
    if (run === null) throw new Error("No free port could be used three times in a row.");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      ok: true,
      mode: "single",
      store: "embedded",
      tick: "timer_only",
      tickCallers: [],
      fanOut: "off",
      storeStatus: "reachable",
    });
    const unsigned = await fetch(`http://127.0.0.1:${port}/api/slack/events`, {
      method: "POST",
      body: "command=%2Fefax&text=help",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(unsigned.status).toBe(401);
    // Without HOST it listens on every interface, as it always has.
    expect(run.output()).toContain(`is listening on http://127.0.0.1:${port} `);
    if (process.platform === "linux") {
      expect(await answers(`http://127.0.0.2:${port}/healthz`)).toBe(true);
    }
    run.child.kill("SIGTERM");
    const [code] = await once(run.child, "close");
    expect(code).toBe(0);
    expect(run.output()).not.toContain("xoxb-process-test");
  });

  it("listens only on HOST when it is set", async () => {
    let port = 0;
    let run: ReturnType<typeof start> | null = null;
    for (let attempt = 0; attempt < 3 && run === null; attempt += 1) {
      port = await freePort();
      const candidate = start({
        SLACK_SIGNING_SECRET: "secret-for-the-process-test",
        SLACK_BOT_TOKEN: "xoxb-process-test",
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
      });
      const outcome = await candidate.ready;
      if (outcome === "listening") run = candidate;
      else expect(candidate.output()).toContain("already in use");
    }
    if (run === null) throw new Error("No free port could be used three times in a row.");
    expect(run.output()).toContain(`is listening on http://127.0.0.1:${port} `);
    expect(await answers(`http://127.0.0.1:${port}/healthz`)).toBe(true);
    // The rest of the loopback network is another address: not listened on.
    if (process.platform === "linux") {
      expect(await answers(`http://127.0.0.2:${port}/healthz`)).toBe(false);
    }
    run.child.kill("SIGTERM");
    const [code] = await once(run.child, "close");
    expect(code).toBe(0);
  });

  it("answers a command sent as soon as it listens, and a SIGTERM while it loads still lets it finish", async () => {
    const slack = await startSlackApiServer();
    const port = await freePort();
    const secret = "secret-for-the-early-answer-test";
    const run = start({
      SLACK_SIGNING_SECRET: secret,
      SLACK_BOT_TOKEN: "xoxb-early-answer-test",
      SLACK_API_URL: slack.url,
      PORT: String(port),
      DATA_DIR: dataDir,
    });
    try {
      const command = slashCommand({ text: "help", responseUrl: slack.responseUrl("early") });
      let status: number | null = null;
      while (status === null && run.child.exitCode === null) {
        status = await sendSigned(
          `http://127.0.0.1:${port}/api/slack/events`,
          secret,
          command,
        ).then(
          (response) => response.status,
          () => null,
        );
        if (status === null) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(status).toBe(200);
      run.child.kill("SIGTERM");
      const [code] = await once(run.child, "close");
      expect(code).toBe(0);
      const posted = slack.callsTo(RESPONSE_URL_METHOD).filter((call) => call.target === "early");
      expect(posted).toHaveLength(1);
      expect(run.output()).toContain("SIGTERM received");
    } finally {
      run.child.kill("SIGKILL");
      await slack.close();
    }
  });

  it("exits non-zero naming the missing variables, without a stack trace", async () => {
    const run = start({ SLACK_BOT_TOKEN: "xoxb-process-test", DATA_DIR: dataDir });
    expect(await run.ready).toBe("exited");
    expect(run.child.exitCode).toBe(1);
    expect(run.output()).toContain("SLACK_SIGNING_SECRET is not set");
    expect(run.output()).not.toContain("playground");
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it("with no Slack setting at all, names the settings it needs, then opens the playground on loopback", async () => {
    let port = 0;
    let run: ReturnType<typeof start> | null = null;
    for (let attempt = 0; attempt < 3 && run === null; attempt += 1) {
      port = await freePort();
      const candidate = start({ PORT: String(port), DATA_DIR: join(dataDir, "unused") });
      const outcome = await candidate.ready;
      if (outcome === "listening") run = candidate;
      else expect(candidate.output()).toContain("already in use");
    }
    if (run === null) throw new Error("No free port could be used three times in a row.");
    expect(run.output()).toContain("SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set");
    expect(run.output()).toContain(`Playground: open http://localhost:${port}/`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, mode: "playground" });
    if (process.platform === "linux") {
      expect(await answers(`http://127.0.0.2:${port}/healthz`)).toBe(false);
    }
    run.child.kill("SIGTERM");
    const [code] = await once(run.child, "close");
    expect(code).toBe(0);
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it("with no Slack setting and a bad one, says both and exits", async () => {
    const run = start({ PORT: "not-a-port", DATA_DIR: dataDir });
    expect(await run.ready).toBe("exited");
    expect(run.child.exitCode).toBe(1);
    expect(run.output()).toContain("not connected to Slack yet");
    expect(run.output()).toContain("PORT must be a whole number");
    expect(run.output()).not.toMatch(/\n\s+at /);
  });
});

describe("Socket Mode", () => {
  it("builds the app without an HTTP receiver when SLACK_APP_TOKEN is set", async () => {
    const config = loadConfig({
      SLACK_APP_TOKEN: "xapp-1-socket-test",
      SLACK_BOT_TOKEN: "xoxb-socket-test",
    });
    const store = await createEmbeddedStore({ dataDir: null });
    const sealer = createSealer(parseEncryptionKeys(generateEncryptionKey()));
    const built = createApp({
      config,
      store,
      vault: createCredentialVault({ store, sealer }),
      sealer,
      efax: { apiUrl: config.efax.apiUrl },
      logger: createAppLogger({ write: () => {} }),
    });
    expect(config.slack.mode).toBe("socket");
    expect(built.receiver).toBeNull();
    expect(built.installer).toBeNull();
    await store.close();
  });
});

describe("requests that are not Slack's", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it.each([
    ["a tampered body", { tamper: "body" as const }],
    ["a tampered signature", { tamper: "signature" as const }],
    ["a tampered timestamp", { tamper: "timestamp" as const }],
    ["no signature", { tamper: "no-signature" as const }],
    ["a timestamp 6 minutes old", { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ["a timestamp 6 minutes ahead", { timestamp: Math.floor(Date.now() / 1000) + 360 }],
  ])("answers 401 to %s and runs no handler", async (_name, options) => {
    const before = app.slack.calls.length;
    const responseUrl = app.slack.responseUrl(`forged-${messageTs()}`);
    const response = await app.send(slashCommand({ text: "help", responseUrl }), options);
    expect(response.status).toBe(401);
    const proof = await app.command("help");
    await app.waitForResponse(proof.responseId);
    const after = app.slack.calls.slice(before).filter((call) => call.target !== proof.responseId);
    expect(after.filter((call) => call.method === "response_url")).toEqual([]);
  });

  it("does not let an ssl_check signed with another secret through", async () => {
    const response = await sendSigned(app.eventsUrl, "not-the-secret", sslCheck());
    expect(response.status).toBe(401);
  });
});
