/**
 * HTTP client for the eFax Developer Reporting API: one GET per report and day, with a timeout per
 * request, an overall deadline, bounded retries with jittered exponential backoff (5xx, 429,
 * timeouts, network failures only), `Retry-After` honoured up to a cap, the caller's AbortSignal,
 * and one typed error per way of failing (see `errors.ts`).
 */
import { setTimeout as delay } from "node:timers/promises";
import { isDay } from "../dates/calendar.ts";
import {
  AbortedError,
  CredentialsRejectedError,
  type EfaxError,
  type EfaxErrorCode,
  type EfaxErrorContext,
  InvalidDayError,
  isEfaxError,
  NetworkError,
  ThrottledError,
  TimeoutError,
  UpstreamError,
} from "./errors.ts";
import { parseReport } from "./parse.ts";
import {
  DEFAULT_EFAX_API_URL,
  type EfaxCredentials,
  type ReportBodies,
  type ReportKind,
  type ReportSource,
} from "./types.ts";

/** The production API, as documented upstream. */
export { DEFAULT_EFAX_API_URL } from "./types.ts";

/** One finished attempt, for logs and tests. `delayMs` is set when another attempt follows. */
export interface EfaxAttempt {
  kind: ReportKind;
  day: string;
  /** 1 for the first request. */
  attempt: number;
  outcome: "ok" | EfaxErrorCode;
  status?: number;
  delayMs?: number;
}

export interface EfaxClientOptions {
  credentials: EfaxCredentials;
  /** Base URL up to and including `/v1`, with or without a trailing slash. Default {@link DEFAULT_EFAX_API_URL}. */
  baseUrl?: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Limit for one request, body included. Default 10 000 ms. */
  timeoutMs?: number;
  /** Limit for one report across all attempts and waits. Default 30 000 ms. */
  deadlineMs?: number;
  /** Requests per report, the first included. Default 3. */
  maxAttempts?: number;
  /** Longest `Retry-After` waited for; a longer one ends the retries at once. Default 10 000 ms. */
  maxRetryAfterMs?: number;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Waits between attempts. Default a timer; it is raced with the caller's signal either way. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Monotonic milliseconds for the deadline. Default `performance.now`. */
  now?: () => number;
  /** Called after every attempt. */
  onAttempt?: (attempt: EfaxAttempt) => void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_DEADLINE_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_MAX_RETRY_AFTER_MS = 10_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;

/** Characters a header value may hold (no control characters, nothing beyond Latin-1). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "connection closed",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
};

type AttemptResult =
  | { ok: true; status: number; text: string }
  | { ok: false; error: EfaxError; retryAfterMs?: number };

/**
 * A {@link ReportSource} backed by the eFax API. Refuses impossible days before any request and
 * never puts a credential or a response body into an error.
 */
export function createEfaxClient(options: EfaxClientOptions): ReportSource {
  const base = new URL(options.baseUrl ?? DEFAULT_EFAX_API_URL);
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new TypeError("The eFax API base URL must start with https:// or http://");
  }
  const prefix = base.href.replace(/\/+$/, "");
  const host = base.host;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const random = options.random ?? Math.random;
  const sleep =
    options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const now = options.now ?? (() => performance.now());
  const { credentials, onAttempt } = options;
  const sendable = [credentials.apiKey, credentials.username, credentials.password].every((value) =>
    HEADER_VALUE.test(value),
  );
  const headers = sendable
    ? {
        "x-api-key": credentials.apiKey,
        "efax-username": credentials.username,
        "efax-password": credentials.password,
        accept: "application/json",
      }
    : {};

