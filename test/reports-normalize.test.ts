import { describe, expect, it } from "vitest";
import type {
  AccountOverviewBody,
  BillablePagesBody,
  FaxCounts,
  NumberOverviewBody,
} from "../src/efax/types.ts";
import { billableRows, faxRows } from "../src/reports/normalize.ts";

function counts(success: number, total: number, reasons: Record<string, number> = {}): FaxCounts {
  return { success, total, failures: total - success, reasons };
}

describe("faxRows", () => {
  it("lists the account overview by DID then user, as plain text, with no destination", () => {
    const body: AccountOverviewBody = {
      "9": { bob: counts(1, 1) },
      "5551234567": { bob: counts(2, 2), alice: counts(0, 1, { Busy: 1 }), Alice: counts(3, 3) },
      "12345678": { zoe: counts(4, 5, { "No answer": 1 }) },
      "10": { amy: counts(1, 2, { "No dial tone": 1 }) },
    };
    const rows = faxRows("account-overview", "2026-11-26", body);
    expect(rows.map((row) => [row.did, row.user, row.destination])).toEqual([
      ["10", "amy", null],
      ["12345678", "zoe", null],
      ["5551234567", "Alice", null],
      ["5551234567", "alice", null],
      ["5551234567", "bob", null],
      ["9", "bob", null],
    ]);
    expect(rows.every((row) => row.day === "2026-11-26")).toBe(true);
  });

  it("shares the counts objects of the body rather than copying them", () => {
    const leaf = counts(1, 3, { Busy: 2 });
    const body: NumberOverviewBody = { "5550000001": { ann: { "15550000001": leaf } } };
    const [row] = faxRows("number-overview", "2026-11-26", body);
    expect(row?.counts).toBe(leaf);
  });

  it("lists destination reports by DID, user, then destination number", () => {
    const body: NumberOverviewBody = {
      "5550000002": {
        bob: { "15550000020": counts(4, 5), "15550000010": counts(0, 3) },
      },
      "5550000001": {
        carol: { "15550000040": counts(0, 2) },
        bob: { "25550000030": counts(0, 2), "15550000030": counts(1, 2) },
      },
    };
    const rows = faxRows("failures", "2026-11-02", body);
    expect(rows.map((row) => [row.did, row.user, row.destination])).toEqual([
      ["5550000001", "bob", "15550000030"],
      ["5550000001", "bob", "25550000030"],
      ["5550000001", "carol", "15550000040"],
      ["5550000002", "bob", "15550000010"],
      ["5550000002", "bob", "15550000020"],
    ]);
  });

  it("gives no rows for an empty day, or for a DID or user without entries", () => {
    expect(faxRows("number-overview", "2026-11-26", {})).toEqual([]);
    expect(faxRows("number-overview", "2026-11-26", { "5550000001": {} })).toEqual([]);
    expect(faxRows("failures", "2026-11-26", { "5550000001": { ann: {} } })).toEqual([]);
    expect(faxRows("account-overview", "2026-11-26", { "5550000001": {} })).toEqual([]);
  });
});

describe("billableRows", () => {
  it("lists one row per DID in text order with its outbound pages and inbound pages", () => {
    const body: BillablePagesBody = {
      "5550000002": { outbound: { STANDARD: 43 }, inbound: 1315 },
      "10": { outbound: {}, inbound: 2 },
      "5550000001": { outbound: { STANDARD: 78, FINE: 24 }, inbound: 116 },
    };
    expect(billableRows("2026-11-26", body)).toEqual([
      { day: "2026-11-26", did: "10", outbound: {}, inbound: 2 },
      { day: "2026-11-26", did: "5550000001", outbound: { STANDARD: 78, FINE: 24 }, inbound: 116 },
      { day: "2026-11-26", did: "5550000002", outbound: { STANDARD: 43 }, inbound: 1315 },
    ]);
  });
});
