import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { AbortedError, UpstreamError } from "../src/efax/errors.ts";
import type { FaxCounts, ReportBodies, ReportKind, ReportSource } from "../src/efax/types.ts";
import { InvalidOptionError, InvalidRangeError } from "../src/reports/errors.ts";
import { runReport } from "../src/reports/run.ts";

function counts(success: number, total: number, reasons: Record<string, number> = {}): FaxCounts {
  return { success, total, failures: total - success, reasons };
}

const DID = "5550000001";

/** Bodies that depend on the day: `n` = day of month attempts, all of them busy. */
function bodiesFor(day: string): ReportBodies {
  const n = Number(day.slice(8));
  return {
    "account-overview": { [DID]: { ann: counts(n, 2 * n, { Busy: n }) } },
    "number-overview": { [DID]: { ann: { "15550000001": counts(n, 2 * n, { Busy: n }) } } },
    failures: { [DID]: { ann: { "15550000001": counts(0, n, { Busy: n }) } } },
    "billable-pages": { [DID]: { outbound: { STANDARD: n }, inbound: 1 } },
  };
}

interface Call {
  kind: ReportKind;
  day: string;
  signal: AbortSignal | undefined;
}

/**
 * A stand-in for the eFax API that records every call and how many were in flight at once.
 * `behave` decides each call's fate; by default it answers on the next turn of the event loop.
 */
function recordingSource(
  behave: (call: Call) => Promise<void> = async () => {
    await nextTurn();
  },
) {
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const source: ReportSource = {
    async fetchReport<K extends ReportKind>(
      kind: K,
      day: string,
      options?: { signal?: AbortSignal },
    ): Promise<ReportBodies[K]> {
      const call = { kind, day, signal: options?.signal };
      calls.push(call);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await behave(call);
        return bodiesFor(day)[kind];
      } finally {
        inFlight--;
      }
    },
  };
  return { source, calls, maxInFlight: () => maxInFlight };
}

/** Settles only when the call's signal aborts, with the error the eFax client gives for that. */
function hangUntilAborted(call: Call): Promise<void> {
  return new Promise((_, reject) => {
    const aborted = () => reject(new AbortedError({ report: call.kind, day: call.day }));
    if (call.signal?.aborted) aborted();
    call.signal?.addEventListener("abort", aborted, { once: true });
  });
}

const sorted = (calls: Call[]) => calls.map((call) => `${call.kind} ${call.day}`).sort();

