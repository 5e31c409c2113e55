/**
 * The schema of record for the four eFax report bodies (after decoding), in zod; each leaf is
 * turned into the normalised types of `types.ts` by the builders of `leaves.ts`.
 *
 * `parse.ts` validates the happy path with a tight loop built on the same builders and only loads
 * these schemas, and zod with them, to name precisely what is wrong; a test checks that both agree.
 *
 * Rules (see shared/efax-reporting-api.md):
 * - a counts leaf needs `Success` and `Total`; `Failures` is optional and derived as
 *   `Total - Success` when absent (so `Total` may not be below `Success` then); every other key is a
 *   failure reason, known or not, and is kept; every value is a whole number of 0 or more;
 * - a billable-pages entry has an optional `inbound` count; every other key maps a resolution to
 *   pages: `outbound` in the current shape, a username in the older per-user shape, both folded
 *   into `outbound`.
 */
import { z } from "zod";
import { billableEntryFrom, faxCountsFrom } from "./leaves.ts";
import type {
  AccountOverviewBody,
  BillableEntry,
  BillablePagesBody,
  FaxCounts,
  NumberOverviewBody,
  ReportBodies,
  ReportKind,
} from "./types.ts";

/** Problems as shown after the path in an unexpected-shape message; never the value itself. */
const NOT_A_COUNT = "is not a whole number of 0 or more";
const NOT_AN_OBJECT = "is not an object";

const count = z
  .int({ error: (issue) => (issue.input === undefined ? "is missing" : NOT_A_COUNT) })
  .min(0, { error: NOT_A_COUNT });

const objectOf = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value, { error: NOT_AN_OBJECT });

/** Counts of one DID / user (/ destination): see the module rules. */
export const faxCountsSchema = z
  .object({ Success: count, Total: count, Failures: count.optional() }, { error: NOT_AN_OBJECT })
  .catchall(count)
  .refine((leaf) => leaf.Failures !== undefined || leaf.Total >= leaf.Success, {
    path: ["Total"],
    error: "is smaller than Success",
  })
  .transform((leaf, ctx): FaxCounts => {
    const counts = faxCountsFrom(leaf);
    if (counts !== null) return counts;
    ctx.issues.push({ code: "custom", message: NOT_A_COUNT, input: leaf });
    return z.NEVER;
  });

/** Pages of one DID: `{ outbound: { RES: n }, inbound: n }` or `{ user: { RES: n } }`. */
export const billableEntrySchema = z
  .object({ inbound: count.optional() }, { error: NOT_AN_OBJECT })
  .catchall(objectOf(count))
  .transform((entry, ctx): BillableEntry => {
    const built = billableEntryFrom(entry);
    if (built !== null) return built;
    ctx.issues.push({ code: "custom", message: NOT_A_COUNT, input: entry });
    return z.NEVER;
  });

/** `{ DID: { username: counts } }` */
export const accountOverviewSchema: z.ZodType<AccountOverviewBody> = objectOf(
  objectOf(faxCountsSchema),
);

/** `{ DID: { username: { destination: counts } } }`, for number overview and failures alike. */
export const numberOverviewSchema: z.ZodType<NumberOverviewBody> = objectOf(
  objectOf(objectOf(faxCountsSchema)),
);

/** `{ DID: entry }` */
export const billablePagesSchema: z.ZodType<BillablePagesBody> = objectOf(billableEntrySchema);

/** The zod schema of one report kind's decoded body. */
export type ReportSchema<K extends ReportKind> = z.ZodType<ReportBodies[K]>;

/** The schema of each report kind. */
export const REPORT_SCHEMAS: { [K in ReportKind]: ReportSchema<K> } = {
  "account-overview": accountOverviewSchema,
  "number-overview": numberOverviewSchema,
  failures: numberOverviewSchema,
  "billable-pages": billablePagesSchema,
};
