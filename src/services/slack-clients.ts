/**
 * Slack Web API clients for work nobody asked for in a request (scheduled runs): the same client
 * options as the Bolt app's (`SLACK_API_URL`, bounded retries, timeout, our logger), authorised
 * for one workspace by its team id: the bot token of a single-workspace install (after checking
 * with `auth.test` that it belongs to that workspace), or the workspace's OAuth installation.
 */
import {
  type RetryOptions,
  WebAPIPlatformError,
  WebClient,
  type WebClientOptions,
} from "@slack/web-api";
import type { Config } from "../config.ts";
import type { Sealer } from "../secrets/seal.ts";
import type { Store } from "../store/types.ts";
import { createInstallationStore, InstallationNotFoundError } from "./installations.ts";
import type { AppLogger } from "./logging.ts";

/**
 * Retries of Slack Web API calls: a 429 waits its `Retry-After` and counts as one attempt; network
 * errors back off from 0.5 s. At most 4 attempts, so a message still arrives after a short rate
 * limit while a dead Slack fails within seconds, not the SDK's default half hour.
 */
export const SLACK_RETRY: RetryOptions = {
  retries: 3,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 4_000,
  randomize: true,
};

/** Per-call timeout of Slack Web API requests. */
export const SLACK_TIMEOUT_MS = 10_000;

/** The options of every Web API client the app makes. */
export function slackClientOptions(config: Config, logger: AppLogger): WebClientOptions {
  return {
    slackApiUrl: config.slack.apiUrl,
    retryConfig: SLACK_RETRY,
    timeout: SLACK_TIMEOUT_MS,
    logger,
  };
}

/**
 * The app cannot act in a workspace: not installed there (or uninstalled), its token revoked, or
 * the single bot token belongs to another workspace. Only a person can fix it; retrying will not.
 */
export class WorkspaceNotAuthorizedError extends Error {
  readonly teamId: string;

  constructor(teamId: string, why: string) {
    super(`The app cannot act in workspace ${teamId}: ${why}.`);
    this.name = "WorkspaceNotAuthorizedError";
    this.teamId = teamId;
  }
}

/** True for a {@link WorkspaceNotAuthorizedError}. */
export function isWorkspaceNotAuthorized(error: unknown): error is WorkspaceNotAuthorizedError {
  return error instanceof WorkspaceNotAuthorizedError;
}

/** Slack's answers that mean the token will not work again until someone reinstalls the app. */
const REVOKED = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "team_disabled",
  "not_allowed_token_type",
]);

/** True for a Web API error that says the workspace's token no longer works. */
export function isRevokedTokenError(error: unknown): boolean {
  return error instanceof WebAPIPlatformError && REVOKED.has(error.data.error);
}

/** Resolves a Web API client authorised for a workspace; see {@link createClientResolver}. */
export type ClientResolver = (teamId: string) => Promise<WebClient>;

export interface ClientResolverDeps {
  config: Config;
  store: Store;
  sealer: Sealer;
  logger: AppLogger;
}

/**
 * Clients by team id. Throws {@link WorkspaceNotAuthorizedError} when the app cannot act there
 * (a missing or unreadable installation, a revoked bot token, a token of another workspace);
 * anything else (Slack or the store unreachable) propagates as it is, to be retried.
 */
export function createClientResolver(deps: ClientResolverDeps): ClientResolver {
  const options = slackClientOptions(deps.config, deps.logger);
  const slack = deps.config.slack;
  if (slack.mode === "oauth") {
    const installations = createInstallationStore(deps);
    return async (teamId) => {
      let token: string | undefined;
      try {
        const installation = await installations.fetchInstallation({
          teamId,
          enterpriseId: undefined,
          isEnterpriseInstall: false,
        });
        token = installation.bot?.token;
      } catch (error) {
        if (error instanceof InstallationNotFoundError) {
          throw new WorkspaceNotAuthorizedError(teamId, "it is not installed there any more");
        }
        throw error;
      }
      if (!token) throw new WorkspaceNotAuthorizedError(teamId, "its installation has no bot");
      return new WebClient(token, options);
    };
  }

  const client = new WebClient(slack.botToken, options);
  // `auth.test` once, to learn which workspace the token belongs to; forgotten on failure.
  let owner: Promise<string> | null = null;
  const ownerOfToken = () => {
    owner ??= client.auth.test().then(
      (result) => result.team_id ?? "",
      (error: unknown) => {
        owner = null;
        throw error;
      },
    );
    return owner;
  };
  return async (teamId) => {
    let team: string;
    try {
      team = await ownerOfToken();
    } catch (error) {
      if (isRevokedTokenError(error)) {
        throw new WorkspaceNotAuthorizedError(teamId, "Slack refuses SLACK_BOT_TOKEN");
      }
      throw error;
    }
    if (team !== teamId) {
      throw new WorkspaceNotAuthorizedError(teamId, "SLACK_BOT_TOKEN belongs to another workspace");
    }
    return client;
  };
}
