import { describe, expect, it } from "vitest";
import type { Day } from "../src/dates/calendar.ts";
import type { FaxCounts, NumberOverviewBody } from "../src/efax/types.ts";
import type { FaxRow, FaxTotals } from "../src/reports/model.ts";
import { billableRows, faxRows } from "../src/reports/normalize.ts";
import {
  comparePageTotals,
  compareTotals,
  faxTotals,
  pageTotals,
  summarizeBillable,
  summarizeFax,
} from "../src/reports/summarize.ts";

function counts(success: number, total: number, reasons: Record<string, number> = {}): FaxCounts {
  return { success, total, failures: total - success, reasons };
}

const DID_1 = "5550000001";
const DID_2 = "5550000002";

/** Two days of number overview; keys deliberately out of order. */
const NOV_2: NumberOverviewBody = {
  [DID_2]: {
    bob: {
      "15550000020": counts(4, 5, { Busy: 1 }),
      "15550000010": counts(0, 3, { Busy: 2, "No answer": 1 }),
    },
  },
  [DID_1]: {
    bob: { "15550000030": counts(0, 2, { "Line cut": 2 }) },
    alice: { "15550000010": counts(1, 2, { "No dial tone": 1 }) },
  },
};
const NOV_3: NumberOverviewBody = {
  [DID_2]: { bob: { "15550000010": counts(0, 1, { "No answer": 1 }) } },
  [DID_1]: {
    carol: { "15550000040": counts(0, 2, { Busy: 1, "No answer": 1 }) },
    bob: { "15550000030": counts(1, 1) },
  },
};

function twoDays(): Map<Day, FaxRow[]> {
  return new Map([
    ["2026-11-02", faxRows("number-overview", "2026-11-02", NOV_2)],
    ["2026-11-03", faxRows("number-overview", "2026-11-03", NOV_3)],
  ]);
}

const ZERO: FaxTotals = { attempts: 0, successes: 0, failures: 0, successRate: null, byReason: [] };

describe("faxTotals", () => {
  it("sums attempts, successes and failures, and lists non-zero reasons most first then by name", () => {
    const rows = faxRows("number-overview", "2026-11-02", NOV_2);
    expect(faxTotals(rows)).toEqual({
      attempts: 12,
      successes: 5,
      failures: 7,
      successRate: 5 / 12,
      byReason: [
        { reason: "Busy", count: 3 },
        { reason: "Line cut", count: 2 },
        { reason: "No answer", count: 1 },
        { reason: "No dial tone", count: 1 },
      ],
    });
  });

  it("has no success rate without attempts, and drops reasons that sum to zero", () => {
    expect(faxTotals([])).toEqual(ZERO);
    const rows = faxRows("account-overview", "2026-11-02", {
      [DID_1]: { ann: counts(0, 0, { Busy: 0, "No answer": 0 }) },
    });
    expect(faxTotals(rows)).toEqual(ZERO);
  });
});

