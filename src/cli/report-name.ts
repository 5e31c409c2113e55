/** Which catalogue name (`overview`, `numbers`, …) a computed report answers to. */
import { REPORTS, type ReportName } from "../reports/catalog.ts";
import type { AnyReport } from "../reports/model.ts";

/** The name a person types for `report`, looked up in the catalogue by its upstream report. */
export function reportNameOf(report: AnyReport): ReportName {
  if (report.kind === "summary") return "summary";
  const info = REPORTS.find((r) => r.kinds.length === 1 && r.kinds[0] === report.kind);
  if (!info) throw new Error(`The catalogue names no report for ${report.kind}.`);
  return info.name;
}
