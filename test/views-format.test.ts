import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatCountChange,
  formatDay,
  formatFaxNumber,
  formatPercent,
  formatPointsChange,
  formatRange,
  formatShortDay,
} from "../src/dates/format.ts";

describe("formatDay", () => {
  it.each([
    ["2026-11-26", "Thu 26 Nov 2026"],
    ["2026-11-22", "Sun 22 Nov 2026"],
    ["2027-01-01", "Fri 1 Jan 2027"],
    ["2024-02-29", "Thu 29 Feb 2024"],
    ["2026-03-29", "Sun 29 Mar 2026"],
  ])("%s reads %s", (day, text) => {
    expect(formatDay(day)).toBe(text);
  });

  it("has a short form without the year", () => {
    expect(formatShortDay("2026-11-26")).toBe("Thu 26 Nov");
  });
});

describe("formatRange", () => {
  it.each([
    [{ from: "2026-11-26", to: "2026-11-26" }, "Thu 26 Nov 2026"],
    [{ from: "2026-11-16", to: "2026-11-22" }, "16–22 Nov 2026"],
    [{ from: "2026-11-01", to: "2026-11-30" }, "1–30 Nov 2026"],
    [{ from: "2026-11-28", to: "2026-12-04" }, "28 Nov – 4 Dec 2026"],
    [{ from: "2026-12-28", to: "2027-01-03" }, "28 Dec 2026 – 3 Jan 2027"],
    [{ from: "2026-12-31", to: "2027-01-01" }, "31 Dec 2026 – 1 Jan 2027"],
  ])("%o reads %s", (range, text) => {
    expect(formatRange(range)).toBe(text);
  });
});

describe("numbers", () => {
  it("groups thousands", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1000)).toBe("1,000");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(-12345)).toBe("-12,345");
  });

  it("shows shares with one decimal and never rounds to a false 100% or 0%", () => {
    expect(formatPercent(0.9642)).toBe("96.4%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0.99999)).toBe("99.9%");
    expect(formatPercent(0)).toBe("0.0%");
    expect(formatPercent(0.00001)).toBe("0.1%");
    expect(formatPercent(null)).toBe("—");
  });

  it("shows changes with arrows and words", () => {
    expect(formatPointsChange((0.964 - 0.952) * 100)).toBe("▲ 1.2 points");
    expect(formatPointsChange((0.948 - 0.952) * 100)).toBe("▼ 0.4 points");
    expect(formatPointsChange(0.04)).toBe("no change");
    expect(formatPointsChange(null)).toBeNull();
    expect(formatCountChange(12)).toBe("▲ 12 more");
    expect(formatCountChange(-12)).toBe("▼ 12 fewer");
    expect(formatCountChange(3999)).toBe("▲ 3,999 more");
    expect(formatCountChange(0)).toBe("no change");
  });
});

describe("formatFaxNumber", () => {
  it.each([
    ["16155552919", "+1 615-555-2919"],
    ["6155552919", "615-555-2919"],
    ["1234567890", "123-456-7890"],
  ])("writes the North American number %s as %s", (raw, text) => {
    expect(formatFaxNumber(raw)).toBe(text);
  });

  it.each([
    "26155552919",
    "+16155552919",
    "615-555-2919",
    "615555291",
    "161555529190",
    "+44 20 7946 0958",
    "<fax recipient 1>",
    "",
  ])("leaves %j as given", (raw) => {
    expect(formatFaxNumber(raw)).toBe(raw);
  });
});
