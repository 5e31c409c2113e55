import { createHmac, timingSafeEqual } from "node:crypto";

/** Requests signed further than this from our clock, either way, are refused as replays. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const SIGNATURE_PATTERN = /^v0=([0-9a-fA-F]{64})$/;
const TIMESTAMP_PATTERN = /^[0-9]{1,12}$/;

/** Why a request was refused; safe to log (never contains the signature or the body). */
export type VerifyFailureReason =
  | "no-signing-secret"
  | "missing-signature"
  | "malformed-signature"
  | "missing-timestamp"
  | "malformed-timestamp"
  | "stale-timestamp"
  | "future-timestamp"
  | "body-too-large"
  | "signature-mismatch";

export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailureReason };

/** Node's `IncomingHttpHeaders`, a plain record, or a Fetch `Headers` object. */
export type HeaderSource = Headers | Readonly<Record<string, string | string[] | undefined>>;

export interface VerifySlackRequestInput {
  signingSecret: string;
  headers: HeaderSource;
  /** The body bytes exactly as received; never a re-encoded copy of a parsed body. */
  rawBody: Buffer | Uint8Array | string;
  /** The current time in milliseconds (injected so tests and skew checks are deterministic). */
  nowMs: number;
  /** Refuse bodies longer than this many bytes before hashing anything. No cap when omitted. */
  maxBodyBytes?: number;
}

/**
 * Reads one header by its lower-case name from any header source. A header sent twice
 * (an array, or Node's comma-joined value) is returned as is so the format checks refuse it.
 */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) {
    return headers.get(name) ?? undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (Array.isArray(value)) return value.join(", ");
    return value;
  }
  return undefined;
}

/**
 * Checks that a request really comes from Slack (its "v0" request signing), stricter than
 * Bolt's own check: the timestamp must be an integer number of seconds within 5 minutes of
 * `nowMs` in either direction (Bolt accepts any future timestamp), the signature must be
 * `v0=` plus 64 hex digits, and the HMAC-SHA256 over `v0:{timestamp}:{raw body bytes}` is
 * compared in constant time. It returns a reason instead of throwing so callers can answer
 * 401 and log one generic line.
 */
export function verifySlackRequest(input: VerifySlackRequestInput): VerifyResult {
  const { signingSecret, headers, rawBody, nowMs, maxBodyBytes } = input;
  if (signingSecret.length === 0) return { ok: false, reason: "no-signing-secret" };

  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody;
  if (maxBodyBytes !== undefined && body.byteLength > maxBodyBytes) {
    return { ok: false, reason: "body-too-large" };
  }

  const signature = readHeader(headers, "x-slack-signature");
  if (signature === undefined || signature === "")
    return { ok: false, reason: "missing-signature" };
  const signatureHex = SIGNATURE_PATTERN.exec(signature)?.[1];
  if (signatureHex === undefined) return { ok: false, reason: "malformed-signature" };

  const timestamp = readHeader(headers, "x-slack-request-timestamp");
  if (timestamp === undefined || timestamp === "")
    return { ok: false, reason: "missing-timestamp" };
  if (!TIMESTAMP_PATTERN.test(timestamp)) return { ok: false, reason: "malformed-timestamp" };

  const skewMs = Number(timestamp) * 1000 - nowMs;
  if (skewMs < -MAX_CLOCK_SKEW_MS) return { ok: false, reason: "stale-timestamp" };
  if (skewMs > MAX_CLOCK_SKEW_MS) return { ok: false, reason: "future-timestamp" };

  const expected = signatureDigest(signingSecret, timestamp, body);
  const received = Buffer.from(signatureHex, "hex");
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return { ok: false, reason: "signature-mismatch" };
  }
  return { ok: true };
}

function signatureDigest(signingSecret: string, timestamp: string, body: Uint8Array): Buffer {
  return createHmac("sha256", signingSecret)
    .update(`v0:${timestamp}:`, "utf8")
    .update(body)
    .digest();
}
