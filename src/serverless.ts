/**
 * The app as Vercel functions run it; `api/*.ts` stay one-liners.
 *
 * A function instance answers Slack with as little loaded as it can, as `npm start` does: its
 * receiver is made from `SLACK_SIGNING_SECRET` alone, verifies each request on its raw body, and
 * answers slash commands and Events API callbacks as soon as their signature is verified. The rest
 * of the app (settings checked, store opened, Bolt with its authorisation and every listener) is
 * loaded when a request first needs it, which for those is after their answer; everything a request
 * does after its answer runs in Vercel's `waitUntil`. Interactions, whose listeners may answer with
 * content, wait for their listener as before.
 *
 * Another route (another function under `api/`) that needs the whole app goes through
 * `withFunctionApp`, and hands work that outlives its response to `keepAlive`.
 */
import { waitUntil } from "@vercel/functions";
import type { VercelReceiver } from "@vercel/slack-bolt";
import type { EfaxSlackApp } from "./app.ts";
import type { Config } from "./config.ts";
import type { StoreHealth } from "./server/store-health.ts";
import {
  type AppLogger,
  createAppLogger,
  describeError,
  logLevelFromEnv,
} from "./services/logging.ts";
import { createAppReceiver } from "./slack/app-receiver.ts";
import { BOT_SCOPES } from "./slack/listeners/index.ts";
import type { SlackReceiver } from "./slack/receiver.ts";
import type { AppStorage } from "./storage.ts";

/** The whole app of a function instance. */
export interface FunctionApp {
  config: Config;
  built: EfaxSlackApp;
  storage: AppStorage;
  logger: AppLogger;
}

let logger: AppLogger | null = null;
let receiver: SlackReceiver | null = null;
let app: Promise<FunctionApp> | null = null;
let installPages: Promise<VercelReceiver> | null = null;

/** This instance's logger, at `LOG_LEVEL` from the first line on (the settings check confirms it). */
function instanceLogger(): AppLogger {
  logger ??= createAppLogger({ level: logLevelFromEnv(process.env.LOG_LEVEL) });
  return logger;
}

/** `SLACK_SIGNING_SECRET` as the settings read it (trimmed; blank counts as unset). */
function signingSecret(): string | null {
  return process.env.SLACK_SIGNING_SECRET?.trim() || null;
}

/** This instance's receiver; it creates the app behind it when a request first needs it. */
function slackReceiver(secret: string): SlackReceiver {
  receiver ??= createAppReceiver({
    signingSecret: secret,
    logger: instanceLogger(),
    attach: functionApp,
  });
  return receiver;
}

/** Keeps this function instance alive until `work` settles (Vercel's `waitUntil`). */
export function keepAlive(work: Promise<unknown>): void {
  waitUntil(work);
}

/**
 * The whole app of this function instance, built on first use (a failed build is logged in plain
 * words and retried on the next use). Its modules are loaded here, not when this module is.
 */
export function functionApp(): Promise<FunctionApp> {
  app ??= buildFunctionApp().catch(async (error: unknown) => {
    app = null;
    const { formatConfigError, isConfigError } = await import("./config.ts");
    instanceLogger().error(
      isConfigError(error)
        ? formatConfigError(error)
        : `eFax Reports for Slack could not start: ${describeError(error)}`,
    );
    throw error;
  });
  return app;
}

async function buildFunctionApp(): Promise<FunctionApp> {
  const [{ loadConfig }, { openStorage }, { createApp }] = await Promise.all([
    import("./config.ts"),
    import("./storage.ts"),
    import("./app.ts"),
  ]);
  const config = loadConfig(process.env);
  if (config.slack.mode === "socket") throw new SocketModeOnVercelError();
  const log = instanceLogger();
  const storage = await openStorage(config, log);
  const built = createApp({
    config,
    store: storage.store,
    cache: storage.cache,
    vault: storage.vault,
    sealer: storage.sealer,
    efax: { apiUrl: config.efax.apiUrl },
    receiver: slackReceiver(config.slack.signingSecret),
    logger: log,
  });
  return { config, built, storage, logger: log };
}

/** Socket Mode was configured where only HTTP can work. */
export class SocketModeOnVercelError extends Error {
  override name = "SocketModeOnVercelError";
  constructor() {
    super(
      "SLACK_APP_TOKEN selects Socket Mode, which a Vercel function cannot hold open: unset it on Vercel.",
    );
  }
}

/**
 * Closes this function instance: waits for the requests it received (the work handed to
 * `waitUntil`, building the app if they need it), then closes its stores (pending writes flushed).
 * The next request starts anew.
 */
export async function closeServerlessApp(): Promise<void> {
  await receiver?.stop();
  const loaded = await app?.catch(() => null);
  receiver = null;
  app = null;
  installPages = null;
  if (loaded) {
    await loaded.built.idle();
    await loaded.storage.close();
  }
}

