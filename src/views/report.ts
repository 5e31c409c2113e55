/**
 * Report messages: the ephemeral result of `/efax <report>` with its buttons, the compact post a
 * Share puts in the channel, and the detail messages for that post's thread. Every list has a
 * budget of rows and characters, so any report — 100k rows, 31 days, 5,000-character usernames —
 * stays inside Slack's limits (50 blocks, 3000 per section, ~12,000 characters per message).
 */
import type { KnownBlock, PlainTextOption, StaticSelect } from "@slack/types";
import { type Day, rangeLength } from "../dates/calendar.ts";
import { plural } from "../dates/format.ts";
import { REPORTS } from "../reports/catalog.ts";
import type { AnyReport, BillableReport, FaxReport, SummaryReport } from "../reports/model.ts";
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
import {
  type FittedList,
  fitList,
  listSections,
  moreInThread,
  moreInThreadAndCsv,
} from "./budget.ts";
import { type ChartDisplay, chartBlocks } from "./chart.ts";
import { BETTER, changeLegend, faxFigures, pageFigures, resolutionNote } from "./figures.ts";
import { ACTION_IDS, COMMAND } from "./ids.ts";
import { blockTextLength } from "./limits.ts";
import {
  faxSeriesLines,
  type ListBudget,
  type MoreLine,
  pageSeriesLines,
  pagesList,
  rankedList,
  rankingTitle,
  reasonList,
  seriesTitle,
  trendLine,
  unreachedList,
  unreachedNote,
  unreachedTitle,
} from "./lists.ts";
import { code, mentionUser } from "./mrkdwn.ts";
import { emptyText, hasData, headline, reportHeading, SAMPLE_NOTE } from "./report-parts.ts";
import { encodeReportRef, nextRef, previousRef, type ReportRef, refOf } from "./report-ref.ts";

/** How much of each list a surface shows, and where readers find the rest. */
interface Budgets {
  /** The report's main list (numbers not reached, destinations, pages per line). */
  main: ListBudget;
  /** Secondary rankings (fax lines, users); zero items leaves them out. */
  side: ListBudget;
  reasons: ListBudget;
  /** Day-by-day lines for ranges, or only a one-line trend. */
  series: "lines" | "trend";
  /** The closing line of a cut list; default: the full list is in the CSV. */
  more?: MoreLine;
  /** The closing line of cut reasons; default: how many failures the rest hold. */
  reasonsMore?: MoreLine;
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
  more: moreInThreadAndCsv,
  reasonsMore: moreInThread,
};

/** Pages per day, titled apart from the faxes' day by day, which the summary's thread also has. */
const PAGES_BY_DAY = "*Pages day by day*";

function titled(title: string, list: FittedList): KnownBlock[] {
  if (list.lines.length === 0) return [];
  return [section(`${title}\n${list.lines.join("\n")}`)];
}

function seriesBlocks(report: FaxReport | BillableReport, budgets: Budgets): KnownBlock[] {
  if (rangeLength(report.range) === 1) return [];
  if (budgets.series === "trend") return [section(`*Day by day:* ${trendLine(report)}`)];
  const [title, lines] =
    report.kind === "billable-pages"
      ? [PAGES_BY_DAY, pageSeriesLines(report)]
      : [seriesTitle(report), faxSeriesLines(report)];
  return [section(`${title}\n${lines.join("\n")}`)];
}

/** The grid of key figures, then grey notes: the change legend (unless `legend` is false) first. */
function figureBlocks(
  texts: string[],
  report: FaxReport | BillableReport,
  notes: readonly (string | null)[] = [],
  legend = true,
): KnownBlock[] {
  const lines: string[] = [];
  if (legend && report.previous !== null) {
    lines.push(changeLegend(report.range, report.kind !== "billable-pages"));
  }
  for (const note of notes) if (note) lines.push(note);
  return [fields(texts), ...lines.map((line) => context(line))];
}

