/**
 * `GET /healthz` reports whether the store answers, under `npm start` and on Vercel: 200 with
 * `storeStatus: "reachable"`, or 503 with the plain status `store_unreachable` when the store
 * hangs or drops the connection (answered within the check's second, not after the store's own
 * timeouts and retries).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateEncryptionKey } from "../src/secrets/seal.ts";
import { checkStore } from "../src/server/store-health.ts";
import { closeServerlessApp, serverlessHealth } from "../src/serverless.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";
import { startUpstashServer, type UpstashServer } from "./support/upstash-server.ts";

describe("GET /healthz under npm start", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({ store: "upstash" });
  });
  afterAll(async () => {
    app.upstash?.setFault(null);
    await app.close();
  });

  it("says the store answers", async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      store: "upstash",
      storeStatus: "reachable",
    });
  });

  it.each([
    ["hangs", { kind: "hang" } as const, "timeout"],
    ["drops the connection", { kind: "reset" } as const, "unreachable"],
    ["answers 500", { kind: "status", status: 500, body: "oops" } as const, "unreachable"],
  ])(
    "answers 503 store_unreachable when the store %s, naming nothing secret",
    async (_, fault, why) => {
      app.upstash?.setFault(fault);
      try {
        const health = await fetch(`${app.url}/healthz`);
        expect(health.status).toBe(503);
        const body = await health.json();
        expect(body).toMatchObject({ ok: false, status: "store_unreachable", storeStatus: why });
        expect(JSON.stringify(body)).not.toContain(app.upstash?.token ?? "?");
        expect(JSON.stringify(body)).not.toContain("127.0.0.1");
      } finally {
        app.upstash?.setFault(null);
      }
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    },
  );
});

describe("GET /healthz on Vercel", () => {
  let upstash: UpstashServer;
  let dataDir: string;

  beforeAll(async () => {
    upstash = await startUpstashServer();
    dataDir = await mkdtemp(join(tmpdir(), "efax-health-"));
    vi.stubEnv("SLACK_SIGNING_SECRET", "health-signing-secret");
    vi.stubEnv("SLACK_BOT_TOKEN", "xoxb-health-test");
    vi.stubEnv("UPSTASH_REDIS_REST_URL", upstash.url);
    vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", upstash.token);
    vi.stubEnv("ENCRYPTION_KEY", generateEncryptionKey());
    vi.stubEnv("CRON_SECRET", "health-cron-secret-1234");
    vi.stubEnv("LOG_LEVEL", "error");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await closeServerlessApp();
    upstash.setFault(null);
    await upstash.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("says the store answers, and 503 store_unreachable when it does not", async () => {
    const healthy = await serverlessHealth();
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ ok: true, storeStatus: "reachable" });

    upstash.setFault({ kind: "hang" });
    try {
      const sick = await serverlessHealth();
      expect(sick.status).toBe(503);
      expect(await sick.json()).toMatchObject({ ok: false, status: "store_unreachable" });
    } finally {
      upstash.setFault(null);
    }
  });

  it("checks the embedded store through the function's app", async () => {
    vi.stubEnv("UPSTASH_REDIS_REST_URL", "");
    vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", "");
    vi.stubEnv("DATA_DIR", dataDir);
    const health = await serverlessHealth();
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ store: "embedded", storeStatus: "reachable" });
  });
});

describe("checkStore", () => {
  it("tells a store that answers from one that fails or does not answer in time", async () => {
    expect(await checkStore({ get: async () => null })).toEqual({
      ok: true,
      storeStatus: "reachable",
    });
    expect(
      await checkStore({
        get: async () => {
          throw new Error("down");
        },
      }),
    ).toMatchObject({ ok: false, storeStatus: "unreachable" });
    expect(await checkStore({ get: () => new Promise(() => {}) }, 20)).toMatchObject({
      ok: false,
      status: "store_unreachable",
      storeStatus: "timeout",
    });
  });
});
