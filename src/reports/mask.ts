/**
 * Masked destination numbers: many eFax customers are clinics, and the numbers they fax (a
 * pharmacy, a patient's doctor) must not be readable in a shared channel. A masked report shows
 * each destination as `•••-•••-2919` (its last four digits), everywhere a destination appears:
 * rows, the destination ranking and the numbers not reached. Fax lines (DIDs, the account's own
 * numbers) and users stay as they are. Masking comes after everything is counted, sorted and
 * grouped, so the figures and the order of a masked report are those of the plain one.
 */
import type { AnyReport, FaxReport } from "./model.ts";

/** What a masked number shows in place of the hidden digits. */
export const MASKED_PART = "•••-•••-";

/** Digits a masked number keeps (the last ones). */
export const SHOWN_DIGITS = 4;

/**
 * `16155552919` → `•••-•••-2919`; any spelling (`+1 615-555-2919`) the same. A value with fewer
 * than {@link SHOWN_DIGITS} digits shows none of them: `•••-•••-••••`.
 */
export function maskFaxNumber(value: string): string {
  const digits = value.replace(/\D/g, "");
  if (digits.length < SHOWN_DIGITS) return `${MASKED_PART}••••`;
  return `${MASKED_PART}${digits.slice(-SHOWN_DIGITS)}`;
}

/** True for a value {@link maskFaxNumber} produced. */
export function isMaskedNumber(value: string): boolean {
  return value.startsWith(MASKED_PART);
}

function maskFax(report: FaxReport): FaxReport {
  if (report.kind === "account-overview") return report;
  return {
    ...report,
    rows: report.rows.map((row) =>
      row.destination === null ? row : { ...row, destination: maskFaxNumber(row.destination) },
    ),
    topDestinations: {
      ...report.topDestinations,
      items: report.topDestinations.items.map((item) => ({
        ...item,
        key: maskFaxNumber(item.key),
      })),
    },
    allFailed: {
      ...report.allFailed,
      items: report.allFailed.items.map((item) => ({
        ...item,
        destination: maskFaxNumber(item.destination),
      })),
    },
  };
}

/**
 * The report with every destination number masked (see the module comment); a new object, the
 * given one is left as it was. Billable pages and the account overview hold no destinations.
 */
export function maskDestinations<R extends AnyReport>(report: R): R;
export function maskDestinations(report: AnyReport): AnyReport {
  switch (report.kind) {
    case "summary":
      return { ...report, overview: maskFax(report.overview), failures: maskFax(report.failures) };
    case "billable-pages":
      return report;
    default:
      return maskFax(report);
  }
}