/** The answer when the app cannot run: 500 naming nothing secret (the log says what is wrong). */
function notConfigured(): Response {
  return Response.json({ ok: false, error: "not_configured" }, { status: 500 });
}

/** Runs a route that needs the whole app, or answers 500 when the app cannot be built. */
export async function withFunctionApp(
  route: (loaded: FunctionApp) => Promise<Response>,
): Promise<Response> {
  let loaded: FunctionApp;
  try {
    loaded = await functionApp();
  } catch {
    return notConfigured();
  }
  return route(loaded);
}

/**
 * `POST /api/slack/events`: refuses a body over the receiver's cap (1 MiB) with 413 without
 * reading past it, verifies the signature strictly (±5 minutes both ways, constant time) on the
 * bytes as received, then answers as `npm start` does; the work after the answer runs in
 * `waitUntil`.
 */
export async function handleSlackEvents(request: Request): Promise<Response> {
  const secret = signingSecret();
  if (secret === null) {
    // The settings are incomplete: building the app says (and logs) what is missing.
    return withFunctionApp(async () => notConfigured());
  }
  return slackReceiver(secret).handleRequest(request, { waitUntil: keepAlive });
}

/**
 * `GET /api/slack/install` and `/api/slack/oauth_redirect` (multi-workspace mode only), served by
 * `@vercel/slack-bolt`'s `VercelReceiver` over our installation store.
 */
export function handleInstallStep(
  step: "install" | "redirect",
  request: Request,
): Promise<Response> {
  return withFunctionApp(async (loaded) => {
    if (loaded.config.slack.mode !== "oauth") {
      return new Response("This app is installed with a bot token, not through OAuth.", {
        status: 404,
      });
    }
    installPages ??= installPagesOf(loaded);
    const pages = await installPages;
    return step === "install" ? pages.handleInstall(request) : pages.handleCallback(request);
  });
}

async function installPagesOf({ config, storage, logger: log }: FunctionApp) {
  const [{ VercelReceiver }, { createInstallFlow }, { slackClientOptions }] = await Promise.all([
    import("@vercel/slack-bolt"),
    import("./slack/install.ts"),
    import("./services/slack-clients.ts"),
  ]);
  const slack = config.slack;
  if (slack.mode !== "oauth") throw new Error("The install pages need the OAuth settings.");
  const clientOptions = slackClientOptions(config, log);
  // The same state store, installation store and pages as npm start's installer.
  const flow = createInstallFlow({
    store: storage.store,
    sealer: storage.sealer,
    logger: log,
    stateSecret: slack.stateSecret,
    clientOptions,
    adminUserIds: config.adminUserIds,
  });
  return new VercelReceiver({
    signingSecret: slack.signingSecret,
    logger: flow.installerLogger,
    logLevel: log.getLevel(),
    clientId: slack.clientId,
    clientSecret: slack.clientSecret,
    stateSecret: slack.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: flow.installationStore,
    installerOptions: {
      clientOptions,
      stateStore: flow.stateStore,
      stateCookieExpirationSeconds: flow.stateCookieExpirationSeconds,
      callbackOptions: flow.callbackOptions,
    },
  });
}

/**
 * `GET /healthz` on Vercel: 200 when the settings are complete and the store answers a read
 * within a second; 503 naming nothing secret otherwise (`not_configured`, `store_unreachable`).
 */
export async function serverlessHealth(): Promise<Response> {
  const { formatConfigError, isConfigError, loadConfig } = await import("./config.ts");
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (isConfigError(error)) console.error(formatConfigError(error));
    return Response.json({ ok: false, status: "not_configured" }, { status: 503 });
  }
  const [{ scheduleHealth }, { checkStore, STORE_CHECK_MS }] = await Promise.all([
    import("./server/schedule-health.ts"),
    import("./server/store-health.ts"),
  ]);
  const schedule = scheduleHealth(config, process.env.VERCEL === "1");
  if (typeof schedule.tickProblem === "string") console.error(schedule.tickProblem);
  let store: StoreHealth;
  if (config.store.driver === "upstash") {
    // Upstash is a client over HTTP: a fresh one costs nothing and loads none of the app.
    const { createStore } = await import("./store/index.ts");
    const upstash = await createStore(config.store, { timeoutMs: STORE_CHECK_MS });
    store = await checkStore(upstash);
    await upstash.close().catch(() => {});
  } else {
    const loaded = await functionApp().catch(() => null);
    store = loaded
      ? await checkStore(loaded.storage.store)
      : { ok: false, status: "store_unreachable", storeStatus: "unreachable" };
  }
  if (!store.ok) instanceLogger().error("GET /healthz: the store did not answer.");
  return Response.json(
    { mode: config.slack.mode, store: config.store.driver, ...schedule, ...store },
    { status: store.ok ? 200 : 503 },
  );
}