describe("runReport", () => {
  it("fetches each day of the range and of the previous period once, and totals both", async () => {
    const { source, calls } = recordingSource();
    const report = await runReport(source, "failures", { from: "2026-11-03", to: "2026-11-04" });
    expect(sorted(calls)).toEqual([
      "failures 2026-11-01",
      "failures 2026-11-02",
      "failures 2026-11-03",
      "failures 2026-11-04",
    ]);
    expect(report.kind).toBe("failures");
    expect(report.totals).toEqual({
      attempts: 7,
      successes: 0,
      failures: 7,
      successRate: 0,
      byReason: [{ reason: "Busy", count: 7 }],
    });
    expect(report.previous).toEqual({
      attempts: 3,
      successes: 0,
      failures: 3,
      successRate: 0,
      byReason: [{ reason: "Busy", count: 3 }],
    });
    expect(report.series.map((entry) => [entry.day, entry.totals.attempts])).toEqual([
      ["2026-11-03", 3],
      ["2026-11-04", 4],
    ]);
    expect(report.allFailed.items).toEqual([
      {
        destination: "15550000001",
        attempts: 7,
        mainReason: "Busy",
        did: DID,
        user: "ann",
        senders: 1,
      },
    ]);
  });

  it("skips the previous period when asked to", async () => {
    const { source, calls } = recordingSource();
    const report = await runReport(
      source,
      "billable",
      { from: "2026-11-03", to: "2026-11-03" },
      { previous: false, sample: true },
    );
    expect(sorted(calls)).toEqual(["billable-pages 2026-11-03"]);
    expect(report.previous).toBeNull();
    expect(report.sample).toBe(true);
    expect(report.totals).toEqual({
      outbound: { STANDARD: 3, FINE: 0 },
      outboundTotal: 3,
      inbound: 1,
      total: 4,
    });
  });

  it("builds the summary from the account overview, failures and billable pages only", async () => {
    const { source, calls } = recordingSource();
    const report = await runReport(source, "summary", { from: "2026-11-10", to: "2026-11-10" });
    expect(sorted(calls)).toEqual([
      "account-overview 2026-11-09",
      "account-overview 2026-11-10",
      "billable-pages 2026-11-09",
      "billable-pages 2026-11-10",
      "failures 2026-11-09",
      "failures 2026-11-10",
    ]);
    expect(report.kind).toBe("summary");
    expect(report.range).toEqual({ from: "2026-11-10", to: "2026-11-10" });
    expect(report.overview.kind).toBe("account-overview");
    expect(report.overview.totals.attempts).toBe(20);
    expect(report.overview.previous?.attempts).toBe(18);
    expect(report.failures.kind).toBe("failures");
    expect(report.failures.totals.failures).toBe(10);
    expect(report.billable.totals.total).toBe(11);
    expect(report.billable.previous?.total).toBe(10);
  });

  it("never has more calls in flight than the concurrency allows", async () => {
    const { source, calls, maxInFlight } = recordingSource();
    const report = await runReport(
      source,
      "numbers",
      { from: "2026-11-01", to: "2026-11-07" },
      { concurrency: 3 },
    );
    expect(calls).toHaveLength(14);
    expect(maxInFlight()).toBe(3);
    expect(report.series).toHaveLength(7);

    const single = recordingSource();
    await runReport(
      single.source,
      "numbers",
      { from: "2026-11-01", to: "2026-11-07" },
      {
        concurrency: 1,
      },
    );
    expect(single.maxInFlight()).toBe(1);
  });

  it("reports progress from zero to the number of calls", async () => {
    const { source } = recordingSource();
    const progress: [number, number][] = [];
    await runReport(
      source,
      "overview",
      { from: "2026-11-01", to: "2026-11-03" },
      { onProgress: (done, total) => progress.push([done, total]) },
    );
    expect(progress).toEqual([
      [0, 6],
      [1, 6],
      [2, 6],
      [3, 6],
      [4, 6],
      [5, 6],
      [6, 6],
    ]);
  });

  it("stops at the first error: no new call starts, calls in flight are aborted, the error is the source's", async () => {
    const failure = new UpstreamError({
      report: "number-overview",
      day: "2026-11-02",
      status: 503,
    });
    const { source, calls } = recordingSource(async (call) => {
      if (call.day === "2026-11-02") throw failure;
      await hangUntilAborted(call);
    });
    const progress: number[] = [];
    const outcome = runReport(
      source,
      "numbers",
      { from: "2026-11-01", to: "2026-11-10" },
      { concurrency: 2, previous: false, onProgress: (done) => progress.push(done) },
    );
    await expect(outcome).rejects.toBe(failure);
    expect(sorted(calls)).toEqual(["number-overview 2026-11-01", "number-overview 2026-11-02"]);
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(progress).toEqual([0]);
  });

  it("aborts the calls in flight when the caller aborts, and starts none when already aborted", async () => {
    const controller = new AbortController();
    const { source, calls } = recordingSource(async (call) => {
      if (calls.length === 2) controller.abort();
      await hangUntilAborted(call);
    });
    const outcome = runReport(
      source,
      "failures",
      { from: "2026-11-01", to: "2026-11-05" },
      { concurrency: 2, signal: controller.signal },
    );
    await expect(outcome).rejects.toThrow(AbortedError);
    expect(calls).toHaveLength(2);
    expect(calls.every((call) => call.signal?.aborted)).toBe(true);

    const idle = recordingSource();
    const reason = new Error("the user went away");
    await expect(
      runReport(
        idle.source,
        "failures",
        { from: "2026-11-01", to: "2026-11-05" },
        {
          signal: AbortSignal.abort(reason),
        },
      ),
    ).rejects.toBe(reason);
    expect(idle.calls).toHaveLength(0);
  });

  it("refuses a reversed range, an impossible day, a concurrency below 1 and a negative top limit before any call", async () => {
    const { source, calls } = recordingSource();
    await expect(
      runReport(source, "failures", { from: "2026-11-05", to: "2026-11-01" }),
    ).rejects.toThrow(InvalidRangeError);
    await expect(
      runReport(source, "failures", { from: "2026-02-30", to: "2026-03-01" }),
    ).rejects.toThrow(/from "2026-02-30" to "2026-03-01"/);
    await expect(
      runReport(source, "failures", { from: "2026-11-01", to: "2026-11-01" }, { concurrency: 0 }),
    ).rejects.toThrow(InvalidOptionError);
    await expect(
      runReport(source, "failures", { from: "2026-11-01", to: "2026-11-01" }, { topLimit: -1 }),
    ).rejects.toThrow(InvalidOptionError);
    expect(calls).toHaveLength(0);
  });
});
