/**
 * Report messages: the ephemeral result of `/efax <report>` with its buttons, the compact post a
 * Share puts in the channel, and the detail messages for that post's thread. Every list has a
 * budget of rows and characters, so any report — 100k rows, 31 days, 5,000-character usernames —
 * stays inside Slack's limits (50 blocks, 3000 per section, ~12,000 characters per message).
 */
import type { KnownBlock, PlainTextOption, StaticSelect } from "@slack/types";
import { type Day, rangeLength } from "../../dates/calendar.ts";
import { formatCount } from "../../dates/format.ts";
import { REPORTS } from "../../reports/catalog.ts";
import type { AnyReport, BillableReport, FaxReport, SummaryReport } from "../../reports/model.ts";
import { ACTION_IDS } from "../ids.ts";
import { encodeReportRef, nextRef, previousRef, type ReportRef, refOf } from "../report-ref.ts";
import {
  actions,
  button,
  context,
  divider,
  fallback,
  fields,
  header,
  plain,
  type SlackMessage,
  section,
} from "./blocks.ts";
import { type FittedList, fitList, listSections } from "./budget.ts";
import { blockTextLength } from "./limits.ts";
import { mentionUser } from "./mrkdwn.ts";
import {
  changeNote,
  deadList,
  emptyText,
  faxFigures,
  faxSeriesLines,
  hasData,
  headline,
  type ListBudget,
  pageFigures,
  pageSeriesLines,
  pagesList,
  rankedList,
  reasonList,
  reportHeading,
  SAMPLE_NOTE,
  trendLine,
} from "./report-parts.ts";

/** How much of each list a surface shows. */
interface Budgets {
  /** The report's main list (dead destinations, destinations, pages per line). */
  main: ListBudget;
  /** Secondary rankings (fax lines, users); zero items leaves them out. */
  side: ListBudget;
  reasons: ListBudget;
  /** Day-by-day lines for ranges, or only a one-line trend. */
  series: "lines" | "trend";
}

const RESULT: Budgets = {
  main: { maxItems: 10, maxChars: 2400 },
  side: { maxItems: 5, maxChars: 900 },
  reasons: { maxItems: 8, maxChars: 1200 },
  series: "lines",
};

const SHARED: Budgets = {
  main: { maxItems: 5, maxChars: 1500 },
  side: { maxItems: 0, maxChars: 0 },
  reasons: { maxItems: 4, maxChars: 700 },
  series: "trend",
};

function titled(title: string, list: FittedList): KnownBlock[] {
  if (list.lines.length === 0) return [];
  return [section(`${title}\n${list.lines.join("\n")}`)];
}

function seriesBlocks(report: FaxReport | BillableReport, budgets: Budgets): KnownBlock[] {
  if (rangeLength(report.range) === 1) return [];
  if (budgets.series === "trend") return [section(trendLine(report))];
  const lines = report.kind === "billable-pages" ? pageSeriesLines(report) : faxSeriesLines(report);
  return [section(`*Day by day*  ·  ${trendLine(report)}\n${lines.join("\n")}`)];
}

function figures(texts: string[], report: FaxReport | BillableReport): KnownBlock[] {
  const blocks: KnownBlock[] = [fields(texts)];
  if (report.previous !== null) blocks.push(context(changeNote(report.range)));
  return blocks;
}

function faxBody(report: FaxReport, budgets: Budgets): KnownBlock[] {
  const blocks: KnownBlock[] = figures(faxFigures(report), report);
  const reasons = titled("*Why faxes failed*", reasonList(report.totals, budgets.reasons));
  const dids = titled(
    "*Fax lines (DIDs) with the most failures*",
    rankedList(report.topDids.items, report.topDids.count, budgets.side),
  );
  const users = titled(
    "*Users with the most failures*",
    rankedList(report.topUsers.items, report.topUsers.count, budgets.side),
  );
  const side = budgets.side.maxItems > 0 ? [...dids, ...users] : [];
  if (report.kind === "failures") {
    blocks.push(
      ...titled(
        "*Numbers to check* — every fax to these failed",
        deadList(report.allFailed.items, report.allFailed.count, budgets.main),
      ),
      ...reasons,
      ...side,
    );
  } else if (report.kind === "number-overview") {
    blocks.push(
      context("Only destination numbers with at least one failed fax are in this report."),
      ...reasons,
      ...titled(
        "*Destination numbers with the most failures*",
        rankedList(report.topDestinations.items, report.topDestinations.count, budgets.main),
      ),
      ...side,
    );
  } else {
    blocks.push(...reasons, ...side);
  }
  blocks.push(...seriesBlocks(report, budgets));
  return blocks;
}

