/**
 * The schedule's two routes, on web `Request`/`Response` so that the Vercel functions and the
 * local server (`npm start`) share them:
 *
 * - `GET|POST /api/cron/tick`: one tick (services/schedule/tick.ts), for Vercel Cron
 *   (`Authorization: Bearer <CRON_SECRET>`), a QStash schedule (signed) or any scheduler given
 *   the secret. With `QSTASH_TOKEN` the tick publishes its due runs instead of running them.
 * - `POST /api/cron/run`: the fan-out worker, QStash-signed only: one run, claimed and run as
 *   the tick would.
 *
 * Callers only authenticate (server/cron-auth.ts). Answers: 200 with the tick's summary (or the
 * run's result), 401 without valid credentials, 503 in plain words when nothing can be
 * authenticated (settings missing) or the store cannot be reached (nothing was run; the next
 * tick tries again). The worker answers 503 for a run to retry, so QStash delivers it again.
 */
import { type Config, CRON_RUN_PATH, CRON_TICK_PATH } from "../config.ts";
import type { Services } from "../services/context.ts";
import { type AppLogger, describeError } from "../services/logging.ts";
import type { ScheduledJob } from "../services/schedule/job.ts";
import { createQStashDispatcher } from "../services/schedule/qstash.ts";
import {
  type RunDispatcher,
  runTick,
  type TickOptions,
  TickUnavailableError,
} from "../services/schedule/tick.ts";
import { parseRunMessage, runDispatched } from "../services/schedule/worker.ts";
import { authenticateCron, type CronCaller } from "./cron-auth.ts";

export { scheduleHealth } from "./schedule-health.ts";
export { CRON_RUN_PATH, CRON_TICK_PATH };

/** Largest body read on these routes (a run message is well under 1 KiB). */
const MAX_BODY_BYTES = 64 * 1024;

export interface CronRouteDeps {
  config: Config;
  logger: AppLogger;
  /** The services, built when a request first needs them (so a refused request builds nothing). */
  services(): Promise<Services>;
  /** Default: every job in `SCHEDULED_JOBS`. */
  jobs?: readonly ScheduledJob[];
  /** Deadlines and concurrency of a tick and of a worker run. */
  tick?: Pick<TickOptions, "concurrency" | "startWithinMs" | "stopAfterMs" | "graceMs">;
  /** Fan-out. Default: QStash when `QSTASH_TOKEN` is set, else none (run in the tick). */
  dispatcher?: RunDispatcher | null;
}

/** The dispatcher the settings ask for: QStash with `QSTASH_TOKEN`, else none. */
export function dispatcherFor(config: Config, now: () => Date): RunDispatcher | null {
  const fanOut = config.schedule.fanOut;
  return fanOut ? createQStashDispatcher({ ...fanOut, now }) : null;
}

/** `GET|POST /api/cron/tick`. */
export async function handleTickRequest(request: Request, deps: CronRouteDeps): Promise<Response> {
  if (request.method !== "GET" && request.method !== "POST") {
    return plain(405, "Use GET or POST.", { allow: "GET, POST" });
  }
  const refused = await refuse(request, deps, CRON_TICK_PATH, ["cron-secret", "qstash"]);
  if (refused instanceof Response) return refused;
  const services = await servicesOrNull(deps);
  if (services === null) return unavailable();
  try {
    const summary = await runTick(services, {
      ...deps.tick,
      ...(deps.jobs ? { jobs: deps.jobs } : {}),
      dispatcher:
        deps.dispatcher === undefined ? dispatcherFor(deps.config, services.now) : deps.dispatcher,
      trigger: refused.caller === "qstash" ? "qstash" : "cron",
    });
    return Response.json({ ok: true, ...summary }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof TickUnavailableError) {
      deps.logger.error(`${error.message}; answered 503.`);
      return unavailable();
    }
    throw error;
  }
}

/** `POST /api/cron/run`: one fanned-out run. */
export async function handleRunRequest(request: Request, deps: CronRouteDeps): Promise<Response> {
  if (request.method !== "POST") return plain(405, "Use POST.", { allow: "POST" });
  const refused = await refuse(request, deps, CRON_RUN_PATH, ["qstash"]);
  if (refused instanceof Response) return refused;
  const message = parseRunMessage(refused.rawBody);
  if (message === null) {
    deps.logger.warn("Refused a QStash message to /api/cron/run that is not a run.");
    return plain(400, "This is not a run message.");
  }
  const services = await servicesOrNull(deps);
  if (services === null) return unavailable();
  const result = await runDispatched(services, message, {
    ...(deps.jobs ? { jobs: deps.jobs } : {}),
    ...deps.tick,
  });
  const body = { ok: true, result: result.kind };
  if (result.kind === "retry" || result.kind === "error") {
    return Response.json({ ...body, ok: false }, { status: 503, headers: { "retry-after": "60" } });
  }
  if (result.kind === "unknown") deps.logger.warn(`A run message names ${result.text}; skipped.`);
  return Response.json(body);
}

async function refuse(
  request: Request,
  deps: CronRouteDeps,
  path: string,
  accept: readonly CronCaller[],
): Promise<Response | { caller: CronCaller; rawBody: string }> {
  const rawBody = await readBody(request);
  if (rawBody === null) return plain(413, "The body is too large.");
  const auth = await authenticateCron(deps.config.schedule, {
    headers: request.headers,
    rawBody,
    path,
    accept,
  });
  if (auth.ok) return { caller: auth.caller, rawBody };
  if (auth.status === 503) {
    const set = accept.includes("cron-secret")
      ? "CRON_SECRET (Vercel Cron, other schedulers) or QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY (QStash)"
      : "QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY (QStash delivers fanned-out runs signed)";
    deps.logger.error(
      `Refused a request to ${path}: ${auth.why}, so nothing may call it. Set ${set}: README › Run on a schedule.`,
    );
    return plain(
      503,
      "Scheduled runs are not set up on this deployment: set CRON_SECRET (or QStash's signing keys). See README › Run on a schedule.",
    );
  }
  deps.logger.warn(`Refused a request to ${path}: ${auth.why}.`);
  return plain(401, "Unauthorized.", { "www-authenticate": 'Bearer realm="cron"' });
}

async function servicesOrNull(deps: CronRouteDeps): Promise<Services | null> {
  try {
    return await deps.services();
  } catch (error) {
    deps.logger.error(`The schedule could not start the app: ${describeError(error)}`);
    return null;
  }
}

function unavailable(): Response {
  return plain(
    503,
    "The app cannot reach its store, so nothing was run. The next tick tries again.",
    { "retry-after": "60" },
  );
}

function plain(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
      ...headers,
    },
  });
}

/** The body as text, or null past {@link MAX_BODY_BYTES}. */
async function readBody(request: Request): Promise<string | null> {
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
