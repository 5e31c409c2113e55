/**
 * Remembers eFax report bodies per workspace and day for a while, so the Home tab, the previous /
 * next buttons and Share (which rebuilds the report the person just saw) do not fetch the same
 * days again. It wraps the eFax client's `fetch`: cached text goes through the client's own
 * decoding and validation every time, and only successful answers are kept.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { type Day, dayInZone, daysBetween, isDay } from "../dates/calendar.ts";
import { REPORT_KINDS, type ReportKind } from "../efax/types.ts";
import { storeKeys } from "../store/keys.ts";
import type { Store } from "../store/types.ts";
import { describeError } from "./logging.ts";
import type { Turns } from "./turns.ts";

/** Bodies larger than this are not kept (Upstash values should stay small). */
export const MAX_CACHED_BYTES = 256 * 1024;

/**
 * How long a day's report is kept: recent days still change while faxes are retried and late
 * results arrive, older ones are settled.
 */
export function cacheSeconds(day: Day, now: Date): number {
  const age = daysBetween(day, dayInZone(now, "UTC"));
  if (age <= 1) return 10 * 60;
  if (age <= 3) return 60 * 60;
  return 24 * 60 * 60;
}

const cachedSchema = z.object({ account: z.string(), text: z.string() });

/** A successful body, shared with the requests that wait for the same day meanwhile. */
export type SharedBody = { text: string } | null;

export interface CachingFetchOptions {
  store: Store;
  teamId: string;
  /**
   * Whose reports these are: a body kept for another account (after a reconnect) is not served.
   * Give the eFax username; only a hash of it is stored.
   */
  account: string;
  fetch: typeof fetch;
  now: () => Date;
  logger: { warn(...msg: unknown[]): void };
  /**
   * Requests in progress, shared by every client of the process: a second request for the same
   * workspace, account, report and day waits for the first instead of asking eFax again.
   */
  inFlight?: Map<string, Promise<SharedBody>>;
  /**
   * Taken before a body is handed to the client, which decodes it next (see `turns.ts`), so
   * requests waiting to be acknowledged go first. Default: none.
   */
  turns?: Turns;
}

/**
 * A `fetch` for one workspace's eFax client that serves and keeps report bodies by day, and
 * joins a request already in progress for the same day. A request whose own signal aborts while
 * it waits is aborted like `fetch` would be.
 */
export function cachingFetch(options: CachingFetchOptions): typeof fetch {
  const { store, teamId, logger, turns } = options;
  const inFlight = options.inFlight ?? new Map<string, Promise<SharedBody>>();
  const account = createHash("sha256").update(`efax-report-cache:${options.account}`).digest("hex");

  const readKept = async (key: string): Promise<string | null> => {
    const stored = await store.get(key).catch((error: unknown) => {
      logger.warn(`Could not read a kept report body of team ${teamId}: ${describeError(error)}`);
      return null;
    });
    if (stored === null) return null;
    const cached = cachedSchema.safeParse(stored);
    return cached.success && cached.data.account === account ? cached.data.text : null;
  };

  const handOver = async (text: string): Promise<Response> => {
    await turns?.take();
    return bodyResponse(text);
  };

  return async (input, init) => {
    const target = reportOf(input, init);
    if (!target) return options.fetch(input, init);
    const key = storeKeys.reportCache(teamId, target.kind, target.day);
    const kept = await readKept(key);
    if (kept !== null) return handOver(kept);

    const flightKey = `${key}|${account}`;
    const running = inFlight.get(flightKey);
    if (running) {
      const shared = await abortable(running, init?.signal);
      if (shared) return handOver(shared.text);
    }
    let settle: (shared: SharedBody) => void = () => {};
    const flight = new Promise<SharedBody>((resolve) => {
      settle = resolve;
    });
    inFlight.set(flightKey, flight);
    try {
      const response = await options.fetch(input, init);
      if (response.status !== 200) {
        settle(null);
        return response;
      }
      const text = await response.text();
      settle({ text });
      if (Buffer.byteLength(text) <= MAX_CACHED_BYTES) {
        const ttlSeconds = cacheSeconds(target.day, options.now());
        await store.set(key, { account, text }, { ttlSeconds }).catch((error: unknown) => {
          logger.warn(`Could not keep a report body of team ${teamId}: ${describeError(error)}`);
        });
      }
      return await handOver(text);
    } catch (error) {
      settle(null);
      throw error;
    } finally {
      if (inFlight.get(flightKey) === flight) inFlight.delete(flightKey);
    }
  };
}

function bodyResponse(text: string): Response {
  return new Response(text, { status: 200, headers: { "content-type": "application/json" } });
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

const KINDS: readonly string[] = REPORT_KINDS;

function isReportKind(value: string): value is ReportKind {
  return KINDS.includes(value);
}

/**
 * The report and day a GET to `…/<report>/<day>[/]` asks for, read from `fetch`'s arguments as
 * `new Request(input, init)` would read them, without building one (an undici `Request` is costly
 * and the client's `fetch` builds its own).
 */
function reportOf(
  input: Parameters<typeof fetch>[0],
  init: Parameters<typeof fetch>[1],
): { kind: ReportKind; day: Day } | null {
  const method = init?.method ?? (input instanceof Request ? input.method : "GET");
  if (method.toUpperCase() !== "GET") return null;
  const url = input instanceof Request ? input.url : input;
  const parts = new URL(url).pathname.split("/").filter(Boolean);
  const [kind, day] = parts.slice(-2);
  if (kind === undefined || day === undefined || !isReportKind(kind) || !isDay(day)) return null;
  return { kind, day };
}
