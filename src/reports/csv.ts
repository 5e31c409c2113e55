/**
 * CSV exports of reports, one file per upstream report, for people who open them in spreadsheets:
 * RFC 4180 (CRLF line ends, fields quoted when they hold a comma, quote, CR or LF, quotes
 * doubled) and every text cell that a spreadsheet would read as a formula neutralised with a
 * leading single quote (OWASP "CSV injection": cells starting with = + - @ tab or CR).
 */
import { rangeLength } from "../dates/calendar.ts";
import type { AnyReport, BillableReport, FaxReport } from "./model.ts";
import { reasonColumns, resolutionColumns } from "./order.ts";

/** One CSV file: a download name and its text. */
export interface CsvFile {
  filename: string;
  content: string;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * The CSV files of a report: one for a single report, three for the summary (account overview,
 * failures, billable pages). Fax files have the columns date, did, user, destination (not in the
 * account overview), attempts, successes, failures, then one per failure reason (the six known
 * ones in documented order, then others by name); billable files date, did, one per resolution
 * (STANDARD, FINE, then others by name), outbound_total, inbound, total. One line per row of the
 * report, in the report's order. Names: `efax-<upstream report>-<day>.csv`, or
 * `efax-<upstream report>-<first day>_<last day>.csv` for a range.
 */
export function csvFiles(report: AnyReport): CsvFile[] {
  switch (report.kind) {
    case "summary":
      return [faxCsv(report.overview), faxCsv(report.failures), billableCsv(report.billable)];
    case "billable-pages":
      return [billableCsv(report)];
    default:
      return [faxCsv(report)];
  }
}

/**
 * Marks a file as UTF-8 for spreadsheets: without it, Excel reads a CSV in the system's legacy
 * code page and garbles names such as "müller". For files people download, not for piped output.
 */
export const UTF8_BOM = "\uFEFF";

/** The files of {@link csvFiles}, each starting with {@link UTF8_BOM}, for people to download. */
export function csvDownloads(report: AnyReport): CsvFile[] {
  return csvFiles(report).map((file) => ({ ...file, content: UTF8_BOM + file.content }));
}

/** One cell as RFC 4180 text, neutralised when a spreadsheet would run it as a formula. */
export function csvCell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvText(lines: (string | number)[][]): string {
  let text = "";
  for (const line of lines) text += `${line.map(csvCell).join(",")}\r\n`;
  return text;
}

function fileName(report: FaxReport | BillableReport): string {
  const { from, to } = report.range;
  const days = rangeLength(report.range) === 1 ? from : `${from}_${to}`;
  return `efax-${report.kind}-${days}.csv`;
}

function faxCsv(report: FaxReport): CsvFile {
  const withDestination = report.kind !== "account-overview";
  const seen = new Set<string>();
  for (const row of report.rows) for (const reason in row.counts.reasons) seen.add(reason);
  const reasons = reasonColumns(seen);
  const header = ["date", "did", "user"];
  if (withDestination) header.push("destination");
  header.push("attempts", "successes", "failures", ...reasons);
  const lines: (string | number)[][] = [header];
  for (const row of report.rows) {
    const { counts } = row;
    const line: (string | number)[] = [row.day, row.did, row.user];
    if (withDestination) line.push(row.destination ?? "");
    line.push(counts.total, counts.success, counts.failures);
    for (const reason of reasons) line.push(counts.reasons[reason] ?? 0);
    lines.push(line);
  }
  return { filename: fileName(report), content: csvText(lines) };
}

function billableCsv(report: BillableReport): CsvFile {
  const seen = new Set<string>();
  for (const row of report.rows) for (const resolution in row.outbound) seen.add(resolution);
  const resolutions = resolutionColumns(seen);
  const lines: (string | number)[][] = [
    ["date", "did", ...resolutions, "outbound_total", "inbound", "total"],
  ];
  for (const row of report.rows) {
    const line: (string | number)[] = [row.day, row.did];
    let outboundTotal = 0;
    for (const resolution of resolutions) {
      const pages = row.outbound[resolution] ?? 0;
      outboundTotal += pages;
      line.push(pages);
    }
    line.push(outboundTotal, row.inbound, outboundTotal + row.inbound);
    lines.push(line);
  }
  return { filename: fileName(report), content: csvText(lines) };
}
