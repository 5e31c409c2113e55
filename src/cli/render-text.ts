/**
 * The text a person reads in a terminal: which report and exactly which days, the key numbers,
 * failures by reason, the top numbers/users/destinations by failures, destinations where every
 * attempt failed, and billable pages per DID with totals. Fax numbers read as Slack shows them
 * (`+1 312-555-0178`); `--format csv|json` keep eFax's digits, and all the data.
 */
import { rangeLength } from "../dates/calendar.ts";
import {
  formatCount,
  formatFaxNumber,
  formatPercent,
  formatRange,
  plural,
} from "../dates/format.ts";
import { reportInfo } from "../reports/catalog.ts";
import type {
  AnyReport,
  BillableReport,
  DeadDestination,
  FaxReport,
  Ranked,
  Ranking,
} from "../reports/model.ts";
import { resolutionColumns } from "../reports/order.ts";
import { reportNameOf } from "./report-name.ts";
import type { Style } from "./style.ts";
import { formatPairs, formatTable } from "./table.ts";

export interface TextContext {
  /** How the days were asked for: "yesterday", "last week", or the formatted range. */
  label: string;
  /** The zone the days were read in. */
  timeZone: string;
  style: Style;
}

/** The whole text output, ending with a newline. */
export function reportText(report: AnyReport, context: TextContext): string {
  const { style } = context;
  const lines: string[] = [];
  const title = reportInfo(reportNameOf(report)).title;
  lines.push(style.title(heading(title, report, context)));
  lines.push(style.dim(subheading(report, context)));

  if (report.kind === "summary") {
    const part = (name: string): string[] => ["", style.title(name), "=".repeat(name.length)];
    lines.push(...part("Account overview"), ...faxLines(report.overview, style));
    lines.push(...part("Failures"), ...faxLines(report.failures, style));
    lines.push(...part("Billable pages"), ...billableLines(report.billable, style));
  } else if (report.kind === "billable-pages") {
    lines.push("", ...billableLines(report, style));
  } else {
    lines.push("", ...faxLines(report, style));
  }
  return `${lines.join("\n")}\n`;
}

function heading(title: string, report: AnyReport, context: TextContext): string {
  const range = formatRange(report.range);
  const when = context.label === range ? range : `${context.label} (${range})`;
  return [title, when, ...(report.sample ? ["Sample data"] : [])].join(" · ");
}

function subheading(report: AnyReport, context: TextContext): string {
  const days = plural(rangeLength(report.range), "day", "days");
  const source = report.sample ? "built-in sample data, not an eFax account" : "eFax Developer";
  return `${days} · dates in ${context.timeZone} · ${source}`;
}

function faxLines(report: FaxReport, style: Style): string[] {
  const { totals } = report;
  const lines = formatPairs([
    ["Attempts", formatCount(totals.attempts)],
    ["Successes", formatCount(totals.successes), formatPercent(totals.successRate)],
    ["Failures", formatCount(totals.failures)],
  ]);
  if (totals.attempts === 0 && report.rows.length === 0) {
    lines.push(
      "",
      report.kind === "failures" ? noneFailedEverything() : "  No fax attempts on these days.",
    );
    return lines;
  }

  if (totals.byReason.length > 0) {
    lines.push("", style.title("Failures by reason"));
    lines.push(
      ...formatTable(
        [
          { title: "Reason" },
          { title: "Failures", align: "right" },
          { title: "Share", align: "right" },
        ],
        totals.byReason.map(({ reason, count }) => [
          reason,
          formatCount(count),
          formatPercent(totals.failures > 0 ? count / totals.failures : null),
        ]),
      ),
    );
  }

  lines.push(
    ...rankingLines(
      "Numbers (DIDs) with the most failures",
      "DID",
      report.topDids,
      style,
      formatFaxNumber,
    ),
  );
  lines.push(
    ...rankingLines("Users with the most failures", "User", report.topUsers, style, (key) => key),
  );
  if (report.kind === "number-overview") {
    lines.push(
      ...rankingLines(
        "Destinations with the most failures",
        "Destination",
        report.topDestinations,
        style,
        formatFaxNumber,
      ),
    );
  }
  if (report.kind !== "account-overview") {
    lines.push("", ...allFailedLines(report.allFailed, style));
  }
  return lines;
}