describe("summarizeFax", () => {
  const range = { from: "2026-11-01", to: "2026-11-04" };

  it("totals the whole range and keeps a series entry for every day, empty ones included", () => {
    const report = summarizeFax("number-overview", range, twoDays());
    expect(report.kind).toBe("number-overview");
    expect(report.range).toEqual(range);
    expect(report.sample).toBe(false);
    expect(report.previous).toBeNull();
    expect(report.totals).toEqual({
      attempts: 16,
      successes: 6,
      failures: 10,
      successRate: 0.375,
      byReason: [
        { reason: "Busy", count: 4 },
        { reason: "No answer", count: 3 },
        { reason: "Line cut", count: 2 },
        { reason: "No dial tone", count: 1 },
      ],
    });
    expect(report.series.map((entry) => entry.day)).toEqual([
      "2026-11-01",
      "2026-11-02",
      "2026-11-03",
      "2026-11-04",
    ]);
    expect(report.series[0]?.totals).toEqual(ZERO);
    expect(report.series[2]?.totals).toEqual({
      attempts: 4,
      successes: 1,
      failures: 3,
      successRate: 0.25,
      byReason: [
        { reason: "No answer", count: 2 },
        { reason: "Busy", count: 1 },
      ],
    });
    expect(report.series[3]?.totals).toEqual(ZERO);
  });

  it("ranks DIDs, usernames across DIDs, and destinations by failures, ties by key", () => {
    const report = summarizeFax("number-overview", range, twoDays());
    expect(report.topDids).toEqual({
      items: [
        { key: DID_1, attempts: 7, failures: 5 },
        { key: DID_2, attempts: 9, failures: 5 },
      ],
      count: 2,
    });
    expect(report.topUsers).toEqual({
      items: [
        { key: "bob", attempts: 12, failures: 7 },
        { key: "carol", attempts: 2, failures: 2 },
        { key: "alice", attempts: 2, failures: 1 },
      ],
      count: 3,
    });
    expect(report.topDestinations).toEqual({
      items: [
        { key: "15550000010", attempts: 6, failures: 5 },
        { key: "15550000030", attempts: 3, failures: 2 },
        { key: "15550000040", attempts: 2, failures: 2 },
        { key: "15550000020", attempts: 5, failures: 1 },
      ],
      count: 4,
    });
  });

  it("lists numbers no fax got through to over the whole range, from any line or user", () => {
    // 15550000010 failed for bob but got through for alice; 15550000030 got through on Nov 3.
    const report = summarizeFax("number-overview", range, twoDays());
    expect(report.allFailed).toEqual({
      items: [
        {
          destination: "15550000040",
          attempts: 2,
          mainReason: "Busy",
          did: DID_1,
          user: "carol",
          senders: 1,
        },
      ],
      count: 1,
    });
  });

  it("on a single day, lists the numbers whose every attempt that day failed", () => {
    const day = "2026-11-02";
    const report = summarizeFax(
      "number-overview",
      { from: day, to: day },
      new Map([[day, faxRows("number-overview", day, NOV_2)]]),
    );
    expect(report.allFailed).toEqual({
      items: [
        {
          destination: "15550000030",
          attempts: 2,
          mainReason: "Line cut",
          did: DID_1,
          user: "bob",
          senders: 1,
        },
      ],
      count: 1,
    });
  });

  it("counts a number several people failed to reach once, naming who tried most", () => {
    const day = "2026-11-02";
    const rows = faxRows("failures", day, {
      [DID_1]: {
        ann: { "15550000001": counts(0, 2, { Busy: 2 }) },
        ben: { "15550000001": counts(0, 1, { "No answer": 1 }) },
      },
      [DID_2]: {
        ben: { "15550000001": counts(0, 3, { "No answer": 3 }), "15550000002": counts(0, 3) },
      },
    });
    const report = summarizeFax("failures", { from: day, to: day }, new Map([[day, rows]]));
    expect(report.allFailed).toEqual({
      items: [
        {
          destination: "15550000001",
          attempts: 6,
          mainReason: "No answer",
          did: DID_2,
          user: "ben",
          senders: 3,
        },
        {
          destination: "15550000002",
          attempts: 3,
          mainReason: null,
          did: DID_2,
          user: "ben",
          senders: 1,
        },
      ],
      count: 2,
    });
  });

  it("names the first sender by DID, then user, when several tried a number equally often", () => {
    const day = "2026-11-02";
    const rows = faxRows("failures", day, {
      [DID_2]: { amy: { "15550000001": counts(0, 2) } },
      [DID_1]: { zed: { "15550000001": counts(0, 2) }, bea: { "15550000001": counts(0, 2) } },
    });
    const report = summarizeFax("failures", { from: day, to: day }, new Map([[day, rows]]));
    expect(report.allFailed.items[0]).toMatchObject({ did: DID_1, user: "bea", senders: 3 });
  });

  it("caps every ranking at topLimit but counts every entry with a failure", () => {
    const report = summarizeFax("number-overview", range, twoDays(), { topLimit: 1 });
    expect(report.topDids).toEqual({ items: [{ key: DID_1, attempts: 7, failures: 5 }], count: 2 });
    expect(report.topUsers.items.map((item) => item.key)).toEqual(["bob"]);
    expect(report.topUsers.count).toBe(3);
    expect(report.topDestinations.items.map((item) => item.key)).toEqual(["15550000010"]);
    expect(report.topDestinations.count).toBe(4);
    expect(report.allFailed.items.map((item) => item.destination)).toEqual(["15550000040"]);
    expect(report.allFailed.count).toBe(1);
  });

  it("with a top limit of 0 lists no entries but still counts them", () => {
    const report = summarizeFax("number-overview", range, twoDays(), { topLimit: 0 });
    expect(report.topDids).toEqual({ items: [], count: 2 });
    expect(report.allFailed).toEqual({ items: [], count: 1 });
  });

  it("lists every row in day, DID, user, destination order whatever order it was given in", () => {
    const byDay = twoDays();
    const reversed = new Map([...byDay].map(([day, rows]) => [day, [...rows].reverse()]));
    for (const input of [byDay, reversed]) {
      const report = summarizeFax("number-overview", range, input);
      expect(report.rows.map((row) => [row.day, row.did, row.user, row.destination])).toEqual([
        ["2026-11-02", DID_1, "alice", "15550000010"],
        ["2026-11-02", DID_1, "bob", "15550000030"],
        ["2026-11-02", DID_2, "bob", "15550000010"],
        ["2026-11-02", DID_2, "bob", "15550000020"],
        ["2026-11-03", DID_1, "bob", "15550000030"],
        ["2026-11-03", DID_1, "carol", "15550000040"],
        ["2026-11-03", DID_2, "bob", "15550000010"],
      ]);
    }
  });

  it("ignores days outside the range", () => {
    const report = summarizeFax(
      "number-overview",
      { from: "2026-11-03", to: "2026-11-03" },
      twoDays(),
    );
    expect(report.totals.attempts).toBe(4);
    expect(report.rows).toHaveLength(3);
  });

  it("has an empty report for a range without any data", () => {
    const report = summarizeFax("failures", { from: "2026-11-01", to: "2026-11-02" }, new Map());
    expect(report.totals).toEqual(ZERO);
    expect(report.series).toEqual([
      { day: "2026-11-01", totals: ZERO },
      { day: "2026-11-02", totals: ZERO },
    ]);
    expect(report.topDids).toEqual({ items: [], count: 0 });
    expect(report.allFailed).toEqual({ items: [], count: 0 });
    expect(report.rows).toEqual([]);
  });

  it("gives the account overview no destination rankings", () => {
    const day = "2026-11-02";
    const rows = faxRows("account-overview", day, {
      [DID_1]: { ann: counts(0, 4, { Busy: 4 }), ben: counts(2, 3, { "No answer": 1 }) },
    });
    const report = summarizeFax(
      "account-overview",
      { from: day, to: day },
      new Map([[day, rows]]),
      {
        sample: true,
        previous: ZERO,
      },
    );
    expect(report.sample).toBe(true);
    expect(report.previous).toEqual(ZERO);
    expect(report.topUsers.items).toEqual([
      { key: "ann", attempts: 4, failures: 4 },
      { key: "ben", attempts: 3, failures: 1 },
    ]);
    expect(report.topDestinations).toEqual({ items: [], count: 0 });
    expect(report.allFailed).toEqual({ items: [], count: 0 });
  });

  it("takes the most frequent reason of a number not reached, ties by name, none when absent", () => {
    const day = "2026-11-02";
    const rows = faxRows("failures", day, {
      [DID_1]: {
        ann: {
          "15550000001": counts(0, 4, { "No answer": 2, Busy: 2 }),
          "15550000002": counts(0, 1),
        },
      },
    });
    const report = summarizeFax("failures", { from: day, to: day }, new Map([[day, rows]]));
    expect(report.allFailed.items.map((item) => item.mainReason)).toEqual(["Busy", null]);
  });
});

