import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEfaxClient, type EfaxAttempt, type EfaxClientOptions } from "../src/efax/client.ts";
import {
  AbortedError,
  CredentialsRejectedError,
  type EfaxError,
  InvalidDayError,
  isEfaxError,
  MalformedBodyError,
  NetworkError,
  ThrottledError,
  TimeoutError,
  UnexpectedShapeError,
  UpstreamError,
} from "../src/efax/errors.ts";
import { sampleUpstreamBody } from "../src/efax/sandbox.ts";
import { type EfaxServer, startEfaxServer, TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";

const DAY = "2026-11-26";
const SECRETS = [
  TEST_EFAX_CREDENTIALS.apiKey,
  TEST_EFAX_CREDENTIALS.password,
  TEST_EFAX_CREDENTIALS.username,
];

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/efax/${name}.txt`, import.meta.url), "utf8");

let server: EfaxServer;

beforeAll(async () => {
  server = await startEfaxServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.setFault(null);
  server.requests.length = 0;
});

interface Harness {
  client: ReturnType<typeof createEfaxClient>;
  attempts: EfaxAttempt[];
  sleeps: number[];
}

/** A client on the local server whose waits are recorded and skipped. */
function harness(options: Partial<EfaxClientOptions> = {}): Harness {
  const attempts: EfaxAttempt[] = [];
  const sleeps: number[] = [];
  const client = createEfaxClient({
    credentials: TEST_EFAX_CREDENTIALS,
    baseUrl: server.url,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onAttempt: (attempt) => attempts.push(attempt),
    ...options,
  });
  return { client, attempts, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<EfaxError> {
  try {
    await promise;
  } catch (error) {
    if (isEfaxError(error)) return error;
    throw error;
  }
  throw new Error("expected the fetch to fail");
}

/** Message, stack, own properties and cause, as a log line or error tracker would show them. */
function everythingShown(error: Error): string {
  return `${error.message}\n${error.stack}\n${inspect(error, { depth: 5 })}\n${JSON.stringify(error)}`;
}

function expectNoSecret(error: Error): void {
  const shown = everythingShown(error);
  for (const secret of SECRETS) expect(shown).not.toContain(secret);
}

describe("reports from the local eFax server", () => {
  it.each(["double", "plain"] as const)(
    "upstream's samples parse to the right totals, served %s",
    async (encoding) => {
      const local = await startEfaxServer({ encoding });
      try {
        local.setBody("account-overview", DAY, encodeAs(encoding, fixture("account-overview")));
        local.setBody("failures", DAY, encodeAs(encoding, fixture("failures")));
        local.setBody("billable-pages", DAY, encodeAs(encoding, fixture("billable-pages")));
        local.setBody(
          "number-overview",
          DAY,
          encodeAs(encoding, fixture("number-overview-example-repaired")),
        );
        const client = createEfaxClient({ credentials: TEST_EFAX_CREDENTIALS, baseUrl: local.url });
        const overview = await client.fetchReport("account-overview", DAY);
        expect(overview["12345678"]?.a_user).toMatchObject({ success: 3, total: 3, failures: 0 });
        const failures = await client.fetchReport("failures", DAY);
        const dead = Object.values(failures).flatMap((users) =>
          Object.values(users).flatMap((destinations) => Object.values(destinations)),
        );
        expect(dead.map((c) => c.failures)).toEqual([1, 1, 2, 1, 3]);
        const numbers = await client.fetchReport("number-overview", DAY);
        expect(numbers["<DID 2>"]?.user_2?.["<fax_recipient 4>"]).toMatchObject({
          success: 9,
          total: 11,
          failures: 2,
        });
        expect(await client.fetchReport("billable-pages", DAY)).toEqual({
          "<DID>": { outbound: { STANDARD: 78, FINE: 24 }, inbound: 116 },
          "<DID_2>": { outbound: { STANDARD: 43 }, inbound: 1315 },
        });
      } finally {
        await local.close();
      }
    },
  );

  it("serves the sample data for any day, through the same parsing", async () => {
    const { client, attempts } = harness();
    const body = await client.fetchReport("account-overview", DAY);
    const raw = sampleUpstreamBody("account-overview", DAY);
    expect(Object.keys(body).sort()).toEqual(Object.keys(raw).sort());
    expect(body["13125550178"]?.["lab.results"]?.total).toBe(
      raw["13125550178"]?.["lab.results"]?.Total,
    );
    expect(attempts).toEqual([
      { kind: "account-overview", day: DAY, attempt: 1, outcome: "ok", status: 200 },
    ]);
    expect(server.requests).toEqual([
      { method: "GET", path: `/v1/account-overview/${DAY}`, time: expect.any(Number), status: 200 },
    ]);
  });

  it("accepts a base URL with a trailing slash and asks for /v1/<kind>/<day>", async () => {
    const { client } = harness({ baseUrl: `${server.url}/` });
    await client.fetchReport("billable-pages", DAY);
    expect(server.requests.map((r) => r.path)).toEqual([`/v1/billable-pages/${DAY}`]);
  });

  it("refuses an impossible day before any request", async () => {
    const { client, attempts } = harness();
    for (const day of ["2026-02-30", "2026-13-01", "26-11-2026", "2026-11-26/../x", ""]) {
      const error = await failure(client.fetchReport("failures", day));
      expect(error).toBeInstanceOf(InvalidDayError);
      expect(error).toMatchObject({ code: "invalid-day", attempts: 0, retryable: false });
    }
    expect(server.requests).toEqual([]);
    expect(attempts).toEqual([]);
    expect(String(await failure(harness().client.fetchReport("failures", "2026-02-30")))).toBe(
      'InvalidDayError: "2026-02-30" is not a calendar day in YYYY-MM-DD form, so the failures report was not requested',
    );
  });
});

describe("every failure ends in its typed error, naming no credential", () => {
  it("401 for a wrong password: credentials rejected, one attempt", async () => {
    const { client, attempts } = harness({
      credentials: { ...TEST_EFAX_CREDENTIALS, password: "wrong-password-Zx81" },
    });
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(CredentialsRejectedError);
    expect(error).toMatchObject({
      status: 401,
      attempts: 1,
      retryable: false,
      report: "failures",
      day: DAY,
    });
    expect(error.message).toBe(
      "eFax rejected the API key, username or password (HTTP 401) while fetching the failures report for 2026-11-26",
    );
    expect(everythingShown(error)).not.toContain("wrong-password-Zx81");
    expectNoSecret(error);
    expect(attempts).toHaveLength(1);
  });

  it('403 {"message":"Forbidden"} for a wrong API key: credentials rejected', async () => {
    const { client } = harness({
      credentials: { ...TEST_EFAX_CREDENTIALS, apiKey: "bad-key-Qp33" },
    });
    const error = await failure(client.fetchReport("number-overview", DAY));
    expect(error).toBeInstanceOf(CredentialsRejectedError);
    expect(error).toMatchObject({ status: 403, attempts: 1 });
    expect(everythingShown(error)).not.toContain("bad-key-Qp33");
    expectNoSecret(error);
  });

  it("credentials no header can carry are refused before any request", async () => {
    const { client } = harness({
      credentials: { ...TEST_EFAX_CREDENTIALS, password: "line\nbreak" },
    });
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(CredentialsRejectedError);
    expect(error).toMatchObject({ attempts: 0 });
    expect(everythingShown(error)).not.toContain("line\nbreak");
    expect(server.requests).toEqual([]);
  });

  it("503 twice then 200: three attempts, the report arrives", async () => {
    server.setFault({ kind: "status", status: 503, times: 2 });
    const { client, attempts, sleeps } = harness();
    const body = await client.fetchReport("failures", DAY);
    expect(Object.keys(body).length).toBeGreaterThan(0);
    expect(attempts).toEqual([
      { kind: "failures", day: DAY, attempt: 1, outcome: "upstream", status: 503, delayMs: 375 },
      { kind: "failures", day: DAY, attempt: 2, outcome: "upstream", status: 503, delayMs: 750 },
      { kind: "failures", day: DAY, attempt: 3, outcome: "ok", status: 200 },
    ]);
    expect(sleeps).toEqual([375, 750]);
  });

  it("backoff is jittered by the injected random source", async () => {
    server.setFault({ kind: "status", status: 502, times: 2 });
    const low = harness({ random: () => 0 });
    await low.client.fetchReport("failures", DAY);
    server.setFault({ kind: "status", status: 502, times: 2 });
    const high = harness({ random: () => 0.999 });
    await high.client.fetchReport("failures", DAY);
    expect(low.sleeps).toEqual([250, 500]);
    expect(high.sleeps).toEqual([500, 1000]);
  });

  it("503 every time: three attempts, then UpstreamError", async () => {
    server.setFault({ kind: "status", status: 503 });
    const { client, attempts } = harness();
    const error = await failure(client.fetchReport("number-overview", DAY));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 503, attempts: 3, retryable: true });
    expect(error.message).toBe(
      "eFax answered with an error (HTTP 503) while fetching the number overview report for 2026-11-26 after 3 attempts",
    );
    expect(attempts.map((a) => a.outcome)).toEqual(["upstream", "upstream", "upstream"]);
    expect(attempts[2]?.delayMs).toBeUndefined();
    expect(server.requests).toHaveLength(3);
    expectNoSecret(error);
  });

  it("maxAttempts bounds the retries", async () => {
    server.setFault({ kind: "status", status: 500 });
    const { client } = harness({ maxAttempts: 5 });
    expect(await failure(client.fetchReport("failures", DAY))).toMatchObject({ attempts: 5 });
    expect(server.requests).toHaveLength(5);
  });

  it("other 4xx statuses are upstream errors and are not retried", async () => {
    server.setFault({ kind: "status", status: 404 });
    const { client } = harness();
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 404, attempts: 1, retryable: false });
  });

  it("429 with Retry-After within the cap: waits exactly that long, then succeeds", async () => {
    server.setFault({ kind: "status", status: 429, retryAfter: 2, times: 1 });
    const { client, attempts, sleeps } = harness();
    await client.fetchReport("billable-pages", DAY);
    expect(sleeps).toEqual([2000]);
    expect(attempts.map((a) => [a.outcome, a.status, a.delayMs])).toEqual([
      ["throttled", 429, 2000],
      ["ok", 200, undefined],
    ]);
  });

  it("429 with an HTTP-date Retry-After is honoured too", async () => {
    const at = new Date(Date.now() + 3_000).toUTCString();
    server.setFault({ kind: "status", status: 429, retryAfter: at, times: 1 });
    const { client, sleeps } = harness();
    await client.fetchReport("billable-pages", DAY);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(0);
    expect(sleeps[0]).toBeLessThanOrEqual(3_000);
  });

  it("429 asking for longer than maxRetryAfterMs: gives up at once, saying when to retry", async () => {
    server.setFault({ kind: "status", status: 429, retryAfter: 120 });
    const { client, attempts, sleeps } = harness({ maxRetryAfterMs: 10_000 });
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({
      retryAfterMs: 120_000,
      attempts: 1,
      retryable: true,
      status: 429,
    });
    expect(error.message).toBe(
      "eFax is limiting requests (HTTP 429) and did not send the failures report for 2026-11-26; it asked to wait 2 min, so try again after that",
    );
    expect(sleeps).toEqual([]);
    expect(attempts).toHaveLength(1);
  });

  it("429 without Retry-After every time: backoff, then ThrottledError", async () => {
    server.setFault({ kind: "status", status: 429 });
    const { client, sleeps } = harness();
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ attempts: 3, retryAfterMs: undefined });
    expect(sleeps).toEqual([375, 750]);
    expectNoSecret(error);
  });

  it("an HTML page from a proxy, behind a 502: upstream error, retried", async () => {
    server.setFault({ kind: "html" });
    const { client } = harness();
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 502, problem: "html", attempts: 3 });
    expect(error.message).toContain("answered with a web page instead of a report (HTTP 502)");
    expect(everythingShown(error)).not.toContain("Bad Gateway");
  });

  it("an HTML page with status 200: upstream error, not retried, not a malformed report", async () => {
    server.setFault({ kind: "html", status: 200 });
    const { client } = harness();
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 200, problem: "html", attempts: 1, retryable: false });
  });

  it("an empty 200 body: upstream error", async () => {
    server.setFault({ kind: "empty" });
    const { client } = harness();
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      "eFax answered with an empty response (HTTP 200) while fetching the failures report for 2026-11-26",
    );
  });

  it("a malformed body: MalformedBodyError, not retried, body not shown", async () => {
    server.setBody("number-overview", DAY, '"{\\"5551234\\": {\\"patient-ward-7\\": {\\"1212555');
    const { client, attempts } = harness();
    const error = await failure(client.fetchReport("number-overview", DAY));
    server.setBody("number-overview", DAY, null);
    expect(error).toBeInstanceOf(MalformedBodyError);
    expect(error).toMatchObject({ attempts: 1, status: 200, retryable: false });
    expect(everythingShown(error)).not.toContain("patient-ward-7");
    expect(attempts).toEqual([
      { kind: "number-overview", day: DAY, attempt: 1, outcome: "malformed-body", status: 200 },
    ]);
  });

  it("the malformed upstream README sample served by eFax: MalformedBodyError", async () => {
    server.setBody("number-overview", DAY, JSON.stringify(fixture("number-overview-readme")));
    const error = await failure(harness().client.fetchReport("number-overview", DAY));
    server.setBody("number-overview", DAY, null);
    expect(error).toBeInstanceOf(MalformedBodyError);
    expect(everythingShown(error)).not.toContain("fax recipient");
  });

  it("the server's malformed fault (a report cut short): MalformedBodyError", async () => {
    server.setFault({ kind: "malformed" });
    expect(await failure(harness().client.fetchReport("failures", DAY))).toBeInstanceOf(
      MalformedBodyError,
    );
  });

  it("JSON of another shape: UnexpectedShapeError naming the path, not retried", async () => {
    server.setBody(
      "account-overview",
      DAY,
      JSON.stringify({ "12345678": { a_user: { Busy: "many", Success: 1, Total: 2 } } }),
    );
    const { client } = harness();
    const error = await failure(client.fetchReport("account-overview", DAY));
    server.setBody("account-overview", DAY, null);
    expect(error).toBeInstanceOf(UnexpectedShapeError);
    expect(error).toMatchObject({
      path: ["12345678", "a_user", "Busy"],
      attempts: 1,
      retryable: false,
    });
    expect(error.message).toBe(
      "eFax returned the account overview report for 2026-11-26 in an unexpected shape: 12345678 › a_user › Busy is not a whole number of 0 or more",
    );
    expect(everythingShown(error)).not.toContain("many");
  });

  it("a dropped connection: NetworkError after three attempts", async () => {
    server.setFault({ kind: "reset" });
    const { client, attempts } = harness();
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ attempts: 3, retryable: true, status: undefined });
    expect(error.message).toContain(`Could not reach eFax at ${new URL(server.url).host}`);
    expect(attempts.map((a) => a.outcome)).toEqual(["network", "network", "network"]);
    expectNoSecret(error);
  });

  it("a dropped connection once: the retry succeeds", async () => {
    server.setFault({ kind: "reset", times: 1 });
    const { client, attempts } = harness();
    await client.fetchReport("failures", DAY);
    expect(attempts.map((a) => a.outcome)).toEqual(["network", "ok"]);
  });

  it("nobody listening: NetworkError saying the connection was refused", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const address = closed.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    await new Promise((resolve) => closed.close(resolve));
    const { client } = harness({ baseUrl: `http://127.0.0.1:${port}/v1` });
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(
      `Could not reach eFax at 127.0.0.1:${port} (connection refused) while fetching the failures report for 2026-11-26 after 3 attempts`,
    );
    expectNoSecret(error);
  });

  it("a slow eFax: TimeoutError per request, retried", async () => {
    server.setFault({ kind: "delay", ms: 5_000 });
    const { client, attempts } = harness({ timeoutMs: 50, maxAttempts: 2 });
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50, deadline: false, attempts: 2, retryable: true });
    expect(error.message).toBe(
      "eFax did not answer within 50 ms while fetching the failures report for 2026-11-26 after 2 attempts",
    );
    expect(attempts.map((a) => a.outcome)).toEqual(["timeout", "timeout"]);
    expectNoSecret(error);
  });

  it("a slow first answer: the retry gets the report", async () => {
    server.setFault({ kind: "delay", ms: 5_000, times: 1 });
    const { client, attempts } = harness({ timeoutMs: 100 });
    await client.fetchReport("failures", DAY);
    expect(attempts.map((a) => a.outcome)).toEqual(["timeout", "ok"]);
  });

  it("the overall deadline cuts the attempt in flight", async () => {
    server.setFault({ kind: "delay", ms: 5_000 });
    const { client } = harness({ timeoutMs: 10_000, deadlineMs: 80 });
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ deadline: true, timeoutMs: 80, attempts: 1 });
    expect(error.message).toBe(
      "eFax did not answer within the overall limit of 80 ms while fetching the failures report for 2026-11-26",
    );
  });

  it("no retry is started when its wait would pass the deadline", async () => {
    server.setFault({ kind: "status", status: 429, retryAfter: 5 });
    const { client, sleeps } = harness({ deadlineMs: 4_000, now: () => 0 });
    const error = await failure(client.fetchReport("failures", DAY));
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ attempts: 1, retryAfterMs: 5_000 });
    expect(sleeps).toEqual([]);
  });
});

