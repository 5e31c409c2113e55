/**
 * A workspace's alert rules as stored: one record under the workspace's prefix (what `/efax
 * alerts` and the Home show, erased with the workspace) and, while a channel is chosen and at
 * least one rule is on, the workspace's field in the alerts job's index (what a tick reads for
 * every workspace in one call). Snoozes and mutes are a map of rule → who, until when.
 */
import { z } from "zod";
import { ALERT_RULES, type AlertRule } from "../../command/alerts.ts";
import type { AlertRules } from "../../reports/alerts.ts";
import { storeKeys } from "../../store/keys.ts";
import type { Store, StoredValue } from "../../store/types.ts";
import { isKnownTimeZone } from "../settings.ts";

/** The alerts job's index: one field per workspace whose alerts are on. */
export const ALERTS_INDEX_KEY = storeKeys.jobIndex("alerts");

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;

const settingsSchema = z.object({
  /** Where alerts go; null until an admin chooses a channel. */
  channelId: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,30}$/)
    .nullable(),
  rate: z
    .object({ percent: z.number().gt(0).max(100), minAttempts: z.number().int().min(1) })
    .nullable(),
  line: z.object({ failures: z.number().int().min(1) }).nullable(),
  unreached: z.boolean(),
  /** "Today" is counted here: the workspace's report time zone, else the admin's. */
  timeZone: z.string().refine(isKnownTimeZone),
  /** The admin who changed them last; faults are told to them. */
  changedBy: z.string().regex(USER_ID),
  changedAt: z.string(),
});

/** A workspace's alert rules and where they go. */
export type AlertSettings = z.infer<typeof settingsSchema>;

/** What the job's index holds for a workspace. */
const entrySchema = z.object({
  timeZone: z.string().refine(isKnownTimeZone),
  channelId: z.string(),
});
export type AlertsEntry = z.infer<typeof entrySchema>;

/** An index entry, or null for a damaged one. */
export function parseAlertsEntry(value: StoredValue): AlertsEntry | null {
  const parsed = entrySchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The rules the check applies. */
export function rulesOf(settings: AlertSettings): AlertRules {
  return { rate: settings.rate, line: settings.line, unreached: settings.unreached };
}

/** True when at least one rule is on. */
export function anyRuleOn(settings: Pick<AlertSettings, "rate" | "line" | "unreached">): boolean {
  return settings.rate !== null || settings.line !== null || settings.unreached;
}

/** The workspace's alert settings, or null when none were ever set (or the record is damaged). */
export async function loadAlerts(store: Store, teamId: string): Promise<AlertSettings | null> {
  const parsed = settingsSchema.safeParse(await store.get(storeKeys.alerts(teamId)));
  return parsed.success ? parsed.data : null;
}

/**
 * Saves the settings, then the index: the workspace is checked while it has a channel and a rule
 * on, and not otherwise.
 */
export async function storeAlerts(
  store: Store,
  teamId: string,
  settings: AlertSettings,
): Promise<void> {
  await store.set(storeKeys.alerts(teamId), { ...settings });
  if (settings.channelId !== null && anyRuleOn(settings)) {
    const entry: AlertsEntry = { timeZone: settings.timeZone, channelId: settings.channelId };
    await store.setField(ALERTS_INDEX_KEY, teamId, entry);
  } else {
    await store.deleteField(ALERTS_INDEX_KEY, teamId);
  }
}

/** A snoozed or muted rule. */
export interface QuietRule {
  kind: "snooze" | "mute";
  /** When a snooze ends, ISO 8601; null for a mute (until unmuted). */
  until: string | null;
  /** The admin who snoozed or muted it. */
  by: string;
  at: string;
}

const quietSchema = z.object({
  kind: z.enum(["snooze", "mute"]),
  until: z.string().nullable(),
  by: z.string(),
  at: z.string(),
});

function isRule(value: string): value is AlertRule {
  return (ALERT_RULES as readonly string[]).includes(value);
}

/** The rules snoozed or muted at `now` (a snooze that has ended is left out). */
export async function loadQuiet(
  store: Store,
  teamId: string,
  now: Date,
): Promise<Partial<Record<AlertRule, QuietRule>>> {
  const fields = await store.getFields(storeKeys.alertsQuiet(teamId));
  const quiet: Partial<Record<AlertRule, QuietRule>> = {};
  for (const [rule, value] of Object.entries(fields)) {
    const parsed = quietSchema.safeParse(value);
    if (!isRule(rule) || !parsed.success) continue;
    const until = parsed.data.until;
    if (until !== null && Date.parse(until) <= now.getTime()) continue;
    quiet[rule] = parsed.data;
  }
  return quiet;
}

/** Snoozes or mutes `rule`. */
export async function setQuiet(
  store: Store,
  teamId: string,
  rule: AlertRule,
  quiet: QuietRule,
): Promise<void> {
  await store.setField(storeKeys.alertsQuiet(teamId), rule, { ...quiet });
}

/** Ends a snooze or mute; true when there was one. */
export async function clearQuiet(
  store: Store,
  teamId: string,
  rule: AlertRule,
  now: Date,
): Promise<QuietRule | null> {
  const was = (await loadQuiet(store, teamId, now))[rule] ?? null;
  await store.deleteField(storeKeys.alertsQuiet(teamId), rule);
  return was;
}
