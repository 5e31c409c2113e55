import { afterEach, describe, expect, it, vi } from "vitest";
import { addDays, eachDay, weekday } from "../src/dates/calendar.ts";
import { AbortedError, InvalidDayError } from "../src/efax/errors.ts";
import { parseReport } from "../src/efax/parse.ts";
import {
  createSampleSource,
  sampleUpstreamBody,
  type UpstreamCounts,
} from "../src/efax/sandbox.ts";
import { KNOWN_FAILURE_REASONS } from "../src/efax/types.ts";

/** Monday to Sunday, a month end, a leap day, a new year's day. */
const DAYS = [
  "2026-11-23",
  "2026-11-24",
  "2026-11-25",
  "2026-11-26",
  "2026-11-27",
  "2026-11-28",
  "2026-11-29",
  "2028-02-29",
  "2027-01-01",
];

const SUM_KEYS = new Set(["Success", "Total", "Failures"]);

interface Row {
  did: string;
  user: string;
  destination: string;
  counts: UpstreamCounts;
}

function rowsOf(body: Record<string, Record<string, Record<string, UpstreamCounts>>>): Row[] {
  return Object.entries(body).flatMap(([did, users]) =>
    Object.entries(users).flatMap(([user, destinations]) =>
      Object.entries(destinations).map(([destination, counts]) => ({
        did,
        user,
        destination,
        counts,
      })),
    ),
  );
}

function failuresOf(counts: UpstreamCounts): number {
  return Object.entries(counts).reduce((sum, [key, n]) => (SUM_KEYS.has(key) ? sum : sum + n), 0);
}

