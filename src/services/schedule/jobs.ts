/**
 * Every kind of scheduled work, in the order a tick runs them. Uninstalling a workspace removes
 * it from each job's index.
 */
import { alertsJob } from "../alerts/job.ts";
import { digestJob } from "../digest/job.ts";
import type { ScheduledJob } from "./job.ts";

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [digestJob, alertsJob];
