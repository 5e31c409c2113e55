/**
 * Builds the {@link Services} every entry point shares: the Bolt app's listeners, the scheduled
 * tick and its worker. Kept apart from `src/app.ts` so that the tick's function loads no Bolt.
 */
import type { Config } from "../config.ts";
import type { Sealer } from "../secrets/seal.ts";
import type { CredentialVault } from "../secrets/vault.ts";
import type { Store } from "../store/types.ts";
import type { Services } from "./context.ts";
import type { AppLogger } from "./logging.ts";
import { masksNumbers } from "./privacy.ts";
import { createReportService, type EfaxAccess } from "./reports.ts";
import { createClientResolver } from "./slack-clients.ts";
import { backgroundTurns, type Turns } from "./turns.ts";

export interface ServicesDeps {
  config: Config;
  store: Store;
  /** Where report bodies are kept for a while. Default: `store`. */
  cache?: Store;
  vault: CredentialVault;
  /** Opens OAuth installations (bot tokens); the vault's sealer. */
  sealer: Sealer;
  efax: EfaxAccess;
  logger: AppLogger;
  /** Clock. Default: `new Date()`. */
  now?: () => Date;
  /** Default: the process's `backgroundTurns`. */
  turns?: Turns;
}

/** Hides every secret of the settings from the logger's lines, for the life of the process. */
export function hideConfigSecrets(logger: AppLogger, config: Config): void {
  const { slack, schedule } = config;
  logger.redact(slack.signingSecret ?? "");
  if (slack.mode !== "oauth") logger.redact(slack.botToken);
  if (slack.mode === "socket") logger.redact(slack.appToken);
  if (slack.mode === "oauth") {
    logger.redact(slack.clientSecret);
    logger.redact(slack.stateSecret);
  }
  if (config.store.driver === "upstash") logger.redact(config.store.token);
  const defaults = config.efax.defaultCredentials;
  if (defaults) {
    logger.redact(defaults.apiKey);
    logger.redact(defaults.password);
  }
  logger.redact(schedule.cronSecret ?? "");
  logger.redact(schedule.fanOut?.token ?? "");
  logger.redact(schedule.qstashSigningKeys?.current ?? "");
  logger.redact(schedule.qstashSigningKeys?.next ?? "");
}

/** Builds the services (and hides the settings' secrets from `deps.logger`). */
export function createServices(deps: ServicesDeps): Services {
  hideConfigSecrets(deps.logger, deps.config);
  const now = deps.now ?? (() => new Date());
  const cache = deps.cache ?? deps.store;
  const turns = deps.turns ?? backgroundTurns;
  return {
    config: deps.config,
    store: deps.store,
    cache,
    vault: deps.vault,
    efax: deps.efax,
    logger: deps.logger,
    now,
    turns,
    reports: createReportService({
      vault: deps.vault,
      store: cache,
      now,
      efax: deps.efax,
      defaultCredentials: deps.config.efax.defaultCredentials,
      logger: deps.logger,
      turns,
      masking: (teamId) => masksNumbers(deps.store, teamId),
    }),
    clientFor: createClientResolver(deps),
  };
}