function billableBody(report: BillableReport, budgets: Budgets): KnownBlock[] {
  return [
    ...figures(pageFigures(report), report),
    ...titled("*Pages per fax line (DID)*", pagesList(report, budgets.main)),
    ...seriesBlocks(report, budgets),
  ];
}

function summaryBody(report: SummaryReport, budgets: Budgets): KnownBlock[] {
  const { overview, failures, billable } = report;
  const dead = failures.allFailed.count;
  const compact = { maxItems: Math.min(5, budgets.main.maxItems), maxChars: 1200 };
  return [
    section("*All faxes*"),
    ...figures(faxFigures(overview), overview),
    ...titled("*Why faxes failed*", reasonList(overview.totals, budgets.reasons)),
    divider(),
    section(
      `*Destination numbers where every fax failed: ${formatCount(dead)}* ${dead > 0 ? "⚠️" : "✅"}`,
    ),
    ...(dead > 0
      ? [section(deadList(failures.allFailed.items, dead, compact).lines.join("\n"))]
      : []),
    divider(),
    section("*Billable pages*"),
    ...figures(pageFigures(billable), billable),
    ...seriesBlocks(overview, budgets),
  ];
}

function body(report: AnyReport, budgets: Budgets, hints: boolean): KnownBlock[] {
  if (!hasData(report)) {
    const { sentence, hint } = emptyText(report);
    return hints ? [section(sentence), context(hint)] : [section(sentence)];
  }
  switch (report.kind) {
    case "summary":
      return summaryBody(report, budgets);
    case "billable-pages":
      return billableBody(report, budgets);
    default:
      return faxBody(report, budgets);
  }
}

function opening(report: AnyReport): KnownBlock[] {
  const blocks: KnownBlock[] = [header(reportHeading(report))];
  if (report.sample) blocks.push(context(SAMPLE_NOTE));
  return blocks;
}

function periodWord(ref: ReportRef): string {
  const length = rangeLength(ref);
  return length === 1 ? "day" : `${length} days`;
}

function otherReports(ref: ReportRef): StaticSelect {
  const options: PlainTextOption[] = REPORTS.filter((r) => r.name !== ref.name).map((r) => ({
    text: plain(r.title, 75),
    value: encodeReportRef({ ...ref, name: r.name }),
  }));
  return {
    type: "static_select",
    action_id: ACTION_IDS.switchReport,
    placeholder: plain("Other report, same days", 150),
    options,
  };
}

function resultActions(report: AnyReport, today: Day): KnownBlock {
  const ref = refOf(report);
  const value = encodeReportRef(ref);
  const word = periodWord(ref);
  const next = nextRef(ref, today);
  return actions([
    button({ text: "Share to channel", actionId: ACTION_IDS.share, value, style: "primary" }),
    ...(hasData(report) ? [button({ text: "Download CSV", actionId: ACTION_IDS.csv, value })] : []),
    button({
      text: `◀ Previous ${word}`,
      actionId: ACTION_IDS.previous,
      value: encodeReportRef(previousRef(ref)),
    }),
    ...(next
      ? [
          button({
            text: `Next ${word} ▶`,
            actionId: ACTION_IDS.next,
            value: encodeReportRef(next),
          }),
        ]
      : []),
    otherReports(ref),
  ]);
}

/** What the result message needs besides the report. */
export interface ReportMessageOptions {
  /** The requester's today: no "next" button leads past it. */
  today: Day;
}

/**
 * The ephemeral result of a report: heading with the exact days, "Sample data" when it applies,
 * key figures with the change against the previous period, reasons, the report's lists (capped,
 * ending "and N more — full list in the CSV"), day by day for ranges, and the buttons Share,
 * Download CSV, previous / next day (or period of the same length; next only up to `today`) and a
 * menu of the other reports for the same days. Every button value is an `encodeReportRef`.
 */
export function buildReportMessage(report: AnyReport, options: ReportMessageOptions): SlackMessage {
  return {
    text: fallback(headline(report)),
    blocks: [
      ...opening(report),
      ...body(report, RESULT, true),
      resultActions(report, options.today),
      context(
        hasData(report)
          ? "Only you can see this. *Share to channel* posts it for everyone, with the details and a CSV in a thread."
          : "Only you can see this. *Share to channel* posts it for everyone.",
      ),
    ],
  };
}

/** What the channel post needs besides the report. */
export interface SharedMessageOptions {
  /** Slack user id of the person who clicked Share. */
  sharedBy: string;
}

/**
 * The channel post a Share creates: the same heading and key figures, the top of the main list,
 * a trend line for ranges, and who shared it. No buttons: everyone in the channel sees it.
 */
