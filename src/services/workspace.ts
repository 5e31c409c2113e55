/**
 * A workspace's data as a whole: everything the app keeps for it lives under one key prefix, in
 * the store and in the report cache, so uninstalling erases it in one sweep.
 */
import { storeKeys } from "../store/keys.ts";
import type { Services } from "./context.ts";

/** Erases every key the app keeps for `teamId` and logs how many; store failures propagate. */
export async function eraseWorkspace(
  services: Pick<Services, "store" | "cache" | "logger">,
  teamId: string,
): Promise<number> {
  const prefix = storeKeys.workspacePrefix(teamId);
  let erased = await services.store.deleteByPrefix(prefix);
  if (services.cache !== services.store) erased += await services.cache.deleteByPrefix(prefix);
  services.logger.info(`Erased the data of team ${teamId} (${erased} keys).`);
  return erased;
}
