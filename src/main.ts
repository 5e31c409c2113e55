/**
 * The local server behind `npm start`: reads the environment once, opens the store and the key,
 * builds the app, and serves `POST /api/slack/events`, `GET /healthz`, the schedule's routes
 * (`/api/cron/tick`, `/api/cron/run`) and the OAuth routes in multi-workspace mode on `PORT` of
 * every interface (or of `HOST`), or connects over Socket Mode. Scheduled runs tick every minute
 * in this process (services/schedule/timer.ts). Settings problems are printed in plain words and
 * exit with status 1; SIGTERM / SIGINT stop the timer, finish requests in flight, then close.
 *
 * Over HTTP it listens before it loads the rest of the app: once the settings are checked, the
 * receiver (which loads neither Bolt nor a listener) serves, so the first requests are answered
 * as soon as they are verified. The rest (store, Bolt, listeners, services, the schedule) loads
 * when a request first needs it (after that request's answer), when `/healthz` or a cron route is
 * asked, or once the server has listened for `PRELOAD_AFTER_MS` without any of these. While it
 * loads (about half a second) the process does nothing else: a request arriving then is answered
 * right after, still far within Slack's 3 seconds.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { EfaxSlackApp } from "./app.ts";
import {
  type Config,
  type ConfigError,
  CRON_RUN_PATH,
  CRON_TICK_PATH,
  formatConfigError,
  isConfigError,
  loadConfig,
} from "./config.ts";
import { isSecretsError } from "./secrets/errors.ts";
import type { CronRouteDeps } from "./server/cron-routes.ts";
import {
  type RouteHandler,
  type RunningHttpServer,
  startHttpServer,
} from "./server/http-server.ts";
import { scheduleHealth } from "./server/schedule-health.ts";
import { webRoute } from "./server/web-route.ts";
import { type AppLogger, createAppLogger, describeError, logLevelOf } from "./services/logging.ts";
import type { ScheduledJob } from "./services/schedule/job.ts";
import type { TickTimer } from "./services/schedule/timer.ts";
import { createAppReceiver } from "./slack/app-receiver.ts";
import { INSTALL_PATH, OAUTH_REDIRECT_PATH } from "./slack/install-paths.ts";
import type { SlackReceiver } from "./slack/receiver.ts";
import type { AppStorage } from "./storage.ts";
import type { Store } from "./store/types.ts";

export { INSTALL_PATH, OAUTH_REDIRECT_PATH };

/**
 * How long the server listens with nothing loaded but the receiver before it loads the rest of the
 * app unasked: a request that arrives first is answered at once, then loads it.
 */
export const PRELOAD_AFTER_MS = 1000;

export interface StartServerOptions {
  /** Environment to read. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Port override (0 picks a free one). Default: `PORT` from the environment. */
  port?: number;
  /** Where log lines go. Default stderr. */
  write?: (line: string) => void;
  /** eFax per-request timeout, for tests of a slow eFax. Default: the client's 10 s. */
  efaxTimeoutMs?: number;
  /** Clock of the app and of the embedded store's expiries (tests). Default: the real one. */
  now?: () => Date;
  /**
   * Tick every minute in this process. Default true; tests turn it off and tick with
   * `ticker.tickNow()` or over HTTP.
   */
  tickEveryMinute?: boolean;
  /** The scheduled jobs (tests give theirs). Default: `SCHEDULED_JOBS`. */
  jobs?: readonly ScheduledJob[];
  /** Deadlines and concurrency of ticks and worker runs (tests). */
  tick?: CronRouteDeps["tick"];
  /**
   * How long to wait for a first request before loading the rest of the app unasked (startServer
   * resolves once it is loaded). Default {@link PRELOAD_AFTER_MS}; tests use 0.
   */
  preloadAfterMs?: number;
}

export interface RunningServer {
  config: Config;
  /** `http://127.0.0.1:<port>`; null in Socket Mode. */
  url: string | null;
  built: EfaxSlackApp;
  store: Store;
  logger: AppLogger;
  /** The in-process tick timer (its minute lease shared with other processes on the store). */
  ticker: TickTimer;
  /**
   * Stops the timer and taking requests, waits for those in progress (listeners and a tick
   * included) to finish, then closes the stores (pending writes flushed).
   */
  close(): Promise<void>;
}

