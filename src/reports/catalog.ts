/**
 * The reports a person can ask for, by the names they type (`/efax failures`, `efax report billable`),
 * with the synonyms we accept. The one place that maps words to reports.
 */
import type { ReportKind } from "../efax/types.ts";

export type ReportName = "overview" | "numbers" | "failures" | "billable" | "summary";

export interface ReportInfo {
  name: ReportName;
  /** Title shown in headers, e.g. "Failures". */
  title: string;
  /** One line for help texts. */
  description: string;
  /** Upstream reports it needs. */
  kinds: readonly ReportKind[];
  synonyms: readonly string[];
}

export const REPORTS: readonly ReportInfo[] = [
  {
    name: "overview",
    title: "Account overview",
    description: "attempts, successes and failure reasons per number and user",
    kinds: ["account-overview"],
    synonyms: ["account", "accounts", "account-overview", "overviews", "stats"],
  },
  {
    name: "numbers",
    title: "Number overview",
    description: "failures per destination fax number",
    kinds: ["number-overview"],
    synonyms: ["number", "number-overview", "destinations", "destination", "recipients"],
  },
  {
    name: "failures",
    title: "Failures",
    description: "destinations where every attempt failed",
    kinds: ["failures"],
    synonyms: ["failure", "failed", "fails", "errors", "undelivered"],
  },
  {
    name: "billable",
    title: "Billable pages",
    description: "outbound pages by resolution and inbound pages, per number",
    kinds: ["billable-pages"],
    synonyms: ["billable-pages", "pages", "billing", "bill", "usage"],
  },
  {
    name: "summary",
    title: "Summary",
    description: "overview, failures and billable pages in one message",
    kinds: ["account-overview", "failures", "billable-pages"],
    synonyms: ["all", "report"],
  },
];

/** The report a word names (case-insensitive, synonyms included), or undefined. */
export function findReport(word: string): ReportInfo | undefined {
  const needle = word.trim().toLowerCase();
  return REPORTS.find((r) => r.name === needle || r.synonyms.includes(needle));
}

/** Metadata of a report by its name. */
export function reportInfo(name: ReportName): ReportInfo {
  const info = REPORTS.find((r) => r.name === name);
  if (!info) throw new Error(`Unknown report name: ${name}`);
  return info;
}
