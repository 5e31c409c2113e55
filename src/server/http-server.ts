import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReceiverLogger, SlackReceiver } from "../slack/receiver.ts";

/** The one Slack request URL for commands, events and interactivity (design.md). */
export const SLACK_EVENTS_PATH = "/api/slack/events";
export const HEALTH_PATH = "/healthz";

/** Handler for an extra route such as `GET /api/slack/install`. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Status reported by `GET /healthz`; `ok: false` answers 503. */
export type HealthReport = Record<string, unknown>;

export interface HttpServerOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind; default all interfaces (the URL then names 127.0.0.1). */
  host?: string;
  receiver: Pick<SlackReceiver, "handle">;
  /** Called per `GET /healthz`; throwing or returning `ok: false` answers 503. */
  health: () => Promise<HealthReport> | HealthReport;
  /** Extra routes keyed by `"METHOD /path"`, e.g. `{ "GET /api/slack/install": handler }`. */
  routes?: Readonly<Record<string, RouteHandler>>;
  /** Where to log route failures; default `console`. */
  logger?: Pick<ReceiverLogger, "error">;
  /** How long `close()` lets requests in progress finish before cutting them. Default 3000 ms. */
  closeGraceMs?: number;
}

export interface RunningHttpServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:54321`. */
  url: string;
  port: number;
  /** Stops listening, ends idle keep-alive sockets, and waits for requests in progress. */
  close(): Promise<void>;
}

/** Base class of the HTTP server's errors. */
export class HttpServerError extends Error {
  override name = "HttpServerError";
}

/** True for any error thrown by `startHttpServer`. */
export function isHttpServerError(error: unknown): error is HttpServerError {
  return error instanceof HttpServerError;
}

/** The server could not listen, e.g. because the port is taken. */
export class ListenFailedError extends HttpServerError {
  override name = "ListenFailedError";
  readonly code: string | undefined;
  constructor(where: string, cause: Error) {
    const code = "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
    const why =
      code === "EADDRINUSE"
        ? "the port is already in use"
        : code === "EADDRNOTAVAIL"
          ? "no network interface of this machine has that address"
          : code === "ENOTFOUND" || code === "EAI_AGAIN"
            ? "that host name does not resolve to an address"
            : cause.message;
    super(`Could not start the HTTP server on ${where}: ${why}.`, { cause });
    this.code = code;
  }
}

/**
 * Starts the app's HTTP server (node:http): `POST /api/slack/events` goes to the receiver,
 * `GET /healthz` answers the `health()` report as JSON (503 when it throws or says
 * `ok: false`), extra `routes` (OAuth) are matched by method and exact path, and anything
 * else gets a 404 JSON body.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { port, host, receiver, health, routes = {}, closeGraceMs = 3000 } = options;
  const logger = options.logger ?? console;

  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      const failure = error instanceof Error ? error.name : typeof error;
      logger.error(`The HTTP server failed to answer ${req.method} ${pathOf(req)} (${failure})`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: "internal_error" });
      else res.end();
    });
  });
  server.requestTimeout = 30_000;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const path = pathOf(req);
    const extra = routes[`${method} ${path}`];
    if (extra !== undefined) return extra(req, res);
    if (path === SLACK_EVENTS_PATH) {
      if (method === "POST") return receiver.handle(req, res);
      res.setHeader("allow", "POST");
      return sendJson(res, 405, { ok: false, error: "method_not_allowed" });
    }
    if (path === HEALTH_PATH && (method === "GET" || method === "HEAD")) {
      return sendHealth(res, health);
    }
    sendJson(res, 404, { ok: false, error: "not_found" });
  }

  const where = `${host ?? "all interfaces"} port ${port}`;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(new ListenFailedError(where, error));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new ListenFailedError(where, new Error("the server has no TCP address"));
  }
  const actualPort = (address satisfies AddressInfo).port;

  return {
    url: `http://${urlHost(host)}:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        const cutOff = setTimeout(() => server.closeAllConnections(), closeGraceMs);
        server.close((error) => {
          clearTimeout(cutOff);
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeIdleConnections();
      }),
  };
}

async function sendHealth(
  res: ServerResponse,
  health: () => Promise<HealthReport> | HealthReport,
): Promise<void> {
  let report: HealthReport;
  try {
    report = await health();
  } catch {
    return sendJson(res, 503, { ok: false, status: "unavailable" });
  }
  sendJson(res, report.ok === false ? 503 : 200, report);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(body);
}

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

function urlHost(host: string | undefined): string {
  if (host === undefined || host === "" || host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
