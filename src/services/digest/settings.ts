/**
 * A workspace's digest as stored: one record under the workspace's prefix (what `/efax digest`
 * and the Home show, erased with the workspace) and the same record as the workspace's field in
 * the digest job's index (what a tick reads for every workspace in one call).
 */
import { z } from "zod";
import { CADENCES, isTimeOfDay } from "../../dates/schedule.ts";
import { storeKeys } from "../../store/keys.ts";
import type { Store, StoredValue } from "../../store/types.ts";
import { isKnownTimeZone } from "../settings.ts";

/** The digest job's index: one field per workspace that has a digest, holding its setting. */
export const DIGEST_INDEX_KEY = storeKeys.jobIndex("digest");

const settingSchema = z.object({
  /** Where it is posted. */
  channelId: z.string().regex(/^[CG][A-Z0-9]{2,30}$/),
  /** `HH:MM`, 24-hour, on the wall clock of `timeZone`. */
  time: z.string().refine(isTimeOfDay),
  cadence: z.enum(CADENCES),
  /** The workspace's report time zone when it has one, else the zone of the admin who set it. */
  timeZone: z.string().refine(isKnownTimeZone),
  /** Slack user id of the admin who set it; faults are sent to them. */
  setBy: z.string().regex(/^[UW][A-Z0-9]{2,30}$/),
  /** When it was set, ISO 8601. */
  setAt: z.string(),
});

/** A workspace's digest. */
export type DigestSetting = z.infer<typeof settingSchema>;

/** A stored setting, or null for a missing or damaged one. */
export function parseDigestSetting(value: StoredValue | null): DigestSetting | null {
  if (value === null) return null;
  const parsed = settingSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The workspace's digest, or null when none is set (or the record is damaged). */
export async function loadDigest(store: Store, teamId: string): Promise<DigestSetting | null> {
  return parseDigestSetting(await store.get(storeKeys.digest(teamId)));
}

/** Saves the digest: the workspace's record first, then its field in the job's index. */
export async function storeDigest(
  store: Store,
  teamId: string,
  setting: DigestSetting,
): Promise<void> {
  await store.set(storeKeys.digest(teamId), setting);
  await store.setField(DIGEST_INDEX_KEY, teamId, setting);
}

/**
 * Removes the digest: from the job's index first (so no tick runs it any more), then its record
 * and what its runs left (the fault being reported). True when one was set.
 */
export async function removeDigest(store: Store, teamId: string): Promise<boolean> {
  const was = (await store.get(storeKeys.digest(teamId))) !== null;
  await store.deleteField(DIGEST_INDEX_KEY, teamId);
  await store.delete(storeKeys.digest(teamId));
  await store.delete(storeKeys.digestFault(teamId));
  return was;
}
