/**
 * What the alert check judges: today's figures of a workspace (from today's account overview and
 * failures report, as far as the day has gone) and which alert subjects fire under its rules. A
 * subject is what one alert is about: the success rate (one per workspace), a fax line (DID), or
 * a destination number no fax got through to. Pure: reports in, plain figures and subjects out.
 */
import { createHash } from "node:crypto";
import type { FaxReport } from "./model.ts";

/** The rules of a workspace, as the check reads them (a rule that is off is null / false). */
export interface AlertRules {
  /** Success rate below `percent` (0–100), once at least `minAttempts` were made today. */
  rate: { percent: number; minAttempts: number } | null;
  /** A fax line (DID) with more than `failures` failed attempts today. */
  line: { failures: number } | null;
  /** A destination number where every attempt failed today. */
  unreached: boolean;
}

/** One fax line's attempts today. */
export interface LineFigures {
  did: string;
  attempts: number;
  failures: number;
}

/** A destination number no fax got through to today. */
export interface UnreachedNumber {
  destination: string;
  attempts: number;
  /** Its most frequent failure reason, or null when eFax gave none. */
  mainReason: string | null;
  /** The line that tried it most. */
  did: string;
}

/** Today's figures, as far as the day has gone. */
export interface TodayFigures {
  attempts: number;
  successes: number;
  failures: number;
  /** Every fax line with attempts today, most failures first, then by DID. */
  lines: LineFigures[];
  /** Every number not reached today, most attempts first, then by number. */
  unreached: UnreachedNumber[];
}

/** Today's figures from today's account overview and failures report (rankings not needed). */
export function todayFigures(overview: FaxReport, failures: FaxReport): TodayFigures {
  const lines = new Map<string, LineFigures>();
  for (const row of overview.rows) {
    const line = lines.get(row.did) ?? { did: row.did, attempts: 0, failures: 0 };
    line.attempts += row.counts.total;
    line.failures += row.counts.failures;
    lines.set(row.did, line);
  }
  const numbers = new Map<
    string,
    { attempts: number; successes: number; reasons: Map<string, number>; dids: Map<string, number> }
  >();
  for (const row of failures.rows) {
    if (row.destination === null) continue;
    const entry = numbers.get(row.destination) ?? {
      attempts: 0,
      successes: 0,
      reasons: new Map<string, number>(),
      dids: new Map<string, number>(),
    };
    entry.attempts += row.counts.total;
    entry.successes += row.counts.success;
    for (const [reason, count] of Object.entries(row.counts.reasons)) {
      entry.reasons.set(reason, (entry.reasons.get(reason) ?? 0) + count);
    }
    entry.dids.set(row.did, (entry.dids.get(row.did) ?? 0) + row.counts.total);
    numbers.set(row.destination, entry);
  }
  const largest = (counts: Map<string, number>): string | null => {
    let best: string | null = null;
    let most = 0;
    for (const [key, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (count > most) {
        best = key;
        most = count;
      }
    }
    return best;
  };
  const unreached: UnreachedNumber[] = [];
  for (const [destination, entry] of numbers) {
    if (entry.attempts === 0 || entry.successes > 0) continue;
    unreached.push({
      destination,
      attempts: entry.attempts,
      mainReason: largest(entry.reasons),
      did: largest(entry.dids) ?? "",
    });
  }
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    attempts: overview.totals.attempts,
    successes: overview.totals.successes,
    failures: overview.totals.failures,
    lines: [...lines.values()].sort((a, b) => b.failures - a.failures || byKey(a.did, b.did)),
    unreached: unreached.sort(
      (a, b) => b.attempts - a.attempts || byKey(a.destination, b.destination),
    ),
  };
}

/** The success rate of today's figures, 0–1, or null without attempts. */
export function successRateOf(figures: Pick<TodayFigures, "attempts" | "successes">) {
  return figures.attempts > 0 ? figures.successes / figures.attempts : null;
}

/** An alert that fires, with the figure it fired on and the threshold it crossed. */
export type FiringAlert =
  | {
      rule: "rate";
      /** The alert's subject within its day: one per workspace. */
      subject: "rate";
      /** Success rate, 0–1. */
      rate: number;
      attempts: number;
      successes: number;
      threshold: { percent: number; minAttempts: number };
    }
  | {
      rule: "line";
      subject: string;
      did: string;
      failures: number;
      attempts: number;
      threshold: { failures: number };
    }
  | {
      rule: "unreached";
      subject: string;
      /** The number itself; what a message shows of it is the caller's (masking). */
      destination: string;
      attempts: number;
      mainReason: string | null;
      did: string;
    };

/**
 * A number's subject: a hash, so the store never holds the number in a key, and two numbers
 * that read the same once masked stay two alerts.
 */
export function numberSubject(destination: string): string {
  const digest = createHash("sha256").update(`efax-alert-number:${destination}`).digest("hex");
  return `unreached-${digest.slice(0, 24)}`;
}

/** A fax line's subject: the DID's digits (any other character dropped). */
export function lineSubject(did: string): string {
  const digits = did.replace(/[^0-9A-Za-z]/g, "").slice(0, 40);
  return `line-${digits || "none"}`;
}

/**
 * Every alert that fires under `rules` on `figures`:
 * - rate: attempts ≥ the minimum and the success rate strictly below the percent;
 * - line: a line's failures strictly above the number;
 * - unreached: each number where every attempt failed.
 */
export function firingAlerts(rules: AlertRules, figures: TodayFigures): FiringAlert[] {
  const firing: FiringAlert[] = [];
  const rate = successRateOf(figures);
  if (
    rules.rate &&
    rate !== null &&
    figures.attempts >= rules.rate.minAttempts &&
    // Compared in hundredths of a percent, so 89.995 % is not "below 90 %" by a rounding error.
    Math.round(rate * 1_000_000) < Math.round(rules.rate.percent * 10_000)
  ) {
    firing.push({
      rule: "rate",
      subject: "rate",
      rate,
      attempts: figures.attempts,
      successes: figures.successes,
      threshold: { ...rules.rate },
    });
  }
  if (rules.line) {
    for (const line of figures.lines) {
      if (line.failures <= rules.line.failures) continue;
      firing.push({
        rule: "line",
        subject: lineSubject(line.did),
        did: line.did,
        failures: line.failures,
        attempts: line.attempts,
        threshold: { ...rules.line },
      });
    }
  }
  if (rules.unreached) {
    for (const number of figures.unreached) {
      firing.push({ rule: "unreached", subject: numberSubject(number.destination), ...number });
    }
  }
  return firing;
}
