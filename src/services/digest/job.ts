/**
 * The digest as a scheduled job: which workspaces have one (the index the settings write), when
 * each is due (its local time on its posting days, see `dates/schedule.ts`), and the run.
 */
import { dueDay } from "../../dates/schedule.ts";
import type { ScheduledJob } from "../schedule/job.ts";
import { runDigest } from "./run.ts";
import { DIGEST_INDEX_KEY, type DigestSetting, parseDigestSetting } from "./settings.ts";

/**
 * A run's lease: far longer than a digest takes (a first digest fetches four weeks of reports,
 * within the report service's 45-second deadline, then posts with Slack's retries), short enough
 * that a crashed run is tried again within minutes.
 */
export const DIGEST_LEASE_SECONDS = 300;

export const digestJob: ScheduledJob<DigestSetting> = {
  name: "digest",
  indexKey: DIGEST_INDEX_KEY,
  parseEntry: (value) => parseDigestSetting(value),
  /** Due from the digest's local time until its local day ends; the run's id is that day. */
  dueRun(entry, now) {
    const day = dueDay(entry, now);
    return day === null ? null : { id: day };
  },
  run: runDigest,
  leaseSeconds: DIGEST_LEASE_SECONDS,
};
