/**
 * A workspace's data as a whole: everything the app keeps for it lives under one key prefix, in
 * the store and in the report cache, so uninstalling erases it in one sweep; its fields in the
 * scheduled jobs' indexes (outside that prefix) are removed first, so no tick finds it due again.
 */
import { storeKeys } from "../store/keys.ts";
import type { Services } from "./context.ts";
import type { ScheduledJob } from "./schedule/job.ts";
import { SCHEDULED_JOBS } from "./schedule/jobs.ts";
import { removeFromJobIndexes } from "./schedule/records.ts";

/**
 * Erases every key the app keeps for `teamId` (its job index fields, then everything under its
 * prefix, run records included) and logs how many; store failures propagate.
 */
export async function eraseWorkspace(
  services: Pick<Services, "store" | "cache" | "logger">,
  teamId: string,
  jobs: readonly Pick<ScheduledJob, "indexKey">[] = SCHEDULED_JOBS,
): Promise<number> {
  const prefix = storeKeys.workspacePrefix(teamId);
  await removeFromJobIndexes(services.store, teamId, jobs);
  let erased = await services.store.deleteByPrefix(prefix);
  if (services.cache !== services.store) erased += await services.cache.deleteByPrefix(prefix);
  services.logger.info(`Erased the data of team ${teamId} (${erased} keys).`);
  return erased;
}
