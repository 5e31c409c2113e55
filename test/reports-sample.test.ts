/**
 * The report engine on the built-in sample data and through the real eFax client and local eFax
 * server. Expected figures are recomputed here from the raw upstream JSON with plain loops.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DayRange, eachDay } from "../src/dates/calendar.ts";
import { createEfaxClient } from "../src/efax/client.ts";
import { CredentialsRejectedError } from "../src/efax/errors.ts";
import {
  createSampleSource,
  sampleUpstreamBody,
  type UpstreamCounts,
} from "../src/efax/sandbox.ts";
import { csvFiles } from "../src/reports/csv.ts";
import type { FaxReport } from "../src/reports/model.ts";
import { runReport } from "../src/reports/run.ts";
import { type EfaxServer, startEfaxServer, TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";

const WEEK: DayRange = { from: "2026-11-16", to: "2026-11-22" };
const THURSDAY = "2026-11-26";
const SUMS = new Set(["Success", "Total", "Failures"]);

interface RawRow {
  did: string;
  user: string;
  destination: string;
  counts: UpstreamCounts;
}

function rawRows(kind: "number-overview" | "failures", day: string): RawRow[] {
  const rows: RawRow[] = [];
  const body = sampleUpstreamBody(kind, day);
  for (const [did, users] of Object.entries(body)) {
    for (const [user, destinations] of Object.entries(users)) {
      for (const [destination, counts] of Object.entries(destinations)) {
        rows.push({ did, user, destination, counts });
      }
    }
  }
  return rows;
}

function value(counts: UpstreamCounts, key: string): number {
  return counts[key] ?? 0;
}

describe("reports on the sample data", () => {
  it("totals a week of number overview as the raw bodies add up, reasons included", async () => {
    const report = await runReport(createSampleSource(), "numbers", WEEK, { sample: true });
    let attempts = 0;
    let successes = 0;
    const reasons = new Map<string, number>();
    for (const day of eachDay(WEEK)) {
      for (const { counts } of rawRows("number-overview", day)) {
        attempts += value(counts, "Total");
        successes += value(counts, "Success");
        for (const [key, count] of Object.entries(counts)) {
          if (!SUMS.has(key)) reasons.set(key, (reasons.get(key) ?? 0) + count);
        }
      }
    }
    expect(report.sample).toBe(true);
    expect(report.totals.attempts).toBe(attempts);
    expect(report.totals.successes).toBe(successes);
    expect(report.totals.failures).toBe(attempts - successes);
    expect(new Map(report.totals.byReason.map((r) => [r.reason, r.count]))).toEqual(
      new Map([...reasons].filter(([, count]) => count > 0)),
    );
    const counts = report.totals.byReason.map((r) => r.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(report.series.map((entry) => entry.totals.attempts)).toEqual(
      eachDay(WEEK).map((day) =>
        rawRows("number-overview", day).reduce((sum, row) => sum + value(row.counts, "Total"), 0),
      ),
    );
  });

  it("lists a day's failures report as its all-failed combinations, each a zero-success number-overview row", async () => {
    const range = { from: THURSDAY, to: THURSDAY };
    const failures = await runReport(createSampleSource(), "failures", range);
    const raw = rawRows("failures", THURSDAY);
    expect(failures.allFailed.count).toBe(raw.length);
    expect(failures.rows).toHaveLength(raw.length);
    const numbers = new Map(
      rawRows("number-overview", THURSDAY).map((row) => [
        `${row.did}/${row.user}/${row.destination}`,
        row.counts,
      ]),
    );
    for (const item of failures.allFailed.items) {
      const counts = numbers.get(`${item.did}/${item.user}/${item.destination}`);
      expect(counts && value(counts, "Success")).toBe(0);
      expect(counts && value(counts, "Total")).toBe(item.attempts);
    }
    const mostAttempts = Math.max(...raw.map((row) => value(row.counts, "Total")));
    expect(failures.allFailed.items[0]?.attempts).toBe(mostAttempts);
  });

  it("over a week, counts as not reached only numbers no fax got through to on any day", async () => {
    const report = await runReport(createSampleSource(), "numbers", WEEK);
    const numbers = new Map<
      string,
      { attempts: number; successes: number; days: number; senders: Set<string> }
    >();
    for (const day of eachDay(WEEK)) {
      for (const row of rawRows("number-overview", day)) {
        const number = numbers.get(row.destination) ?? {
          attempts: 0,
          successes: 0,
          days: 0,
          senders: new Set<string>(),
        };
        number.attempts += value(row.counts, "Total");
        number.successes += value(row.counts, "Success");
        number.days++;
        number.senders.add(`${row.did}/${row.user}`);
        numbers.set(row.destination, number);
      }
    }
    const dead = [...numbers.values()].filter((n) => n.successes === 0 && n.attempts > 0);
    expect(dead.some((n) => n.days > 1)).toBe(true);
    expect([...numbers.values()].some((n) => n.days > 1 && n.successes > 0)).toBe(true);
    expect(report.allFailed.count).toBe(dead.length);
    expect(report.allFailed.items).toHaveLength(10);
    for (const item of report.allFailed.items) {
      const number = numbers.get(item.destination);
      expect(number?.successes).toBe(0);
      expect(number?.attempts).toBe(item.attempts);
      expect(number?.senders.size).toBe(item.senders);
      expect(number?.senders.has(`${item.did}/${item.user}`)).toBe(true);
    }
    expect(report.allFailed.items[0]?.attempts).toBe(Math.max(...dead.map((n) => n.attempts)));
  });

  it("writes one CSV line per row, every line as wide as its header", async () => {
    const report = await runReport(createSampleSource(), "summary", WEEK, { sample: true });
    const files = csvFiles(report);
    expect(files.map((f) => f.filename)).toEqual([
      "efax-account-overview-2026-11-16_2026-11-22.csv",
      "efax-failures-2026-11-16_2026-11-22.csv",
      "efax-billable-pages-2026-11-16_2026-11-22.csv",
    ]);
    const rowCounts = [
      report.overview.rows.length,
      report.failures.rows.length,
      report.billable.rows.length,
    ];
    files.forEach((file, i) => {
      const lines = file.content.split("\r\n");
      expect(lines.at(-1)).toBe("");
      expect(lines).toHaveLength((rowCounts[i] ?? 0) + 2);
      const width = lines[0]?.split(",").length;
      expect(lines.slice(1, -1).every((line) => line.split(",").length === width)).toBe(true);
    });
  });

  it("gives the same report every time", async () => {
    const first = await runReport(createSampleSource(), "summary", WEEK);
    const second = await runReport(createSampleSource(), "summary", WEEK, { concurrency: 1 });
    expect(second).toEqual(first);
  });

  it.each([
    ["a week", WEEK],
    ["one day", { from: THURSDAY, to: THURSDAY }],
  ])(
    "without rankings over %s: the same totals, series and rows, every ranking empty",
    async (_, range) => {
      const none = { items: [], count: 0 };
      const unranked = (report: FaxReport): FaxReport => ({
        ...report,
        topDids: none,
        topUsers: none,
        topDestinations: none,
        allFailed: none,
      });
      const numbers = await runReport(createSampleSource(), "numbers", range);
      expect(numbers.topDestinations.count).toBeGreaterThan(0);
      expect(numbers.allFailed.count).toBeGreaterThan(0);
      expect(await runReport(createSampleSource(), "numbers", range, { rankings: false })).toEqual(
        unranked(numbers),
      );

      const summary = await runReport(createSampleSource(), "summary", range);
      expect(summary.billable.byDid.count).toBeGreaterThan(0);
      expect(await runReport(createSampleSource(), "summary", range, { rankings: false })).toEqual({
        ...summary,
        overview: unranked(summary.overview),
        failures: unranked(summary.failures),
        billable: { ...summary.billable, byDid: none },
      });
    },
  );
});

describe("reports through the eFax client and the local eFax server", () => {
  let server: EfaxServer;
  beforeAll(async () => {
    server = await startEfaxServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const client = () =>
    createEfaxClient({ credentials: TEST_EFAX_CREDENTIALS, baseUrl: server.url, maxAttempts: 1 });

  it("fetches each day once over HTTP and gives the same report as the sample source", async () => {
    server.requests.length = 0;
    const range = { from: "2026-11-24", to: "2026-11-26" };
    const overHttp = await runReport(client(), "failures", range, { sample: true });
    expect(server.requests.map((r) => r.path).sort()).toEqual([
      "/v1/failures/2026-11-21",
      "/v1/failures/2026-11-22",
      "/v1/failures/2026-11-23",
      "/v1/failures/2026-11-24",
      "/v1/failures/2026-11-25",
      "/v1/failures/2026-11-26",
    ]);
    expect(overHttp).toEqual(
      await runReport(createSampleSource(), "failures", range, { sample: true }),
    );
  });

  it("stops at rejected credentials: the client's error unchanged, no further request", async () => {
    server.requests.length = 0;
    server.setFault({ kind: "status", status: 401 });
    try {
      await expect(
        runReport(
          client(),
          "numbers",
          { from: "2026-11-01", to: "2026-11-14" },
          { concurrency: 2 },
        ),
      ).rejects.toThrow(CredentialsRejectedError);
      expect(server.requests).toHaveLength(2);
    } finally {
      server.setFault(null);
    }
  });
});