describe("the caller's AbortSignal", () => {
  it("already aborted: nothing is requested", async () => {
    const { client } = harness();
    const error = await failure(
      client.fetchReport("failures", DAY, { signal: AbortSignal.abort() }),
    );
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ attempts: 0 });
    expect(server.requests).toEqual([]);
  });

  it("aborting during a request ends it with AbortedError, not a timeout", async () => {
    server.setFault({ kind: "delay", ms: 10_000 });
    const controller = new AbortController();
    const { client, attempts } = harness();
    const pending = failure(client.fetchReport("failures", DAY, { signal: controller.signal }));
    await until(() => server.requests.length === 1);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.message).toBe("Fetching the failures report for 2026-11-26 was cancelled");
    expect(attempts.map((a) => a.outcome)).toEqual(["aborted"]);
  });

  it("aborting during the wait between attempts ends it at once, whatever the sleep does", async () => {
    server.setFault({ kind: "status", status: 503 });
    const controller = new AbortController();
    const { client } = harness({ sleep: () => new Promise<void>(() => {}) });
    const pending = failure(client.fetchReport("failures", DAY, { signal: controller.signal }));
    await until(() => server.requests.length === 1 && server.requests[0]?.status === 503);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("the default sleep is a real timer that the signal cancels", async () => {
    server.setFault({ kind: "status", status: 503 });
    const controller = new AbortController();
    const client = createEfaxClient({
      credentials: TEST_EFAX_CREDENTIALS,
      baseUrl: server.url,
      random: () => 1,
      onAttempt: (attempt) => {
        if (attempt.delayMs !== undefined) controller.abort();
      },
    });
    const error = await failure(client.fetchReport("failures", DAY, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(1);
  });
});

function encodeAs(encoding: "double" | "plain", text: string): string {
  return encoding === "double" ? JSON.stringify(text) : text;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
