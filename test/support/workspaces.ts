/**
 * Many workspaces installed through OAuth, as the tick tests and the tick and alert benchmarks
 * need them: the same team ids and bot tokens for the local Slack API server and the store, the
 * environment of an app installable in many workspaces, and one installation (with an eFax
 * account connected) per workspace. Also a free port, for servers started on a known one.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { Installation } from "@slack/bolt";
import type { Sealer } from "../../src/secrets/seal.ts";
import type { CredentialVault } from "../../src/secrets/vault.ts";
import { createInstallationStore } from "../../src/services/installations.ts";
import type { Store } from "../../src/store/types.ts";
import { TEST_EFAX_CREDENTIALS } from "./efax-server.ts";

/** The team id of the `index`-th workspace: `T0000001`, `T0000002`, … */
export function teamIdOf(index: number): string {
  return `T${String(index + 1).padStart(7, "0")}`;
}

/** The bot token of a workspace, as the local Slack API server is told to accept it. */
export function botTokenOf(teamId: string): string {
  return `xoxb-${teamId.toLowerCase()}-bot`;
}

/**
 * The environment of an app installable in many workspaces (OAuth), pointed at local servers:
 * random secrets, the Upstash store when one is given, else the embedded store in `dataDir`.
 */
export function oauthAppEnv(options: {
  slackUrl: string;
  efaxUrl: string;
  encryptionKey: string;
  upstash?: { url: string; token: string } | null;
  dataDir?: string | null;
}): Record<string, string> {
  const { upstash, dataDir } = options;
  return {
    SLACK_SIGNING_SECRET: `signing-${randomBytes(8).toString("hex")}`,
    SLACK_CLIENT_ID: "1234.5678",
    SLACK_CLIENT_SECRET: `client-${randomBytes(8).toString("hex")}`,
    SLACK_STATE_SECRET: `state-${randomBytes(8).toString("hex")}`,
    SLACK_API_URL: options.slackUrl,
    EFAX_API_URL: options.efaxUrl,
    ENCRYPTION_KEY: options.encryptionKey,
    ...(upstash
      ? { UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token }
      : dataDir
        ? { DATA_DIR: dataDir }
        : {}),
  };
}

/**
 * Installs the app in `teamId` as an OAuth install would (bot token {@link botTokenOf}, sealed
 * in `store`) and connects the test eFax account, both by `userId`.
 */
export async function installWorkspace(
  deps: { store: Store; sealer: Sealer; vault: CredentialVault },
  teamId: string,
  userId: string,
): Promise<void> {
  const installation: Installation<"v2", false> = {
    team: { id: teamId },
    enterprise: undefined,
    user: { id: userId, token: undefined, scopes: undefined },
    bot: {
      token: botTokenOf(teamId),
      scopes: ["chat:write"],
      id: "B0TESTBOT1",
      userId: "U0TESTBOT1",
    },
    tokenType: "bot",
    isEnterpriseInstall: false,
    authVersion: "v2",
  };
  await createInstallationStore(deps).storeInstallation(installation);
  await deps.vault.save(teamId, TEST_EFAX_CREDENTIALS, { connectedBy: userId });
}

/** A loopback port nothing listens on right now (whatever starts on it should do so at once). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("No free port found.");
  return address.port;
}
