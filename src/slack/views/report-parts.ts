/**
 * The pieces every report view is made of — key figures, failure reasons with bars, ranked lists,
 * day-by-day series, the "nothing happened" wording — so the ephemeral result, the channel post,
 * its thread and the App Home say the same thing the same way.
 */
import { type DayRange, previousPeriod, weekday } from "../../dates/calendar.ts";
import {
  formatCount,
  formatCountChange,
  formatDay,
  formatPercent,
  formatPointsChange,
  formatRange,
  formatShortDay,
  plural,
} from "../../dates/format.ts";
import { reportInfo } from "../../reports/catalog.ts";
import type {
  AnyReport,
  BillableReport,
  DeadDestination,
  FaxReport,
  FaxTotals,
  PageTotals,
  Ranked,
} from "../../reports/model.ts";
import { resolutionColumns } from "../../reports/order.ts";
import { comparePageTotals, compareTotals } from "../../reports/summarize.ts";
import { COMMAND } from "../ids.ts";
import { refOf } from "../report-ref.ts";
import { type FittedList, fitList } from "./budget.ts";
import { bar, code, dataText, sparkline } from "./mrkdwn.ts";

/** Rows and characters a list may take. */
export interface ListBudget {
  maxItems: number;
  maxChars: number;
}

/** "Failures" — the catalogue's title of the report. */
export function reportTitle(report: AnyReport): string {
  return reportInfo(refOf(report).name).title;
}

/** "Failures · Thu 26 Nov 2026": the report and the exact days it covers. */
export function reportHeading(report: AnyReport): string {
  return `${reportTitle(report)} · ${formatRange(report.range)}`;
}

/** The label every view on sample data carries. */
export const SAMPLE_NOTE =
  "🧪 *Sample data* — made-up numbers that show how reports look. Nothing here comes from your eFax account.";

/** "on Thu 26 Nov 2026" or "during 16–22 Nov 2026". */
export function periodPhrase(range: DayRange): string {
  return range.from === range.to ? `on ${formatDay(range.from)}` : `during ${formatRange(range)}`;
}

/** What the ▲ ▼ figures compare with: "Changes ▲ ▼ compare with Wed 25 Nov 2026." */
export function changeNote(range: DayRange): string {
  return `Changes ▲ ▼ compare with ${formatRange(previousPeriod(range))}.`;
}

function figure(label: string, value: string, change?: string | null): string {
  const line = change ? `\n_${change}_` : "";
  return `*${label}*\n${value}${line}`;
}

/** "5 of 12 failed", "all 5 failed", "1 of 1 failed". */
function failedOf(failures: number, attempts: number): string {
  if (failures === attempts && attempts > 1) return `all ${formatCount(attempts)} failed`;
  return `${formatCount(failures)} of ${formatCount(attempts)} failed`;
}

