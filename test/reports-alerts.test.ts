import { describe, expect, it } from "vitest";
import {
  type AlertRules,
  firingAlerts,
  lineSubject,
  numberSubject,
  todayFigures,
} from "../src/reports/alerts.ts";
import type { FaxReportKind, FaxRow } from "../src/reports/model.ts";
import { summarizeFax } from "../src/reports/summarize.ts";
import { counts } from "./support/report-fixtures.ts";

const DAY = "2026-12-03";
const OFF: AlertRules = { rate: null, line: null, unreached: false };

function report(kind: FaxReportKind, rows: FaxRow[]) {
  return summarizeFax(kind, { from: DAY, to: DAY }, new Map([[DAY, rows]]), { rankings: false });
}

function row(
  did: string,
  destination: string | null,
  success: number,
  failed: number,
  reason = "Busy",
): FaxRow {
  return {
    day: DAY,
    did,
    user: "frontdesk",
    destination,
    counts: counts(success, failed > 0 ? { [reason]: failed } : {}),
  };
}

/** A day of `attempts` faxes on one line, `successes` of them through. */
function day(attempts: number, successes: number, failures: FaxRow[] = []) {
  return todayFigures(
    report("account-overview", [row("13125550178", null, successes, attempts - successes)]),
    report("failures", failures),
  );
}

describe("alert rules at their boundaries", () => {
  const rate = (percent: number, minAttempts = 20): AlertRules => ({
    ...OFF,
    rate: { percent, minAttempts },
  });

  it("success rate: fires strictly below the percent, from the minimum of attempts", () => {
    expect(firingAlerts(rate(90), day(100, 90))).toEqual([]);
    expect(firingAlerts(rate(90), day(100, 89))).toMatchObject([
      { rule: "rate", subject: "rate", attempts: 100, successes: 89 },
    ]);
    expect(firingAlerts(rate(99.5), day(1000, 995))).toEqual([]);
    expect(firingAlerts(rate(99.5), day(1000, 994))).toHaveLength(1);
    expect(firingAlerts(rate(90, 20), day(19, 0))).toEqual([]);
    expect(firingAlerts(rate(90, 20), day(20, 0))).toHaveLength(1);
    expect(firingAlerts(rate(90), day(0, 0))).toEqual([]);
    expect(firingAlerts(rate(100), day(20, 20))).toEqual([]);
    expect(firingAlerts(rate(100), day(20, 19))).toHaveLength(1);
  });

  it("fax line: fires over the number of failures, per line", () => {
    const figures = todayFigures(
      report("account-overview", [
        row("13125550178", null, 10, 40),
        row("12125550143", null, 10, 41),
        row("12125550143", null, 0, 0),
      ]),
      report("failures", []),
    );
    const firing = firingAlerts({ ...OFF, line: { failures: 40 } }, figures);
    expect(firing).toEqual([
      {
        rule: "line",
        subject: lineSubject("12125550143"),
        did: "12125550143",
        failures: 41,
        attempts: 51,
        threshold: { failures: 40 },
      },
    ]);
    expect(firingAlerts({ ...OFF, line: { failures: 39 } }, figures)).toHaveLength(2);
  });

  it("numbers not reached: one alert per number every attempt to failed, from anyone", () => {
    const figures = day(10, 5, [
      row("13125550178", "16155552919", 0, 2, "Busy"),
      row("12125550143", "16155552919", 0, 3, "No answer"),
      row("13125550178", "14045554470", 0, 1),
    ]);
    const firing = firingAlerts({ ...OFF, unreached: true }, figures);
    expect(firing).toEqual([
      {
        rule: "unreached",
        subject: numberSubject("16155552919"),
        destination: "16155552919",
        attempts: 5,
        mainReason: "No answer",
        did: "12125550143",
      },
      {
        rule: "unreached",
        subject: numberSubject("14045554470"),
        destination: "14045554470",
        attempts: 1,
        mainReason: "Busy",
        did: "13125550178",
      },
    ]);
    expect(firingAlerts(OFF, figures)).toEqual([]);
  });

  it("keeps numbers out of subjects, and two numbers two subjects even when they mask alike", () => {
    expect(numberSubject("16155552919")).not.toContain("2919");
    expect(numberSubject("16155552919")).not.toBe(numberSubject("17185552919"));
    expect(numberSubject("16155552919")).toMatch(/^unreached-[0-9a-f]{24}$/);
  });
});
