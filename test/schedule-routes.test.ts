import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startServer } from "../src/main.ts";
import { storeKeys } from "../src/store/keys.ts";
import { type QStashServer, signQStash, startQStashServer } from "./support/qstash-server.ts";
import { SLACK_TEST_IDS } from "./support/slack-requests.ts";
import { type RunningApp, type StartAppOptions, startApp } from "./support/start-app.ts";
import { createTestJob, type TestJob } from "./support/test-job.ts";
import { startUpstashServer } from "./support/upstash-server.ts";

const TEAM = SLACK_TEST_IDS.teamId;
const CRON_SECRET = `cron-${randomBytes(16).toString("hex")}`;
const ENTRY = { hour: 9, channel: SLACK_TEST_IDS.channelId };

let app: RunningApp | null = null;
let qstash: QStashServer | null = null;
afterEach(async () => {
  await app?.close();
  await qstash?.close();
  app = null;
  qstash = null;
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** The app with the test job scheduled for its workspace, at 09:00 UTC on 3 December. */
async function start(
  env: Record<string, string>,
  options: StartAppOptions = {},
): Promise<{ app: RunningApp; job: TestJob }> {
  const job = createTestJob();
  const now = () => new Date("2026-12-03T09:00:00Z");
  app = await startApp({ ...options, env, jobs: [job], now });
  await app.store.setField(job.indexKey, TEAM, ENTRY);
  return { app, job };
}

function tick(init: RequestInit & { path?: string } = {}): Promise<Response> {
  if (!app) throw new Error("no app");
  return fetch(`${app.url}${init.path ?? "/api/cron/tick"}`, init);
}

describe("/api/cron/tick with CRON_SECRET", () => {
  it("ticks for Vercel Cron's GET with the secret, and for a POST", async () => {
    const { job } = await start({ CRON_SECRET });
    const answer = await tick({ headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ ok: true, due: 1, claimed: 1, done: 1 });
    expect(job.posted).toEqual([expect.objectContaining({ teamId: TEAM, runId: "2026-12-03" })]);

    const again = await tick({
      method: "POST",
      headers: { authorization: `Bearer ${CRON_SECRET}` },
    });
    expect(await again.json()).toMatchObject({ due: 1, alreadyDone: 1, claimed: 0 });
    expect(app?.slack.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it.each([
    ["no Authorization header", {}],
    ["a wrong secret", { authorization: `Bearer ${CRON_SECRET.slice(0, -1)}x` }],
    ["a longer secret", { authorization: `Bearer ${CRON_SECRET}x` }],
    ["the secret without Bearer", { authorization: CRON_SECRET }],
    ["an empty bearer", { authorization: "Bearer " }],
  ])("refuses %s with 401 and runs nothing", async (_, headers: Record<string, string>) => {
    const { job } = await start({ CRON_SECRET });
    const answer = await tick({ headers });
    expect(answer.status).toBe(401);
    expect(await answer.text()).toBe("Unauthorized.\n");
    expect(job.started).toEqual([]);
    expect(app?.logs.some((line) => line.includes(CRON_SECRET))).toBe(false);
  });

  it("answers 503 in plain words when nothing may tick, and says so in the log", async () => {
    const { job } = await start({});
    const answer = await tick({ headers: { authorization: "Bearer anything-at-all-here" } });
    expect(answer.status).toBe(503);
    expect(await answer.text()).toMatch(
      /^Scheduled runs are not set up on this deployment: set CRON_SECRET/,
    );
    expect(job.started).toEqual([]);
    expect(app?.logs.some((line) => line.includes("neither CRON_SECRET nor QStash"))).toBe(true);
    const health = await (await fetch(`${app?.url}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, tick: "timer_only", tickCallers: [] });
  });

  it("answers 503 when the store cannot be reached, and the app keeps serving", async () => {
    await start({ CRON_SECRET }, { store: "upstash" });
    app?.upstash?.setFault({ kind: "status", status: 500, body: "down" });
    const answer = await tick({ headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(answer.status).toBe(503);
    expect(await answer.text()).toBe(
      "The app cannot reach its store, so nothing was run. The next tick tries again.\n",
    );
    expect(
      app?.logs.some((line) => /ERROR .*could not read the schedule from the store/.test(line)),
    ).toBe(true);
    app?.upstash?.setFault(null);
    expect((await fetch(`${app?.url}/healthz`)).status).toBe(200);
  });
});

describe("/api/cron/tick signed by QStash", () => {
  async function startSigned() {
    qstash = await startQStashServer();
    return start({
      QSTASH_CURRENT_SIGNING_KEY: qstash.currentSigningKey,
      QSTASH_NEXT_SIGNING_KEY: qstash.nextSigningKey,
    });
  }

  it("ticks for a QStash schedule's signed POST, with either signing key", async () => {
    const { job } = await startSigned();
    const first = await qstash?.trigger(`${app?.url}/api/cron/tick`);
    expect(first?.status).toBe(200);
    expect(JSON.parse(first?.body ?? "{}")).toMatchObject({ ok: true, done: 1 });
    if (qstash) qstash.signWithNextKey = true;
    const rotated = await qstash?.trigger(`${app?.url}/api/cron/tick`, "{}");
    expect(JSON.parse(rotated?.body ?? "{}")).toMatchObject({ ok: true, alreadyDone: 1 });
    expect(job.posted).toHaveLength(1);
    expect(app?.logs.some((line) => line.includes("Tick (qstash): 1 due; 1 run: 1 done"))).toBe(
      true,
    );
  });

  it("refuses a missing, wrong-key, replayed, expired or misdirected signature", async () => {
    const { job } = await startSigned();
    const url = `${app?.url}/api/cron/tick`;
    const key = qstash?.currentSigningKey ?? "";
    const post = (headers: Record<string, string>, body = "{}") =>
      tick({ method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, Record<string, string>, string?][] = [
      ["missing", {}],
      ["wrong key", { "upstash-signature": signQStash({ key: "sig_wrong", url, body: "{}" }) }],
      [
        "replayed with another body",
        { "upstash-signature": signQStash({ key, url, body: "{}" }) },
        '{"tick":"again"}',
      ],
      [
        "expired",
        {
          "upstash-signature": signQStash({
            key,
            url,
            body: "{}",
            nowSeconds: now - 900,
          }),
        },
      ],
      [
        "signed for the worker route",
        { "upstash-signature": signQStash({ key, url: `${app?.url}/api/cron/run`, body: "{}" }) },
      ],
      ["a CRON_SECRET that is not set", { authorization: "Bearer some-guess-of-a-secret" }],
    ];
    for (const [name, headers, body] of cases) {
      const answer = await post(headers, body);
      expect([name, answer.status]).toEqual([name, 401]);
    }
    expect(job.started).toEqual([]);
    // The same signature with its own body is accepted: only the body hash was wrong above.
    const signature = signQStash({ key, url, body: "{}" });
    expect((await post({ "upstash-signature": signature })).status).toBe(200);
  });
});

describe("fan-out through QStash", () => {
  async function startFanOut(extra: StartAppOptions = {}) {
    qstash = await startQStashServer();
    const port = await freePort();
    return start(
      {
        CRON_SECRET,
        QSTASH_TOKEN: qstash.token,
        QSTASH_URL: qstash.url,
        QSTASH_CURRENT_SIGNING_KEY: qstash.currentSigningKey,
        QSTASH_NEXT_SIGNING_KEY: qstash.nextSigningKey,
        APP_URL: `http://127.0.0.1:${port}`,
      },
      { ...extra, port },
    );
  }

  it("publishes each due run to the worker, which runs it once even when delivered twice", async () => {
    const { job } = await startFanOut();
    if (qstash) qstash.duplicateDeliveries = 1;
    const answer = await tick({ headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(await answer.json()).toMatchObject({ ok: true, due: 1, published: 1, claimed: 0 });
    await qstash?.idle();

    expect(qstash?.published).toHaveLength(1);
    const message = qstash?.published[0];
    expect(message?.destination).toBe(`${app?.url}/api/cron/run`);
    expect(message?.deduplicationId).toMatch(/^test\.T0TESTTEAM\.2026-12-03\.\d+$/);
    expect(message?.headers["upstash-flow-control-value"]).toBe("parallelism=32");
    expect(message?.headers["upstash-retries"]).toBe("3");
    expect(JSON.parse(message?.body ?? "{}")).toEqual({
      job: "test",
      teamId: TEAM,
      runId: "2026-12-03",
      entry: ENTRY,
    });
    const answers = (qstash?.deliveries ?? []).map((delivery) => JSON.parse(delivery.responseBody));
    expect(answers.map((body) => body.result).sort()).toEqual(["done", "held"]);
    expect(job.posted).toHaveLength(1);
    expect(app?.slack.callsTo("chat.postMessage")).toHaveLength(1);

    // The run is done: the next tick publishes nothing.
    const later = await tick({ headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(await later.json()).toMatchObject({ due: 1, alreadyDone: 1, published: 0 });
  });

  it("publishes a run once per window, and QStash's retries finish a run to retry", async () => {
    const { job } = await startFanOut();
    job.script(TEAM, { kind: "retry", reason: "Slack was briefly unreachable" }, 1);
    // Two ticks at once (or a retried tick): one message.
    await Promise.all([
      tick({ headers: { authorization: `Bearer ${CRON_SECRET}` } }),
      tick({ headers: { authorization: `Bearer ${CRON_SECRET}` } }),
    ]);
    await qstash?.idle();
    expect(qstash?.published.filter((message) => !message.deduplicated)).toHaveLength(1);
    expect(qstash?.deliveries.map((delivery) => delivery.status)).toEqual([503, 200]);
    expect(job.started).toHaveLength(2);
    expect(job.posted).toHaveLength(1);
  });

  it("refuses the worker route to anything but a QStash signature for it", async () => {
    await startFanOut();
    const body = JSON.stringify({ job: "test", teamId: TEAM, runId: "2026-12-03", entry: ENTRY });
    const post = (headers: Record<string, string>) =>
      tick({ path: "/api/cron/run", method: "POST", headers, body });
    expect((await post({ authorization: `Bearer ${CRON_SECRET}` })).status).toBe(401);
    const key = qstash?.currentSigningKey ?? "";
    const forTick = signQStash({ key, url: `${app?.url}/api/cron/tick`, body });
    expect((await post({ "upstash-signature": forTick })).status).toBe(401);
    const forRun = signQStash({ key, url: `${app?.url}/api/cron/run`, body });
    expect(await (await post({ "upstash-signature": forRun })).json()).toEqual({
      ok: true,
      result: "done",
    });
  });
});

describe("the in-process timer", () => {
  it("ticks once a minute across two processes on the same store", async () => {
    const upstash = await startUpstashServer();
    const job = createTestJob();
    const now = () => new Date("2026-12-03T09:00:30Z");
    const env = {
      SLACK_SIGNING_SECRET: "signing-secret-of-the-timer-test",
      SLACK_BOT_TOKEN: SLACK_TEST_IDS.botToken,
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      LOG_LEVEL: "error",
    };
    const [a, b] = await Promise.all(
      [1, 2].map(() =>
        startServer({ env, port: 0, tickEveryMinute: false, jobs: [job], now, write: () => {} }),
      ),
    );
    try {
      const results = await Promise.all([a?.ticker.tickNow(), b?.ticker.tickNow()]);
      expect(results.sort()).toEqual(["taken", "ticked"]);
      expect(await upstash.redis.keys("efax:tick:*")).toEqual([
        storeKeys.tickMinute("2026-12-03T0900Z"),
      ]);
    } finally {
      await Promise.all([a?.close(), b?.close()]);
      await upstash.close();
    }
  });
});