describe("pageTotals and summarizeBillable", () => {
  const nov2 = billableRows("2026-11-02", {
    [DID_2]: { outbound: { STANDARD: 10, FINE: 2 }, inbound: 5 },
    [DID_1]: { outbound: { STANDARD: 3 }, inbound: 4 },
  });
  const nov3 = billableRows("2026-11-03", {
    "5550000003": { outbound: {}, inbound: 0 },
    [DID_1]: { outbound: { SUPERFINE: 2, STANDARD: 1 }, inbound: 0 },
  });

  it("always lists STANDARD and FINE, then other resolutions by name", () => {
    expect(pageTotals([])).toEqual({
      outbound: { STANDARD: 0, FINE: 0 },
      outboundTotal: 0,
      inbound: 0,
      total: 0,
    });
    const totals = pageTotals([...nov2, ...nov3]);
    expect(Object.entries(totals.outbound)).toEqual([
      ["STANDARD", 14],
      ["FINE", 2],
      ["SUPERFINE", 2],
    ]);
    expect(totals).toMatchObject({ outboundTotal: 18, inbound: 9, total: 27 });
  });

  it("totals a range, with a per-day series and DIDs ranked by pages", () => {
    const report = summarizeBillable(
      { from: "2026-11-02", to: "2026-11-04" },
      new Map([
        ["2026-11-02", nov2],
        ["2026-11-03", nov3],
      ]),
    );
    expect(report.kind).toBe("billable-pages");
    expect(report.totals.total).toBe(27);
    expect(report.series).toEqual([
      {
        day: "2026-11-02",
        totals: { outbound: { STANDARD: 13, FINE: 2 }, outboundTotal: 15, inbound: 9, total: 24 },
      },
      {
        day: "2026-11-03",
        totals: {
          outbound: { STANDARD: 1, FINE: 0, SUPERFINE: 2 },
          outboundTotal: 3,
          inbound: 0,
          total: 3,
        },
      },
      {
        day: "2026-11-04",
        totals: { outbound: { STANDARD: 0, FINE: 0 }, outboundTotal: 0, inbound: 0, total: 0 },
      },
    ]);
    expect(report.byDid).toEqual({
      items: [
        {
          did: DID_2,
          totals: { outbound: { STANDARD: 10, FINE: 2 }, outboundTotal: 12, inbound: 5, total: 17 },
        },
        {
          did: DID_1,
          totals: {
            outbound: { STANDARD: 4, FINE: 0, SUPERFINE: 2 },
            outboundTotal: 6,
            inbound: 4,
            total: 10,
          },
        },
      ],
      count: 2,
    });
    expect(report.rows.map((row) => [row.day, row.did])).toEqual([
      ["2026-11-02", DID_1],
      ["2026-11-02", DID_2],
      ["2026-11-03", DID_1],
      ["2026-11-03", "5550000003"],
    ]);
  });

  it("breaks ties between DIDs with as many pages by DID", () => {
    const day = "2026-11-02";
    const rows = billableRows(day, {
      "5550000009": { outbound: { STANDARD: 2 }, inbound: 0 },
      "5550000008": { outbound: {}, inbound: 2 },
    });
    const report = summarizeBillable({ from: day, to: day }, new Map([[day, rows]]), {
      topLimit: 1,
    });
    expect(report.byDid.items.map((item) => item.did)).toEqual(["5550000008"]);
    expect(report.byDid.count).toBe(2);
  });
});

