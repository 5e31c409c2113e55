/**
 * Builds the Bolt app: the Web API client pointed at `SLACK_API_URL` with a bounded retry policy,
 * authorisation for one workspace (bot token) or many (OAuth installations in our store), the
 * receiver (ours over HTTP, or Socket Mode), and every listener group registered before anything
 * starts. Entry points (`src/main.ts`, `src/serverless.ts`) stay thin around it.
 */
import { App, type Authorize, type CodedError, ErrorCode, type ReceiverEvent } from "@slack/bolt";
import { type CallbackOptions, InstallProvider } from "@slack/oauth";
import { WebClient } from "@slack/web-api";
import type { Config } from "./config.ts";
import type { Sealer } from "./secrets/seal.ts";
import type { CredentialVault } from "./secrets/vault.ts";
import type { Services } from "./services/context.ts";
import { createServices, hideConfigSecrets } from "./services/create.ts";
import { postToResponseUrl } from "./services/delivery.ts";
import { messageForAuthorizationFailure } from "./services/failures.ts";
import { type AppLogger, createAppLogger, logFailure, logLevelOf } from "./services/logging.ts";
import type { EfaxAccess } from "./services/reports.ts";
import { SLACK_TIMEOUT_MS, slackClientOptions } from "./services/slack-clients.ts";
import { backgroundTurns, type Turns } from "./services/turns.ts";
import { createAppReceiver } from "./slack/app-receiver.ts";
import { createInstallFlow } from "./slack/install.ts";
import { BOT_SCOPES } from "./slack/listeners/index.ts";
import { LISTENER_GROUPS } from "./slack/listeners/register.ts";
import type { SlackReceiver } from "./slack/receiver.ts";
import type { Store } from "./store/types.ts";

export interface AppDeps {
  config: Config;
  store: Store;
  /**
   * Where eFax report bodies are kept for a while. Default: `store`. Give a memory-only store
   * with the embedded driver, so large bodies are not rewritten to disk with every change.
   */
  cache?: Store;
  vault: CredentialVault;
  /** Seals OAuth installations (bot tokens); the same sealer as the vault's. */
  sealer: Sealer;
  /** eFax base URL (and `fetch`, for tests). */
  efax: EfaxAccess;
  /**
   * Receiver for HTTP modes, when the entry point created it first (`createAppReceiver`, e.g. to
   * answer requests before loading the app). Default: one created here. Returned as `receiver`
   * either way; ignored in Socket Mode.
   */
  receiver?: SlackReceiver;
  /** Clock. Default: `new Date()`. */
  now?: () => Date;
  /**
   * Turns that work after an acknowledgement waits for (see `services/turns.ts`). Default: the
   * process's `backgroundTurns`.
   */
  turns?: Turns;
  /** Default: a logger on stderr at `config.logLevel`. */
  logger?: AppLogger;
}

export interface EfaxSlackApp {
  app: App;
  /** Our receiver when the app serves HTTP through it, else null (Socket Mode). */
  receiver: SlackReceiver | null;
  /** The OAuth installer in multi-workspace mode (install and redirect routes), else null. */
  installer: InstallProvider | null;
  /**
   * What the OAuth redirect answers (pass to `installer.handleCallback`): the welcome message and
   * a page, or a page saying why not. Null without OAuth.
   */
  installCallbacks: CallbackOptions | null;
  logger: AppLogger;
  services: Services;
  /**
   * Resolves once every Slack request received so far has been processed (authorisation and
   * listeners, over HTTP, Socket Mode or a Vercel `waitUntil`), including requests that arrive
   * meanwhile. Stop the receiver first, then close the stores after this.
   */
  idle(): Promise<void>;
}

/**
 * Bolt's `App`, keeping the requests it is processing, whichever receiver delivered them: Bolt
 * runs authorisation and every listener inside `processEvent`, so closing can wait for them.
 */
class TrackedApp extends App {
  readonly #inFlight = new Set<Promise<void>>();

  override async processEvent(event: ReceiverEvent): Promise<void> {
    const work = super.processEvent(event);
    const done = work.catch(() => {});
    this.#inFlight.add(done);
    try {
      await work;
    } finally {
      this.#inFlight.delete(done);
    }
  }

  get busy(): boolean {
    return this.#inFlight.size > 0;
  }

  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }
}

export { SLACK_RETRY, SLACK_TIMEOUT_MS } from "./services/slack-clients.ts";

