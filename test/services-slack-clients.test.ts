import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createSealer, generateEncryptionKey, parseEncryptionKeys } from "../src/secrets/seal.ts";
import { createAppLogger } from "../src/services/logging.ts";
import {
  createClientResolver,
  WorkspaceNotAuthorizedError,
} from "../src/services/slack-clients.ts";
import { createEmbeddedStore } from "../src/store/embedded.ts";
import { type SlackApiServer, startSlackApiServer } from "./support/slack-api-server.ts";
import { SLACK_TEST_IDS } from "./support/slack-requests.ts";

let slack: SlackApiServer | null = null;
afterEach(async () => {
  await slack?.close();
  slack = null;
});

async function singleWorkspaceResolver(options: { knownToken: boolean }) {
  slack = await startSlackApiServer(
    options.knownToken ? {} : { workspaces: [{ token: "xoxb-someone-else", teamId: "T0SOMEONE" }] },
  );
  const config = loadConfig({
    SLACK_SIGNING_SECRET: "signing-secret-for-tests",
    SLACK_BOT_TOKEN: SLACK_TEST_IDS.botToken,
    SLACK_API_URL: slack.url,
  });
  return createClientResolver({
    config,
    store: await createEmbeddedStore({ dataDir: null }),
    sealer: createSealer(parseEncryptionKeys(generateEncryptionKey())),
    logger: createAppLogger({ write: () => {} }),
  });
}

describe("Slack clients by workspace, with one bot token", () => {
  it("gives the token's own workspace a client, once auth.test has named it", async () => {
    const clientFor = await singleWorkspaceResolver({ knownToken: true });
    const client = await clientFor(SLACK_TEST_IDS.teamId);
    await client.chat.postMessage({ channel: SLACK_TEST_IDS.channelId, text: "hello" });
    await clientFor(SLACK_TEST_IDS.teamId);
    expect(slack?.callsTo("auth.test")).toHaveLength(1);
    expect(slack?.callsTo("chat.postMessage")[0]?.token).toBe(SLACK_TEST_IDS.botToken);
  });

  it("refuses another workspace: the token would post there as someone else", async () => {
    const clientFor = await singleWorkspaceResolver({ knownToken: true });
    await expect(clientFor("T0ANOTHER")).rejects.toThrow(
      new WorkspaceNotAuthorizedError("T0ANOTHER", "SLACK_BOT_TOKEN belongs to another workspace"),
    );
  });

  it("says so when Slack refuses the token", async () => {
    const clientFor = await singleWorkspaceResolver({ knownToken: false });
    await expect(clientFor(SLACK_TEST_IDS.teamId)).rejects.toThrow(
      "The app cannot act in workspace T0TESTTEAM: Slack refuses SLACK_BOT_TOKEN.",
    );
  });
});
