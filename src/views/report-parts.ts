/**
 * The words every report view shares — heading, sample-data label, the "nothing happened"
 * sentence, the one-line headline — so the ephemeral result, the channel post, its thread and the
 * App Home say the same thing the same way. Key figures are in `figures.ts`, lists in `lists.ts`.
 */
import { type DayRange, weekday } from "../dates/calendar.ts";
import { formatCount, formatDay, formatPercent, formatRange, plural } from "../dates/format.ts";
import { reportInfo } from "../reports/catalog.ts";
import type { AnyReport } from "../reports/model.ts";
import { COMMAND } from "./ids.ts";
import { code } from "./mrkdwn.ts";
import { refOf } from "./report-ref.ts";

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
  const listed = {
    "number-overview": "numbers with failures",
    failures: "numbers no fax got through to",
  };
  const other =
    report.kind === "number-overview" || report.kind === "failures"
      ? `This report only lists ${listed[report.kind]}; ${code(`${COMMAND} overview ${oneDay ? report.range.from : "last week"}`)} shows every fax.`
      : `Try ${oneDay ? "◀ Previous day" : "◀ Previous period"}, or ${code(`${COMMAND} ${refOf(report).name} last week`)}.`;
  return { sentence, hint: `${quiet}${other}` };
}

/**
 * The plain-words one-liner used as notification text: "Sample data — " on sample reports, then
 * `lead` (default none, e.g. "Details of "), the heading and the headline figure.
 */
export function headline(report: AnyReport, lead = ""): string {
  const heading = `${report.sample ? "Sample data — " : ""}${lead}${reportHeading(report)}`;
  if (!hasData(report)) return `${heading}: ${emptyText(report).sentence}`;
  return `${heading}: ${headlineFigures(report)}`;
}

function headlineFigures(report: AnyReport): string {
  switch (report.kind) {
    case "account-overview": {
      const t = report.totals;
      return `${plural(t.attempts, "fax attempt", "fax attempts")}, ${formatPercent(t.successRate)} went through, ${formatCount(t.failures)} failed.`;
    }
    case "number-overview":
      return `${plural(report.totals.failures, "failed fax", "failed faxes")} to ${plural(report.topDestinations.count, "destination number", "destination numbers")}.`;
    case "failures":
      return `${plural(report.allFailed.count, "number", "numbers")} not reached (${plural(report.totals.failures, "failed fax", "failed faxes")}).`;
    case "billable-pages": {
      const t = report.totals;
      return `${plural(t.total, "page", "pages")} (${formatCount(t.outboundTotal)} sent, ${formatCount(t.inbound)} received).`;
    }
    case "summary": {
      const o = report.overview.totals;
      return `${plural(o.attempts, "fax attempt", "fax attempts")}, ${formatPercent(o.successRate)} went through; ${plural(report.failures.allFailed.count, "number", "numbers")} not reached; ${plural(report.billable.totals.total, "billable page", "billable pages")}.`;
    }
  }
}
