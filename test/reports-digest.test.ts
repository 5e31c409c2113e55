import { describe, expect, it } from "vitest";
import { type DayRange, eachDay } from "../src/dates/calendar.ts";
import { createSampleSource } from "../src/efax/sandbox.ts";
import {
  figuresOfPeriods,
  figuresOfSummary,
  judgeFigures,
  metricOf,
  type PeriodFigures,
  samePeriodsBefore,
} from "../src/reports/digest.ts";
import { runReport } from "../src/reports/run.ts";

const source = createSampleSource();

function figures(overrides: Partial<PeriodFigures> = {}): PeriodFigures {
  return { attempts: 1000, successes: 950, failures: 50, unreached: 4, pages: 800, ...overrides };
}

describe("the figures of a period", () => {
  it("are the same whether computed from a report of the period or from a longer one", async () => {
    const month: DayRange = { from: "2026-10-29", to: "2026-11-26" };
    const long = await runReport(source, "summary", month, { previous: false, rankings: false });
    const periods: DayRange[] = [
      ...eachDay({ from: "2026-11-20", to: "2026-11-26" }).map((day) => ({ from: day, to: day })),
      { from: "2026-11-20", to: "2026-11-26" },
      { from: "2026-10-29", to: "2026-11-26" },
    ];
    const fromLong = figuresOfPeriods(long, periods);
    for (const [i, period] of periods.entries()) {
      const own = await runReport(source, "summary", period, { previous: false });
      expect(fromLong[i]).toEqual(figuresOfSummary(own));
    }
    // A week's numbers not reached are distinct numbers, not the sum of its days.
    const week = fromLong[7];
    const daySum = fromLong.slice(0, 7).reduce((sum, f) => sum + f.unreached, 0);
    expect(week?.unreached).toBeLessThanOrEqual(daySum);
    expect(week?.attempts).toBe(fromLong.slice(0, 7).reduce((sum, f) => sum + f.attempts, 0));
  });

  it("has no success rate without attempts", () => {
    expect(metricOf(figures({ attempts: 0, successes: 0 }), "successRate")).toBeNull();
    expect(metricOf(figures(), "successRate")).toBe(0.95);
  });

  it("compares with the same period of each of the four weeks before, nearest first", () => {
    expect(samePeriodsBefore({ from: "2026-11-27", to: "2026-11-29" })).toEqual([
      { from: "2026-11-20", to: "2026-11-22" },
      { from: "2026-11-13", to: "2026-11-15" },
      { from: "2026-11-06", to: "2026-11-08" },
      { from: "2026-10-30", to: "2026-11-01" },
    ]);
  });
});

describe("judging a period against the same period of earlier weeks", () => {
  const usual = [figures(), figures({ failures: 45 }), figures({ failures: 55 }), figures()];

  it("flags failures far above the usual median, with the ratio", () => {
    const verdicts = judgeFigures(figures({ failures: 105, successes: 895 }), usual, 1);
    expect(verdicts.failures).toMatchObject({ kind: "high", value: 105 });
    expect(verdicts.failures?.kind === "high" && verdicts.failures.ratio).toBeCloseTo(2.1, 5);
    expect(verdicts.attempts?.kind).toBe("normal");
    expect(verdicts.successRate?.kind).toBe("low");
  });

  it("does not flag a small change, however unusual in relative terms", () => {
    const quiet = [1, 1, 2, 1].map((unreached) => figures({ unreached }));
    expect(judgeFigures(figures({ unreached: 4 }), quiet, 1).unreached?.kind).toBe("normal");
  });

  it("says nothing before three earlier weeks are on record", () => {
    const verdicts = judgeFigures(
      figures({ failures: 500 }),
      [figures(), null, figures(), null],
      1,
    );
    expect(verdicts.failures).toEqual({ kind: "unknown", value: 500, days: 2 });
  });

  it("asks a week to move by a week's worth of the minimum change, but not the rate", () => {
    const weeks = [350, 360, 340, 355].map((failures) => figures({ attempts: 7000, failures }));
    // 60 more failures in a week is within 7 × 10; in one day it would be flagged.
    expect(judgeFigures(figures({ attempts: 7000, failures: 410 }), weeks, 7).failures?.kind).toBe(
      "normal",
    );
    expect(judgeFigures(figures({ attempts: 7000, failures: 410 }), weeks, 1).failures?.kind).toBe(
      "high",
    );
  });

  it("leaves the success rate out of a period without attempts", () => {
    const verdicts = judgeFigures(figures({ attempts: 0, successes: 0, failures: 0 }), usual, 1);
    expect(verdicts.successRate).toBeNull();
    expect(verdicts.attempts?.kind).toBe("low");
  });
});
