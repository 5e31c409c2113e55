/**
 * The key figures of a report as an even grid: short labels that fit half a message's width, and
 * the change against the previous period on the same line as the value, so every row of the grid
 * is as tall as its neighbour. Changes say which way they went (▲ ▼), by how much, and whether
 * that is good (✅) or bad (⚠️) where it is one or the other: more failures is bad, a higher
 * success rate is good; more faxes or pages is neither. One legend per grid says what the changes
 * compare with and what the marks mean, so nothing depends on colour.
 */
import { type DayRange, previousPeriod } from "../dates/calendar.ts";
import {
  formatCount,
  formatCountChange,
  formatPercent,
  formatPointsChange,
  formatRange,
  formatShortDay,
} from "../dates/format.ts";
import type {
  BillableReport,
  FaxReport,
  FaxTotals,
  PageTotals,
  SummaryReport,
} from "../reports/model.ts";
import { resolutionColumns } from "../reports/order.ts";
import { comparePageTotals, compareTotals } from "../reports/summarize.ts";
import { dataText } from "./mrkdwn.ts";

/** Marks a change for the better. */
export const BETTER = "✅";
/** Marks a change for the worse, and figures that need attention. */
export const WORSE = "⚠️";

/** Which way a figure should go: failures down, success rate up; volumes are neither. */
type Better = "higher" | "lower" | "neither";

function mark(direction: number, better: Better): string {
  if (better === "neither" || direction === 0) return "";
  return direction > 0 === (better === "higher") ? ` ${BETTER}` : ` ${WORSE}`;
}

/** "▲ 75 more ⚠️": a count's change with its mark. */
function countChange(change: number, better: Better): string {
  return `${formatCountChange(change)}${mark(Math.sign(change), better)}`;
}

/** "▲ 0.7 points ✅": a success rate's change; null when either rate is unknown. */
function rateChange(points: number | null): string | null {
  const text = formatPointsChange(points);
  if (text === null || points === null) return null;
  return `${text}${mark(Math.sign(Math.round(points * 10)), "higher")}`;
}

/** `*Label*\nvalue · change`: one field of the grid. */
function figure(label: string, value: string, change?: string | null): string {
  return `*${label}*\n${value}${change ? ` · ${change}` : ""}`;
}

/** "97 ⚠️" or "0 ✅": a count that is bad whenever it is not zero. */
function alarm(count: number): string {
  return `${formatCount(count)} ${count > 0 ? WORSE : BETTER}`;
}

function failedFigure(totals: FaxTotals, previous: FaxTotals | null): string {
  const change = compareTotals(totals, previous);
  return figure(
    "Failed",
    formatCount(totals.failures),
    change && countChange(change.failures, "lower"),
  );
}

/** "Numbers not reached": destinations no fax got through to (the failures report's list). */
export function unreachedFigure(failures: FaxReport): string {
  return figure("Numbers not reached", alarm(failures.allFailed.count));
}

/**
 * The key figures of a fax report: four fields, two rows.
 * - Account overview: Fax attempts, Success rate / Went through, Failed.
 * - Number overview: Numbers with failures, Failed / Faxes to these numbers, Went through.
 * - Failures: Numbers not reached, Failed / Fax lines affected, Users affected.
 * Each with its change when the previous period is known and the report holds the figure for it.
 */
export function faxFigures(report: FaxReport): string[] {
  const t = report.totals;
  const previous = report.previous;
  const change = compareTotals(t, previous);
  const failed = failedFigure(t, previous);
  const attempts = (label: string) =>
    figure(label, formatCount(t.attempts), change && countChange(change.attempts, "neither"));
  const successes = figure(
    "Went through",
    formatCount(t.successes),
    previous && countChange(t.successes - previous.successes, "neither"),
  );
  switch (report.kind) {
    case "account-overview":
      return [
        attempts("Fax attempts"),
        figure(
          "Success rate",
          formatPercent(t.successRate),
          change && rateChange(change.successRatePoints),
        ),
        successes,
        failed,
      ];
    case "number-overview":
      return [
        figure("Numbers with failures", formatCount(report.topDestinations.count)),
        failed,
        attempts("Faxes to these numbers"),
        successes,
      ];
    case "failures":
      return [
        unreachedFigure(report),
        failed,
        figure("Fax lines affected", formatCount(report.topDids.count)),
        figure("Users affected", formatCount(report.topUsers.count)),
      ];
  }
}

/** "Billable pages": every page, sent and received, with its change. */
function billableFigure(totals: PageTotals, previous: PageTotals | null): string {
  const change = comparePageTotals(totals, previous);
  return figure(
    "Billable pages",
    formatCount(totals.total),
    change && countChange(change.total, "neither"),
  );
}

/**
 * The key figures of a billable-pages report: Billable pages, Fax lines with pages / Sent
 * (outbound), Received (inbound). The split of sent pages by resolution is {@link resolutionNote}.
 */
export function pageFigures(report: BillableReport): string[] {
  const t = report.totals;
  const change = comparePageTotals(t, report.previous);
  return [
    billableFigure(t, report.previous),
    figure("Fax lines with pages", formatCount(report.byDid.count)),
    figure(
      "Sent (outbound)",
      formatCount(t.outboundTotal),
      change && countChange(change.outboundTotal, "neither"),
    ),
    figure(
      "Received (inbound)",
      formatCount(t.inbound),
      change && countChange(change.inbound, "neither"),
    ),
  ];
}

/**
 * A day at a glance, for the App Home: Fax attempts, Success rate / Went through, Failed /
 * Numbers not reached, Billable pages — six fields, three rows.
 */
export function summaryFigures(report: SummaryReport): string[] {
  return [
    ...faxFigures(report.overview),
    unreachedFigure(report.failures),
    billableFigure(report.billable.totals, report.billable.previous),
  ];
}

/** "78 standard · 24 fine · 3 superfine"; resolutions with no pages are left out. */
export function resolutionText(outbound: Record<string, number>): string {
  const parts: string[] = [];
  for (const resolution of resolutionColumns(Object.keys(outbound))) {
    const pages = outbound[resolution] ?? 0;
    if (pages > 0) parts.push(`${formatCount(pages)} ${dataText(resolution.toLowerCase(), 24)}`);
  }
  return parts.length > 0 ? parts.join(" · ") : "none";
}

/** "Sent pages by resolution: 78 standard · 24 fine", or null when nothing was sent. */
export function resolutionNote(totals: PageTotals): string | null {
  if (totals.outboundTotal <= 0) return null;
  return `Sent pages by resolution: ${resolutionText(totals.outbound)}`;
}

/**
 * What the ▲ ▼ changes compare with, and what the marks mean when `marked`:
 * "▲▼ vs Wed 25 Nov · ✅ better · ⚠️ worse", or "▲▼ vs 13–19 Nov 2026" for a range.
 */
export function changeLegend(range: DayRange, marked: boolean): string {
  const before = previousPeriod(range);
  const when = before.from === before.to ? formatShortDay(before.from) : formatRange(before);
  return `▲▼ vs ${when}${marked ? ` · ${BETTER} better · ${WORSE} worse` : ""}`;
}
