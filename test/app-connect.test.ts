import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { storeKeys } from "../src/store/keys.ts";
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from "../src/views/ids.ts";
import { TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import type { RecordedCall } from "./support/slack-api-server.ts";
import {
  blockAction,
  plainTextValue,
  SLACK_TEST_IDS,
  viewSubmission,
} from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { visibleText } from "./support/view-text.ts";

const ADMIN = "U0ADMIN001";
const MEMBER = SLACK_TEST_IDS.userId;
const TEAM = SLACK_TEST_IDS.teamId;

function submission(
  user: string,
  credentials: { apiKey: string; username: string; password: string } = TEST_EFAX_CREDENTIALS,
) {
  return viewSubmission({
    callbackId: CALLBACK_IDS.connect,
    user,
    values: {
      [BLOCK_IDS.apiKey]: { [BLOCK_IDS.apiKey]: plainTextValue(credentials.apiKey) },
      [BLOCK_IDS.username]: { [BLOCK_IDS.username]: plainTextValue(credentials.username) },
      [BLOCK_IDS.password]: { [BLOCK_IDS.password]: plainTextValue(credentials.password) },
    },
  });
}

function modalOf(call: RecordedCall): { blocks?: readonly unknown[] } {
  const view = call.body.view;
  if (typeof view !== "object" || view === null) throw new Error("views.open carried no view.");
  return view;
}

function inlineError(json: unknown): string {
  const errors =
    typeof json === "object" && json !== null && "errors" in json ? json.errors : undefined;
  return JSON.stringify(errors ?? null);
}

describe("connecting an eFax account", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      slack: { users: { [ADMIN]: { isAdmin: true }, [MEMBER]: {} } },
    });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    await app.idle();
    app.slack.reset();
    app.efax.setFault(null);
    await app.forget(TEAM);
  });

  it("opens the Connect modal for admins and refuses others politely", async () => {
    await app.command("connect", { userId: ADMIN });
    const opened = await app.slack.waitFor((call) => call.method === "views.open");
    expect(JSON.stringify(opened.body.view)).toContain(CALLBACK_IDS.connect);

    const member = await app.command("connect", { userId: MEMBER });
    const refusal = await app.waitForResponse(member.responseId);
    expect(visibleText(refusal.body)).toContain("Only workspace admins can connect");
    expect(app.slack.callsTo("views.open")).toHaveLength(1);
  });

  it("opens Connect as a change of account when one is connected, naming it masked", async () => {
    await app.connect();
    await app.command("connect", { userId: ADMIN });
    await app.send(
      blockAction({
        actionId: ACTION_IDS.connect,
        user: ADMIN,
        view: { id: "V0HOME0001", type: "home" },
      }),
    );
    await app.slack.waitFor(() => app.slack.callsTo("views.open").length === 2);
    for (const call of app.slack.callsTo("views.open")) {
      const view = modalOf(call);
      expect(view).toMatchObject({ title: { text: "Change eFax account" } });
      const text = visibleText(view);
      expect(text).toContain("connected to the eFax account *cl…st*");
      expect(text).toContain("replaces it for everyone");
      expect(text).not.toContain(TEST_EFAX_CREDENTIALS.username);
    }
  });

  it("checks the credentials with eFax, saves them sealed, confirms and refreshes the Home", async () => {
    const answer = await app.send(submission(ADMIN));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect(await app.services.vault.describe(TEAM)).toMatchObject({
      connectedBy: ADMIN,
      usernameMasked: "cl…st",
    });
    const confirmation = await app.slack.waitFor((call) => call.method === "chat.postMessage");
    expect(confirmation.body.channel).toBe(ADMIN);
    expect(visibleText(confirmation.body)).toContain("Connected the eFax account");
    await app.slack.waitFor((call) => call.method === "views.publish");

    // Every key, the audit trail (a list) included.
    const read = (key: string) =>
      key === storeKeys.audit(TEAM) ? app.store.readList(key) : app.store.get(key);
    const raw = JSON.stringify(await Promise.all((await app.store.keys("efax:")).map(read)));
    expect(raw).not.toContain(TEST_EFAX_CREDENTIALS.password);
    expect(raw).not.toContain(TEST_EFAX_CREDENTIALS.apiKey);
    expect(raw).not.toContain(TEST_EFAX_CREDENTIALS.username);
  });

  it("shows eFax's refusal inline on the modal and saves nothing", async () => {
    const answer = await app.send(
      submission(ADMIN, { ...TEST_EFAX_CREDENTIALS, password: "wrong-password-123" }),
    );
    expect(answer.json).toMatchObject({ response_action: "errors" });
    expect(inlineError(answer.json)).toContain("did not accept");
    expect(inlineError(answer.json)).toContain(BLOCK_IDS.password);
    expect(await app.services.vault.describe(TEAM)).toBeNull();
  });

  it("says so inline when eFax is down, and saves nothing", async () => {
    app.efax.setFault({ kind: "status", status: 503 });
    const answer = await app.send(submission(ADMIN));
    expect(inlineError(answer.json)).toContain("could not be reached");
    expect(await app.services.vault.describe(TEAM)).toBeNull();
  });

  it("answers the modal before a slow eFax does, saying it did not answer in time", async () => {
    app.efax.setFault({ kind: "delay", ms: 6_000 });
    const answer = await app.send(submission(ADMIN));
    const pending = app.efax.requests.filter((r) => r.status === undefined);
    expect(pending.length).toBeGreaterThan(0);
    expect(inlineError(answer.json)).toContain("did not answer in time");
    expect(await app.services.vault.describe(TEAM)).toBeNull();
  });

  it("refuses a submission from someone who is not an admin", async () => {
    const answer = await app.send(submission(MEMBER));
    expect(inlineError(answer.json)).toContain("only workspace admins");
    expect(await app.services.vault.describe(TEAM)).toBeNull();
  });

  it("asks for confirmation before disconnecting, then erases the account", async () => {
    await app.connect(TEAM, TEST_EFAX_CREDENTIALS, ADMIN);
    await app.command("disconnect", { userId: ADMIN });
    const opened = await app.slack.waitFor((call) => call.method === "views.open");
    expect(JSON.stringify(opened.body.view)).toContain(CALLBACK_IDS.disconnectConfirm);
    expect(await app.services.vault.describe(TEAM)).not.toBeNull();

    const answer = await app.send(
      viewSubmission({ callbackId: CALLBACK_IDS.disconnectConfirm, user: ADMIN, values: {} }),
    );
    expect(answer.status).toBe(200);
    const confirmation = await app.slack.waitFor((call) => call.method === "chat.postMessage");
    expect(visibleText(confirmation.body)).toContain("Disconnected the eFax account");
    expect(await app.services.vault.describe(TEAM)).toBeNull();
  });

  it("keeps the account when someone who is not an admin confirms a disconnect", async () => {
    await app.connect(TEAM, TEST_EFAX_CREDENTIALS, ADMIN);
    await app.send(
      viewSubmission({ callbackId: CALLBACK_IDS.disconnectConfirm, user: MEMBER, values: {} }),
    );
    const refusal = await app.slack.waitFor((call) => call.method === "chat.postMessage");
    expect(visibleText(refusal.body)).toContain("Only workspace admins can disconnect");
    expect(await app.services.vault.describe(TEAM)).not.toBeNull();
  });

  it("never shows the password or key in a Slack call or a log line", async () => {
    await app.send(submission(ADMIN));
    await app.send(submission(ADMIN, { ...TEST_EFAX_CREDENTIALS, password: "wrong-password-123" }));
    await app.command("status", { userId: ADMIN });
    await app.slack.waitFor((call) => call.method === "response_url");
    const everything = JSON.stringify(app.slack.calls) + app.logs.join("\n");
    expect(everything).not.toContain(TEST_EFAX_CREDENTIALS.password);
    expect(everything).not.toContain(TEST_EFAX_CREDENTIALS.apiKey);
    expect(everything).not.toContain("wrong-password-123");
  });
});
