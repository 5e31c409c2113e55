/**
 * `--format json`: one object per run, shaped for `jq` and scripts rather than mirroring the
 * internal model. The shape is documented in `efax --help` and the README; change both with it.
 */
import type {
  AnyReport,
  BillableReport,
  FaxReport,
  FaxTotals,
  PageTotals,
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

/** The JSON object printed for a report. */
export function reportJson(report: AnyReport): ReportJson {
  switch (report.kind) {
    case "summary":
      return {
        report: "summary",
        from: report.range.from,
        to: report.range.to,
        sample: report.sample,
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

function faxJson(report: FaxReport): FaxReportJson {
  const name = faxReportName(report);
  const withDestination = report.kind !== "account-overview";
  return {
    report: name,
    from: report.range.from,
    to: report.range.to,
    sample: report.sample,
    totals: faxTotalsJson(report.totals),
    rows: report.rows.map((row) => ({
      day: row.day,
      did: row.did,
      user: row.user,
      ...(withDestination && row.destination !== null ? { destination: row.destination } : {}),
      attempts: row.counts.total,
      successes: row.counts.success,
      failures: row.counts.failures,
      byReason: occurred(row.counts.reasons),
    })),
  };
}

function billableJson(report: BillableReport): BillableReportJson {
  return {
    report: "billable",
    from: report.range.from,
    to: report.range.to,
    sample: report.sample,
    totals: pageTotalsJson(report.totals),
    rows: report.rows.map((row) => {
      let outboundTotal = 0;
      for (const resolution in row.outbound) outboundTotal += row.outbound[resolution] ?? 0;
      return {
        day: row.day,
        did: row.did,
        outbound: row.outbound,
        inbound: row.inbound,
        total: outboundTotal + row.inbound,
      };
    }),
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
