/**
 * The app as Vercel functions run it: built once per cold start from the environment, behind
 * `@vercel/slack-bolt`'s `VercelReceiver` (acknowledge first, finish in `waitUntil`), with our own
 * strict signature check in front of it on the raw body. `api/slack/*.ts` stay one-liners.
 */
import { createHandler, VercelReceiver } from "@vercel/slack-bolt";
import { createApp, type EfaxSlackApp } from "./app.ts";
import { formatConfigError, isConfigError, loadConfig } from "./config.ts";
import { createInstallationStore } from "./services/installations.ts";
import { createAppLogger, describeError, logLevelOf } from "./services/logging.ts";
import { BOT_SCOPES } from "./slack/listeners/index.ts";
import { DEFAULT_MAX_BODY_BYTES, readCappedBody, tooLargeResponse } from "./slack/receiver.ts";
import { verifySlackRequest } from "./slack/verify-request.ts";
import { openStorage } from "./storage.ts";

interface ServerlessApp {
  built: EfaxSlackApp;
  close(): Promise<void>;
  receiver: VercelReceiver;
  signingSecret: string;
  handle: (request: Request) => Promise<Response>;
}

let instance: Promise<ServerlessApp> | null = null;

async function build(): Promise<ServerlessApp> {
  const config = loadConfig(process.env);
  if (config.slack.mode === "socket") {
    throw new Error(
      "SLACK_APP_TOKEN selects Socket Mode, which a Vercel function cannot hold open: unset it on Vercel.",
    );
  }
  const logger = createAppLogger({ level: logLevelOf(config.logLevel) });
  const storage = await openStorage(config, logger);
  const slack = config.slack;
  const receiver = new VercelReceiver({
    signingSecret: slack.signingSecret,
    logger,
    logLevel: logger.getLevel(),
    ...(slack.mode === "oauth"
      ? {
          clientId: slack.clientId,
          clientSecret: slack.clientSecret,
          stateSecret: slack.stateSecret,
          scopes: [...BOT_SCOPES],
          installationStore: createInstallationStore(storage),
          installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } },
        }
      : {}),
  });
  const built = createApp({
    config,
    store: storage.store,
    cache: storage.cache,
    vault: storage.vault,
    sealer: storage.sealer,
    efax: { apiUrl: config.efax.apiUrl },
    receiver,
    logger,
    deferInitialization: true,
  });
  return {
    built,
    async close() {
      await built.idle();
      await storage.close();
    },
    receiver,
    signingSecret: slack.signingSecret,
    handle: createHandler(built.app, receiver),
  };
}

/** The app of this function instance, built on first use (a failed build is retried next time). */
function serverlessApp(): Promise<ServerlessApp> {
  instance ??= build().catch((error: unknown) => {
    instance = null;
    throw error;
  });
  return instance;
}

/**
 * Closes this function instance: waits for the requests it is still processing (the work handed
 * to `waitUntil`), then closes its stores (pending writes flushed). The next request builds anew.
 */
export async function closeServerlessApp(): Promise<void> {
  const current = instance;
  instance = null;
  if (current) await (await current.catch(() => null))?.close();
}

function startupFailure(error: unknown): Response {
  const message = isConfigError(error) ? formatConfigError(error) : describeError(error);
  console.error(message);
  return Response.json({ ok: false, error: "not_configured" }, { status: 500 });
}

/**
 * `POST /api/slack/events`: refuses a body over the receiver's cap (1 MiB) with 413 without
 * reading past it, verifies the signature strictly (±5 minutes both ways, constant time) on the
 * bytes as received, then hands an identical request to Bolt.
 */
export async function handleSlackEvents(request: Request): Promise<Response> {
  let app: ServerlessApp;
  try {
    app = await serverlessApp();
  } catch (error) {
    return startupFailure(error);
  }
  const rawBody = await readCappedBody(request, DEFAULT_MAX_BODY_BYTES);
  if (rawBody === null) {
    app.built.logger.warn(
      `Refused a request to the Slack endpoint: body over ${DEFAULT_MAX_BODY_BYTES} bytes`,
    );
    return tooLargeResponse();
  }
  const verdict = verifySlackRequest({
    signingSecret: app.signingSecret,
    headers: request.headers,
    rawBody,
    nowMs: Date.now(),
  });
  if (!verdict.ok) return new Response(null, { status: 401 });
  return app.handle(
    new Request(request.url, { method: "POST", headers: request.headers, body: rawBody }),
  );
}

/** `GET /api/slack/install` and `/api/slack/oauth_redirect` (multi-workspace mode only). */
export async function handleInstallStep(
  step: "install" | "redirect",
  request: Request,
): Promise<Response> {
  let app: ServerlessApp;
  try {
    app = await serverlessApp();
  } catch (error) {
    return startupFailure(error);
  }
  if (!app.built.installer) {
    return new Response("This app is installed with a bot token, not through OAuth.", {
      status: 404,
    });
  }
  return step === "install"
    ? app.receiver.handleInstall(request)
    : app.receiver.handleCallback(request);
}

/** `GET /healthz` on Vercel: 200 when the settings are complete, 503 naming nothing secret. */
export function serverlessHealth(): Response {
  try {
    const config = loadConfig(process.env);
    return Response.json({ ok: true, mode: config.slack.mode, store: config.store.driver });
  } catch (error) {
    if (isConfigError(error)) console.error(formatConfigError(error));
    return Response.json({ ok: false, status: "not_configured" }, { status: 503 });
  }
}
