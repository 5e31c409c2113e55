/**
 * The local server behind `npm start`: reads the environment once, opens the store and the key,
 * builds the app, and serves `POST /api/slack/events`, `GET /healthz`, the schedule's routes
 * (`/api/cron/tick`, `/api/cron/run`) and the OAuth routes in multi-workspace mode on `PORT` of
 * every interface (or of `HOST`), or connects over Socket Mode. Scheduled runs tick every minute
 * in this process (services/schedule/timer.ts). Settings problems are printed in plain words and
 * exit with status 1; SIGTERM / SIGINT stop the timer, finish requests in flight, then close.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createApp, type EfaxSlackApp } from "./app.ts";
import {
  type Config,
  type ConfigError,
  formatConfigError,
  isConfigError,
  loadConfig,
} from "./config.ts";
import { isSecretsError } from "./secrets/errors.ts";
import {
  CRON_RUN_PATH,
  CRON_TICK_PATH,
  type CronRouteDeps,
  dispatcherFor,
  handleRunRequest,
  handleTickRequest,
  scheduleHealth,
} from "./server/cron-routes.ts";
import {
  type RouteHandler,
  type RunningHttpServer,
  startHttpServer,
} from "./server/http-server.ts";
import { webRoute } from "./server/web-route.ts";
import { type AppLogger, createAppLogger, describeError, logLevelOf } from "./services/logging.ts";
import type { ScheduledJob } from "./services/schedule/job.ts";
import { runTick, type TickOptions } from "./services/schedule/tick.ts";
import { startTickTimer, type TickTimer } from "./services/schedule/timer.ts";
import { INSTALL_PATH, OAUTH_REDIRECT_PATH } from "./slack/install.ts";
import { openStorage } from "./storage.ts";
import type { Store } from "./store/types.ts";

export { INSTALL_PATH, OAUTH_REDIRECT_PATH };

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
    logger,
    ...(clock ? { now: clock } : {}),
  });
  const { services } = built;
  const cron: CronRouteDeps = {
    config,
    logger,
    services: async () => services,
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.tick ? { tick: options.tick } : {}),
  };
  const tickOptions: TickOptions = {
    ...options.tick,
    ...(options.jobs ? { jobs: options.jobs } : {}),
    trigger: "timer",
  };
  const ticker = startTickTimer({
    services,
    run: options.tickEveryMinute ?? true,
    tick: (signal) =>
      runTick(services, {
        ...tickOptions,
        signal,
        dispatcher: dispatcherFor(config, services.now),
      }),
  });

  let http: RunningHttpServer | null = null;
  if (config.slack.mode === "socket") {
    await built.app.start();
    logger.info("Connected to Slack over Socket Mode.");
  } else {
    const receiver = built.receiver;
    if (!receiver) throw new Error("The app was built without its HTTP receiver.");
    http = await startHttpServer({
      port: options.port ?? config.port,
      ...(config.host === null ? {} : { host: config.host }),
      receiver,
      health: () => ({
        ok: true,
        mode: config.slack.mode,
        store: config.store.driver,
        ...scheduleHealth(config, false),
      }),
      routes: {
        ...oauthRoutes(built),
        [`GET ${CRON_TICK_PATH}`]: webRoute((request) => handleTickRequest(request, cron)),
        [`POST ${CRON_TICK_PATH}`]: webRoute((request) => handleTickRequest(request, cron)),
        [`POST ${CRON_RUN_PATH}`]: webRoute((request) => handleRunRequest(request, cron)),
      },
      logger,
    });
    logger.info(
      `eFax Reports for Slack is listening on ${http.url} (Slack request URL: ${http.url}/api/slack/events; ${config.store.driver} store).`,
    );
  }

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

function oauthRoutes(built: EfaxSlackApp): Record<string, RouteHandler> {
  const installer = built.installer;
  if (!installer) return {};
  const failed = (res: ServerResponse) => (error: unknown) => {
    built.logger.error(`The Slack install flow failed: ${describeError(error)}`);
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("The installation could not be completed. Try again from the install page.");
    }
  };
  return {
    [`GET ${INSTALL_PATH}`]: (req: IncomingMessage, res: ServerResponse) =>
      installer.handleInstallPath(req, res).catch(failed(res)),
    [`GET ${OAUTH_REDIRECT_PATH}`]: (req: IncomingMessage, res: ServerResponse) =>
      installer.handleCallback(req, res, built.installCallbacks ?? undefined).catch(failed(res)),
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
  const shutdown = (signal: string) => {
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
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
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