function faxBody(report: FaxReport, budgets: Budgets): KnownBlock[] {
  const note =
    report.kind === "failures"
      ? unreachedNote(report)
      : report.kind === "number-overview"
        ? "Only destination numbers with at least one failed fax are in this report."
        : null;
  const blocks: KnownBlock[] = figureBlocks(faxFigures(report), report, [note]);
  const reasons = titled(
    "*Why faxes failed*",
    reasonList(report.totals, budgets.reasons, budgets.reasonsMore),
  );
  const side =
    budgets.side.maxItems > 0
      ? [
          ...titled(rankingTitle(report, "dids"), rankedList(report, "dids", budgets.side)),
          ...titled(rankingTitle(report, "users"), rankedList(report, "users", budgets.side)),
        ]
      : [];
  if (report.kind === "failures") {
    blocks.push(
      ...titled(unreachedTitle(report), unreachedList(report, budgets.main, budgets.more)),
      ...reasons,
      ...side,
    );
  } else if (report.kind === "number-overview") {
    blocks.push(
      ...reasons,
      ...titled(
        rankingTitle(report, "destinations"),
        rankedList(report, "destinations", budgets.main, budgets.more),
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
    ...figureBlocks(pageFigures(report), report, [resolutionNote(report.totals)]),
    ...titled("*Pages per fax line (DID)*", pagesList(report, budgets.main, budgets.more)),
    ...seriesBlocks(report, budgets),
  ];
}

function summaryBody(report: SummaryReport, budgets: Budgets): KnownBlock[] {
  const { overview, failures, billable } = report;
  const dead = failures.allFailed.count;
  const compact = { maxItems: Math.min(5, budgets.main.maxItems), maxChars: 1200 };
  return [
    section("*All faxes*"),
    ...figureBlocks(faxFigures(overview), overview),
    ...titled(
      "*Why faxes failed*",
      reasonList(overview.totals, budgets.reasons, budgets.reasonsMore),
    ),
    divider(),
    ...(dead > 0
      ? titled(unreachedTitle(failures, dead), unreachedList(failures, compact, budgets.more))
      : [section(`*Numbers not reached: 0* ${BETTER}`)]),
    divider(),
    ...figureBlocks(pageFigures(billable), billable, [resolutionNote(billable.totals)], false),
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

function opening(report: AnyReport, chart?: ChartDisplay | null): KnownBlock[] {
  const blocks: KnownBlock[] = [header(reportHeading(report))];
  if (report.sample) blocks.push(context(SAMPLE_NOTE));
  blocks.push(...chartBlocks(chart));
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

function resultActions(report: AnyReport, today: Day, audience: ReportAudience): KnownBlock {
  const ref = refOf(report);
  const value = encodeReportRef(ref);
  const word = periodWord(ref);
  const next = nextRef(ref, today);
  return actions([
    ...(audience === "direct-message"
      ? []
      : [
          button({ text: "Share to channel", actionId: ACTION_IDS.share, value, style: "primary" }),
        ]),
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

/**
 * Who can read a report message: only the requester (an ephemeral answer), everyone in the
 * channel (a reply in a channel's thread, for a mention), or the person alone in the app's
 * direct messages.
 */
export type ReportAudience = "requester" | "channel-thread" | "direct-message";

/** What the result message needs besides the report. */
export interface ReportMessageOptions {
  /** The requester's today: no "next" button leads past it. */
  today: Day;
  /**
   * Who reads it, which the closing note states. In a direct message there is no channel to share
   * to, so Share is left out. Default `"requester"`.
   */
  audience?: ReportAudience;
  /** The report's chart, shown under its heading; none by default. */
  chart?: ChartDisplay | null;
}

function audienceNote(report: AnyReport, audience: ReportAudience): string {
  const details = hasData(report) ? ", with the details and a CSV in a thread" : "";
  switch (audience) {
    case "requester":
      return `Only you can see this. *Share to channel* posts it for everyone${details}.`;
    case "channel-thread":
      return `Everyone in this channel can read this reply. *Share to channel* posts the report as a new message in the channel${details}.`;
    case "direct-message":
      return `To show a report to a channel, run ${code(COMMAND)} there and click *Share to channel*.`;
  }
}

/**
 * The result of a report: heading with the exact days, "Sample data" when it applies, key
 * figures with the change against the previous period, reasons, the report's lists (capped,
 * ending "and N more — full list in the CSV"; reasons, which the CSV does not list, end with how
 * many failures the rest hold), day by day for ranges, and the buttons Share (not in a direct
 * message), Download CSV, previous / next day (or period of the same length; next only up to
 * `today`) and a menu of the other reports for the same days, then a note saying who can read it
 * (by default: only the requester). Every button value is an `encodeReportRef`.
 */
export function buildReportMessage(report: AnyReport, options: ReportMessageOptions): SlackMessage {
  const audience = options.audience ?? "requester";
  return {
    text: fallback(headline(report)),
    blocks: [
      ...opening(report, options.chart),
      ...body(report, RESULT, true),
      resultActions(report, options.today, audience),
      context(audienceNote(report, audience)),
    ],
  };
}

/** What the channel post needs besides the report. */
export interface SharedMessageOptions {
  /** Slack user id of the person who clicked Share. */
  sharedBy: string;
  /** The report's chart, carried into the channel under the heading; none by default. */
  chart?: ChartDisplay | null;
}

/**
 * The channel post a Share creates: the same heading and key figures, the top of the main list
 * and of the reasons (each ending "and N more in the thread", where the details and the CSV go),
 * the busiest and quietest day for ranges, and who shared it. No buttons: everyone in the channel
 * sees it.
 */
export function buildSharedMessage(report: AnyReport, options: SharedMessageOptions): SlackMessage {
  const closing = hasData(report)
    ? `Shared by ${mentionUser(options.sharedBy)} · details and the CSV are in the thread 🧵`
    : `Shared by ${mentionUser(options.sharedBy)}`;
  return {
    text: fallback(headline(report)),
    blocks: [...opening(report, options.chart), ...body(report, SHARED, false), context(closing)],
  };
}

/** A detail list for the thread: its bold title and its fitted lines. */
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
    if (list.lines.length > 0) blocks.push(...listSections(detail.title, list.lines));
  }
  return blocks;
}

/**
 * Groups of blocks packed into as few messages as stay within the thread budget. Every message
 * of a sample report carries the sample label, since a thread message can be read on its own.
 */
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
  const heading = reportHeading(report);
  const text = fallback(headline(report, "Details of "));
  const label = report.sample ? [context(SAMPLE_NOTE)] : [];
  return packed.map((blocks, i) => ({
    text,
    blocks: [...(i === 0 ? [context(`Details of *${heading}*`)] : []), ...label, ...blocks],
  }));
}

function lines(all: readonly string[], budget: ListBudget, more: MoreLine): FittedList {
  return fitList({ items: all, total: all.length, render: (line) => line, more, ...budget });
}

const moreDays: MoreLine = (omitted) => `_and ${plural(omitted, "more day", "more days")}_`;

function faxDetails(report: FaxReport): Detail[][] {
  const reasons: Detail = {
    title: "*Why faxes failed*",
    list: (b) => reasonList(report.totals, b),
  };
  const ranking = (by: "dids" | "users" | "destinations"): Detail => ({
    title: rankingTitle(report, by),
    list: (b) => rankedList(report, by, b),
  });
  const days: Detail = {
    title: seriesTitle(report),
    list: (b) => lines(rangeLength(report.range) > 1 ? faxSeriesLines(report) : [], b, moreDays),
  };
  const rest = [reasons, ranking("dids"), ranking("users"), days];
  switch (report.kind) {
    case "failures":
      return [[{ title: unreachedTitle(report), list: (b) => unreachedList(report, b) }], rest];
    case "number-overview":
      return [[ranking("destinations")], rest];
    case "account-overview":
      return [rest];
  }
}

function billableDetails(report: BillableReport): Detail[][] {
  return [
    [
      { title: "*Pages per fax line (DID)*", list: (b) => pagesList(report, b) },
      {
        title: PAGES_BY_DAY,
        list: (b) =>
          lines(rangeLength(report.range) > 1 ? pageSeriesLines(report) : [], b, moreDays),
      },
    ],
  ];
}

/**
 * The details a shared report puts in its thread, one message per group of lists (the main list
 * first), each inside Slack's limits and each labelled "Sample data" on sample reports. Lists
 * longer than fits end with "and N more — full list in the CSV" (which the thread also holds);
 * failure reasons and days, which the CSV does not list, end with how many are left out. An empty
 * report has no details: the result is then an empty array.
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
