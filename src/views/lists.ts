/**
 * The lists of a report — failure reasons with bars, rankings of fax lines, users and destination
 * numbers, numbers no fax got through to, pages per fax line, day by day — worded for what each
 * report really holds. The number overview only sees destinations with a failure, and the
 * failures report only destinations where every fax failed, each on the days eFax listed them:
 * so a failures-report ranking never says "all N failed" (it always would), and over several days
 * a "not reached" number is one that got nothing through on the days it was reported.
 */
import { type Day, rangeLength } from "../dates/calendar.ts";
import {
  formatCount,
  formatFaxNumber,
  formatPercent,
  formatShortDay,
  plural,
} from "../dates/format.ts";
import type { BillableReport, FaxReport, FaxTotals, PageTotals, Ranked } from "../reports/model.ts";
import { type FittedList, fitList } from "./budget.ts";
import { resolutionText, WORSE } from "./figures.ts";
import { bar, dataText } from "./mrkdwn.ts";

/** Rows and characters a list may take. */
export interface ListBudget {
  maxItems: number;
  maxChars: number;
}

/** The closing line of a cut list, given how many rows were left out. */
export type MoreLine = (omitted: number) => string;

/** Indents the second line of a two-line entry under the first one's text (em spaces). */
const INDENT = "\u2003\u2003";

/** A phone number or fax line from eFax, formatted when it is a North American number. */
export function numberText(value: string, maxLength?: number): string {
  return dataText(formatFaxNumber(value), maxLength);
}

/**
 * Failure reasons, most frequent first, each with a bar against the largest and its share.
 * Reasons cut for space end with `more`, or by default with how many failures they hold: the CSV
 * has no list of reasons to point to.
 */
export function reasonList(totals: FaxTotals, budget: ListBudget, more?: MoreLine): FittedList {
  const reasons = totals.byReason;
  const largest = reasons[0]?.count ?? 0;
  const sum = reasons.reduce((s, r) => s + r.count, 0);
  const whole = Math.max(sum, totals.failures);
  const rest: MoreLine = (omitted) => {
    const failures = reasons.slice(reasons.length - omitted).reduce((s, r) => s + r.count, 0);
    return `_and ${plural(omitted, "more reason", "more reasons")}, ${plural(failures, "failure", "failures")} in all_`;
  };
  return fitList({
    items: reasons,
    total: reasons.length,
    ...budget,
    more: more ?? rest,
    render: (r) =>
      `${bar(r.count, largest)} *${dataText(r.reason, 40)}* — ${formatCount(r.count)} (${formatPercent(whole > 0 ? r.count / whole : null)})`,
  });
}

/** What a ranking ranks. */
export type RankedBy = "dids" | "users" | "destinations";

function severalDays(report: FaxReport): boolean {
  return rangeLength(report.range) > 1;
}

/** "5 of 12 failed", "all 5 failed": for counts that hold every fax of the entry. */
function failedOf(failures: number, attempts: number): string {
  if (failures === attempts && attempts > 1) return `all ${formatCount(attempts)} failed`;
  return `${formatCount(failures)} of ${formatCount(attempts)} failed`;
}

/** How one ranked entry's counts read, given what the report can see of its faxes. */
function outcome(report: FaxReport, by: RankedBy, r: Ranked): string {
  switch (report.kind) {
    case "account-overview":
      return failedOf(r.failures, r.attempts);
    case "failures": {
      const faxes = plural(r.failures, "fax", "faxes");
      const to = r.failures === 1 ? "a number that" : "numbers that";
      return severalDays(report)
        ? `${faxes} to ${to} got nothing through that day`
        : `${faxes} to ${to} never got through`;
    }
    case "number-overview":
      if (by !== "destinations") {
        return `${formatCount(r.failures)} failed, of ${formatCount(r.attempts)} to numbers with failures`;
      }
      return severalDays(report)
        ? `${formatCount(r.failures)} of ${formatCount(r.attempts)} failed`
        : failedOf(r.failures, r.attempts);
  }
}

/**
 * The title of a ranking, bold: "*Fax lines (DIDs) with the most failures*"; over several days the
 * number overview's destinations add that only their days with a failure count.
 */
export function rankingTitle(report: FaxReport, by: RankedBy): string {
  switch (by) {
    case "dids":
      return "*Fax lines (DIDs) with the most failures*";
    case "users":
      return "*Users with the most failures*";
    case "destinations":
      return report.kind === "number-overview" && severalDays(report)
        ? "*Destination numbers with the most failures* — counting the days each had a failure"
        : "*Destination numbers with the most failures*";
  }
}

/**
 * A ranking of fax lines, users or destination numbers by failures, worded for the report:
 * "1. *+1 312-555-0178* — 231 of 3,709 failed" (account overview), "1. *lab.results* — 51 faxes to
 * numbers that never got through" (failures), "… — 68 failed, of 200 to numbers with failures"
 * (number overview, which sees no other faxes).
 */
export function rankedList(
  report: FaxReport,
  by: RankedBy,
  budget: ListBudget,
  more?: MoreLine,
): FittedList {
  const ranking =
    by === "dids" ? report.topDids : by === "users" ? report.topUsers : report.topDestinations;
  const key = (r: Ranked) => (by === "users" ? dataText(r.key) : numberText(r.key));
  return fitList({
    items: ranking.items,
    total: ranking.count,
    ...budget,
    ...(more ? { more } : {}),
    render: (r, i) => `${i + 1}. *${key(r)}* — ${outcome(report, by, r)}`,
  });
}

