/**
 * Every way fetching an eFax report can fail, one class per kind, so callers (CLI exit codes,
 * Slack replies) can tell a rejected password from an outage without reading messages.
 *
 * Messages say in plain words what was attempted ("… while fetching the failures report for
 * 2026-11-26"). They never carry a credential nor any part of a response body: bodies may hold
 * other users' data, and gateway error pages may echo request headers.
 */
import type { ReportKind } from "./types.ts";

export type EfaxErrorCode =
  | "invalid-day"
  | "credentials-rejected"
  | "throttled"
  | "upstream"
  | "timeout"
  | "network"
  | "malformed-body"
  | "unexpected-shape"
  | "aborted";

/** What was being fetched when the failure happened, and how far it got. */
export interface EfaxErrorContext {
  /** The report being fetched, when known. */
  report?: ReportKind;
  /** The day being fetched, when known (as given, even when it is not a valid day). */
  day?: string;
  /** HTTP requests made so far, the failed one included. Default 1 (0 for an invalid day). */
  attempts?: number;
  /** HTTP status of the last response, when there was one. */
  status?: number;
  cause?: unknown;
}

const REPORT_NAMES: Record<ReportKind, string> = {
  "account-overview": "account overview",
  "number-overview": "number overview",
  failures: "failures",
  "billable-pages": "billable pages",
};

/** Base class of every eFax failure; `code` says which kind, `retryable` whether trying later may help. */
export class EfaxError extends Error {
  readonly code: EfaxErrorCode;
  /** True when the same request may succeed later (outages, throttling, timeouts, network). */
  readonly retryable: boolean;
  readonly attempts: number;
  readonly status: number | undefined;
  readonly report: ReportKind | undefined;
  readonly day: string | undefined;

  constructor(code: EfaxErrorCode, retryable: boolean, message: string, context: EfaxErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
    this.attempts = context.attempts ?? 1;
    this.status = context.status;
    this.report = context.report;
    this.day = context.day;
  }
}

/** True for any {@link EfaxError}, whatever its kind. */
export function isEfaxError(error: unknown): error is EfaxError {
  return error instanceof EfaxError;
}

/** The day is not a real `YYYY-MM-DD` calendar day; nothing was requested. */
export class InvalidDayError extends EfaxError {
  constructor(context: EfaxErrorContext) {
    super(
      "invalid-day",
      false,
      `${quoteInput(context.day ?? "")} is not a calendar day in YYYY-MM-DD form, so the ${reportName(context)} was not requested`,
      { ...context, attempts: 0 },
    );
  }
}

/**
 * 401/403: eFax refused the API key, username or password. Retrying cannot help. Also thrown,
 * with `unsendable` and no request made, when a credential holds characters no HTTP header can
 * carry (line breaks, characters beyond Latin-1).
 */
export class CredentialsRejectedError extends EfaxError {
  constructor(context: EfaxErrorContext & { unsendable?: boolean }) {
    super(
      "credentials-rejected",
      false,
      context.unsendable
        ? `The eFax API key, username or password contains characters that cannot be sent (such as line breaks), so ${what(context)} was not requested`
        : `eFax rejected the API key, username or password${statusNote(context)} while fetching ${what(context)}`,
      context.unsendable ? { ...context, attempts: 0 } : context,
    );
  }
}

/** 429: eFax is limiting requests. `retryAfterMs` is how long it asked to wait, when it said. */
export class ThrottledError extends EfaxError {
  readonly retryAfterMs: number | undefined;

  constructor(context: EfaxErrorContext & { retryAfterMs?: number }) {
    const wait =
      context.retryAfterMs === undefined
        ? "; try again in a minute"
        : `; it asked to wait ${formatDuration(context.retryAfterMs)}, so try again after that`;
    super(
      "throttled",
      true,
      `eFax is limiting requests (HTTP 429) and did not send ${what(context)}${attemptsNote(context)}${wait}`,
      context,
    );
    this.retryAfterMs = context.retryAfterMs;
  }
}

/** What kind of unusable answer eFax gave. */
export type UpstreamProblem = "status" | "html" | "empty";

/**
 * 5xx and other unexpected statuses, or a success status whose body is a web page or empty (a
 * proxy in between). Retryable for 5xx; `retryAfterMs` is set when a 503 asked to wait longer
 * than the client would.
 */
export class UpstreamError extends EfaxError {
  readonly problem: UpstreamProblem;
  readonly retryAfterMs: number | undefined;

