/**
 * A workspace's data as a whole: everything the app keeps for it lives under one key prefix, in
 * the store and in the report cache, so uninstalling erases it in one sweep; its fields in the
 * scheduled jobs' indexes (outside that prefix) are removed first, so no tick finds it due again.
 * An Enterprise Grid org that installed the app org-wide keeps its installation and its list of
 * workspaces under its own prefix; uninstalling from the org erases the org and each of those
 * workspaces.
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

/** Who uninstalled: a workspace, or an Enterprise Grid org that had installed the app org-wide. */
export interface UninstalledFrom {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

/**
 * Erases what an uninstall (or token revocation) leaves behind: the workspace, or for an org-wide
 * install the org and every workspace of it the app has served. Returns the keys erased.
 */
export async function eraseInstallation(
  services: Pick<Services, "store" | "cache" | "logger">,
  from: UninstalledFrom,
): Promise<number> {
  const orgId = from.isEnterpriseInstall ? from.enterpriseId : undefined;
  if (!orgId) return from.teamId ? eraseWorkspace(services, from.teamId) : 0;
  const workspaces = Object.keys(await services.store.getFields(storeKeys.orgWorkspaces(orgId)));
  let erased = 0;
  for (const teamId of new Set([...workspaces, from.teamId ?? orgId])) {
    if (teamId !== orgId) erased += await eraseWorkspace(services, teamId);
  }
  erased += await eraseWorkspace(services, orgId);
  services.logger.info(
    `Erased the Enterprise Grid org ${orgId} and its ${workspaces.length} workspaces.`,
  );
  return erased;
}