/**
 * The title of the list of numbers no fax got through to, with their `count` and a ⚠️ when given:
 * over several days that holds for each day a number was reported, not for the whole range.
 */
export function unreachedTitle(report: FaxReport, count?: number): string {
  const title =
    count === undefined
      ? "*Numbers not reached*"
      : `*Numbers not reached: ${formatCount(count)}* ${WORSE}`;
  return severalDays(report)
    ? `${title} — on each day they were reported, no fax to them got through`
    : `${title} — no fax to these got through`;
}

/** What the failures report holds, said once under its figures. */
export function unreachedNote(report: FaxReport): string {
  return severalDays(report)
    ? "eFax lists a number here only on days when every fax to it failed; days it got through aren't in this report."
    : "eFax lists a number here only when every fax to it failed that day.";
}

/**
 * Destination numbers no fax got through to, from anyone, two lines each so neither wraps:
 * "1. *+1 615-555-2919* — 6 failed, mostly No answer" and, indented, the line and user that tried
 * most, "from line +1 312-555-0178 · user records", with "· 2 other senders" when others tried too.
 */
export function unreachedList(report: FaxReport, budget: ListBudget, more?: MoreLine): FittedList {
  return fitList({
    items: report.allFailed.items,
    total: report.allFailed.count,
    ...budget,
    ...(more ? { more } : {}),
    render: (d, i) => {
      const reason = d.mainReason === null ? "" : dataText(d.mainReason, 32);
      const why = reason === "" ? "" : d.attempts === 1 ? `: ${reason}` : `, mostly ${reason}`;
      const others =
        d.senders > 1 ? ` · ${plural(d.senders - 1, "other sender", "other senders")}` : "";
      return `${i + 1}. *${numberText(d.destination)}* — ${formatCount(d.attempts)} failed${why}\n${INDENT}from line ${numberText(d.did, 24)} · user ${dataText(d.user, 32)}${others}`;
    },
  });
}

function pagesLine(label: string, t: PageTotals): string {
  const split = t.outboundTotal > 0 ? `\n${INDENT}sent: ${resolutionText(t.outbound)}` : "";
  return `${label} — ${plural(t.total, "page", "pages")}: ${formatCount(t.outboundTotal)} sent, ${formatCount(t.inbound)} received${split}`;
}

/**
 * Pages per fax line, most first, two lines each: "1. *+1 510-555-0100* — 218 pages: 102 sent,
 * 116 received" and, indented, "sent: 78 standard · 24 fine".
 */
export function pagesList(report: BillableReport, budget: ListBudget, more?: MoreLine): FittedList {
  return fitList({
    items: report.byDid.items,
    total: report.byDid.count,
    ...budget,
    ...(more ? { more } : {}),
    render: (entry, i) => pagesLine(`${i + 1}. *${numberText(entry.did)}*`, entry.totals),
  });
}

/** The title of a fax report's day-by-day list, saying what its counts are. */
export function seriesTitle(report: FaxReport): string {
  switch (report.kind) {
    case "account-overview":
      return "*Day by day*";
    case "number-overview":
      return "*Day by day* — failed faxes";
    case "failures":
      return "*Day by day* — failed faxes to numbers not reached that day";
  }
}

/**
 * One line per day of a fax report's range, bar first (failures against the worst day):
 * "██████░░░░ Fri 20 Nov — 414 failed · 94.7% went through".
 */
export function faxSeriesLines(report: FaxReport): string[] {
  const worst = Math.max(0, ...report.series.map((s) => s.totals.failures));
  return report.series.map(({ day, totals }) => {
    const label = `${bar(totals.failures, worst)} ${formatShortDay(day)}`;
    if (report.kind === "account-overview") {
      if (totals.attempts === 0) return `${label} — no faxes`;
      return `${label} — ${formatCount(totals.failures)} failed · ${formatPercent(totals.successRate)} went through`;
    }
    if (totals.failures === 0) return `${label} — none`;
    return `${label} — ${formatCount(totals.failures)} failed`;
  });
}

/** One line per day of a billable report's range, bar first (pages against the busiest day). */
export function pageSeriesLines(report: BillableReport): string[] {
  const busiest = Math.max(0, ...report.series.map((s) => s.totals.total));
  return report.series.map(({ day, totals }) => {
    const label = `${bar(totals.total, busiest)} ${formatShortDay(day)}`;
    return totals.total === 0
      ? `${label} — no pages`
      : `${label} — ${plural(totals.total, "page", "pages")}`;
  });
}

interface DayValue {
  day: Day;
  value: number;
}

/**
 * A range in one line, for the channel post: "Most failures on Thu 26 Nov (616), fewest on Sun 22
 * Nov (68)" (the earliest day on ties), or pages for the billable report; "No failures on any day"
 * when there were none.
 */
export function trendLine(report: FaxReport | BillableReport): string {
  const pages = report.kind === "billable-pages";
  const series: DayValue[] =
    report.kind === "billable-pages"
      ? report.series.map(({ day, totals }) => ({ day, value: totals.total }))
      : report.series.map(({ day, totals }) => ({ day, value: totals.failures }));
  let most: DayValue | undefined;
  let least: DayValue | undefined;
  for (const entry of series) {
    if (most === undefined || entry.value > most.value) most = entry;
    if (least === undefined || entry.value < least.value) least = entry;
  }
  const what = pages ? "pages" : "failures";
  if (most === undefined || least === undefined || most.value === 0) return `No ${what} on any day`;
  const at = (entry: DayValue) => `${formatShortDay(entry.day)} (${formatCount(entry.value)})`;
  return `Most ${what} on ${at(most)}, fewest on ${at(least)}`;
}
