/**
 * What the tick keeps per workspace besides its run records: how each job's last run went (for
 * the App Home), and the removal of a workspace from every job's index when it is erased.
 */
import { z } from "zod";
import { storeKeys } from "../../store/keys.ts";
import type { Store } from "../../store/types.ts";
import type { LastRun, ScheduledJob } from "./job.ts";
import { SCHEDULED_JOBS } from "./jobs.ts";

const lastRunSchema = z.object({
  runId: z.string(),
  outcome: z.enum(["done", "retry", "failed"]),
  text: z.string(),
  at: z.string(),
  tookMs: z.number(),
});

/**
 * How each job's last run went for a workspace: job name → last run, or null when it has not run
 * (or its record is older than 35 days or damaged). One store read for every job.
 */
export async function readLastRuns(
  store: Store,
  teamId: string,
  jobs: readonly Pick<ScheduledJob, "name">[] = SCHEDULED_JOBS,
): Promise<Record<string, LastRun | null>> {
  const values = await store.getMany(jobs.map((job) => storeKeys.jobLastRun(teamId, job.name)));
  const runs: Record<string, LastRun | null> = {};
  jobs.forEach((job, index) => {
    const parsed = lastRunSchema.safeParse(values[index]);
    runs[job.name] = parsed.success ? parsed.data : null;
  });
  return runs;
}

/**
 * Removes a workspace from every job's index (the indexes live outside the workspace's key
 * prefix, so erasing the prefix does not reach them). Its run records and last runs are under
 * the prefix and go with it. Store failures propagate.
 */
export async function removeFromJobIndexes(
  store: Store,
  teamId: string,
  jobs: readonly Pick<ScheduledJob, "indexKey">[] = SCHEDULED_JOBS,
): Promise<void> {
  for (const job of jobs) await store.deleteField(job.indexKey, teamId);
}
