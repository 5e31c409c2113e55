/**
 * What every listener group receives from `createApp`: configuration, storage, the credential
 * vault, the report service, the logger, the clock, the event loop's turns and Slack clients by
 * workspace. Listeners hold no state of their own.
 */
import type { WebClient } from "@slack/web-api";
import type { Config } from "../config.ts";
import type { CredentialVault } from "../secrets/vault.ts";
import type { Store } from "../store/types.ts";
import type { AppLogger } from "./logging.ts";
import type { EfaxAccess, ReportService } from "./reports.ts";
import type { Turns } from "./turns.ts";

export interface Services {
  config: Config;
  store: Store;
  /** Where report bodies are kept for a while: `store`, or a memory-only store beside it. */
  cache: Store;
  vault: CredentialVault;
  reports: ReportService;
  efax: EfaxAccess;
  logger: AppLogger;
  now: () => Date;
  /** Turns of the event loop that report work waits for, so acknowledgements go out first. */
  turns: Turns;
  /**
   * A Web API client authorised for a workspace, for work no Slack request started (scheduled
   * runs): the bot token of a single-workspace install, or the workspace's OAuth installation.
   * Throws `WorkspaceNotAuthorizedError` (services/slack-clients.ts) when the app cannot act
   * there (uninstalled, token revoked, another workspace's token); other failures propagate.
   */
  clientFor(teamId: string): Promise<WebClient>;
  /**
   * Waits (ms) before each new try to show a chart Slack refused as not ready yet; then the
   * chart's words are shown. Default `CHART_RETRY_DELAYS_MS` (1 s, then 2 s).
   */
  chartRetryDelaysMs?: readonly number[];
}
