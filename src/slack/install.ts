/**
 * The OAuth install flow's pieces, given alike to the `InstallProvider` of `npm start` and to
 * the Vercel receiver's: the installation store, the once-only state store, the cookie's life,
 * and what the redirect answers (the welcome message and a page, or a page that says why not
 * with a link to start again).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type CallbackOptions,
  type CodedError,
  ErrorCode,
  type InstallationStore,
  type StateStore,
} from "@slack/oauth";
import type { WebClientOptions } from "@slack/web-api";
import type { Sealer } from "../secrets/seal.ts";
import { createInstallationStore } from "../services/installations.ts";
import { type AppLogger, describeError } from "../services/logging.ts";
import { createOAuthStateStore, STATE_LIFETIME_SECONDS } from "../services/oauth-state.ts";
import { type InstalledApp, sendWelcome } from "../services/welcome.ts";
import type { Store } from "../store/types.ts";
import { buildInstalledPage, buildInstallFailedPage, type InstallProblem } from "../views/index.ts";

import { INSTALL_PATH } from "./install-paths.ts";

export { INSTALL_PATH, OAUTH_REDIRECT_PATH } from "./install-paths.ts";

export interface InstallFlowDeps {
  store: Store;
  sealer: Sealer;
  logger: AppLogger;
  /** `SLACK_STATE_SECRET`. */
  stateSecret: string;
  /** Options of the app's Web API clients, for the welcome message. */
  clientOptions: WebClientOptions;
  adminUserIds: readonly string[];
  /** Clock of the state store. Default: the installer's. */
  now?: () => Date;
}

export interface InstallFlow {
  /**
   * The logger to give the installer: the app's, except that the installer's own error line for
   * a refused install link (replayed, forged, expired, another browser's) is written at info, as
   * the person's situation it is; the callback logs what happened once more, without the state.
   */
  installerLogger: AppLogger;
  installationStore: InstallationStore;
  stateStore: StateStore;
  /** The state cookie lives as long as the state. */
  stateCookieExpirationSeconds: number;
  callbackOptions: CallbackOptions;
}

const UNUSABLE_LINK: ReadonlySet<string> = new Set([
  ErrorCode.InvalidStateError,
  ErrorCode.MissingStateError,
  ErrorCode.MissingCodeError,
]);

function problemOf(error: CodedError): InstallProblem {
  if (UNUSABLE_LINK.has(error.code)) return "link-unusable";
  if (error.code === ErrorCode.AuthorizationError && /cancelled/i.test(error.message)) {
    return "cancelled";
  }
  return "failed";
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(html);
}

/** A refusal of an install link, as `InstallProvider` logs it before calling `failureAsync`. */
function isRefusedLink(value: unknown): boolean {
  const code = typeof value === "object" && value !== null ? Reflect.get(value, "code") : null;
  return typeof code === "string" && UNUSABLE_LINK.has(code);
}

/** The install flow for both entry points (see the module comment). */
export function createInstallFlow(deps: InstallFlowDeps): InstallFlow {
  const links = { startUrl: INSTALL_PATH };
  const { logger } = deps;
  const installerLogger: AppLogger = {
    ...logger,
    error: (...msg: unknown[]) =>
      msg.length === 1 && isRefusedLink(msg[0]) ? logger.info(...msg) : logger.error(...msg),
  };
  return {
    installerLogger,
    installationStore: createInstallationStore(deps),
    stateStore: createOAuthStateStore({
      store: deps.store,
      secret: deps.stateSecret,
      ...(deps.now ? { now: deps.now } : {}),
    }),
    stateCookieExpirationSeconds: STATE_LIFETIME_SECONDS,
    callbackOptions: {
      async successAsync(installation, _options, _req: IncomingMessage, res: ServerResponse) {
        const team = installation.team?.id ?? installation.enterprise?.id ?? "unknown";
        deps.logger.info(
          `Installed in ${installation.isEnterpriseInstall ? "Enterprise Grid org" : "team"} ${team} by user ${installation.user.id}.`,
        );
        await sendWelcome(
          {
            clientOptions: deps.clientOptions,
            logger: deps.logger,
            adminUserIds: deps.adminUserIds,
          },
          installation satisfies InstalledApp,
        );
        const slackUrl =
          installation.team && installation.appId
            ? `slack://app?team=${installation.team.id}&id=${installation.appId}`
            : "slack://open";
        sendPage(
          res,
          200,
          buildInstalledPage({
            teamName: installation.team?.name ?? installation.enterprise?.name ?? null,
            slackUrl,
          }),
        );
      },
      async failureAsync(error, _options, _req: IncomingMessage, res: ServerResponse) {
        const problem = problemOf(error);
        const line = `An install did not complete (${problem}): ${describeError(error)}`;
        if (problem === "failed") deps.logger.error(line);
        else deps.logger.info(line);
        sendPage(res, problem === "failed" ? 500 : 400, buildInstallFailedPage(problem, links));
      },
    },
  };
}