  async function attemptOnce(
    url: string,
    context: EfaxErrorContext,
    limitMs: number,
    limitIsDeadline: boolean,
    signal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), limitMs);
    const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    try {
      const response = await fetchImpl(url, {
        method: "GET",
        headers,
        redirect: "manual",
        signal: combined,
      });
      const status = response.status;
      if (status >= 200 && status <= 299) {
        const text = await response.text();
        const start = firstNonSpace(text);
        if (start === -1) {
          return { ok: false, error: new UpstreamError({ ...context, status, problem: "empty" }) };
        }
        if (text[start] === "<") {
          return { ok: false, error: new UpstreamError({ ...context, status, problem: "html" }) };
        }
        return { ok: true, status, text };
      }
      await response.body?.cancel().catch(() => undefined);
      const failed = { ...context, status };
      if (status === 401 || status === 403) {
        return { ok: false, error: new CredentialsRejectedError(failed) };
      }
      const retryAfterMs =
        status === 429 || status === 503
          ? parseRetryAfter(response.headers.get("retry-after"))
          : undefined;
      if (status === 429) {
        return { ok: false, error: new ThrottledError({ ...failed, retryAfterMs }), retryAfterMs };
      }
      const problem = isHtml(response.headers) ? "html" : "status";
      return {
        ok: false,
        error: new UpstreamError({ ...failed, problem, retryAfterMs }),
        retryAfterMs,
      };
    } catch (error) {
      if (signal?.aborted) return { ok: false, error: new AbortedError(context) };
      if (timer.signal.aborted) {
        return {
          ok: false,
          error: new TimeoutError({
            ...context,
            timeoutMs: limitIsDeadline ? deadlineMs : limitMs,
            deadline: limitIsDeadline,
          }),
        };
      }
      return {
        ok: false,
        error: new NetworkError({ ...context, host, reason: networkReason(error) }),
      };
    } finally {
      clearTimeout(timeout);
    }
  }

  async function fetchReport<K extends ReportKind>(
    kind: K,
    day: string,
    { signal }: { signal?: AbortSignal } = {},
  ): Promise<ReportBodies[K]> {
    if (!isDay(day)) throw new InvalidDayError({ report: kind, day });
    if (!sendable)
      throw new CredentialsRejectedError({ report: kind, day, attempts: 0, unsendable: true });
    if (signal?.aborted) throw new AbortedError({ report: kind, day, attempts: 0 });
    const url = `${prefix}/${kind}/${day}`;
    const deadlineAt = now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const context: EfaxErrorContext = { report: kind, day, attempts: attempt };
      const remaining = deadlineAt - now();
      const limitIsDeadline = remaining < timeoutMs;
      const result = await attemptOnce(
        url,
        context,
        Math.max(1, Math.min(timeoutMs, remaining)),
        limitIsDeadline,
        signal,
      );
      if (result.ok) {
        try {
          const body = parseReport(kind, result.text, {
            day,
            attempts: attempt,
            status: result.status,
          });
          onAttempt?.({ kind, day, attempt, outcome: "ok", status: result.status });
          return body;
        } catch (error) {
          if (isEfaxError(error))
            onAttempt?.({ kind, day, attempt, outcome: error.code, status: result.status });
          throw error;
        }
      }
      const { error, retryAfterMs } = result;
      const wait = retryAfterMs ?? backoff(attempt, random);
      const retry =
        error.retryable &&
        attempt < maxAttempts &&
        (retryAfterMs === undefined || retryAfterMs <= maxRetryAfterMs) &&
        now() + wait < deadlineAt;
      onAttempt?.({
        kind,
        day,
        attempt,
        outcome: error.code,
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(retry ? { delayMs: wait } : {}),
      });
      if (!retry) throw error;
      await pause(wait, signal, sleep, context);
    }
  }

  return { fetchReport };
}

/** Equal-jitter exponential backoff: half of 500 ms · 2^(n-1) fixed, half random, capped at 8 s. */
function backoff(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Sleeps, but ends at once with {@link AbortedError} when the caller's signal fires. */
async function pause(
  ms: number,
  signal: AbortSignal | undefined,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  context: EfaxErrorContext,
): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) throw new AbortedError(context);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new AbortedError(context));
  });
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    await Promise.race([sleep(ms, signal), aborted]);
  } catch (error) {
    if (signal.aborted) throw new AbortedError(context);
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function isHtml(headers: Headers): boolean {
  return (headers.get("content-type") ?? "").toLowerCase().includes("text/html");
}

function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09 && code !== 0xfeff)
      return i;
  }
  return -1;
}

/** A plain-words reason from a fetch failure's error code; never its message, which may quote a URL. */
function networkReason(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = "code" in current ? current.code : undefined;
    if (typeof code === "string") {
      if (code in NETWORK_REASONS) return NETWORK_REASONS[code];
      if (code.startsWith("CERT_") || code.includes("TLS") || code.includes("SSL")) {
        return "secure connection failed";
      }
    }
    current = current.cause;
  }
  return undefined;
}