describe("compareTotals and comparePageTotals", () => {
  const current: FaxTotals = {
    attempts: 16,
    successes: 6,
    failures: 10,
    successRate: 0.375,
    byReason: [],
  };

  it("gives the change against the previous period, the success rate in points", () => {
    const previous: FaxTotals = {
      attempts: 20,
      successes: 10,
      failures: 10,
      successRate: 0.5,
      byReason: [],
    };
    expect(compareTotals(current, previous)).toEqual({
      attempts: -4,
      failures: 0,
      successRatePoints: -12.5,
    });
  });

  it("has no rate change when either period had no attempts, and nothing without a previous period", () => {
    expect(compareTotals(current, ZERO)).toEqual({
      attempts: 16,
      failures: 10,
      successRatePoints: null,
    });
    expect(compareTotals(current, null)).toBeNull();
  });

  it("compares pages", () => {
    const now = { outbound: { STANDARD: 10, FINE: 5 }, outboundTotal: 15, inbound: 3, total: 18 };
    const before = { outbound: { STANDARD: 4, FINE: 0 }, outboundTotal: 4, inbound: 7, total: 11 };
    expect(comparePageTotals(now, before)).toEqual({ outboundTotal: 11, inbound: -4, total: 7 });
    expect(comparePageTotals(now, null)).toBeNull();
  });
});
