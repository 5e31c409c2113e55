import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { serverlessHealth } from "../src/serverless.ts";
import { closeCronFunction, handleCronRun, handleCronTick } from "../src/serverless-cron.ts";
import { type SlackApiServer, startSlackApiServer } from "./support/slack-api-server.ts";

const CRON_SECRET = "vercel-cron-secret-0123456789abcdef";
const TICK_URL = "https://example.vercel.app/api/cron/tick";

let slack: SlackApiServer;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  slack = await startSlackApiServer();
  dataDir = await mkdtemp(join(tmpdir(), "efax-cron-fn-"));
  env = {
    SLACK_SIGNING_SECRET: "vercel-function-signing-secret",
    SLACK_BOT_TOKEN: "xoxb-test-bot-token",
    SLACK_API_URL: slack.url,
    DATA_DIR: dataDir,
    CRON_SECRET,
    VERCEL: "1",
    LOG_LEVEL: "error",
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
});
afterAll(async () => {
  await closeCronFunction();
  vi.unstubAllEnvs();
  await slack.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the tick as a Vercel function", () => {
  it("ticks for Vercel Cron's GET with CRON_SECRET and refuses anything else", async () => {
    const ok = await handleCronTick(
      new Request(TICK_URL, { headers: { authorization: `Bearer ${CRON_SECRET}` } }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, due: 0 });
    expect((await handleCronTick(new Request(TICK_URL))).status).toBe(401);
    const worker = await handleCronRun(
      new Request("https://example.vercel.app/api/cron/run", {
        method: "POST",
        headers: { authorization: `Bearer ${CRON_SECRET}` },
        body: "{}",
      }),
    );
    expect(worker.status).toBe(503);
    expect(await worker.text()).toMatch(/Scheduled runs are not set up/);
  });

  it("says on /healthz when nothing can tick on Vercel", async () => {
    vi.stubEnv("CRON_SECRET", "");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const health = (await (await serverlessHealth()).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ ok: true, tick: "not_configured", tickCallers: [] });
      expect(String(health.tickProblem)).toMatch(
        /^Nothing can tick, so no digest goes out: set CRON_SECRET/,
      );
      expect(errors).toHaveBeenCalledWith(health.tickProblem);
    } finally {
      errors.mockRestore();
      vi.stubEnv("CRON_SECRET", CRON_SECRET);
    }
  });

  it("loads none of Slack's request handling (Bolt, receivers, listeners) to tick", async () => {
    const entry = fileURLToPath(new URL("../src/serverless-cron.ts", import.meta.url));
    const script = `
      import { registerHooks } from "node:module";
      const loaded = new Set();
      registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); loaded.add(r.url); return r; } });
      const { handleCronTick, closeCronFunction } = await import(${JSON.stringify(entry)});
      const answer = await handleCronTick(new Request(${JSON.stringify(TICK_URL)}, { headers: { authorization: "Bearer ${CRON_SECRET}" } }));
      await closeCronFunction();
      const slackOnly = [...loaded].filter((url) => /@slack\\/bolt|@vercel\\/slack-bolt|\\/src\\/slack\\//.test(url));
      console.log(JSON.stringify({ status: answer.status, slackOnly, modules: loaded.size }));
    `;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
      });
      child.stderr.on("data", (chunk) => {
        err += chunk;
      });
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
    });
    const result = JSON.parse(output.trim().split("\n").at(-1) ?? "{}");
    expect(result).toMatchObject({ status: 200, slackOnly: [] });
    expect(result.modules).toBeGreaterThan(10);
  });
});
