/**
 * The app's logger: Bolt's `Logger` interface, one line per entry, with every registered secret
 * replaced before the line is written, and error descriptions that never quote a raw store command
 * or an upstream body. Listeners log failures through `logFailure` with workspace and user ids.
 */
import { type Logger, LogLevel } from "@slack/logger";
import type {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from "@slack/web-api";

/** A Bolt logger that also learns secrets to hide. */
export interface AppLogger extends Logger {
  /**
   * Hides a value from every line for the rest of the process (ignored when shorter than 6
   * characters). For the app's own settings; a value met during one operation goes through
   * {@link AppLogger.hideWhile} instead, so the list does not grow with every operation.
   */
  redact(secret: string): void;
  /**
   * Hides `secrets` from every line written while `run` is in progress, and forgets them once it
   * settles unless something else still hides them (another run, or {@link AppLogger.redact}).
   * Values shorter than 6 characters are ignored. Resolves or rejects as `run` does.
   */
  hideWhile<T>(secrets: readonly string[], run: () => Promise<T>): Promise<T>;
  /** How many values are hidden right now, for tests and diagnostics. */
  hiddenCount(): number;
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

/**
 * The level a `LOG_LEVEL` value names, as the settings read it (any case, blank for info), or info
 * when it names none: for logging before the settings are checked, which then report a bad value.
 */
export function logLevelFromEnv(value: string | undefined): LogLevel {
  const name = value?.trim().toLowerCase();
  return name === "debug" || name === "info" || name === "warn" || name === "error"
    ? logLevelOf(name)
    : LogLevel.INFO;
}

const REDACTED = "[redacted]";
const MIN_SECRET_LENGTH = 6;

/** Creates the app logger. Lines look like `2026-11-27T09:00:00.000Z WARN efax-app message`. */
export function createAppLogger(options: AppLoggerOptions = {}): AppLogger {
  let level = options.level ?? LogLevel.INFO;
  let name = options.name ?? "efax-app";
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const lasting = new Set<string>();
  const held = new Map<string, number>();
  let patterns: string[] = [];
  const refresh = () => {
    patterns = hiddenPatterns([...lasting, ...held.keys()]);
  };
  const hideable = (secret: string | undefined): secret is string =>
    secret !== undefined && secret.length >= MIN_SECRET_LENGTH;

  const redact = (secret: string | undefined) => {
    if (!hideable(secret) || lasting.has(secret)) return;
    lasting.add(secret);
    refresh();
  };
  for (const secret of options.secrets ?? []) redact(secret);

  const hideWhile = async <T>(secrets: readonly string[], run: () => Promise<T>): Promise<T> => {
    const taken = secrets.filter(hideable);
    for (const secret of taken) held.set(secret, (held.get(secret) ?? 0) + 1);
    refresh();
    try {
      return await run();
    } finally {
      for (const secret of taken) {
        const left = (held.get(secret) ?? 1) - 1;
        if (left > 0) held.set(secret, left);
        else held.delete(secret);
      }
      refresh();
    }
  };

  const emit = (entryLevel: LogLevel, parts: unknown[]) => {
    if (SEVERITY[entryLevel] < SEVERITY[level]) return;
    let text = parts.map(formatPart).join(" ");
    for (const pattern of patterns) text = text.split(pattern).join(REDACTED);
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
    hideWhile,
    hiddenCount: () => new Set([...lasting, ...held.keys()]).size,
  };
}

/**
 * What to look for in a line: each secret as typed and as it reads inside JSON (a quote or a
 * backslash in it is escaped there), longest first so a secret that contains a shorter one is
 * never left half printed.
 */
function hiddenPatterns(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
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
 * A Slack Web API error of the kind `code` names. Told apart by the `code` the SDK documents for
 * this, so that logging does not load the Web API client (the receiver logs before Bolt loads).
 */
function isSlackError<T extends { code: ErrorCode }>(
  error: unknown,
  code: `${T["code"]}`,
): error is T {
  return error instanceof Error && "code" in error && error.code === code;
}

/**
 * One line describing an error without leaking data: Slack Web API errors by their code, store
 * client errors without their message (the Upstash client quotes whole commands, values included),
 * anything else by name and message.
 */
export function describeError(error: unknown): string {
  if (isSlackError<WebAPIPlatformError>(error, "slack_webapi_platform_error")) {
    return `Slack API error ${error.data.error}`;
  }
  if (isSlackError<WebAPIRateLimitedError>(error, "slack_webapi_rate_limited_error")) {
    return `Slack rate limit, retry after ${error.retryAfter} s`;
  }
  if (isSlackError<WebAPIHTTPError>(error, "slack_webapi_http_error")) {
    return `Slack HTTP ${error.statusCode}`;
  }
  if (isSlackError<WebAPIRequestError>(error, "slack_webapi_request_error")) {
    return `Slack request failed: ${error.original.name}`;
  }
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
