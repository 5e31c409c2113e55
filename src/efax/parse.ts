/**
 * Decoding and validating eFax report bodies.
 *
 * Upstream serves a JSON string whose content is the report (`json.loads(r.json())` in its Python
 * sample); plain JSON is accepted too. Bodies can be hundreds of megabytes, so the happy path is a
 * tight loop over the decoded tree that checks each value and replaces every counts leaf in place
 * by its {@link FaxCounts} (built by the same functions the zod schemas use). Only when that loop
 * finds a problem is the body decoded again and run through the zod schema of record, which names
 * the problem precisely (or, should the loop have been stricter than the schema, gives the result).
 *
 * The `FaxCounts` and billable entries returned are frozen and may be shared between rows: read them,
 * never write to them.
 */
import { type EfaxErrorContext, MalformedBodyError, UnexpectedShapeError } from "./errors.ts";
import {
  billableEntryFrom,
  type CountsPool,
  faxCountsFrom,
  isRecord,
  reportSchemas,
} from "./schemas.ts";
import type {
  AccountOverviewBody,
  BillablePagesBody,
  NumberOverviewBody,
  ReportBodies,
  ReportKind,
} from "./types.ts";

/** The day and attempt count a body belongs to, for error messages. */
export type ParseContext = Pick<EfaxErrorContext, "day" | "attempts" | "status">;

const IN_PLACE: { [K in ReportKind]: (tree: unknown) => tree is ReportBodies[K] } = {
  "account-overview": isAccountOverviewInPlace,
  "number-overview": isNumberOverviewInPlace,
  failures: isNumberOverviewInPlace,
  "billable-pages": isBillablePagesInPlace,
};

const MAX_PATH_SEGMENT = 60;

/**
 * The JSON value in `text`, unwrapping one level of upstream's double encoding (a JSON string
 * holding JSON). Throws {@link MalformedBodyError}, which never quotes the body, when it is not JSON.
 */
export function decodeBody(text: string, context: EfaxErrorContext = {}): unknown {
  try {
    const outer: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return typeof outer === "string" ? JSON.parse(outer) : outer;
  } catch {
    throw new MalformedBodyError(context);
  }
}

/**
 * Decodes and validates one report body into the types of `types.ts`. Throws
 * {@link MalformedBodyError} for text that is not JSON and {@link UnexpectedShapeError} (naming
 * the path, e.g. `12345678 › a_user › Busy`, never a value) for JSON of another shape.
 */
export function parseReport<K extends ReportKind>(
  kind: K,
  text: string,
  context: ParseContext = {},
): ReportBodies[K] {
  const errorContext: EfaxErrorContext = { ...context, report: kind };
  const tree = decodeBody(text, errorContext);
  const inPlace: (tree: unknown) => tree is ReportBodies[K] = IN_PLACE[kind];
  if (inPlace(tree)) return tree;
  const schema = reportSchemas()[kind];
  const result = schema.safeParse(decodeBody(text, errorContext));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UnexpectedShapeError({
    ...errorContext,
    path: (issue?.path ?? []).map(pathSegment),
    problem: issue?.message ?? "does not match the documented shape",
  });
}

/**
 * True when `tree` is an account overview; every counts leaf has then been replaced in place by
 * its FaxCounts. On false the tree is left partly converted and must be decoded again.
 */
function isAccountOverviewInPlace(tree: unknown): tree is AccountOverviewBody {
  if (!isRecord(tree)) return false;
  const pool: CountsPool = new Map();
  for (const did in tree) {
    const users = tree[did];
    if (did === "__proto__" || !isRecord(users)) return false;
    for (const user in users) {
      const counts = faxCountsFrom(users[user], pool);
      if (counts === null || user === "__proto__") return false;
      users[user] = counts;
    }
  }
  return true;
}

/** Like {@link isAccountOverviewInPlace}, one level deeper (destinations). */
function isNumberOverviewInPlace(tree: unknown): tree is NumberOverviewBody {
  if (!isRecord(tree)) return false;
  const pool: CountsPool = new Map();
  for (const did in tree) {
    const users = tree[did];
    if (did === "__proto__" || !isRecord(users)) return false;
    for (const user in users) {
      const destinations = users[user];
      if (user === "__proto__" || !isRecord(destinations)) return false;
      for (const destination in destinations) {
        const counts = faxCountsFrom(destinations[destination], pool);
        if (counts === null || destination === "__proto__") return false;
        destinations[destination] = counts;
      }
    }
  }
  return true;
}

/** True when `tree` is billable pages; each DID's entry has then been replaced in place. */
function isBillablePagesInPlace(tree: unknown): tree is BillablePagesBody {
  if (!isRecord(tree)) return false;
  for (const did in tree) {
    const entry = billableEntryFrom(tree[did]);
    if (entry === null || did === "__proto__") return false;
    tree[did] = entry;
  }
  return true;
}

/** A path segment for a message: keys are data, so shortened and stripped of control characters. */
function pathSegment(key: PropertyKey): string {
  const text = String(key).replace(/\p{Cc}/gu, "");
  return text.length > MAX_PATH_SEGMENT ? `${text.slice(0, MAX_PATH_SEGMENT)}…` : text;
}
