import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createSealer, generateEncryptionKey, parseEncryptionKeys } from "../src/secrets/seal.ts";
import { createCredentialVault } from "../src/secrets/vault.ts";
import { startHttpServer } from "../src/server/http-server.ts";
import { createAppLogger } from "../src/services/logging.ts";
import type { Turns } from "../src/services/turns.ts";
import { createEmbeddedStore } from "../src/store/embedded.ts";
import { startSlackApiServer } from "./support/slack-api-server.ts";
import { SLACK_TEST_IDS, sendSigned, slashCommand } from "./support/slack-requests.ts";
import { visibleText } from "./support/view-text.ts";

const SECRET = "app-turns-test-signing-secret";

/** Turns that resume nothing until the test lets them all go. */
function heldTurns(): Turns & { release(): void } {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { take: () => released, release };
}

describe("work after an answer waits its turn", () => {
  it("answers /efax before anything else, and idle() still waits for its reply", async () => {
    const slack = await startSlackApiServer();
    const store = await createEmbeddedStore({ dataDir: null });
    const sealer = createSealer(parseEncryptionKeys(generateEncryptionKey()));
    const turns = heldTurns();
    const config = loadConfig({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: SLACK_TEST_IDS.botToken,
      SLACK_API_URL: slack.url,
    });
    const built = createApp({
      config,
      store,
      vault: createCredentialVault({ store, sealer }),
      sealer,
      efax: { apiUrl: config.efax.apiUrl },
      logger: createAppLogger({ write: () => {} }),
      turns,
    });
    const receiver = built.receiver;
    if (receiver === null) throw new Error("the HTTP receiver is missing");
    const server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      receiver,
      health: () => ({}),
    });
    try {
      const response = await sendSigned(
        `${server.url}/api/slack/events`,
        SECRET,
        slashCommand({ text: "help", responseUrl: slack.responseUrl("held-help") }),
      );
      expect(response.status).toBe(200);
      let idle = false;
      const waiting = built.idle().then(() => {
        idle = true;
      });
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(idle).toBe(false);
      expect(slack.calls.filter((call) => call.target === "held-help")).toEqual([]);
      turns.release();
      await waiting;
      const replies = slack.calls.filter((call) => call.target === "held-help");
      expect(replies.map((call) => visibleText(call.body)).join("\n")).toContain("/efax");
    } finally {
      await server.close();
      await store.close();
      await slack.close();
    }
  });
});
