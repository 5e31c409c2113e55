/**
 * Upstream leaves as the normalised types of `types.ts`: a counts leaf as {@link FaxCounts}, a
 * billable-pages entry as {@link BillableEntry}. Shared by the fast validator of `parse.ts` and the
 * zod schemas of `schemas.ts` (which state the rules), so both build the same values. Free of zod,
 * so that the happy path never loads it.
 */
import type { BillableEntry, FaxCounts } from "./types.ts";

/** Interned counts by the packed key of their small values; see {@link faxCountsFrom}. */
export type CountsPool = Map<number, FaxCounts>;

const POOL_LIMIT = 4096;

/**
 * One upstream counts leaf as frozen {@link FaxCounts}, or null when the leaf breaks the rules
 * stated in `schemas.ts`. With a `pool`, the usual leaf (the six known reasons, each below 8, fewer than 32
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
 * stated in `schemas.ts`. Resolutions with no pages stay absent; a missing `inbound` is 0.
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
