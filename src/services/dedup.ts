/**
 * "Do this once": Slack retries events (with `x-slack-retry-num`, unsigned) and people double-click
 * buttons. An atomic `SET NX EX` on a once-key decides which delivery does the work.
 */
import { createHash } from "node:crypto";
import { storeKeys } from "../store/keys.ts";
import type { Store } from "../store/types.ts";
import { describeError } from "./logging.ts";

/** How long a once-marker lives: longer than Slack's retry window (about an hour in all). */
export const ONCE_TTL_SECONDS = 3_600;

/**
 * True for the first call with this team, scope and id within the TTL; false for every repeat.
 * Store failures propagate: the caller decides whether to go ahead or to stop.
 */
export async function firstTime(
  store: Store,
  teamId: string,
  scope: string,
  id: string,
  ttlSeconds = ONCE_TTL_SECONDS,
): Promise<boolean> {
  return store.setIfAbsent(storeKeys.once(teamId, scope, id), { at: Date.now() }, { ttlSeconds });
}

/** A fixed-length id for a once-key made of several parts (channel, message, report, …). */
export function onceId(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 32);
}

/**
 * Whether this is the first delivery of an Events API event (Slack retries deliveries it thinks
 * were lost, with the same `event_id`). When the store cannot tell, the event is handled: a rare
 * second answer is better than none. Repeats and store failures are logged.
 */
export async function isFirstDelivery(
  deps: { store: Store; logger: { debug(...msg: unknown[]): void; warn(...msg: unknown[]): void } },
  teamId: string,
  eventId: string,
): Promise<boolean> {
  try {
    if (await firstTime(deps.store, teamId, "event", eventId)) return true;
    deps.logger.debug(`Event ${eventId} of team ${teamId} was already handled; skipped.`);
    return false;
  } catch (error) {
    deps.logger.warn(
      `Could not check whether event ${eventId} of team ${teamId} was already handled; handling it: ${describeError(error)}`,
    );
    return true;
  }
}
