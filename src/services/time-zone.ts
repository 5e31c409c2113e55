/**
 * Which calendar a request's dates are read on: the workspace's report time zone when an admin
 * set one, else the member's own zone from Slack (cached a day), else UTC.
 */
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { storeKeys } from "../store/keys.ts";
import type { Store } from "../store/types.ts";
import { describeError } from "./logging.ts";
import { lookupMember } from "./members.ts";
import { isKnownTimeZone, loadSettings } from "./settings.ts";

/** Zone used when neither the workspace nor the member names one. */
export const FALLBACK_TIME_ZONE = "UTC";

/** How long a member's zone is remembered: a day, so a trip abroad shows up by tomorrow. */
export const MEMBER_ZONE_TTL_SECONDS = 86_400;

export interface TimeZoneChoice {
  timeZone: string;
  source: "workspace" | "member" | "fallback";
}

export interface TimeZoneDeps {
  store: Store;
  client: WebClient;
  logger: { warn(...msg: unknown[]): void };
}

const cachedZone = z.object({ timeZone: z.string().refine(isKnownTimeZone) });

/**
 * Resolves the zone for `userId` in `teamId`. A Slack failure falls back to UTC (logged); a store
 * failure propagates, since the workspace's own setting could not be read.
 */
export async function resolveTimeZone(
  deps: TimeZoneDeps,
  teamId: string,
  userId: string,
): Promise<TimeZoneChoice> {
  const settings = await loadSettings(deps.store, teamId);
  if (settings.timeZone) return { timeZone: settings.timeZone, source: "workspace" };
  const key = storeKeys.memberTimeZone(teamId, userId);
  const cached = cachedZone.safeParse(await deps.store.get(key));
  if (cached.success) return { timeZone: cached.data.timeZone, source: "member" };
  let zone: string | null = null;
  try {
    zone = (await lookupMember(deps.client, userId)).timeZone;
  } catch (error) {
    deps.logger.warn(
      `Could not read the time zone of user ${userId} in team ${teamId}; using ${FALLBACK_TIME_ZONE}: ${describeError(error)}`,
    );
  }
  if (zone === null || !isKnownTimeZone(zone))
    return { timeZone: FALLBACK_TIME_ZONE, source: "fallback" };
  await deps.store.set(key, { timeZone: zone }, { ttlSeconds: MEMBER_ZONE_TTL_SECONDS });
  return { timeZone: zone, source: "member" };
}
