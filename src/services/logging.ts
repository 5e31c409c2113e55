/**
 * The app's logger: Bolt's `Logger` interface, one line per entry, with every registered secret
 * replaced before the line is written, and error descriptions that never quote a raw store command
 * or an upstream body. Listeners log failures through `logFailure` with workspace and user ids.
 */
import { type Logger, LogLevel } from "@slack/logger";
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from "@slack/web-api";

/** A Bolt logger that also learns secrets to hide. */
export interface AppLogger extends Logger {
  /** Adds a value that must never be printed (ignored when shorter than 6 characters). */
  redact(secret: string): void;
}

export interface AppLoggerOptions {
  /** Default: info. */
  level?: LogLevel;
  /** Where finished lines go. Default: stderr. */
  write?: (line: string) => void;
  /** Shown in each line. Default: `efax-app`. */
  name?: string;
  /** Secrets known from the start (tokens, default eFax credentials). */
  secrets?: readonly (string | undefined)[];
}

const SEVERITY: Record<LogLevel, number> = {
  [LogLevel.ERROR]: 400,
  [LogLevel.WARN]: 300,
  [LogLevel.INFO]: 200,
  [LogLevel.DEBUG]: 100,
};

/** Bolt's level for a `LOG_LEVEL` name. */
export function logLevelOf(name: "debug" | "info" | "warn" | "error"): LogLevel {
  const levels = {
    debug: LogLevel.DEBUG,
    info: LogLevel.INFO,
    warn: LogLevel.WARN,
    error: LogLevel.ERROR,
  };
  return levels[name];
}

const REDACTED = "[redacted]";
const MIN_SECRET_LENGTH = 6;

/** Creates the app logger. Lines look like `2026-11-27T09:00:00.000Z WARN efax-app message`. */
export function createAppLogger(options: AppLoggerOptions = {}): AppLogger {
  let level = options.level ?? LogLevel.INFO;
  let name = options.name ?? "efax-app";
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = new Set<string>();
  const redact = (secret: string | undefined) => {
    if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
  };
  for (const secret of options.secrets ?? []) redact(secret);

  const emit = (entryLevel: LogLevel, parts: unknown[]) => {
    if (SEVERITY[entryLevel] < SEVERITY[level]) return;
    let text = parts.map(formatPart).join(" ");
    for (const secret of secrets) text = text.split(secret).join(REDACTED);
    write(`${new Date().toISOString()} ${entryLevel.toUpperCase()} ${name} ${text}`);
  };

  return {
    debug: (...msg: unknown[]) => emit(LogLevel.DEBUG, msg),
    info: (...msg: unknown[]) => emit(LogLevel.INFO, msg),
    warn: (...msg: unknown[]) => emit(LogLevel.WARN, msg),
    error: (...msg: unknown[]) => emit(LogLevel.ERROR, msg),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
    redact,
  };
}

/** Where a failure happened, for the log line. */
export interface FailureContext {
  /** What was attempted, e.g. `slash command`, `share`. */
  action: string;
  teamId?: string | undefined;
  userId?: string | undefined;
}

/** Logs a failure caught at a listener's edge: what, which workspace and user, and a safe cause. */
export function logFailure(logger: Logger, context: FailureContext, error: unknown): void {
  const who = [
    context.teamId ? `team=${context.teamId}` : null,
    context.userId ? `user=${context.userId}` : null,
  ]
    .filter(Boolean)
    .join(" ");
  logger.error(`${context.action} failed${who ? ` (${who})` : ""}: ${describeError(error)}`);
}

/**
 * One line describing an error without leaking data: Slack Web API errors by their code, store
 * client errors without their message (the Upstash client quotes whole commands, values included),
 * anything else by name and message.
 */
export function describeError(error: unknown): string {
  if (error instanceof WebAPIPlatformError) return `Slack API error ${error.data.error}`;
  if (error instanceof WebAPIRateLimitedError) {
    return `Slack rate limit, retry after ${error.retryAfter} s`;
  }
  if (error instanceof WebAPIHTTPError) return `Slack HTTP ${error.statusCode}`;
  if (error instanceof WebAPIRequestError) return `Slack request failed: ${error.original.name}`;
  if (error instanceof Error) {
    if (isRawStoreError(error))
      return `${error.name} (details withheld: they may quote stored values)`;
    const cause = error.cause instanceof Error ? `; cause: ${describeError(error.cause)}` : "";
    return `${error.name}: ${error.message}${cause}`;
  }
  return `non-error value thrown (${typeof error})`;
}

function isRawStoreError(error: Error): boolean {
  return error.name === "UpstashError" || error.name === "UpstashJSONParseError";
}

function formatPart(part: unknown): string {
  if (typeof part === "string") return part;
  if (part instanceof Error) return describeError(part);
  if (part === undefined) return "undefined";
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part);
  }
}
