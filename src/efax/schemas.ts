/**
 * The schema of record for the four eFax report bodies (after decoding), in zod, with the two
 * builders that turn an upstream leaf into the normalised types of `types.ts`.
 *
 * `parse.ts` validates the happy path with a tight loop built on the same builders and only falls
 * back to these schemas to name precisely what is wrong; a test checks that both agree. The schemas,
 * and zod with them, are built on that first fallback: a process that reads only well-formed
 * bodies (the CLI on one good report) never loads zod.
 *
 * Rules (see shared/efax-reporting-api.md):
 * - a counts leaf needs `Success` and `Total`; `Failures` is optional and derived as
 *   `Total - Success` when absent (so `Total` may not be below `Success` then); every other key is a
 *   failure reason, known or not, and is kept; every value is a whole number of 0 or more;
 * - a billable-pages entry has an optional `inbound` count; every other key maps a resolution to
 *   pages: `outbound` in the current shape, a username in the older per-user shape, both folded
 *   into `outbound`.
 */
import { createRequire } from "node:module";
import type * as Zod from "zod";
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

/** Interned counts by the packed key of their small values; see {@link faxCountsFrom}. */
export type CountsPool = Map<number, FaxCounts>;

const POOL_LIMIT = 4096;

/**
 * One upstream counts leaf as frozen {@link FaxCounts}, or null when the leaf breaks the rules
 * above. With a `pool`, the usual leaf (the six known reasons, each below 8, fewer than 32
 * successes and 16 failures: nearly every destination of a real day) shares one frozen object per
 * distinct set of values, so a million-row body costs almost no memory beyond its decoding.
 */
export function faxCountsFrom(leaf: unknown, pool?: CountsPool): FaxCounts | null {
  if (!isRecord(leaf)) return null;
  const success = leaf.Success;
  const total = leaf.Total;
  const given = leaf.Failures;
  if (!isCount(success) || !isCount(total)) return null;
  let failures: number;
  if (given === undefined) {
    if (total < success) return null;
    failures = total - success;
  } else if (isCount(given)) {
    failures = given;
  } else {
    return null;
  }
  const busy = leaf.Busy;
  const placement = leaf["Call placement error"];
  const transmission = leaf["Fax transmission failed"];
  const noAnswer = leaf["No answer"];
  const noDialTone = leaf["No dial tone"];
  const unspecified = leaf["Unspecified failure"];
  if (
    !isCount(busy) ||
    !isCount(placement) ||
    !isCount(transmission) ||
    !isCount(noAnswer) ||
    !isCount(noDialTone) ||
    !isCount(unspecified) ||
    keyCount(leaf) !== (given === undefined ? 8 : 9)
  ) {
    return withOtherReasons(leaf, success, total, failures);
  }
  const small =
    (busy | placement | transmission | noAnswer | noDialTone | unspecified) < 8 &&
    success < 32 &&
    failures < 16 &&
    total === success + failures;
  const key = small
    ? busy |
      (placement << 3) |
      (transmission << 6) |
      (noAnswer << 9) |
      (noDialTone << 12) |
      (unspecified << 15) |
      (success << 18) |
      (failures << 23)
    : -1;
  const shared = key >= 0 ? pool?.get(key) : undefined;
  if (shared !== undefined) return shared;
  const counts: FaxCounts = Object.freeze({
    success,
    total,
    failures,
    reasons: Object.freeze({
      Busy: busy,
      "Call placement error": placement,
      "Fax transmission failed": transmission,
      "No answer": noAnswer,
      "No dial tone": noDialTone,
      "Unspecified failure": unspecified,
    }),
  });
  if (key >= 0 && pool !== undefined && pool.size < POOL_LIMIT) pool.set(key, counts);
  return counts;
}

