/**
 * Where OAuth installations live when the app is installable in many workspaces: one record per
 * workspace (or Enterprise Grid org) in our store, the whole installation (bot token included)
 * sealed with the workspace id as associated data, so a record copied elsewhere will not open.
 */
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { z } from "zod";
import type { Sealer } from "../secrets/seal.ts";
import { storeKeys } from "../store/keys.ts";
import type { Store } from "../store/types.ts";

/** An installation record that is missing, damaged or sealed for another workspace. */
export class InstallationNotFoundError extends Error {
  readonly ownerId: string;

  constructor(ownerId: string, why: string) {
    super(`Could not find the Slack installation of ${ownerId}: ${why}.`);
    this.name = "InstallationNotFoundError";
    this.ownerId = ownerId;
  }
}

const recordSchema = z.object({ version: z.literal(1), sealed: z.string() });

const tokenFields = {
  token: z.string(),
  refreshToken: z.string().optional(),
  expiresAt: z.number().optional(),
};

const installationSchema = z.object({
  team: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  enterprise: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  user: z.object({
    id: z.string(),
    token: z.string().optional(),
    refreshToken: z.string().optional(),
    expiresAt: z.number().optional(),
    scopes: z.array(z.string()).optional(),
  }),
  bot: z
    .object({ ...tokenFields, scopes: z.array(z.string()), id: z.string(), userId: z.string() })
    .optional(),
  incomingWebhook: z
    .object({
      url: z.string(),
      channel: z.string().optional(),
      channelId: z.string().optional(),
      configurationUrl: z.string().optional(),
    })
    .optional(),
  appId: z.string().optional(),
  tokenType: z.literal("bot").optional(),
  enterpriseUrl: z.string().optional(),
  isEnterpriseInstall: z.boolean().optional(),
  authVersion: z.enum(["v1", "v2"]).optional(),
  metadata: z.string().optional(),
});

/** The id a record is filed and sealed under: the org for org-wide installs, else the workspace. */
function ownerOf(query: {
  isEnterpriseInstall?: boolean | undefined;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}): string {
  const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
  if (!id) throw new InstallationNotFoundError("an unnamed workspace", "the request names none");
  return id;
}

const orgPointerSchema = z.object({ enterpriseId: z.string() });

/**
 * Creates the installation store Bolt's OAuth installer and `authorize` read and write.
 *
 * Enterprise Grid: an org-wide install is one record under the org's id, and every workspace of
 * the org is served with the org's token. The first time a workspace of the org is authorised
 * (once per process), the store notes it twice: in the org's list of workspaces, so uninstalling
 * from the org erases each of them, and as the workspace's pointer to its org, so work the app
 * starts on its own (a digest, an alert check) finds the org's token from the team id alone.
 */
export function createInstallationStore(deps: { store: Store; sealer: Sealer }): InstallationStore {
  const noted = new Set<string>();

  const noteOrgWorkspace = async (enterpriseId: string, teamId: string) => {
    const key = `${enterpriseId}/${teamId}`;
    if (noted.has(key) || teamId === enterpriseId) return;
    await Promise.all([
      deps.store.setField(storeKeys.orgWorkspaces(enterpriseId), teamId, { teamId }),
      deps.store.set(storeKeys.workspaceOrg(teamId), { enterpriseId }),
    ]);
    noted.add(key);
  };

  const open = async (owner: string): Promise<Installation> => {
    const record = recordSchema.safeParse(await deps.store.get(storeKeys.installation(owner)));
    if (!record.success) throw new InstallationNotFoundError(owner, "none is stored");
    let opened: unknown;
    try {
      opened = JSON.parse(deps.sealer.open(record.data.sealed, owner));
    } catch {
      throw new InstallationNotFoundError(owner, "the stored record does not open");
    }
    const parsed = installationSchema.safeParse(opened);
    if (!parsed.success) {
      throw new InstallationNotFoundError(owner, "the stored record is damaged");
    }
    const { team, enterprise, user, ...rest } = parsed.data;
    return { ...rest, team, enterprise, user: { ...user, token: user.token, scopes: user.scopes } };
  };

  return {
    async storeInstallation(installation) {
      const owner = ownerOf({
        isEnterpriseInstall: installation.isEnterpriseInstall,
        enterpriseId: installation.enterprise?.id,
        teamId: installation.team?.id,
      });
      await deps.store.set(storeKeys.installation(owner), {
        version: 1,
        sealed: deps.sealer.seal(JSON.stringify(installation), owner),
      });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const owner = ownerOf(query);
      if (query.isEnterpriseInstall) {
        const installation = await open(owner);
        if (query.teamId) await noteOrgWorkspace(owner, query.teamId);
        return installation;
      }
      try {
        return await open(owner);
      } catch (error) {
        if (!(error instanceof InstallationNotFoundError)) throw error;
        const pointer = orgPointerSchema.safeParse(
          await deps.store.get(storeKeys.workspaceOrg(owner)),
        );
        if (!pointer.success) throw error;
        return open(pointer.data.enterpriseId);
      }
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await deps.store.delete(storeKeys.installation(ownerOf(query)));
    },
  };
}