function rankingLines(
  title: string,
  keyTitle: string,
  ranking: Ranking<Ranked>,
  style: Style,
  showKey: (key: string) => string,
): string[] {
  const items = ranking.items.filter((item) => item.failures > 0);
  if (items.length === 0) return [];
  return [
    "",
    style.title(`${title}${ofCount(items.length, ranking.count)}`),
    ...formatTable(
      [
        { title: keyTitle },
        { title: "Attempts", align: "right" },
        { title: "Failures", align: "right" },
        { title: "Failed", align: "right" },
      ],
      items.map((item) => [
        showKey(item.key),
        formatCount(item.attempts),
        formatCount(item.failures),
        formatPercent(item.attempts > 0 ? item.failures / item.attempts : null),
      ]),
    ),
  ];
}

function allFailedLines(ranking: Ranking<DeadDestination>, style: Style): string[] {
  if (ranking.count === 0) return [noneFailedEverything()];
  return [
    style.title(
      `Destinations where every attempt failed: ${formatCount(ranking.count)}${ofCount(ranking.items.length, ranking.count)}`,
    ),
    ...formatTable(
      [
        { title: "Destination" },
        { title: "Attempts", align: "right" },
        { title: "Main reason" },
        { title: "Tried most from DID" },
        { title: "User" },
        { title: "Senders", align: "right" },
      ],
      ranking.items.map((d) => [
        formatFaxNumber(d.destination),
        formatCount(d.attempts),
        d.mainReason ?? "—",
        formatFaxNumber(d.did),
        d.user,
        formatCount(d.senders),
      ]),
    ),
  ];
}

function billableLines(report: BillableReport, style: Style): string[] {
  const { totals } = report;
  const resolutions = resolutionColumns(Object.keys(totals.outbound));
  const lines = formatPairs([
    ...resolutions.map((r): [string, string] => [
      `Outbound ${r}`,
      formatCount(totals.outbound[r] ?? 0),
    ]),
    ["Outbound total", formatCount(totals.outboundTotal)],
    ["Inbound", formatCount(totals.inbound)],
    ["Total pages", formatCount(totals.total)],
  ]);
  if (report.byDid.count === 0) {
    lines.push("", "  No billable pages on these days.");
    return lines;
  }
  const row = (label: string, t: typeof totals): string[] => [
    label,
    ...resolutions.map((r) => formatCount(t.outbound[r] ?? 0)),
    formatCount(t.outboundTotal),
    formatCount(t.inbound),
    formatCount(t.total),
  ];
  const shown = report.byDid.items.length;
  lines.push(
    "",
    style.title(`Pages per number (DID)${ofCount(shown, report.byDid.count)}`),
    ...formatTable(
      [
        { title: "DID" },
        ...resolutions.map((r) => ({ title: r, align: "right" as const })),
        { title: "Outbound", align: "right" },
        { title: "Inbound", align: "right" },
        { title: "Total", align: "right" },
      ],
      [
        ...report.byDid.items.map((d) => row(formatFaxNumber(d.did), d.totals)),
        row(
          report.byDid.count === 1 ? "Total" : `All ${formatCount(report.byDid.count)} DIDs`,
          totals,
        ),
      ],
    ),
  );
  return lines;
}

function ofCount(shown: number, count: number): string {
  return shown < count
    ? ` (top ${formatCount(shown)} of ${formatCount(count)}; all in --format csv)`
    : "";
}

function noneFailedEverything(): string {
  return "  No destination failed every attempt on these days.";
}