  constructor(context: EfaxErrorContext & { problem?: UpstreamProblem; retryAfterMs?: number }) {
    const problem = context.problem ?? "status";
    const answer =
      problem === "html"
        ? `answered with a web page instead of a report${statusNote(context)}`
        : problem === "empty"
          ? `answered with an empty response${statusNote(context)}`
          : `answered with an error${statusNote(context)}`;
    const wait =
      context.retryAfterMs === undefined
        ? ""
        : `; it asked to wait ${formatDuration(context.retryAfterMs)} before trying again`;
    const status = context.status ?? 0;
    super(
      "upstream",
      status >= 500 && status <= 599,
      `eFax ${answer} while fetching ${what(context)}${attemptsNote(context)}${wait}`,
      context,
    );
    this.problem = problem;
    this.retryAfterMs = context.retryAfterMs;
  }
}

/** eFax did not answer in time: one request exceeded `timeoutMs`, or all of them the deadline. */
export class TimeoutError extends EfaxError {
  readonly timeoutMs: number;
  /** True when the overall deadline, not a single request's timeout, ran out. */
  readonly deadline: boolean;

  constructor(context: EfaxErrorContext & { timeoutMs: number; deadline?: boolean }) {
    const deadline = context.deadline ?? false;
    const limit = deadline
      ? `within the overall limit of ${formatDuration(context.timeoutMs)}`
      : `within ${formatDuration(context.timeoutMs)}`;
    super(
      "timeout",
      true,
      `eFax did not answer ${limit} while fetching ${what(context)}${attemptsNote(context)}`,
      context,
    );
    this.timeoutMs = context.timeoutMs;
    this.deadline = deadline;
  }
}

/** eFax could not be reached or the connection broke (refused, reset, DNS, TLS). */
export class NetworkError extends EfaxError {
  constructor(context: EfaxErrorContext & { host?: string; reason?: string }) {
    const where = context.host ? ` at ${context.host}` : "";
    const reason = context.reason ? ` (${context.reason})` : "";
    super(
      "network",
      true,
      `Could not reach eFax${where}${reason} while fetching ${what(context)}${attemptsNote(context)}`,
      context,
    );
  }
}

/** The body is not JSON (nor JSON inside a JSON string). Not retried: the same body would come back. */
export class MalformedBodyError extends EfaxError {
  constructor(context: EfaxErrorContext) {
    super(
      "malformed-body",
      false,
      `eFax returned a malformed ${reportName(context)}${dayNote(context)}: it is not valid JSON`,
      context,
    );
  }
}

/**
 * The body is JSON but not the documented shape. `path` names where (DID › user › destination ›
 * key), `problem` what is wrong, never the offending value.
 */
export class UnexpectedShapeError extends EfaxError {
  readonly path: string[];
  readonly problem: string;

  constructor(context: EfaxErrorContext & { path: string[]; problem: string }) {
    const where = context.path.length === 0 ? "the report" : context.path.join(" › ");
    super(
      "unexpected-shape",
      false,
      `eFax returned the ${reportName(context)}${dayNote(context)} in an unexpected shape: ${where} ${context.problem}`,
      context,
    );
    this.path = context.path;
    this.problem = context.problem;
  }
}

/** The caller's AbortSignal fired; whatever was in flight was cancelled. */
export class AbortedError extends EfaxError {
  constructor(context: EfaxErrorContext) {
    super("aborted", false, `Fetching ${what(context)} was cancelled`, context);
  }
}

function reportName(context: EfaxErrorContext): string {
  return context.report ? `${REPORT_NAMES[context.report]} report` : "report";
}

function dayNote(context: EfaxErrorContext): string {
  return context.day === undefined ? "" : ` for ${context.day}`;
}

function what(context: EfaxErrorContext): string {
  return `the ${reportName(context)}${dayNote(context)}`;
}

function statusNote(context: EfaxErrorContext): string {
  return context.status === undefined ? "" : ` (HTTP ${context.status})`;
}

function attemptsNote(context: EfaxErrorContext): string {
  const attempts = context.attempts ?? 1;
  return attempts > 1 ? ` after ${attempts} attempts` : "";
}

/** "250 ms", "45 s", "2 min", "1 h 30 min": rounded up so "try again after" is never too early. */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))} ms`;
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Quotes user input for a message, shortened and without control characters. */
function quoteInput(text: string): string {
  const printable = text.replace(/\p{Cc}/gu, "");
  const short = printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
  return JSON.stringify(short);
}
