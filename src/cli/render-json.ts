/**
 * `--format json`: one object per run, shaped for `jq` and scripts rather than mirroring the
 * internal model. The shape is documented in `efax --help` and the README; change both with it.
 */
import type { FaxCounts } from "../efax/types.ts";
import type {
  AnyReport,
  BillableReport,
  BillableRow,
  FaxReport,
  FaxRow,
  FaxTotals,
  PageTotals,
  SummaryReport,
} from "../reports/model.ts";
import { reportNameOf } from "./report-name.ts";

export interface FaxTotalsJson {
  attempts: number;
  successes: number;
  failures: number;
  /** 0–1, or null when there were no attempts. */
  successRate: number | null;
  /** Reason → count, most frequent first. */
  byReason: Record<string, number>;
}

export interface FaxRowJson {
  day: string;
  did: string;
  user: string;
  /** Absent in the account overview, which has no destinations. */
  destination?: string;
  attempts: number;
  successes: number;
  failures: number;
  /** Reason → count, only the reasons that occurred. */
  byReason: Record<string, number>;
}

export interface PageTotalsJson {
  /** Resolution (`STANDARD`, `FINE`, …) → outbound pages. */
  outbound: Record<string, number>;
  inbound: number;
  /** Outbound and inbound pages together. */
  total: number;
}

export interface BillableRowJson {
  day: string;
  did: string;
  outbound: Record<string, number>;
  inbound: number;
  total: number;
}

interface ReportJsonBase {
  from: string;
  to: string;
  /** True when the numbers are the built-in sample data. */
  sample: boolean;
}

export interface FaxReportJson extends ReportJsonBase {
  report: "overview" | "numbers" | "failures";
  totals: FaxTotalsJson;
  rows: FaxRowJson[];
}

export interface BillableReportJson extends ReportJsonBase {
  report: "billable";
  totals: PageTotalsJson;
  rows: BillableRowJson[];
}

export interface SummaryReportJson extends ReportJsonBase {
  report: "summary";
  overview: FaxReportJson;
  failures: FaxReportJson;
  billable: BillableReportJson;
}

export type ReportJson = FaxReportJson | BillableReportJson | SummaryReportJson;

/** Text handed to `write` in pieces of about this many characters. */
const PIECE = 64 * 1024;
/** Distinct counts objects whose JSON is kept while streaming (rows share the parser's objects). */
const FIGURES_CACHE_LIMIT = 4096;

/** The JSON object printed for a report. */
export function reportJson(report: AnyReport): ReportJson {
  switch (report.kind) {
    case "summary":
      return {
        ...summaryHead(report),
        overview: faxJson(report.overview),
        failures: faxJson(report.failures),
        billable: billableJson(report.billable),
      };
    case "billable-pages":
      return billableJson(report);
    default:
      return faxJson(report);
  }
}

/**
 * Prints `JSON.stringify(reportJson(report))` and a newline through `write`, in pieces of about
 * 64 kB: rows become JSON one at a time, so a 100k-row day is never one 16 MB string, nor 100k row
 * objects at once. The figures of rows that share one counts object are turned into JSON once.
 */
export function writeReportJson(report: AnyReport, write: (text: string) => void): void {
  let pending = "";
  const add = (text: string): void => {
    pending += text;
    if (pending.length >= PIECE) {
      write(pending);
      pending = "";
    }
  };
  switch (report.kind) {
    case "summary":
      add(`${openObject(summaryHead(report))},"overview":`);
      streamFax(report.overview, add);
      add(',"failures":');
      streamFax(report.failures, add);
      add(',"billable":');
      streamBillable(report.billable, add);
      add("}");
      break;
    case "billable-pages":
      streamBillable(report, add);
      break;
    default:
      streamFax(report, add);
  }
  write(`${pending}\n`);
}

function faxJson(report: FaxReport): FaxReportJson {
  const withDestination = report.kind !== "account-overview";
  return {
    ...faxHead(report),
    rows: report.rows.map((row) => ({
      ...faxRowSubject(row, withDestination),
      ...faxRowFigures(row.counts),
    })),
  };
}

function billableJson(report: BillableReport): BillableReportJson {
  return { ...billableHead(report), rows: report.rows.map(billableRowJson) };
}

/** The text of `faxJson(report)`, row by row. */
function streamFax(report: FaxReport, add: (text: string) => void): void {
  const subjectText = subjectWriter(report.kind !== "account-overview");
  const figuresText = new Map<FaxCounts, string>();
  streamRows(faxHead(report), report.rows, add, (row) => {
    let figures = figuresText.get(row.counts);
    if (figures === undefined) {
      figures = JSON.stringify(faxRowFigures(row.counts)).slice(1);
      if (figuresText.size < FIGURES_CACHE_LIMIT) figuresText.set(row.counts, figures);
    }
    return `${subjectText(row)},${figures}`;
  });
}