function dayTotals(day: string) {
  const overview = sampleUpstreamBody("account-overview", day);
  let success = 0;
  let total = 0;
  const reasons = new Map<string, number>();
  for (const users of Object.values(overview)) {
    for (const counts of Object.values(users)) {
      success += counts.Success ?? 0;
      total += counts.Total ?? 0;
      for (const reason of KNOWN_FAILURE_REASONS) {
        reasons.set(reason, (reasons.get(reason) ?? 0) + (counts[reason] ?? 0));
      }
    }
  }
  return { success, total, rate: success / total, reasons };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("sample data is deterministic", () => {
  it("the same day gives the same bytes, without Math.random", () => {
    const random = vi.spyOn(Math, "random");
    for (const kind of [
      "account-overview",
      "number-overview",
      "failures",
      "billable-pages",
    ] as const) {
      const first = JSON.stringify(sampleUpstreamBody(kind, "2026-11-26"));
      const again = JSON.stringify(sampleUpstreamBody(kind, "2026-11-26"));
      expect(again).toBe(first);
      expect(JSON.stringify(sampleUpstreamBody(kind, "2026-11-25"))).not.toBe(first);
    }
    expect(random).not.toHaveBeenCalled();
  });

  it("callers get their own objects", () => {
    const billable = sampleUpstreamBody("billable-pages", "2026-11-26");
    const first = Object.keys(billable)[0] ?? "";
    const entry = billable[first];
    if (entry) entry.inbound = -1;
    expect(sampleUpstreamBody("billable-pages", "2026-11-26")[first]?.inbound).toBeGreaterThan(0);
  });
});

describe.each(DAYS)("the four reports of %s agree", (day) => {
  const overview = sampleUpstreamBody("account-overview", day);
  const numbers = rowsOf(sampleUpstreamBody("number-overview", day));
  const failures = rowsOf(sampleUpstreamBody("failures", day));
  const billable = sampleUpstreamBody("billable-pages", day);

  it("every number-overview row had at least one failure and adds up", () => {
    for (const { counts } of numbers) {
      expect(counts.Failures).toBeGreaterThan(0);
      expect(counts.Failures).toBe(failuresOf(counts));
      expect(counts.Total).toBe((counts.Success ?? 0) + (counts.Failures ?? 0));
    }
    const keys = numbers.map((r) => `${r.did}/${r.user}/${r.destination}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const { destination } of numbers) expect(destination).toMatch(/^1[2-9]\d\d555\d{4}$/);
  });

  it("account overview failures, per reason, are the sums of the number rows; successes include destinations that never failed", () => {
    for (const [did, users] of Object.entries(overview)) {
      for (const [user, counts] of Object.entries(users)) {
        const mine = numbers.filter((r) => r.did === did && r.user === user);
        for (const reason of KNOWN_FAILURE_REASONS) {
          expect(counts[reason]).toBe(mine.reduce((sum, r) => sum + (r.counts[reason] ?? 0), 0));
        }
        expect(counts.Failures).toBe(mine.reduce((sum, r) => sum + (r.counts.Failures ?? 0), 0));
        expect(counts.Total).toBe((counts.Success ?? 0) + (counts.Failures ?? 0));
        expect(counts.Success).toBeGreaterThanOrEqual(
          mine.reduce((sum, r) => sum + (r.counts.Success ?? 0), 0),
        );
      }
    }
    for (const row of numbers) expect(overview[row.did]?.[row.user]).toBeDefined();
  });

  it("failures holds exactly the number rows with no success, without a Failures key", () => {
    const dead = numbers.filter((r) => r.counts.Success === 0);
    expect(failures.map((r) => [r.did, r.user, r.destination])).toEqual(
      dead.map((r) => [r.did, r.user, r.destination]),
    );
    failures.forEach((row, i) => {
      expect(row.counts.Failures).toBeUndefined();
      const { Failures: _, ...withoutFailures } = dead[i]?.counts ?? {};
      expect(row.counts).toEqual(withoutFailures);
    });
  });

  it("billable pages follow each DID's successful faxes", () => {
    expect(Object.keys(billable).sort()).toEqual(Object.keys(overview).sort());
    for (const [did, entry] of Object.entries(billable)) {
      const sent = Object.values(overview[did] ?? {}).reduce((sum, c) => sum + (c.Success ?? 0), 0);
      const pages = Object.values(entry.outbound).reduce((sum, n) => sum + n, 0);
      expect(pages).toBeGreaterThanOrEqual(sent);
      expect(pages).toBeLessThanOrEqual(3 * sent + 1);
      for (const [resolution, n] of Object.entries(entry.outbound)) {
        expect(["STANDARD", "FINE"]).toContain(resolution);
        expect(n).toBeGreaterThan(0);
      }
      expect(entry.inbound).toBeGreaterThan(0);
    }
  });

  it("parses through the client's path", () => {
    for (const kind of [
      "account-overview",
      "number-overview",
      "failures",
      "billable-pages",
    ] as const) {
      const text = JSON.stringify(JSON.stringify(sampleUpstreamBody(kind, day)));
      expect(() => parseReport(kind, text, { day })).not.toThrow();
    }
  });
});

describe("sample data looks like a real clinic network", () => {
  const november = eachDay({ from: "2026-11-01", to: "2026-11-28" });

  it("four fax-like DIDs, eight plausible users", () => {
    const overview = sampleUpstreamBody("account-overview", "2026-11-24");
    const dids = Object.keys(overview);
    expect(dids).toHaveLength(4);
    for (const did of dids) expect(did).toMatch(/^1\d{10}$/);
    const users = new Set(Object.values(overview).flatMap((u) => Object.keys(u)));
    expect(users.size).toBe(8);
    for (const user of ["frontdesk", "lab.results", "billing", "dr.okafor"]) {
      expect(users).toContain(user);
    }
  });

  it("hundreds of failing destinations on weekdays, far fewer at weekends", () => {
    const rows = (day: string) => rowsOf(sampleUpstreamBody("number-overview", day)).length;
    const weekdays = november.filter((d) => weekday(d) !== 0 && weekday(d) !== 6).map(rows);
    const weekends = november.filter((d) => weekday(d) === 0 || weekday(d) === 6).map(rows);
    for (const n of weekdays) {
      expect(n).toBeGreaterThanOrEqual(200);
      expect(n).toBeLessThanOrEqual(800);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(weekends)).toBeLessThan(mean(weekdays) / 4);
    expect(mean(weekends)).toBeGreaterThan(10);
  });

  it("92–97 % success on ordinary days, and the occasional bad day", () => {
    const rates = eachDay({ from: "2026-09-01", to: "2026-11-30" }).map(
      (day) => dayTotals(day).rate,
    );
    const ordinary = rates.filter((rate) => rate >= 0.9);
    const bad = rates.filter((rate) => rate < 0.9);
    expect(ordinary.length).toBeGreaterThan(rates.length * 0.85);
    for (const rate of ordinary) {
      expect(rate).toBeGreaterThanOrEqual(0.91);
      expect(rate).toBeLessThanOrEqual(0.98);
    }
    expect(bad.length).toBeGreaterThanOrEqual(1);
    for (const rate of bad) expect(rate).toBeGreaterThan(0.7);
  });

  it("all six failure reasons occur; Busy and No answer are the most common", () => {
    const week = eachDay({ from: "2026-11-16", to: addDays("2026-11-16", 6) });
    const reasons = new Map<string, number>();
    for (const day of week) {
      for (const [reason, n] of dayTotals(day).reasons)
        reasons.set(reason, (reasons.get(reason) ?? 0) + n);
    }
    const ranked = [...reasons].sort((a, b) => b[1] - a[1]);
    expect(
      ranked
        .map(([reason]) => reason)
        .slice(0, 2)
        .sort(),
    ).toEqual(["Busy", "No answer"]);
    for (const [, n] of ranked) expect(n).toBeGreaterThan(0);
    expect(ranked).toHaveLength(6);
  });

  it("regular correspondents come back on other days", () => {
    const destinations = (day: string) =>
      new Set(rowsOf(sampleUpstreamBody("number-overview", day)).map((r) => r.destination));
    const monday = destinations("2026-11-23");
    const tuesday = destinations("2026-11-24");
    const shared = [...monday].filter((d) => tuesday.has(d));
    expect(shared.length).toBeGreaterThan(10);
  });
});

describe("big days for tests and benchmarks", () => {
  it("destinationsPerDay gives exactly that many distinct number-overview rows", () => {
    const body = sampleUpstreamBody("number-overview", "2026-11-28", {
      destinationsPerDay: 100_000,
    });
    expect(rowsOf(body)).toHaveLength(100_000);
  });

  it("an empty day is possible", () => {
    expect(sampleUpstreamBody("number-overview", "2026-11-24", { destinationsPerDay: 0 })).toEqual(
      {},
    );
  });

  it.each([-1, 1.5, 10_000_000])("refuses destinationsPerDay %d", (destinationsPerDay) => {
    expect(() => sampleUpstreamBody("failures", "2026-11-24", { destinationsPerDay })).toThrow(
      RangeError,
    );
  });
});

describe("createSampleSource", () => {
  it("serves parsed reports equal to parsing the upstream body", async () => {
    const source = createSampleSource();
    const body = await source.fetchReport("number-overview", "2026-11-24");
    const expected = parseReport(
      "number-overview",
      JSON.stringify(sampleUpstreamBody("number-overview", "2026-11-24")),
    );
    expect(body).toEqual(expected);
  });

  it("passes destinationsPerDay through", async () => {
    const source = createSampleSource({ destinationsPerDay: 1_000 });
    const body = await source.fetchReport("number-overview", "2026-11-24");
    const rows = Object.values(body).flatMap((users) =>
      Object.values(users).flatMap((d) => Object.keys(d)),
    );
    expect(rows).toHaveLength(1_000);
  });

  it("refuses an impossible day and honours an aborted signal, like the client", async () => {
    const source = createSampleSource();
    await expect(source.fetchReport("failures", "2026-02-30")).rejects.toBeInstanceOf(
      InvalidDayError,
    );
    await expect(
      source.fetchReport("failures", "2026-11-24", { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortedError);
  });
});