export function buildSharedMessage(report: AnyReport, options: SharedMessageOptions): SlackMessage {
  const closing = hasData(report)
    ? `Shared by ${mentionUser(options.sharedBy)} · details and the CSV are in the thread 🧵`
    : `Shared by ${mentionUser(options.sharedBy)}`;
  return {
    text: fallback(headline(report)),
    blocks: [...opening(report), ...body(report, SHARED, false), context(closing)],
  };
}

/** A detail list for the thread: its title and its fitted lines. */
interface Detail {
  title: string;
  list: (budget: ListBudget) => FittedList;
}

/** Characters of detail lists per thread message, leaving room under the ~12,000 total. */
const THREAD_CHARS = 10_000;
const THREAD_ITEMS = 200;
const THREAD_BLOCKS = 45;

function detailBlocks(details: readonly Detail[]): KnownBlock[] {
  const budget = {
    maxItems: THREAD_ITEMS,
    maxChars: Math.floor(THREAD_CHARS / Math.max(1, details.length)),
  };
  const blocks: KnownBlock[] = [];
  for (const detail of details) {
    const list = detail.list(budget);
    if (list.lines.length > 0) blocks.push(...listSections(`*${detail.title}*`, list.lines));
  }
  return blocks;
}

/** Groups of blocks packed into as few messages as stay within the thread budget. */
function packMessages(report: AnyReport, groups: readonly KnownBlock[][]): SlackMessage[] {
  const packed: KnownBlock[][] = [];
  for (const group of groups) {
    if (group.length === 0) continue;
    const last = packed.at(-1);
    if (
      last &&
      last.length + group.length <= THREAD_BLOCKS &&
      blockTextLength(last) + blockTextLength(group) <= THREAD_CHARS
    ) {
      last.push(...group);
    } else {
      packed.push([...group]);
    }
  }
  const text = fallback(`Details of ${headline(report)}`);
  return packed.map((blocks, i) =>
    i === 0
      ? { text, blocks: [context(`Details of *${reportHeading(report)}*`), ...blocks] }
      : { text, blocks },
  );
}

function faxDetails(report: FaxReport): Detail[][] {
  const reasons: Detail = {
    title: "Why faxes failed",
    list: (b) => reasonList(report.totals, b),
  };
  const dids: Detail = {
    title: "Fax lines (DIDs) by failures",
    list: (b) => rankedList(report.topDids.items, report.topDids.count, b),
  };
  const users: Detail = {
    title: "Users by failures",
    list: (b) => rankedList(report.topUsers.items, report.topUsers.count, b),
  };
  const destinations: Detail = {
    title: "Destination numbers by failures",
    list: (b) => rankedList(report.topDestinations.items, report.topDestinations.count, b),
  };
  const days: Detail = {
    title: "Day by day",
    list: (b) => lines(rangeLength(report.range) > 1 ? faxSeriesLines(report) : [], b),
  };
  switch (report.kind) {
    case "failures":
      return [
        [
          {
            title: "Destination numbers where every fax failed",
            list: (b) => deadList(report.allFailed.items, report.allFailed.count, b),
          },
        ],
        [reasons, dids, users, days],
      ];
    case "number-overview":
      return [[destinations], [reasons, dids, users, days]];
    case "account-overview":
      return [[reasons, dids, users, days]];
  }
}

function lines(all: readonly string[], budget: ListBudget): FittedList {
  return fitList({ items: all, total: all.length, render: (line) => line, ...budget });
}

function billableDetails(report: BillableReport): Detail[][] {
  return [
    [
      { title: "Pages per fax line (DID)", list: (b) => pagesList(report, b) },
      {
        title: "Day by day",
        list: (b) => lines(rangeLength(report.range) > 1 ? pageSeriesLines(report) : [], b),
      },
    ],
  ];
}

/**
 * The details a shared report puts in its thread, one message per group of lists (the main list
 * first), each inside Slack's limits; lists longer than fits end with "and N more — full list in
 * the CSV". An empty report has no details: the result is then an empty array.
 */
export function buildThreadDetails(report: AnyReport): SlackMessage[] {
  if (!hasData(report)) return [];
  let groups: Detail[][];
  if (report.kind === "summary") {
    const dead = faxDetails(report.failures)[0] ?? [];
    groups = [dead, ...faxDetails(report.overview), ...billableDetails(report.billable)];
  } else if (report.kind === "billable-pages") {
    groups = billableDetails(report);
  } else {
    groups = faxDetails(report);
  }
  return packMessages(report, groups.map(detailBlocks));
}