/**
 * The text of `faxRowSubject(row)` without its closing brace. Rows come grouped by day, DID and
 * user, so the text of those three is kept from one row to the next and only the destination is
 * turned into JSON for each row (a 100k-row day: 50 → 31 ms).
 */
function subjectWriter(withDestination: boolean): (row: FaxRow) => string {
  let previous: FaxRow | undefined;
  let head = "";
  return (row) => {
    if (
      previous === undefined ||
      row.day !== previous.day ||
      row.did !== previous.did ||
      row.user !== previous.user
    ) {
      head = openObject(faxRowSubject(row, false));
    }
    previous = row;
    return withDestination && row.destination !== null
      ? `${head},"destination":${JSON.stringify(row.destination)}`
      : head;
  };
}

/** The text of `billableJson(report)`, row by row. */
function streamBillable(report: BillableReport, add: (text: string) => void): void {
  streamRows(billableHead(report), report.rows, add, (row) => JSON.stringify(billableRowJson(row)));
}

/** `{...head, rows}` as JSON text, each row's text from `rowText`. */
function streamRows<R>(
  head: object,
  rows: readonly R[],
  add: (text: string) => void,
  rowText: (row: R) => string,
): void {
  add(`${openObject(head)},"rows":[`);
  rows.forEach((row, i) => {
    add(i === 0 ? rowText(row) : `,${rowText(row)}`);
  });
  add("]}");
}

/** `JSON.stringify(value)` without its closing brace, for more keys to follow. */
function openObject(value: object): string {
  return JSON.stringify(value).slice(0, -1);
}

function summaryHead(
  report: SummaryReport,
): Omit<SummaryReportJson, "overview" | "failures" | "billable"> {
  return { report: "summary", from: report.range.from, to: report.range.to, sample: report.sample };
}

function faxHead(report: FaxReport): Omit<FaxReportJson, "rows"> {
  return {
    report: faxReportName(report),
    from: report.range.from,
    to: report.range.to,
    sample: report.sample,
    totals: faxTotalsJson(report.totals),
  };
}

function billableHead(report: BillableReport): Omit<BillableReportJson, "rows"> {
  return {
    report: "billable",
    from: report.range.from,
    to: report.range.to,
    sample: report.sample,
    totals: pageTotalsJson(report.totals),
  };
}

/** The first keys of a fax row's JSON: what the row is about. */
function faxRowSubject(
  row: FaxRow,
  withDestination: boolean,
): Pick<FaxRowJson, "day" | "did" | "user" | "destination"> {
  return withDestination && row.destination !== null
    ? { day: row.day, did: row.did, user: row.user, destination: row.destination }
    : { day: row.day, did: row.did, user: row.user };
}

/** The last keys of a fax row's JSON: its figures, the same for every row with these counts. */
function faxRowFigures(
  counts: FaxCounts,
): Pick<FaxRowJson, "attempts" | "successes" | "failures" | "byReason"> {
  return {
    attempts: counts.total,
    successes: counts.success,
    failures: counts.failures,
    byReason: occurred(counts.reasons),
  };
}

function billableRowJson(row: BillableRow): BillableRowJson {
  let outboundTotal = 0;
  for (const resolution in row.outbound) outboundTotal += row.outbound[resolution] ?? 0;
  return {
    day: row.day,
    did: row.did,
    outbound: row.outbound,
    inbound: row.inbound,
    total: outboundTotal + row.inbound,
  };
}

/** Only the reasons with a count, like the totals: upstream lists every reason, zeros included. */
function occurred(reasons: Record<string, number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reason in reasons) {
    const count = reasons[reason];
    if (count) counts[reason] = count;
  }
  return counts;
}

function faxTotalsJson(totals: FaxTotals): FaxTotalsJson {
  const byReason: Record<string, number> = {};
  for (const { reason, count } of totals.byReason) byReason[reason] = count;
  return {
    attempts: totals.attempts,
    successes: totals.successes,
    failures: totals.failures,
    successRate: totals.successRate,
    byReason,
  };
}

function pageTotalsJson(totals: PageTotals): PageTotalsJson {
  return { outbound: totals.outbound, inbound: totals.inbound, total: totals.total };
}

function faxReportName(report: FaxReport): FaxReportJson["report"] {
  const name = reportNameOf(report);
  if (name === "overview" || name === "numbers" || name === "failures") return name;
  throw new Error(`A fax report cannot be named ${name}.`);
}
