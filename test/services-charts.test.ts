/**
 * Which chart a report gets (`services/charts.ts`): ranges are judged against the four weeks before
 * them, fetched as one more report; a single day against the same weekday of those weeks, drawn
 * for Slack only when it is unusual; a failed history fetch still gives the range its chart.
 */
import { RespondError } from "@slack/bolt";
import { describe, expect, it, vi } from "vitest";
import { type Day, type DayRange, eachDay } from "../src/dates/calendar.ts";
import type { ReportName } from "../src/reports/catalog.ts";
import type { AnyReport, FaxRow } from "../src/reports/model.ts";
import { isImageRefused, QueueFullError, TurnQueue } from "../src/services/chart-images.ts";
import { chartForReport } from "../src/services/charts.ts";
import { counts, reportSet } from "./support/report-fixtures.ts";

/** An account overview over `range` with `failures(day)` failed faxes each day. */
function overview(range: DayRange, failures: (day: Day) => number): AnyReport {
  const rows: FaxRow[] = eachDay(range).map((day) => ({
    day,
    did: "1",
    user: "a",
    destination: null,
    counts: counts(100, { Busy: failures(day) }),
  }));
  return reportSet(range, rows, []).overview;
}

function historyOf(failures: (day: Day) => number) {
  const asked: [ReportName, DayRange][] = [];
  const fetch = async (name: ReportName, range: DayRange) => {
    asked.push([name, range]);
    return overview(range, failures);
  };
  return { asked, fetch };
}

const usual = () => 40;
const THURSDAY = "2026-12-03";

describe("a single day", () => {
  it("gets no chart in Slack when it is normal for its weekday, and one when asked for", async () => {
    const report = overview({ from: THURSDAY, to: THURSDAY }, () => 42);
    const { asked, fetch } = historyOf(usual);
    const slack = await chartForReport(report, fetch, { singleDay: "when-unusual" });
    expect(slack.chart).toBeNull();
    expect(asked.map(([, r]) => r.from)).toEqual([
      "2026-11-26",
      "2026-11-19",
      "2026-11-12",
      "2026-11-05",
    ]);
    const cli = await chartForReport(report, fetch, { singleDay: "always" });
    expect(cli.chart?.kind).toBe("weekday");
    expect(cli.chart?.altText).toContain("42, within the normal range");
  });

  it("gets its comparison when it is unusual", async () => {
    const report = overview({ from: THURSDAY, to: THURSDAY }, () => 140);
    const { fetch } = historyOf(usual);
    const { chart } = await chartForReport(report, fetch, { singleDay: "when-unusual" });
    expect(chart?.kind).toBe("weekday");
    expect(chart?.altText).toMatch(/^Failures on Thu 3 Dec 2026: 140, unusually high: 3\.5 times/);
  });

  it("gets none when the weeks before cannot be fetched", async () => {
    const report = overview({ from: THURSDAY, to: THURSDAY }, () => 140);
    const failure = new Error("eFax is down");
    const outcome = await chartForReport(
      report,
      async () => {
        throw failure;
      },
      { singleDay: "when-unusual" },
    );
    expect(outcome).toEqual({ chart: null, historyError: failure });
  });
});

describe("a range", () => {
  const week = { from: "2026-12-01", to: "2026-12-07" };

  it("is judged against the four weeks before it, fetched at once", async () => {
    const report = overview(week, (day) => (day === THURSDAY ? 140 : 40));
    const { asked, fetch } = historyOf(usual);
    const { chart, historyError } = await chartForReport(report, fetch, {
      singleDay: "when-unusual",
    });
    expect(historyError).toBeNull();
    expect(asked).toEqual([["overview", { from: "2026-11-03", to: "2026-11-30" }]]);
    expect(chart?.kind).toBe("attempts");
    expect(chart?.altText).toContain(
      "Unusually high against the same weekday over the four weeks before: Thu 3 Dec (140 failures, 3.5 times the usual 40 for a Thursday)",
    );
  });

  it("still gets its chart, without bands, when the weeks before cannot be fetched", async () => {
    const report = overview(week, (day) => (day === THURSDAY ? 140 : 40));
    const failure = new Error("eFax is down");
    const { chart, historyError } = await chartForReport(
      report,
      async () => {
        throw failure;
      },
      { singleDay: "when-unusual" },
    );
    expect(historyError).toBe(failure);
    expect(chart?.kind).toBe("attempts");
    expect(chart?.altText).not.toContain("Unusually");
  });
});

describe("drawing charts in turn", () => {
  it("runs tasks one at a time in order, and gives up on one that waits too long", async () => {
    vi.useFakeTimers();
    try {
      const queue = new TurnQueue(1, 5_000);
      const order: string[] = [];
      let finishFirst = () => {};
      const first = queue.run(
        () =>
          new Promise<string>((resolve) => {
            order.push("first starts");
            finishFirst = () => resolve("first");
          }),
      );
      const second = queue.run(async () => {
        order.push("second starts");
        return "second";
      });
      const late = queue.run(async () => "never");
      const lateOutcome = late.catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(4_000);
      finishFirst();
      expect(await first).toBe("first");
      expect(await second).toBe("second");
      // The third got its turn after the second, within its 5 s.
      expect(await lateOutcome).toBe("never");
      expect(order).toEqual(["first starts", "second starts"]);

      let release = () => {};
      const blocking = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
      const starved = queue.run(async () => "never").catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(5_000);
      const error = await starved;
      expect(error).toBeInstanceOf(QueueFullError);
      expect((error as Error).message).toBe("No turn within 5000 ms");
      release();
      await blocking;
      // The queue is free again.
      expect(await queue.run(async () => "after")).toBe("after");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("what counts as Slack refusing a chart", () => {
  it("takes a response_url's 400 or 404 (Bolt's RespondError) as a refusal, not a 500", () => {
    expect(isImageRefused(new RespondError("refused", 400))).toBe(true);
    expect(isImageRefused(new RespondError("refused", 404))).toBe(true);
    expect(isImageRefused(new RespondError("failed", 500))).toBe(false);
    expect(isImageRefused(new Error("invalid_blocks"))).toBe(false);
  });
});