/** The key figures of a fax report as short field texts (at most 4), with the change when known. */
export function faxFigures(report: FaxReport): string[] {
  const t = report.totals;
  const change = compareTotals(t, report.previous);
  const failed = figure(
    report.kind === "account-overview" ? "Failed" : "Failed attempts",
    formatCount(t.failures),
    change && formatCountChange(change.failures),
  );
  switch (report.kind) {
    case "account-overview":
      return [
        figure(
          "Fax attempts",
          formatCount(t.attempts),
          change && formatCountChange(change.attempts),
        ),
        figure(
          "Success rate",
          formatPercent(t.successRate),
          change && formatPointsChange(change.successRatePoints),
        ),
        failed,
        figure("Went through", formatCount(t.successes)),
      ];
    case "number-overview":
      return [
        figure("Destination numbers with failures", formatCount(report.topDestinations.count)),
        failed,
        figure("All attempts to these numbers", formatCount(t.attempts)),
        figure("Went through", formatCount(t.successes)),
      ];
    case "failures": {
      const dead = report.allFailed.count;
      return [
        figure(
          "Destination numbers where every fax failed",
          `${formatCount(dead)} ${dead > 0 ? "⚠️" : "✅"}`,
        ),
        failed,
        figure("Fax lines (DIDs) affected", formatCount(report.topDids.count)),
        figure("Users affected", formatCount(report.topUsers.count)),
      ];
    }
  }
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

/** The key figures of a billable-pages report as short field texts. */
export function pageFigures(report: BillableReport): string[] {
  const t = report.totals;
  const change = comparePageTotals(t, report.previous);
  return [
    figure("Pages in all", formatCount(t.total), change && formatCountChange(change.total)),
    figure(
      "Sent (outbound)",
      `${formatCount(t.outboundTotal)}\n${resolutionText(t.outbound)}`,
      change && formatCountChange(change.outboundTotal),
    ),
    figure(
      "Received (inbound)",
      formatCount(t.inbound),
      change && formatCountChange(change.inbound),
    ),
    figure("Fax lines (DIDs) with pages", formatCount(report.byDid.count)),
  ];
}

/** Failure reasons, most frequent first, each with a bar scaled to the largest and its share. */
export function reasonList(totals: FaxTotals, budget: ListBudget): FittedList {
  const reasons = totals.byReason;
  const largest = reasons[0]?.count ?? 0;
  const sum = reasons.reduce((s, r) => s + r.count, 0);
  const whole = Math.max(sum, totals.failures);
  return fitList({
    items: reasons,
    total: reasons.length,
    maxItems: budget.maxItems,
    maxChars: budget.maxChars,
    render: (r) =>
      `${bar(r.count, largest)} *${dataText(r.reason, 40)}* — ${formatCount(r.count)} (${formatPercent(whole > 0 ? r.count / whole : null)})`,
  });
}

/** A ranking of fax lines, users or destinations: "1. *12345678* — 5 of 12 failed". */
export function rankedList(
  items: readonly Ranked[],
  total: number,
  budget: ListBudget,
): FittedList {
  return fitList({
    items,
    total,
    maxItems: budget.maxItems,
    maxChars: budget.maxChars,
    render: (r, i) => `${i + 1}. *${dataText(r.key)}* — ${failedOf(r.failures, r.attempts)}`,
  });
}

/** Destinations where every attempt failed, with the usual reason and who sent from where. */
export function deadList(
  items: readonly DeadDestination[],
  total: number,
  budget: ListBudget,
): FittedList {
  return fitList({
    items,
    total,
    maxItems: budget.maxItems,
    maxChars: budget.maxChars,
    render: (d, i) => {
      const reason = d.mainReason === null ? "" : dataText(d.mainReason, 32);
      const why = reason === "" ? "" : d.attempts === 1 ? ` (${reason})` : `, mostly ${reason}`;
      return `${i + 1}. *${dataText(d.destination)}* — ${failedOf(d.attempts, d.attempts)}${why} · from line ${dataText(d.did, 24)}, user ${dataText(d.user, 32)}`;
    },
  });
}

/** Pages per fax line: "1. *12345678* — 218 pages: 102 sent (78 standard · 24 fine), 116 received". */
export function pagesList(report: BillableReport, budget: ListBudget): FittedList {
  return fitList({
    items: report.byDid.items,
    total: report.byDid.count,
    maxItems: budget.maxItems,
    maxChars: budget.maxChars,
    render: (entry, i) => pagesLine(`${i + 1}. *${dataText(entry.did)}*`, entry.totals),
  });
}

function pagesLine(label: string, t: PageTotals): string {
  return `${label} — ${plural(t.total, "page", "pages")}: ${formatCount(t.outboundTotal)} sent (${resolutionText(t.outbound)}), ${formatCount(t.inbound)} received`;
}

/** One line per day of a fax report's range, with a bar of failures against the worst day. */
export function faxSeriesLines(report: FaxReport): string[] {
  const worst = Math.max(0, ...report.series.map((s) => s.totals.failures));
  return report.series.map(({ day, totals }) => {
    const label = formatShortDay(day);
    if (report.kind === "account-overview") {
      if (totals.attempts === 0) return `${label} — no faxes`;
      return `${label} — ${formatPercent(totals.successRate)} went through · ${formatCount(totals.failures)} failed ${bar(totals.failures, worst, 6)}`;
    }
    if (totals.failures === 0) return `${label} — none`;
    return `${label} — ${formatCount(totals.failures)} failed ${bar(totals.failures, worst, 6)}`;
  });
}

/** One line per day of a billable report's range, with a bar of pages against the busiest day. */
export function pageSeriesLines(report: BillableReport): string[] {
  const busiest = Math.max(0, ...report.series.map((s) => s.totals.total));
  return report.series.map(({ day, totals }) =>
    totals.total === 0
      ? `${formatShortDay(day)} — no pages`
      : `${formatShortDay(day)} — ${plural(totals.total, "page", "pages")} ${bar(totals.total, busiest, 6)}`,
  );
}

/** A one-line trend of a range: failures per day for fax reports, pages per day for billable. */
export function trendLine(report: FaxReport | BillableReport): string {
  if (report.kind === "billable-pages") {
    return `Pages per day  ${sparkline(report.series.map((s) => s.totals.total))}`;
  }
  return `Failures per day  ${sparkline(report.series.map((s) => s.totals.failures))}`;
}

/** True when the report has anything to show besides "nothing happened". */
export function hasData(report: AnyReport): boolean {
  switch (report.kind) {
    case "summary":
      return hasData(report.overview) || hasData(report.failures) || hasData(report.billable);
    case "billable-pages":
      return report.totals.total > 0;
    default:
      return report.totals.attempts > 0 || report.rows.length > 0;
  }
}

/** The kind sentence for a report with nothing in it, and a hint at what to try instead. */
export function emptyText(report: AnyReport): { sentence: string; hint: string } {
  const when = periodPhrase(report.range);
  const sentence = {
    "account-overview": `No faxes were sent ${when}.`,
    "number-overview": `No fax failed ${when}. ✅`,
    failures: `No destination number had every fax fail ${when}. ✅`,
    "billable-pages": `No billable pages ${when}.`,
    summary: `No faxes were sent and no pages were billed ${when}.`,
  }[report.kind];
  const oneDay = report.range.from === report.range.to;
  const weekend = oneDay && [0, 6].includes(weekday(report.range.from));
  const quiet = weekend ? "Weekends are often quiet. " : "";
  const other =
    report.kind === "number-overview" || report.kind === "failures"
      ? `This report only lists numbers with failures; ${code(`${COMMAND} overview ${oneDay ? report.range.from : "last week"}`)} shows every fax.`
      : `Try ${oneDay ? "◀ Previous day" : "◀ Previous period"}, or ${code(`${COMMAND} ${refOf(report).name} last week`)}.`;
  return { sentence, hint: `${quiet}${other}` };
}

/** The plain-words one-liner used as notification text: the heading and the headline figure. */
export function headline(report: AnyReport): string {
  const heading = reportHeading(report);
  const prefix = report.sample ? "Sample data — " : "";
  if (!hasData(report)) return `${prefix}${heading}: ${emptyText(report).sentence}`;
  return `${prefix}${heading}: ${headlineFigures(report)}`;
}

function headlineFigures(report: AnyReport): string {
  switch (report.kind) {
    case "account-overview": {
      const t = report.totals;
      return `${plural(t.attempts, "fax attempt", "fax attempts")}, ${formatPercent(t.successRate)} went through, ${formatCount(t.failures)} failed.`;
    }
    case "number-overview":
      return `${plural(report.totals.failures, "failed attempt", "failed attempts")} to ${plural(report.topDestinations.count, "destination number", "destination numbers")}.`;
    case "failures":
      return `${plural(report.allFailed.count, "destination number", "destination numbers")} where every fax failed (${plural(report.totals.failures, "failed attempt", "failed attempts")}).`;
    case "billable-pages": {
      const t = report.totals;
      return `${plural(t.total, "page", "pages")} (${formatCount(t.outboundTotal)} sent, ${formatCount(t.inbound)} received).`;
    }
    case "summary": {
      const o = report.overview.totals;
      return `${plural(o.attempts, "fax attempt", "fax attempts")}, ${formatPercent(o.successRate)} went through; ${plural(report.failures.allFailed.count, "number", "numbers")} where every fax failed; ${plural(report.billable.totals.total, "billable page", "billable pages")}.`;
    }
  }
}
