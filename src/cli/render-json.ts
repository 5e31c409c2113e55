/**
 * `--format json`: one object per run, shaped for `jq` and scripts rather than mirroring the
 * internal model. The shape is documented in `efax --help` and the README; change both with it.
 */
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

/** A report's JSON without its rows, and how to turn each row into JSON. */
interface Parts<J extends { rows: unknown[] }, R> {
  head: Omit<J, "rows">;
  rows: readonly R[];
  rowJson: (row: R) => J["rows"][number];
}

/** Text handed to `write` in pieces of about this many characters. */
const PIECE = 64 * 1024;

/** The JSON object printed for a report. */
export function reportJson(report: AnyReport): ReportJson {
  switch (report.kind) {
    case "summary":
      return {
        ...summaryHead(report),
        overview: whole(faxParts(report.overview)),
        failures: whole(faxParts(report.failures)),
        billable: whole(billableParts(report.billable)),
      };
    case "billable-pages":
      return whole(billableParts(report));
    default:
      return whole(faxParts(report));
  }
}

/**
 * Prints `JSON.stringify(reportJson(report))` and a newline through `write`, in pieces of about
 * 64 kB: rows become JSON one at a time, so a 100k-row day is never one 16 MB string, nor 100k row
 * objects at once.
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
      streamed(faxParts(report.overview), add);
      add(',"failures":');
      streamed(faxParts(report.failures), add);
      add(',"billable":');
      streamed(billableParts(report.billable), add);
      add("}");
      break;
    case "billable-pages":
      streamed(billableParts(report), add);
      break;
    default:
      streamed(faxParts(report), add);
  }
  write(`${pending}\n`);
}

function whole<J extends { rows: unknown[] }, R>({ head, rows, rowJson }: Parts<J, R>) {
  return { ...head, rows: rows.map(rowJson) };
}

/** The same text as `JSON.stringify(whole(parts))`: the head, then `rows` last, row by row. */
function streamed<J extends { rows: unknown[] }, R>(
  { head, rows, rowJson }: Parts<J, R>,
  add: (text: string) => void,
): void {
  add(`${openObject(head)},"rows":[`);
  rows.forEach((row, i) => {
    add(`${i === 0 ? "" : ","}${JSON.stringify(rowJson(row))}`);
  });
  add("]}");
}

/** `JSON.stringify(head)` without its closing brace, for more keys to follow. */
function openObject(head: object): string {
  return JSON.stringify(head).slice(0, -1);
}

function summaryHead(
  report: SummaryReport,
): Omit<SummaryReportJson, "overview" | "failures" | "billable"> {
  return {
    report: "summary",
    from: report.range.from,
    to: report.range.to,
    sample: report.sample,
  };
}

function faxParts(report: FaxReport): Parts<FaxReportJson, FaxRow> {
  const withDestination = report.kind !== "account-overview";
  return {
    head: {
      report: faxReportName(report),
      from: report.range.from,
      to: report.range.to,
      sample: report.sample,
      totals: faxTotalsJson(report.totals),
    },
    rows: report.rows,
    rowJson: (row) => ({
      day: row.day,
      did: row.did,
      user: row.user,
      ...(withDestination && row.destination !== null ? { destination: row.destination } : {}),
      attempts: row.counts.total,
      successes: row.counts.success,
      failures: row.counts.failures,
      byReason: occurred(row.counts.reasons),
    }),
  };
}

function billableParts(report: BillableReport): Parts<BillableReportJson, BillableRow> {
  return {
    head: {
      report: "billable",
      from: report.range.from,
      to: report.range.to,
      sample: report.sample,
      totals: pageTotalsJson(report.totals),
    },
    rows: report.rows,
    rowJson: (row) => {
      let outboundTotal = 0;
      for (const resolution in row.outbound) outboundTotal += row.outbound[resolution] ?? 0;
      return {
        day: row.day,
        did: row.did,
        outbound: row.outbound,
        inbound: row.inbound,
        total: outboundTotal + row.inbound,
      };
    },
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
