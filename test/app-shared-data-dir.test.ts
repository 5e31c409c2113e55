/**
 * Two `npm start` processes on one DATA_DIR, as a second terminal or a process manager that
 * starts the new process before the old one has exited would run them: each sees the other's
 * writes at once, and everything survives a restart of both.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BLOCK_IDS, CALLBACK_IDS } from "../src/views/ids.ts";
import { type EfaxServer, startEfaxServer, TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import {
  RESPONSE_URL_METHOD,
  type SlackApiServer,
  startSlackApiServer,
} from "./support/slack-api-server.ts";
import {
  plainTextValue,
  SLACK_TEST_IDS,
  sendSigned,
  slashCommand,
  viewSubmission,
} from "./support/slack-requests.ts";
import { isFinalAnswer } from "./support/start-app.ts";
import { visibleText } from "./support/view-text.ts";

const SERVER = new URL("../bin/server.js", import.meta.url).pathname;
const ADMIN = "U0ADMIN001";
const SIGNING_SECRET = "secret-for-two-processes";

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

interface AppProcess {
  child: ChildProcess;
  eventsUrl: string;
  output(): string;
}

let sequence = 0;

describe("two npm start processes on one DATA_DIR", { timeout: 60_000 }, () => {
  let dataDir: string;
  let slack: SlackApiServer;
  let efax: EfaxServer;
  const running = new Set<AppProcess>();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "efax-two-processes-"));
    slack = await startSlackApiServer({
      users: { [ADMIN]: { isAdmin: true } },
      fallbackUser: { tz: "America/New_York" },
    });
    efax = await startEfaxServer();
  });
  afterAll(async () => {
    await Promise.all([...running].map(stop));
    await Promise.all([slack.close(), efax.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Starts `npm start`'s entry on the shared DATA_DIR; resolves once it listens. */
  async function start(): Promise<AppProcess> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const port = await freePort();
      const child = spawn(process.execPath, [SERVER], {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          TZ: process.env.TZ ?? "",
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_BOT_TOKEN: SLACK_TEST_IDS.botToken,
          SLACK_API_URL: slack.url,
          EFAX_API_URL: efax.url,
          DATA_DIR: dataDir,
          PORT: String(port),
        },
      });
      let output = "";
      const outcome = await new Promise<"listening" | "exited">((resolve) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString("utf8");
          if (output.includes("is listening on")) resolve("listening");
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", onData);
        child.on("close", () => resolve("exited"));
      });
      if (outcome === "listening") {
        const app = {
          child,
          eventsUrl: `http://127.0.0.1:${port}/api/slack/events`,
          output: () => output,
        };
        running.add(app);
        return app;
      }
      expect(output).toContain("already in use");
    }
    throw new Error("No free port could be used three times in a row.");
  }

  async function stop(app: AppProcess): Promise<void> {
    running.delete(app);
    if (app.child.exitCode !== null) return;
    const closed = once(app.child, "close");
    app.child.kill("SIGTERM");
    const [code] = await closed;
    expect(code).toBe(0);
  }

  /** `/efax <text>` through `app`, as the admin; resolves the text of its answer. */
  async function command(app: AppProcess, text: string): Promise<string> {
    sequence += 1;
    const responseId = `two-processes-${sequence}`;
    const responseUrl = slack.responseUrl(responseId);
    const ack = await sendSigned(
      app.eventsUrl,
      SIGNING_SECRET,
      slashCommand({ text, responseUrl, userId: ADMIN }),
    );
    expect(ack.status).toBe(200);
    const answer = await slack.waitFor(
      (call) =>
        call.method === RESPONSE_URL_METHOD && call.target === responseId && isFinalAnswer(call),
      15_000,
    );
    return visibleText(answer.body);
  }

  it("each sees the other's writes at once, and both survive a restart", async () => {
    const a = await start();
    const b = await start();

    // Connect the eFax account through A, by submitting the Connect dialog.
    const connect = await sendSigned(
      a.eventsUrl,
      SIGNING_SECRET,
      viewSubmission({
        callbackId: CALLBACK_IDS.connect,
        user: ADMIN,
        values: {
          [BLOCK_IDS.apiKey]: { [BLOCK_IDS.apiKey]: plainTextValue(TEST_EFAX_CREDENTIALS.apiKey) },
          [BLOCK_IDS.username]: {
            [BLOCK_IDS.username]: plainTextValue(TEST_EFAX_CREDENTIALS.username),
          },
          [BLOCK_IDS.password]: {
            [BLOCK_IDS.password]: plainTextValue(TEST_EFAX_CREDENTIALS.password),
          },
        },
      }),
    );
    expect(connect.status).toBe(200);
    expect(connect.text).toBe("");

    // B sees the account at once, and sets the time zone; A sees that at once.
    const seenByB = await command(b, "status");
    expect(seenByB).toContain("cl…st");
    expect(seenByB).toContain(`<@${ADMIN}>`);
    expect(await command(b, "timezone Europe/Berlin")).toContain("*Europe/Berlin*");
    const seenByA = await command(a, "status");
    expect(seenByA).toContain("cl…st");
    expect(seenByA).toContain("Europe/Berlin");

    // A changes it again while B keeps running: B sees A's change.
    expect(await command(a, "timezone America/Chicago")).toContain("*America/Chicago*");
    expect(await command(b, "status")).toContain("America/Chicago");

    await Promise.all([stop(a), stop(b)]);
    expect(await readdir(dataDir)).toContain("store.db");

    const again = [await start(), await start()];
    for (const app of again) {
      const status = await command(app, "status");
      expect(status).toContain("cl…st");
      expect(status).toContain(`<@${ADMIN}>`);
      expect(status).toContain("America/Chicago");
    }
    for (const app of [a, b, ...again]) {
      expect(app.output()).not.toMatch(/ERROR|busy|locked/);
      expect(app.output()).not.toContain(TEST_EFAX_CREDENTIALS.password);
    }
    await Promise.all(again.map(stop));
  });
});
