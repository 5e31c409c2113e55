/**
 * Alert checks as a scheduled job: which workspaces have alerts on (the index the settings
 * write), when a check is due (every quarter hour of the workspace's local day: a run per
 * quarter, so today's figures are fetched at most once per quarter hour), and the check.
 */
import { wallTime } from "../../dates/schedule.ts";
import type { ScheduledJob } from "../schedule/job.ts";
import { runAlertCheck } from "./run.ts";
import { ALERTS_INDEX_KEY, type AlertsEntry, parseAlertsEntry } from "./settings.ts";

/** Minutes between checks of one workspace. */
export const ALERT_CHECK_MINUTES = 15;

/**
 * A check's lease: far longer than a check takes (two eFax calls within the report service's
 * deadline, a few posts), shorter than its quarter hour, so a crashed check is taken over in time.
 */
export const ALERTS_LEASE_SECONDS = 120;

/** How long a check's record is kept: its quarter hour is long over by then. */
export const ALERTS_RECORD_SECONDS = 2 * 3600;

/** The run due at `now`: its quarter hour of the local day, `2026-12-03.1415`. */
export function alertSlot(timeZone: string, now: Date): string {
  const wall = wallTime(now, timeZone);
  const start = Math.floor(wall.minutes / ALERT_CHECK_MINUTES) * ALERT_CHECK_MINUTES;
  const hh = String(Math.floor(start / 60)).padStart(2, "0");
  const mm = String(start % 60).padStart(2, "0");
  return `${wall.day}.${hh}${mm}`;
}

export const alertsJob: ScheduledJob<AlertsEntry> = {
  name: "alerts",
  indexKey: ALERTS_INDEX_KEY,
  parseEntry: (value) => parseAlertsEntry(value),
  dueRun: (entry, now) => ({ id: alertSlot(entry.timeZone, now) }),
  run: runAlertCheck,
  leaseSeconds: ALERTS_LEASE_SECONDS,
  recordSeconds: ALERTS_RECORD_SECONDS,
};