/** Builds the app and registers every listener group; call `app.start()` (or hand requests over). */
export function createApp(deps: AppDeps): EfaxSlackApp {
  const { config } = deps;
  const slack = config.slack;
  const logger = deps.logger ?? createAppLogger({ level: logLevelOf(config.logLevel) });
  hideConfigSecrets(logger, config);

  const clientOptions = slackClientOptions(config, logger);

  let installer: InstallProvider | null = null;
  let installCallbacks: CallbackOptions | null = null;
  let authorize: Authorize<boolean>;
  if (slack.mode === "oauth") {
    const flow = createInstallFlow({
      store: deps.store,
      sealer: deps.sealer,
      logger,
      stateSecret: slack.stateSecret,
      clientOptions,
      adminUserIds: config.adminUserIds,
    });
    installCallbacks = flow.callbackOptions;
    installer = new InstallProvider({
      clientId: slack.clientId,
      clientSecret: slack.clientSecret,
      stateStore: flow.stateStore,
      stateCookieExpirationSeconds: flow.stateCookieExpirationSeconds,
      installationStore: flow.installationStore,
      installUrlOptions: { scopes: [...BOT_SCOPES] },
      clientOptions,
      logger: flow.installerLogger,
    });
    const provider = installer;
    authorize = (source) => provider.authorize(source);
  } else {
    authorize = singleWorkspaceAuthorize(new WebClient(undefined, clientOptions), slack.botToken);
  }

  const turns = deps.turns ?? backgroundTurns;
  let receiver: SlackReceiver | null = null;
  let transport: { receiver: SlackReceiver } | { socketMode: true; appToken: string };
  if (slack.mode === "socket") {
    transport = { socketMode: true, appToken: slack.appToken };
  } else {
    receiver =
      deps.receiver ?? createAppReceiver({ signingSecret: slack.signingSecret, logger, turns });
    transport = { receiver };
  }

  const app = new TrackedApp({
    ...transport,
    authorize,
    logger,
    logLevel: logger.getLevel(),
    clientOptions,
    ignoreSelf: true,
    convoStore: false,
    extendedErrorHandler: true,
  });
  app.error(async ({ error, body }: { error: CodedError; body: unknown }) => {
    logFailure(logger, { action: "a Slack request" }, error);
    if (error.code === ErrorCode.AuthorizationError) {
      await answerUnauthorized(body, error, slack.mode === "oauth" ? "oauth" : "token", logger);
    }
  });

  const services = createServices({ ...deps, turns, logger });
  for (const group of LISTENER_GROUPS) group.register(app, services);
  // A request our receiver answered at once waits for its turn before Bolt (and so the app)
  // sees it: the receiver keeps those.
  const idle = async () => {
    do {
      await receiver?.stop();
      await app.idle();
    } while (receiver?.busy === true || app.busy);
  };
  return { app, receiver, installer, installCallbacks, logger, services, idle };
}

/**
 * Authorisation with one bot token: `auth.test` once (retried on the next request if it failed)
 * for the bot's user and bot ids, which Bolt needs to ignore the app's own messages.
 */
function singleWorkspaceAuthorize(client: WebClient, botToken: string): Authorize<boolean> {
  let identity: Promise<{ botUserId?: string; botId?: string }> | null = null;
  return async () => {
    identity ??= client.auth
      .test({ token: botToken })
      .then((result) => ({ botUserId: result.user_id, botId: result.bot_id }))
      .catch((error: unknown) => {
        identity = null;
        throw error;
      });
    return { botToken, ...(await identity) };
  };
}

/**
 * A request Bolt could not authorise runs no listener; when it carries a `response_url` (a slash
 * command or a button), the person still learns why, instead of seeing nothing happen.
 */
async function answerUnauthorized(
  body: unknown,
  error: unknown,
  install: "oauth" | "token",
  logger: AppLogger,
): Promise<void> {
  const url = typeof body === "object" && body !== null ? Reflect.get(body, "response_url") : null;
  if (typeof url !== "string" || !URL.canParse(url)) return;
  try {
    const message = messageForAuthorizationFailure(error, install);
    await postToResponseUrl(url, message, { timeoutMs: SLACK_TIMEOUT_MS });
  } catch (failure) {
    logFailure(logger, { action: "telling an unauthorised request why" }, failure);
  }
}
