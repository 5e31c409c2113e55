/**
 * Who may call the schedule's routes. Callers only authenticate; what a tick does is the same for
 * all of them:
 *
 * - Vercel Cron (or any scheduler): `Authorization: Bearer <CRON_SECRET>`, compared in constant
 *   time (SHA-256 of both sides, then `timingSafeEqual`, so neither length nor content leaks);
 * - QStash: `Upstash-Signature`, a JWT signed with `QSTASH_CURRENT_SIGNING_KEY` (or the next key,
 *   during a rotation), verified by `@upstash/qstash`'s `Receiver`: issuer, expiry (QStash's
 *   tokens live 5 minutes) and the SHA-256 of the raw body, so a signature replayed with another
 *   body is refused. The token also names the URL it was signed for: its path must be this
 *   route's, so a message meant for the worker cannot tick, nor a tick's run a run.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Receiver } from "@upstash/qstash";
import type { ScheduleConfig } from "../config.ts";

/** How a request proved who sent it. */
export type CronCaller = "cron-secret" | "qstash";

export type CronAuth =
  | { ok: true; caller: CronCaller }
  /** 401: no credentials, or wrong ones. `why` is for the log, never for the answer. */
  | { ok: false; status: 401; why: string }
  /** 503: this deployment accepts no credentials at all (nothing configured). */
  | { ok: false; status: 503; why: string };

export interface CronAuthRequest {
  headers: Headers;
  /** The body exactly as received, as text ("" for none). */
  rawBody: string;
  /** The route's path, e.g. `/api/cron/tick`. */
  path: string;
  /** Which callers the route takes: the worker takes QStash only. */
  accept: readonly CronCaller[];
}

/** Seconds of clock difference tolerated on a QStash token's `nbf` and `exp`. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Checks a request against the settings (see the module comment). Never throws. */
export async function authenticateCron(
  settings: Pick<ScheduleConfig, "cronSecret" | "qstashSigningKeys">,
  request: CronAuthRequest,
): Promise<CronAuth> {
  const secret = request.accept.includes("cron-secret") ? settings.cronSecret : null;
  const keys = request.accept.includes("qstash") ? settings.qstashSigningKeys : null;
  if (secret === null && keys === null) {
    return {
      ok: false,
      status: 503,
      why: request.accept.includes("cron-secret")
        ? "neither CRON_SECRET nor QStash's signing keys are set"
        : "QStash's signing keys are not set",
    };
  }

  const signature = request.headers.get("upstash-signature");
  if (signature !== null) {
    if (keys === null) return { ok: false, status: 401, why: "a QStash signature, but no keys" };
    return verifyQStash(keys, signature, request);
  }

  const authorization = request.headers.get("authorization");
  if (authorization === null) return { ok: false, status: 401, why: "no credentials" };
  if (secret === null) return { ok: false, status: 401, why: "a bearer token, but no CRON_SECRET" };
  const match = /^Bearer (.+)$/.exec(authorization);
  if (!match?.[1] || !sameSecret(match[1], secret)) {
    return { ok: false, status: 401, why: "a wrong CRON_SECRET" };
  }
  return { ok: true, caller: "cron-secret" };
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function verifyQStash(
  keys: { current: string; next: string },
  signature: string,
  request: CronAuthRequest,
): Promise<CronAuth> {
  const receiver = new Receiver({
    currentSigningKey: keys.current,
    nextSigningKey: keys.next,
    devMode: false,
  });
  try {
    await receiver.verify({
      signature,
      body: request.rawBody,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : "unreadable";
    // The library's messages quote the expected and received body hashes; keep the first words.
    return { ok: false, status: 401, why: `a bad QStash signature (${why.split(",")[0]})` };
  }
  const path = signedPath(signature);
  if (path === null || trimSlash(path) !== trimSlash(request.path)) {
    return { ok: false, status: 401, why: `a QStash signature for another route (${path})` };
  }
  return { ok: true, caller: "qstash" };
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, "");
}

/** The path of the URL a verified QStash token was signed for (`sub`), or null. */
function signedPath(jwt: string): string | null {
  try {
    const payload: unknown = JSON.parse(
      Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"),
    );
    const sub =
      typeof payload === "object" && payload !== null ? Reflect.get(payload, "sub") : null;
    return typeof sub === "string" && URL.canParse(sub) ? new URL(sub).pathname : null;
  } catch {
    return null;
  }
}
