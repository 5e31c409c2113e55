import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleUpstreamBody } from "../src/efax/sandbox.ts";
import { type EfaxServer, startEfaxServer, TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";

const DAY = "2026-11-26";
const HEADERS = {
  "x-api-key": TEST_EFAX_CREDENTIALS.apiKey,
  "efax-username": TEST_EFAX_CREDENTIALS.username,
  "efax-password": TEST_EFAX_CREDENTIALS.password,
};

let server: EfaxServer;

beforeAll(async () => {
  server = await startEfaxServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.setFault(null);
  server.requests.length = 0;
});

async function get(path: string, headers: Record<string, string> = HEADERS) {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe("the local eFax server", () => {
  it("serves the sample data double-encoded, like upstream", async () => {
    const { status, text } = await get(`/failures/${DAY}`);
    expect(status).toBe(200);
    const inner: unknown = JSON.parse(text);
    expect(typeof inner).toBe("string");
    expect(JSON.parse(String(inner))).toEqual(sampleUpstreamBody("failures", DAY));
  });

  it("serves plain JSON when asked", async () => {
    const plain = await startEfaxServer({ encoding: "plain", destinationsPerDay: 50 });
    try {
      const response = await fetch(`${plain.url}/number-overview/${DAY}/`, { headers: HEADERS });
      const body: unknown = await response.json();
      expect(body).toEqual(sampleUpstreamBody("number-overview", DAY, { destinationsPerDay: 50 }));
    } finally {
      await plain.close();
    }
  });

  it("accepts a trailing slash after the day", async () => {
    expect((await get(`/billable-pages/${DAY}/`)).status).toBe(200);
  });

  it.each([
    ["no API key", { ...HEADERS, "x-api-key": "" }, 403, { message: "Forbidden" }],
    ["a wrong API key", { ...HEADERS, "x-api-key": "nope" }, 403, { message: "Forbidden" }],
    [
      "a wrong username",
      { ...HEADERS, "efax-username": "someone" },
      401,
      { message: "Unauthorized" },
    ],
    [
      "no password",
      { "x-api-key": HEADERS["x-api-key"], "efax-username": HEADERS["efax-username"] },
      401,
      { message: "Unauthorized" },
    ],
  ])("checks the headers: %s", async (_, headers, status, body) => {
    const response = await get(`/account-overview/${DAY}`, headers);
    expect(response.status).toBe(status);
    expect(JSON.parse(response.text)).toEqual(body);
  });

  it.each([
    ["an impossible day", "/failures/2026-02-30", 400],
    ["an unknown report", `/faxes/${DAY}`, 404],
    ["a path outside /v1", `/../v2/failures/${DAY}`, 404],
  ])("answers %s with %d", async (_, path, status) => {
    expect((await get(path)).status).toBe(status);
  });

  it("records method, path, time and status, never a header", async () => {
    await get(`/failures/${DAY}`);
    expect(server.requests).toEqual([
      { method: "GET", path: `/v1/failures/${DAY}`, time: expect.any(Number), status: 200 },
    ]);
    const recorded = JSON.stringify(server.requests);
    for (const secret of Object.values(TEST_EFAX_CREDENTIALS))
      expect(recorded).not.toContain(secret);
  });

  it("plays a fault for the next N requests only", async () => {
    server.setFault({ kind: "status", status: 503, retryAfter: 7, times: 2 });
    const first = await get(`/failures/${DAY}`);
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("7");
    expect((await get(`/failures/${DAY}`)).status).toBe(503);
    expect((await get(`/failures/${DAY}`)).status).toBe(200);
  });

  it("serves a custom raw body until it is cleared", async () => {
    server.setBody("failures", DAY, "not json at all");
    expect((await get(`/failures/${DAY}`)).text).toBe("not json at all");
    server.setBody("failures", DAY, null);
    expect((await get(`/failures/${DAY}`)).text).not.toBe("not json at all");
  });

  it("close() does not wait for kept-alive connections nor pending delays", async () => {
    const slow = await startEfaxServer({ delayMs: 60_000 });
    const pending = fetch(`${slow.url}/failures/${DAY}`, { headers: HEADERS });
    while (slow.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const keptAlive = await startEfaxServer();
    const response = await fetch(`${keptAlive.url}/failures/${DAY}`, { headers: HEADERS });
    await response.text();
    await Promise.all([slow.close(), keptAlive.close()]);
    await expect(pending).rejects.toThrow();
    expect(slow.requests[0]?.status).toBeUndefined();
  });
});

describe("standalone", () => {
  it("prints its URL and serves until stopped", async () => {
    const script = fileURLToPath(new URL("./support/efax-server.ts", import.meta.url));
    const child = spawn(process.execPath, [script, "--port", "0", "--destinations", "300"], {
      env: { ...process.env, EFAX_API_KEY: "", EFAX_USERNAME: "", EFAX_PASSWORD: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const [chunk] = await once(child.stdout, "data");
      const line = String(chunk);
      expect(line).toMatch(/^eFax test server at http:\/\/127\.0\.0\.1:\d+\/v1 /);
      for (const secret of Object.values(TEST_EFAX_CREDENTIALS)) expect(line).not.toContain(secret);
      const url = line.split(" ")[4] ?? "";
      const response = await fetch(`${url}/number-overview/${DAY}`, { headers: HEADERS });
      const body: unknown = JSON.parse(JSON.parse(await response.text()));
      expect(body).toEqual(sampleUpstreamBody("number-overview", DAY, { destinationsPerDay: 300 }));
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
});
