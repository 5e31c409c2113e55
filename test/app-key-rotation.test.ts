/**
 * Rotating `ENCRYPTION_KEY` without losing connected accounts, end to end, on the embedded store
 * and on Upstash over the real Redis: an OAuth install and an eFax account sealed with the first
 * key; the app restarted with `new:<key>,default:<old key>` still opens both; `npm run reseal`
 * seals them again with the new key; the app restarted with the new key alone still installs
 * nothing new and runs reports on the same account.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateEncryptionKey, sealedKeyId } from "../src/secrets/seal.ts";
import { storeKeys } from "../src/store/keys.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { startUpstashServer, type UpstashServer } from "./support/upstash-server.ts";
import { visibleText } from "./support/view-text.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLIENT = { clientId: "7777.8888", clientSecret: "rotation-client-secret-4e5f" };
const TEAM = "T0ROTATE01";
const INSTALLER = "U0ROTATEAD";
const BOT_TOKEN = "xoxb-rotation-token-3c4d";
const OLD_KEY = generateEncryptionKey();
const NEW_KEY = generateEncryptionKey();

function runReseal(env: Record<string, string>, args: string[] = []) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/reseal.ts", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(["embedded", "upstash"] as const)("rotating ENCRYPTION_KEY (%s store)", (kind) => {
  let dataDir: string;
  let upstash: UpstashServer | null = null;
  let storeEnv: Record<string, string>;
  const slackEnv = {
    SLACK_SIGNING_SECRET: "rotation-signing-secret",
    SLACK_CLIENT_ID: CLIENT.clientId,
    SLACK_CLIENT_SECRET: CLIENT.clientSecret,
    SLACK_STATE_SECRET: "rotation-state-secret",
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "efax-rotation-"));
    if (kind === "upstash") {
      upstash = await startUpstashServer();
      storeEnv = { UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token };
    } else {
      storeEnv = { DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await upstash?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = (encryptionKey: string) =>
    startApp({
      oauth: CLIENT,
      slack: {
        users: { [INSTALLER]: { isAdmin: true } },
        oauth: {
          ...CLIENT,
          installs: { "code-r": { teamId: TEAM, botToken: BOT_TOKEN, userId: INSTALLER } },
        },
      },
      env: { ...storeEnv, ENCRYPTION_KEY: encryptionKey },
    });

  async function reportWorks(app: RunningApp): Promise<void> {
    const { responseId } = await app.command("overview yesterday", { teamId: TEAM });
    const answer = visibleText((await app.waitForResponse(responseId)).body);
    expect(answer).toContain("Account overview");
    expect(answer).not.toContain("isn't installed");
    expect(answer).not.toContain("connect the account again");
  }

  async function sealedWith(app: RunningApp): Promise<(string | null)[]> {
    const records = await Promise.all([
      app.store.get<{ sealed: string }>(storeKeys.credentials(TEAM)),
      app.store.get<{ sealed: string }>(storeKeys.installation(TEAM)),
    ]);
    return records.map((record) => (record ? sealedKeyId(record.sealed) : null));
  }

  it("keeps the installation and the eFax account through the rotation", async () => {
    // 1. Installed and connected under the first key.
    const first = await start(OLD_KEY);
    try {
      const page = await fetch(`${first.url}/api/slack/install`);
      const href = /<a href="([^"]+)"/.exec(await page.text())?.[1]?.replaceAll("&amp;", "&");
      const state = new URL(href ?? "").searchParams.get("state") ?? "";
      const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const done = await fetch(
        `${first.url}/api/slack/oauth_redirect?code=code-r&state=${encodeURIComponent(state)}`,
        { headers: { cookie } },
      );
      expect(done.status).toBe(200);
      await first.connect(TEAM, undefined, INSTALLER);
      await reportWorks(first);
      expect(await sealedWith(first)).toEqual(["default", "default"]);
    } finally {
      await first.close();
    }

    // 2. A new key first, the old one kept: everything still opens; new values use the new key.
    const rotating = `k2:${NEW_KEY},default:${OLD_KEY}`;
    const second = await start(rotating);
    try {
      await reportWorks(second);
    } finally {
      await second.close();
    }
    const env = { ...slackEnv, ...storeEnv, ENCRYPTION_KEY: rotating };
    const check = await runReseal(env, ["--check"]);
    expect(check.stderr).toBe("");
    expect(check.stdout).toContain('Sealed values found: 2 with key "default".');
    expect(check.stdout).toContain('2 would be sealed again with key "k2"');

    // 3. Re-seal: every value now names the new key.
    const resealed = await runReseal(env);
    expect(resealed.code).toBe(0);
    expect(resealed.stdout).toContain('Sealed again with key "k2": 2; already with it: 0.');
    expect(resealed.stdout).toContain("the other keys can be removed from ENCRYPTION_KEY");
    const again = await runReseal(env);
    expect(again.stdout).toContain('Sealed again with key "k2": 0; already with it: 2.');
    for (const secret of [NEW_KEY, OLD_KEY, BOT_TOKEN]) {
      expect(`${resealed.stdout}${resealed.stderr}`).not.toContain(secret);
    }

    // 4. The old key removed: the same installation and account still work.
    const third = await start(`k2:${NEW_KEY}`);
    try {
      expect(await sealedWith(third)).toEqual(["k2", "k2"]);
      await reportWorks(third);
      const status = await third.command("status", { teamId: TEAM });
      expect(visibleText((await third.waitForResponse(status.responseId)).body)).toContain(
        "Connected to the eFax account",
      );
    } finally {
      await third.close();
    }
  });

  it("says which values no key opens, with exit code 1", async () => {
    const result = await runReseal({
      ...slackEnv,
      ...storeEnv,
      ENCRYPTION_KEY: `k3:${generateEncryptionKey()}`,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Cannot open efax:${TEAM}:credentials (it names key "k2")`);
  });
});