/** Starts the app from an environment. Throws `ConfigError` and secrets errors for bad settings. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env);
  const logger = createAppLogger({
    level: logLevelOf(config.logLevel),
    ...(options.write ? { write: options.write } : {}),
  });
  const slack = config.slack;
  if (slack.mode === "socket") {
    const app = await loadApp(config, logger, options, undefined);
    await app.built.app.start();
    logger.info("Connected to Slack over Socket Mode.");
    return runningServer(config, logger, app, null);
  }

  let loading: Promise<LoadedApp> | null = null;
  let loadingStarted = () => {};
  const started = new Promise<void>((resolve) => {
    loadingStarted = resolve;
  });
  const receiver = createAppReceiver({
    signingSecret: slack.signingSecret,
    logger,
    attach: () => loaded(),
  });
  const loaded = () => {
    loading ??= loadApp(config, logger, options, receiver);
    loadingStarted();
    return loading;
  };
  const cron: CronRouteDeps = {
    config,
    logger,
    services: async () => (await loaded()).built.services,
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.tick ? { tick: options.tick } : {}),
  };
  const cronRoute = (handler: "handleTickRequest" | "handleRunRequest") =>
    webRoute(async (request) => (await import("./server/cron-routes.ts"))[handler](request, cron));
  const http = await startHttpServer({
    port: options.port ?? config.port,
    ...(config.host === null ? {} : { host: config.host }),
    receiver,
    health: async () => {
      const { storage } = await loaded();
      const { checkStore } = await import("./server/store-health.ts");
      return {
        mode: slack.mode,
        store: config.store.driver,
        ...scheduleHealth(config, false),
        ...(await checkStore(storage.store)),
      };
    },
    routes: {
      ...(slack.mode === "oauth" ? oauthRoutes(async () => (await loaded()).built, logger) : {}),
      [`GET ${CRON_TICK_PATH}`]: cronRoute("handleTickRequest"),
      [`POST ${CRON_TICK_PATH}`]: cronRoute("handleTickRequest"),
      [`POST ${CRON_RUN_PATH}`]: cronRoute("handleRunRequest"),
    },
    logger,
  });
  let app: LoadedApp;
  try {
    const waited = new AbortController();
    const unasked = delay(options.preloadAfterMs ?? PRELOAD_AFTER_MS, undefined, {
      signal: waited.signal,
    }).catch(() => {});
    await Promise.race([started, unasked]);
    waited.abort();
    app = await loaded();
  } catch (error) {
    await http.close();
    throw error;
  }
  logger.info(
    `eFax Reports for Slack is listening on ${http.url} (Slack request URL: ${http.url}/api/slack/events; ${config.store.driver} store).`,
  );
  if (app.ticker.running) logger.info(describeTicking(config));
  return runningServer(config, logger, app, http);
}

/** How this process ticks, for its start-up line. */
function describeTicking(config: Config): string {
  const callers = [
    config.schedule.cronSecret ? "CRON_SECRET" : null,
    config.schedule.qstashSigningKeys ? "QStash signatures" : null,
  ].filter((caller): caller is string => caller !== null);
  const handOver = config.schedule.fanOut ? " and hands due runs to QStash" : "";
  const route =
    callers.length > 0
      ? `${CRON_TICK_PATH} also accepts ${callers.join(" and ")}`
      : `set CRON_SECRET to let another scheduler call ${CRON_TICK_PATH}`;
  return `Scheduled runs: this process ticks every minute${handOver}; ${route}.`;
}

interface LoadedApp {
  built: EfaxSlackApp;
  storage: AppStorage;
  ticker: TickTimer;
}

/**
 * Opens the storage, builds the app (on `receiver` over HTTP) and starts the minute timer,
 * loading their modules now.
 */
async function loadApp(
  config: Config,
  logger: AppLogger,
  options: StartServerOptions,
  receiver: SlackReceiver | undefined,
): Promise<LoadedApp> {
  const [{ openStorage }, { createApp }, { dispatcherFor }, { runTick }, { startTickTimer }] =
    await Promise.all([
      import("./storage.ts"),
      import("./app.ts"),
      import("./server/cron-routes.ts"),
      import("./services/schedule/tick.ts"),
      import("./services/schedule/timer.ts"),
    ]);
  const clock = options.now;
  const storage = await openStorage(config, logger, clock ? { now: () => clock().getTime() } : {});
  const built = createApp({
    config,
    store: storage.store,
    cache: storage.cache,
    vault: storage.vault,
    sealer: storage.sealer,
    efax: {
      apiUrl: config.efax.apiUrl,
      ...(options.efaxTimeoutMs === undefined ? {} : { timeoutMs: options.efaxTimeoutMs }),
    },
    ...(receiver ? { receiver } : {}),
    logger,
    ...(clock ? { now: clock } : {}),
  });
  const { services } = built;
  const ticker = startTickTimer({
    services,
    run: options.tickEveryMinute ?? true,
    tick: (signal) =>
      runTick(services, {
        ...options.tick,
        ...(options.jobs ? { jobs: options.jobs } : {}),
        trigger: "timer",
        signal,
        dispatcher: dispatcherFor(config, services.now),
      }),
  });
  return { built, storage, ticker };
}

