import { describe, expect, it } from "vitest";
import {
  baselineOf,
  judge,
  judgeMetric,
  median,
  sameWeekdaysBefore,
  type UnusualRule,
} from "../src/reports/baseline.ts";

describe("sameWeekdaysBefore", () => {
  it("gives the same weekday of the four weeks before, nearest first, across months and years", () => {
    expect(sameWeekdaysBefore("2026-12-03")).toEqual([
      "2026-11-26",
      "2026-11-19",
      "2026-11-12",
      "2026-11-05",
    ]);
    expect(sameWeekdaysBefore("2027-01-05", 2)).toEqual(["2026-12-29", "2026-12-22"]);
    expect(sameWeekdaysBefore("2028-03-07", 1)).toEqual(["2028-02-29"]);
  });
});

describe("median", () => {
  it("is NaN for no values", () => {
    expect(median([])).toBeNaN();
  });

  it.each([
    [[4], 4],
    [[9, 1, 5], 5],
    [[10, 2, 4, 8], 6],
    [[0.9, 0.95, 0.92, 0.97], 0.935],
  ])("median(%j) = %d", (values, expected) => {
    expect(median(values)).toBeCloseTo(expected, 10);
  });
});

const FAILURES: UnusualRule = { minChange: 10, floor: 0 };
const RATE: UnusualRule = { minChange: 0.02, floor: 0, ceiling: 1 };

describe("judge: the same-weekday rule", () => {
  it.each<[string, number, number[], UnusualRule, string]>([
    ["a steady Thursday", 22, [20, 21, 19, 23], FAILURES, "normal"],
    ["twice the usual failures", 48, [20, 21, 19, 23], FAILURES, "high"],
    ["a quiet day", 2, [20, 21, 19, 23], FAILURES, "low"],
    // 3 against a usual 1 is three times as many, but under the minimum change: not news.
    ["small numbers are never news", 9, [1, 1, 0, 2], FAILURES, "normal"],
    ["just over the minimum change", 12, [1, 1, 1, 1], FAILURES, "high"],
    ["exactly the minimum change is still normal", 11, [1, 1, 1, 1], FAILURES, "normal"],
    // A jumpy history widens the band beyond the minimum change.
    ["within a wide usual spread", 90, [20, 80, 30, 70], FAILURES, "normal"],
    ["beyond a wide usual spread", 200, [20, 80, 30, 70], FAILURES, "high"],
    // One odd week does not move the median.
    ["one odd week in the history", 25, [20, 21, 400, 23], FAILURES, "normal"],
    ["three weeks are enough", 60, [20, 21, 19], FAILURES, "high"],
    ["a success rate 5 points down", 0.88, [0.93, 0.94, 0.935, 0.93], RATE, "low"],
    ["a success rate 1 point down", 0.925, [0.93, 0.94, 0.935, 0.93], RATE, "normal"],
    ["a perfect day after good ones", 1, [0.99, 0.985, 0.99, 0.99], RATE, "normal"],
  ])("%s: %d against %j is %s", (_, value, history, rule, kind) => {
    expect(judge(value, history, rule).kind).toBe(kind);
  });

  it("says nothing with fewer than three same weekdays, days without data left out", () => {
    expect(judge(500, [20, 21], FAILURES)).toEqual({ kind: "unknown", value: 500, days: 2 });
    expect(judge(500, [20, Number.NaN, 21, Number.NaN], FAILURES).kind).toBe("unknown");
    expect(judge(500, [], FAILURES).kind).toBe("unknown");
  });

  it("gives the ratio to the median, and none when the median is 0", () => {
    const verdict = judge(42, [20, 21, 19, 20], FAILURES);
    expect(verdict.kind).toBe("high");
    expect(verdict.kind !== "unknown" && verdict.ratio).toBeCloseTo(2.1, 10);
    const fromNothing = judge(30, [0, 0, 0, 0], FAILURES);
    expect(fromNothing).toMatchObject({ kind: "high", ratio: null });
  });
});

describe("baselineOf: the band charts draw", () => {
  it("is the median plus or minus the larger of 3 scaled MADs and the minimum change", () => {
    // median 20, MAD 1 → 3 × 1.4826 = 4.45 < 10, so the minimum change sets the band.
    expect(baselineOf([20, 21, 19, 23], FAILURES)).toEqual({
      median: 20.5,
      mad: 1,
      days: 4,
      low: 10.5,
      high: 30.5,
    });
    // median 50, MAD 25 → 3 × 1.4826 × 25 = 111.195.
    const wide = baselineOf([20, 80, 30, 70], FAILURES);
    expect(wide?.median).toBe(50);
    expect(wide?.high).toBeCloseTo(161.195, 6);
    expect(wide?.low).toBe(0);
  });

  it("stops at the metric's floor and ceiling", () => {
    expect(baselineOf([0.99, 0.995, 1, 0.99], RATE)?.high).toBe(1);
    expect(baselineOf([1, 2, 1, 0], FAILURES)?.low).toBe(0);
  });

  it("agrees with judge: every value inside the band is normal, every value outside is not", () => {
    const history = [31, 40, 35, 52];
    const band = baselineOf(history, FAILURES);
    if (band === null) throw new Error("expected a band");
    for (let value = 0; value <= 120; value += 0.5) {
      const inside = value >= band.low && value <= band.high;
      expect(judge(value, history, FAILURES).kind === "normal").toBe(inside);
    }
  });

  it("judgeMetric uses the app's rule for each metric", () => {
    expect(judgeMetric("failures", 9, [1, 1, 1, 1]).kind).toBe("normal");
    expect(judgeMetric("successRate", 0.85, [0.95, 0.94, 0.95, 0.96]).kind).toBe("low");
    expect(judgeMetric("pages", 400, [300, 310, 290, 305]).kind).toBe("high");
  });
});
