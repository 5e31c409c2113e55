import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import {
  cacheSeconds,
  cachingFetch,
  MAX_CACHED_BYTES,
  type SharedBody,
} from "../src/services/report-cache.ts";
import { clientFor } from "../src/services/reports.ts";
import { createEmbeddedStore } from "../src/store/embedded.ts";
import { storeKeys } from "../src/store/keys.ts";
import type { Store } from "../src/store/types.ts";
import { type EfaxServer, startEfaxServer, TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";

const TEAM = "T0CACHE001";
const now = new Date("2026-11-27T12:00:00Z");
const quiet = { warn: () => {} };
const efaxHeaders = {
  "x-api-key": TEST_EFAX_CREDENTIALS.apiKey,
  "efax-username": TEST_EFAX_CREDENTIALS.username,
  "efax-password": TEST_EFAX_CREDENTIALS.password,
};

describe("report bodies kept per workspace", () => {
  let efax: EfaxServer;
  let store: Store;

  beforeAll(async () => {
    efax = await startEfaxServer();
    store = await createEmbeddedStore({ dataDir: null });
  });
  afterAll(async () => {
    await Promise.all([efax.close(), store.close()]);
  });

  const inFlight = new Map<string, Promise<SharedBody>>();

  function client(account: string, maxAttempts = 3) {
    const fetch = cachingFetch({
      inFlight,
      store,
      teamId: TEAM,
      account,
      fetch: globalThis.fetch,
      now: () => now,
      logger: quiet,
    });
    return clientFor({ apiUrl: efax.url, fetch }, TEST_EFAX_CREDENTIALS, { maxAttempts });
  }

  it("fetches a day once, then serves the same validated body", async () => {
    const before = efax.requests.length;
    const first = await client("clinic.test").fetchReport("failures", "2026-11-20");
    const second = await client("clinic.test").fetchReport("failures", "2026-11-20");
    expect(second).toEqual(first);
    expect(efax.requests.length - before).toBe(1);
    const kept = JSON.stringify(
      await store.get(storeKeys.reportCache(TEAM, "failures", "2026-11-20")),
    );
    expect(kept).not.toContain("clinic.test");
  });

  it("joins a request already in progress for the same day instead of asking again", async () => {
    efax.setFault({ kind: "delay", ms: 300 });
    const before = efax.requests.length;
    const [a, b, c] = await Promise.all([
      client("clinic.test").fetchReport("number-overview", "2026-11-17"),
      client("clinic.test").fetchReport("number-overview", "2026-11-17"),
      client("clinic.test").fetchReport("number-overview", "2026-11-17"),
    ]);
    efax.setFault(null);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(efax.requests.length - before).toBe(1);
  });

  it("lets a waiting request give up when its own signal aborts", async () => {
    efax.setFault({ kind: "delay", ms: 1_000 });
    const leader = client("clinic.test").fetchReport("failures", "2026-11-16");
    const follower = client("clinic.test").fetchReport("failures", "2026-11-16", {
      signal: AbortSignal.timeout(50),
    });
    await expect(follower).rejects.toMatchObject({
      code: expect.stringMatching(/aborted|timeout/),
    });
    await expect(leader).resolves.toBeDefined();
    efax.setFault(null);
  });

  it("does not serve a body kept for another account", async () => {
    const before = efax.requests.length;
    await client("clinic.test").fetchReport("billable-pages", "2026-11-19");
    await client("another.account").fetchReport("billable-pages", "2026-11-19");
    expect(efax.requests.length - before).toBe(2);
  });

  it("keeps failures out", async () => {
    efax.setFault({ kind: "status", status: 503, times: 3 });
    await expect(
      client("clinic.test", 1).fetchReport("account-overview", "2026-11-18"),
    ).rejects.toThrow();
    expect(
      await store.get(storeKeys.reportCache(TEAM, "account-overview", "2026-11-18")),
    ).toBeNull();
    efax.setFault(null);
  });

  it("reads the report and day from a URL, a Request or a lower-case method alike", async () => {
    const fetch = cachingFetch({
      inFlight,
      store,
      teamId: TEAM,
      account: "clinic.test",
      fetch: globalThis.fetch,
      now: () => now,
      logger: quiet,
    });
    const url = `${efax.url}/failures/2026-11-15`;
    const before = efax.requests.length;
    const answers = [
      await fetch(url, { headers: efaxHeaders }),
      await fetch(new URL(url), { method: "get", headers: efaxHeaders }),
      await fetch(new Request(url, { headers: efaxHeaders })),
    ];
    const texts = await Promise.all(answers.map((answer) => answer.text()));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(new Set(texts).size).toBe(1);
    expect(efax.requests.length - before).toBe(1);
  });

  it("passes anything but a report GET through to eFax, keeping nothing", async () => {
    const fetch = cachingFetch({
      inFlight,
      store,
      teamId: TEAM,
      account: "clinic.test",
      fetch: globalThis.fetch,
      now: () => now,
      logger: quiet,
    });
    const before = efax.requests.length;
    const posted = await fetch(`${efax.url}/failures/2026-11-14`, {
      method: "POST",
      headers: efaxHeaders,
    });
    const unknown = await fetch(
      new Request(`${efax.url}/faxes/2026-11-14`, { headers: efaxHeaders }),
    );
    expect([posted.status, unknown.status]).toEqual([405, 404]);
    expect(efax.requests.slice(before).map((request) => request.method)).toEqual(["POST", "GET"]);
    expect(await store.get(storeKeys.reportCache(TEAM, "failures", "2026-11-14"))).toBeNull();
  });

  it("keeps recent days briefly and settled days longer", () => {
    const today = dayInZone(now, "UTC");
    expect(cacheSeconds(today, now)).toBe(600);
    expect(cacheSeconds(addDays(today, -1), now)).toBe(600);
    expect(cacheSeconds(addDays(today, -3), now)).toBe(3600);
    expect(cacheSeconds(addDays(today, -10), now)).toBe(86_400);
    expect(MAX_CACHED_BYTES).toBeGreaterThan(0);
  });
});
