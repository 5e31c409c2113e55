import { describe, expect, it } from "vitest";
import {
  decodeReportRef,
  encodeReportRef,
  MAX_REF_LENGTH,
  nextRef,
  previousRef,
  type ReportRef,
  shiftRef,
} from "../src/views/report-ref.ts";

const day: ReportRef = { name: "failures", from: "2026-11-26", to: "2026-11-26", sample: false };
const week: ReportRef = { name: "summary", from: "2026-11-16", to: "2026-11-22", sample: true };

describe("encodeReportRef / decodeReportRef", () => {
  it.each([day, week, { ...day, name: "billable" as const, from: "2026-11-01", to: "2026-12-01" }])(
    "round-trips %o",
    (ref) => {
      const value = encodeReportRef(ref);
      expect(value.length).toBeLessThanOrEqual(MAX_REF_LENGTH);
      expect(decodeReportRef(value)).toEqual(ref);
    },
  );

  it("is compact", () => {
    expect(encodeReportRef(day)).toBe("r1|failures|2026-11-26|2026-11-26|live");
  });

  it.each([
    ["not a string", 42],
    ["null", null],
    ["an object", { name: "failures" }],
    ["empty", ""],
    ["unknown version", "r2|failures|2026-11-26|2026-11-26|live"],
    ["unknown report", "r1|passwords|2026-11-26|2026-11-26|live"],
    ["a synonym instead of the name", "r1|failed|2026-11-26|2026-11-26|live"],
    ["an impossible day", "r1|failures|2026-02-30|2026-02-30|live"],
    ["a day in another form", "r1|failures|26/11/2026|2026-11-26|live"],
    ["reversed days", "r1|failures|2026-11-27|2026-11-26|live"],
    ["32 days", "r1|failures|2026-11-01|2026-12-02|live"],
    ["an unknown source", "r1|failures|2026-11-26|2026-11-26|prod"],
    ["an extra part", "r1|failures|2026-11-26|2026-11-26|live|x"],
    ["a missing part", "r1|failures|2026-11-26|2026-11-26"],
    ["oversized", `r1|failures|2026-11-26|2026-11-26|live${" ".repeat(3000)}`],
    ["padding around a part", "r1| failures|2026-11-26|2026-11-26|live"],
  ])("rejects %s", (_label, value) => {
    expect(decodeReportRef(value)).toBeNull();
  });

  it("accepts exactly 31 days", () => {
    expect(decodeReportRef("r1|overview|2026-11-01|2026-12-01|live")).not.toBeNull();
  });
});

describe("moving a ref", () => {
  it("shifts by days across months and years", () => {
    expect(shiftRef({ ...day, from: "2026-12-31", to: "2026-12-31" }, 1)).toMatchObject({
      from: "2027-01-01",
      to: "2027-01-01",
    });
  });

  it("goes to the previous day or period of the same length", () => {
    expect(previousRef(day)).toMatchObject({ from: "2026-11-25", to: "2026-11-25" });
    expect(previousRef(week)).toMatchObject({ from: "2026-11-09", to: "2026-11-15", sample: true });
  });

  it("offers no next day that would reach the future", () => {
    expect(nextRef(day, "2026-11-27")).toMatchObject({ from: "2026-11-27", to: "2026-11-27" });
    expect(nextRef(day, "2026-11-26")).toBeNull();
    expect(nextRef(week, "2026-11-28")).toBeNull();
    expect(nextRef(week, "2026-11-29")).toMatchObject({ from: "2026-11-23", to: "2026-11-29" });
  });
});
