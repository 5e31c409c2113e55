/**
 * Per-workspace settings an admin can change from Slack; today the report time zone, which makes
 * "yesterday" mean the same days for everyone in the workspace.
 */
import { z } from "zod";
import { isTimeZone } from "../dates/calendar.ts";
import { storeKeys } from "../store/keys.ts";
import type { Store } from "../store/types.ts";

export interface WorkspaceSettings {
  /** IANA zone every report of the workspace is read in, or null for each person's own zone. */
  timeZone: string | null;
}

const knownZones = new Set<string>();

/**
 * {@link isTimeZone}, remembered: asking the runtime builds a date formatter, and every request
 * checks the zones it reads from the store.
 */
export function isKnownTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  if (!isTimeZone(zone)) return false;
  knownZones.add(zone);
  return true;
}

const settingsSchema = z.object({
  timeZone: z.string().refine(isKnownTimeZone).nullable().catch(null).default(null),
});

/** The workspace's settings; defaults when none are stored or the record is damaged. */
export async function loadSettings(store: Store, teamId: string): Promise<WorkspaceSettings> {
  const parsed = settingsSchema.safeParse((await store.get(storeKeys.settings(teamId))) ?? {});
  return parsed.success ? parsed.data : { timeZone: null };
}

/** Replaces the workspace's settings. */
export async function saveSettings(
  store: Store,
  teamId: string,
  settings: WorkspaceSettings,
): Promise<void> {
  await store.set(storeKeys.settings(teamId), { timeZone: settings.timeZone });
}
