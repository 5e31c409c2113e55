/**
 * What a report button carries. A click on a button of an ephemeral message brings no copy of the
 * message, so the button's `value` must hold everything needed to rebuild the report, and the
 * listener must treat it as untrusted input: anyone can send any value.
 */
import { z } from "zod";
import { addDays, type Day, isDay, rangeLength } from "../dates/calendar.ts";
import { DEFAULT_MAX_DAYS } from "../dates/parse-when.ts";
import { REPORTS, type ReportName } from "../reports/catalog.ts";
import type { AnyReport } from "../reports/model.ts";

/** A report over a range of days, on an eFax account or on the sample data. */
export interface ReportRef {
  name: ReportName;
  from: Day;
  to: Day;
  sample: boolean;
}

/** Longest encoded ref: short enough for a button value (2000) and an overflow option value (75). */
export const MAX_REF_LENGTH = 75;

const VERSION = "r1";
const SEPARATOR = "|";

const NAMES: readonly string[] = REPORTS.map((r) => r.name);

function isReportName(value: unknown): value is ReportName {
  return typeof value === "string" && NAMES.includes(value);
}
const dayText = z.string().refine(isDay, "not a real calendar day");

const refSchema = z
  .string()
  .max(MAX_REF_LENGTH)
  .transform((text) => text.split(SEPARATOR))
  .pipe(
    z.tuple([
      z.literal(VERSION),
      z.custom<ReportName>(isReportName),
      dayText,
      dayText,
      z.enum(["live", "sample"]),
    ]),
  )
  .transform(
    ([, name, from, to, source]): ReportRef => ({ name, from, to, sample: source === "sample" }),
  )
  .refine((ref) => ref.from <= ref.to, "the first day is after the last")
  .refine((ref) => rangeLength(ref) <= DEFAULT_MAX_DAYS, "longer than typed dates may be");

/** `r1|failures|2026-11-26|2026-11-26|live`: about 40 characters. */
export function encodeReportRef(ref: ReportRef): string {
  return [VERSION, ref.name, ref.from, ref.to, ref.sample ? "sample" : "live"].join(SEPARATOR);
}

/** The ref in a button or option value, or null for anything malformed, tampered or too long. */
export function decodeReportRef(value: unknown): ReportRef | null {
  const result = refSchema.safeParse(value);
  return result.success ? result.data : null;
}

/** The same report moved by `days` (negative goes back): previous / next day or period. */
export function shiftRef(ref: ReportRef, days: number): ReportRef {
  return { ...ref, from: addDays(ref.from, days), to: addDays(ref.to, days) };
}

/** The period of the same length just before `ref`. */
export function previousRef(ref: ReportRef): ReportRef {
  return shiftRef(ref, -rangeLength(ref));
}

/** The period of the same length just after `ref`, or null when it would end after `today`. */
export function nextRef(ref: ReportRef, today: Day): ReportRef | null {
  const next = shiftRef(ref, rangeLength(ref));
  return next.to <= today ? next : null;
}

const NAME_BY_KIND: Record<AnyReport["kind"], ReportName> = {
  "account-overview": "overview",
  "number-overview": "numbers",
  failures: "failures",
  "billable-pages": "billable",
  summary: "summary",
};

/** The ref that rebuilds `report`. */
export function refOf(report: AnyReport): ReportRef {
  return {
    name: NAME_BY_KIND[report.kind],
    from: report.range.from,
    to: report.range.to,
    sample: report.sample,
  };
}
