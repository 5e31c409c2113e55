import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import { connectAccount } from "../src/services/connection.ts";
import { type AppLogger, createAppLogger, describeError } from "../src/services/logging.ts";
import { createReportService } from "../src/services/reports.ts";
import { TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import { SLACK_TEST_IDS } from "./support/slack-requests.ts";
import { type RunningApp, startApp } from "./support/start-app.ts";

function capturingLogger(secrets: readonly string[] = []): { logger: AppLogger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createAppLogger({ write: (line) => lines.push(line), secrets }), lines };
}

describe("describeError", () => {
  it("names each kind of Slack Web API error by its code, without loading the Web API client", () => {
    expect(describeError(new WebAPIPlatformError({ ok: false, error: "invalid_auth" }))).toBe(
      "Slack API error invalid_auth",
    );
    expect(describeError(new WebAPIRateLimitedError(30))).toBe(
      "Slack rate limit, retry after 30 s",
    );
    expect(describeError(new WebAPIHTTPError(502, "Bad Gateway", {}, ""))).toBe("Slack HTTP 502");
    expect(describeError(new WebAPIRequestError(new TypeError("fetch failed")))).toBe(
      "Slack request failed: TypeError",
    );
    const lookalike = Object.assign(new Error("not Slack's"), { code: "ECONNRESET" });
    expect(describeError(lookalike)).toBe("Error: not Slack's");
  });
});

describe("app logger: secrets hidden for one operation", () => {
  it("hides them in every line written while the operation runs, then forgets them", async () => {
    const { logger, lines } = capturingLogger(["xoxb-lasting-token"]);
    const password = 'pa"ss\\word-7731';
    const seen = await logger.hideWhile(["api-key-0042", password], async () => {
      expect(logger.hiddenCount()).toBe(3);
      logger.warn(`typed ${password} with api-key-0042`);
      logger.error(new Error(`eFax said no to ${password}`));
      logger.info("request", { headers: { "x-api-key": "api-key-0042", password } });
      return "done";
    });
    expect(seen).toBe("done");
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toContain("api-key-0042");
      expect(line).not.toContain('pa"ss');
      expect(line).not.toContain('pa\\"ss');
      expect(line).not.toContain("word-7731");
      expect(line).toContain("[redacted]");
    }
    expect(logger.hiddenCount()).toBe(1);
  });

  it("forgets them when the operation fails, passing its error on", async () => {
    const { logger } = capturingLogger();
    const failure = new Error("check failed");
    await expect(
      logger.hideWhile(["secret-one-1"], async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(logger.hiddenCount()).toBe(0);
  });

  it("keeps a value hidden while another operation or a lasting registration still needs it", async () => {
    const { logger, lines } = capturingLogger(["shared-secret-9"]);
    let finishFirst = () => {};
    const first = logger.hideWhile(
      ["overlap-secret"],
      () => new Promise<void>((resolve) => (finishFirst = resolve)),
    );
    await logger.hideWhile(["overlap-secret", "shared-secret-9"], async () => {
      finishFirst();
      await first;
      logger.warn("still running with overlap-secret and shared-secret-9");
    });
    expect(lines[0]).toContain("still running with [redacted] and [redacted]");
    expect(logger.hiddenCount()).toBe(1);
    logger.warn("after: shared-secret-9");
    expect(lines[1]).toContain("after: [redacted]");
  });

  it("never leaves part of a longer secret printed when it contains a shorter one", async () => {
    const { logger, lines } = capturingLogger(["abcdef"]);
    await logger.hideWhile(["abcdef-and-more"], async () => {
      logger.warn("key abcdef-and-more");
    });
    expect(lines[0]).toMatch(/ key \[redacted\]$/);
  });

  it("ignores values too short to hide without hiding ordinary words", async () => {
    const { logger } = capturingLogger();
    await logger.hideWhile(["", "abc"], async () => {
      expect(logger.hiddenCount()).toBe(0);
    });
  });
});

describe("failed Connect attempts in the running app", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it("leave the list of hidden values as it was, and hide the typed values during each attempt", async () => {
    const { logger } = app.services;
    const before = logger.hiddenCount();
    const typed = Array.from({ length: 60 }, (_, index) => ({
      apiKey: `typed-api-key-${index}-ZK`,
      username: `person${index}@example.com`,
      password: `typed-password-${index}-QW`,
    }));
    const loggingFetch: typeof fetch = (input, init) => {
      logger.warn("eFax check request", Object.fromEntries(new Headers(init?.headers)));
      return fetch(input, init);
    };
    const services = { ...app.services, efax: { ...app.services.efax, fetch: loggingFetch } };

    const results = await Promise.all(
      typed.map((credentials) =>
        connectAccount(services, SLACK_TEST_IDS.teamId, "U0ADMIN001", credentials),
      ),
    );

    expect(results).toEqual(typed.map(() => ({ ok: false, problem: "rejected" })));
    expect(logger.hiddenCount()).toBe(before);
    const requestLines = app.logs.filter((line) => line.includes("eFax check request"));
    expect(requestLines).toHaveLength(typed.length);
    const everything = app.logs.join("\n");
    expect(everything).not.toMatch(/typed-api-key|typed-password/);
    expect(requestLines[0]).toContain("person");
    expect(await app.services.vault.load(SLACK_TEST_IDS.teamId)).toBeNull();
  });
});

describe("reports in the running app", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it("hide a workspace's key and password while a report runs on them, then let them go", async () => {
    const { logger } = app.services;
    await app.connect();
    const before = logger.hiddenCount();
    let hiddenDuring = 0;
    const loggingFetch: typeof fetch = (input, init) => {
      hiddenDuring = Math.max(hiddenDuring, logger.hiddenCount());
      logger.warn("eFax report request", Object.fromEntries(new Headers(init?.headers)));
      return fetch(input, init);
    };
    const reports = createReportService({
      vault: app.services.vault,
      store: app.services.cache,
      now: app.services.now,
      efax: { ...app.services.efax, fetch: loggingFetch },
      defaultCredentials: null,
      logger,
    });
    const day = addDays(dayInZone(new Date(), "UTC"), -2);
    const ref = { name: "failures", from: day, to: day, sample: false } as const;

    const report = await reports.run(SLACK_TEST_IDS.teamId, ref);

    expect(report.kind).toBe("failures");
    expect(hiddenDuring).toBe(before + 2);
    expect(logger.hiddenCount()).toBe(before);
    const requestLines = app.logs.filter((line) => line.includes("eFax report request"));
    expect(requestLines.length).toBeGreaterThan(0);
    expect(requestLines[0]).toContain(TEST_EFAX_CREDENTIALS.username);
    const everything = app.logs.join("\n");
    expect(everything).not.toContain(TEST_EFAX_CREDENTIALS.apiKey);
    expect(everything).not.toContain(TEST_EFAX_CREDENTIALS.password);
  });
});