function runningServer(
  config: Config,
  logger: AppLogger,
  { built, storage, ticker }: LoadedApp,
  http: RunningHttpServer | null,
): RunningServer {
  return {
    config,
    url: http?.url ?? null,
    built,
    store: storage.store,
    logger,
    ticker,
    async close() {
      await ticker.stop();
      await http?.close();
      await built.app.stop();
      await built.idle();
      await storage.close();
    },
  };
}

/** The OAuth install routes, served by the app's installer once the app is loaded. */
function oauthRoutes(
  app: () => Promise<EfaxSlackApp>,
  logger: AppLogger,
): Record<string, RouteHandler> {
  const failed = (res: ServerResponse) => (error: unknown) => {
    logger.error(`The Slack install flow failed: ${describeError(error)}`);
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("The installation could not be completed. Try again from the install page.");
    }
  };
  const installerOf = async () => {
    const built = await app();
    if (!built.installer) throw new Error("The app was built without its OAuth installer.");
    return { installer: built.installer, callbacks: built.installCallbacks ?? undefined };
  };
  return {
    [`GET ${INSTALL_PATH}`]: (req: IncomingMessage, res: ServerResponse) =>
      installerOf()
        .then(({ installer }) => installer.handleInstallPath(req, res))
        .catch(failed(res)),
    [`GET ${OAUTH_REDIRECT_PATH}`]: (req: IncomingMessage, res: ServerResponse) =>
      installerOf()
        .then(({ installer, callbacks }) => installer.handleCallback(req, res, callbacks))
        .catch(failed(res)),
  };
}

/** What `runMain` keeps running: the server, or the playground. */
interface Running {
  logger: AppLogger;
  close(): Promise<void>;
}

/**
 * `npm start`: starts the server, prints settings problems without a stack trace (exit 1), and
 * closes cleanly on SIGTERM / SIGINT. With no Slack setting at all it says which settings would
 * connect it to Slack, then opens the playground instead (`src/playground/`).
 */
export async function runMain(): Promise<void> {
  // Requests are answered before the app has finished loading: a signal that comes meanwhile
  // stops the server once it has loaded, so that what was answered is still handled.
  let stopSignal: string | null = null;
  let stop = (signal: string) => {
    stopSignal ??= signal;
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));

  let running: Running;
  try {
    running = await startServer();
  } catch (error) {
    const opened = isConfigError(error) ? await openPlayground(error) : null;
    if (opened === null) {
      reportStartFailure(error);
      return;
    }
    if (opened === "failed") return;
    running = opened;
  }
  let closing = false;
  stop = (signal: string) => {
    if (closing) return;
    closing = true;
    running.logger.info(`${signal} received: finishing requests in flight, then stopping.`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error(`Stopping failed: ${describeError(error)}`);
        process.exit(1);
      },
    );
  };
  if (stopSignal !== null) stop(stopSignal);
}

function reportStartFailure(error: unknown): void {
  if (isConfigError(error)) console.error(formatConfigError(error));
  else if (isSecretsError(error))
    console.error(`eFax Reports for Slack cannot start: ${error.message}`);
  else console.error(`eFax Reports for Slack could not start: ${describeError(error)}`);
  process.exitCode = 1;
}

/**
 * The playground, when the environment has no Slack setting at all: null when it has some (the
 * settings error stands), "failed" when the playground could not start (already reported).
 */
async function openPlayground(error: ConfigError): Promise<Running | "failed" | null> {
  const { formatPlaygroundNotice, wantsPlayground } = await import("./playground/entry.ts");
  if (!wantsPlayground(process.env)) return null;
  console.error(formatPlaygroundNotice(error));
  try {
    const { startPlayground } = await import("./playground/server.ts");
    return await startPlayground();
  } catch (failure) {
    reportStartFailure(failure);
    return "failed";
  }
}
