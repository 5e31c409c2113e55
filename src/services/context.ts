/**
 * What every listener group receives from `createApp`: configuration, storage, the credential
 * vault, the report service, the logger, the clock and the event loop's turns. Listeners hold no
 * state of their own.
 */
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
}