/** The rare leaf with reasons beyond the six known ones (or some missing): checked key by key. */
function withOtherReasons(
  leaf: Record<string, unknown>,
  success: number,
  total: number,
  failures: number,
): FaxCounts | null {
  const reasons: Record<string, number> = {};
  for (const key in leaf) {
    const value = leaf[key];
    if (key === "__proto__" || !isCount(value)) return null;
    if (key !== "Success" && key !== "Total" && key !== "Failures") reasons[key] = value;
  }
  return Object.freeze({ success, total, failures, reasons: Object.freeze(reasons) });
}

function keyCount(leaf: object): number {
  let count = 0;
  for (const _ in leaf) count++;
  return count;
}

/**
 * One billable-pages entry as a frozen {@link BillableEntry}, or null when it breaks the rules
 * above. Resolutions with no pages stay absent; a missing `inbound` is 0.
 */
export function billableEntryFrom(entry: unknown): BillableEntry | null {
  if (!isRecord(entry)) return null;
  const outbound: Record<string, number> = {};
  let inbound = 0;
  for (const key in entry) {
    if (key === "__proto__") return null;
    const value = entry[key];
    if (key === "inbound") {
      if (!isCount(value)) return null;
      inbound = value;
      continue;
    }
    if (!isRecord(value)) return null;
    for (const resolution in value) {
      const pages = value[resolution];
      if (resolution === "__proto__" || !isCount(pages)) return null;
      outbound[resolution] = (outbound[resolution] ?? 0) + pages;
    }
  }
  return Object.freeze({ outbound: Object.freeze(outbound), inbound });
}

/** A whole number of 0 or more within the safe integer range, as the schemas require. */
export function isCount(value: unknown): value is number {
  return (
    typeof value === "number" &&
    (value >>> 0 === value || (Number.isSafeInteger(value) && value >= 0))
  );
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The zod schema of one report kind's decoded body. */
export type ReportSchema<K extends ReportKind> = Zod.ZodType<ReportBodies[K]>;

/** The schema of each report kind. */
export type ReportSchemas = { [K in ReportKind]: ReportSchema<K> };

const require = createRequire(import.meta.url);
let schemas: ReportSchemas | undefined;

/**
 * The schema of each report kind, built on first use. zod is required rather than imported, so
 * that it loads only then while `parseReport` stays synchronous (its CommonJS build: any Node.js).
 */
export function reportSchemas(): ReportSchemas {
  schemas ??= buildSchemas(require("zod"));
  return schemas;
}

function buildSchemas({ z }: typeof Zod): ReportSchemas {
  const count = z
    .int({ error: (issue) => (issue.input === undefined ? "is missing" : NOT_A_COUNT) })
    .min(0, { error: NOT_A_COUNT });

  const objectOf = <T extends Zod.ZodType>(value: T) =>
    z.record(z.string(), value, { error: NOT_AN_OBJECT });

  /** Counts of one DID / user (/ destination): see the module rules. */
  const faxCountsSchema = z
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
  const billableEntrySchema = z
    .object({ inbound: count.optional() }, { error: NOT_AN_OBJECT })
    .catchall(objectOf(count))
    .transform((entry, ctx): BillableEntry => {
      const built = billableEntryFrom(entry);
      if (built !== null) return built;
      ctx.issues.push({ code: "custom", message: NOT_A_COUNT, input: entry });
      return z.NEVER;
    });

  /** `{ DID: { username: counts } }` */
  const accountOverviewSchema: Zod.ZodType<AccountOverviewBody> = objectOf(
    objectOf(faxCountsSchema),
  );

  /** `{ DID: { username: { destination: counts } } }`, for number overview and failures alike. */
  const numberOverviewSchema: Zod.ZodType<NumberOverviewBody> = objectOf(
    objectOf(objectOf(faxCountsSchema)),
  );

  /** `{ DID: entry }` */
  const billablePagesSchema: Zod.ZodType<BillablePagesBody> = objectOf(billableEntrySchema);

  return {
    "account-overview": accountOverviewSchema,
    "number-overview": numberOverviewSchema,
    failures: numberOverviewSchema,
    "billable-pages": billablePagesSchema,
  };
}
