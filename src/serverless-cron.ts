/**
 * The schedule's routes as Vercel functions run them (`api/cron/tick.ts`, `api/cron/run.ts`):
 * the settings, the store and the services, and nothing of Slack's request handling (no Bolt,
 * no receiver, no listeners), loaded once per function instance when a request has been
 * authenticated. The tick stops starting runs after 40 s and stops them at 50 s, inside the
 * functions' 60 s `maxDuration` (vercel.json).
 */
import type { Config } from "./config.ts";
import type { CronRouteDeps } from "./server/cron-routes.ts";
import type { Services } from "./services/context.ts";
import {
  type AppLogger,
  createAppLogger,
  describeError,
  logLevelFromEnv,
} from "./services/logging.ts";
import type { AppStorage } from "./storage.ts";

interface CronInstance {
  deps: CronRouteDeps;
  /** The storage, once the first authenticated request has opened it. */
  storage: Promise<AppStorage> | null;
}

let instance: Promise<CronInstance> | null = null;

/** This function instance's settings and logger, read on first use (a failure is retried). */
function cronInstance(): Promise<CronInstance> {
  instance ??= build().catch((error: unknown) => {
    instance = null;
    throw error;
  });
  return instance;
}

async function build(): Promise<CronInstance> {
  const { loadConfig } = await import("./config.ts");
  const logger = createAppLogger({ level: logLevelFromEnv(process.env.LOG_LEVEL) });
  const config = loadConfig(process.env);
  let services: Promise<Services> | null = null;
  const built: CronInstance = {
    storage: null,
    deps: {
      config,
      logger,
      // Opened once a request is authenticated; a failure (store unreachable) is retried.
      services: () => {
        services ??= openServices(config, logger, built).catch((error: unknown) => {
          services = null;
          built.storage = null;
          throw error;
        });
        return services;
      },
    },
  };
  return built;
}

async function openServices(
  config: Config,
  logger: AppLogger,
  built: CronInstance,
): Promise<Services> {
  const [{ openStorage }, { createServices }] = await Promise.all([
    import("./storage.ts"),
    import("./services/create.ts"),
  ]);
  built.storage = openStorage(config, logger);
  const storage = await built.storage;
  return createServices({
    config,
    store: storage.store,
    cache: storage.cache,
    vault: storage.vault,
    sealer: storage.sealer,
    efax: { apiUrl: config.efax.apiUrl },
    logger,
  });
}

async function handle(route: "tick" | "run", request: Request): Promise<Response> {
  let deps: CronRouteDeps;
  try {
    deps = (await cronInstance()).deps;
  } catch (error) {
    const { formatConfigError, isConfigError } = await import("./config.ts");
    console.error(
      isConfigError(error)
        ? formatConfigError(error)
        : `eFax Reports for Slack could not start: ${describeError(error)}`,
    );
    return Response.json({ ok: false, error: "not_configured" }, { status: 500 });
  }
  const routes = await import("./server/cron-routes.ts");
  return route === "tick"
    ? routes.handleTickRequest(request, deps)
    : routes.handleRunRequest(request, deps);
}

/** `GET|POST /api/cron/tick` on Vercel. */
export function handleCronTick(request: Request): Promise<Response> {
  return handle("tick", request);
}

/** `POST /api/cron/run` on Vercel (QStash fan-out). */
export function handleCronRun(request: Request): Promise<Response> {
  return handle("run", request);
}

/** Closes this function instance's store (tests). The next request starts anew. */
export async function closeCronFunction(): Promise<void> {
  const current = await instance?.catch(() => null);
  instance = null;
  const storage = await current?.storage?.catch(() => null);
  await storage?.close();
}
