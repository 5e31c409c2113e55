import type { IncomingMessage, ServerResponse } from "node:http";
import type { App, Logger, Receiver, ReceiverEvent } from "@slack/bolt";
import { type HeaderSource, readHeader, verifySlackRequest } from "./verify-request.ts";

/**
 * Default body cap: 1 MiB. Slack's largest bodies are interactions that carry a whole view
 * (a published view may be 250 kB of JSON) form-encoded, which can roughly triple its size;
 * 1 MiB covers that with room to spare, while staying far below Bolt's 4 MB and costing at
 * most about a millisecond of hashing.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Default time to wait for a listener's `ack()` before answering Slack anyway: 2.5 s, so the
 * answer still reaches Slack inside its 3-second limit after network latency.
 */
export const DEFAULT_ACK_TIMEOUT_MS = 2500;

/** The part of Bolt's `Logger` the receiver writes to. */
export type ReceiverLogger = Pick<Logger, "debug" | "info" | "warn" | "error">;

export interface SlackReceiverOptions {
  signingSecret: string;
  /** Where to log; defaults to the Bolt App's logger once `init(app)` has run. */
  logger?: ReceiverLogger;
  /** Clock in milliseconds, for the timestamp check. Default `Date.now`. */
  now?: () => number;
  /** Largest accepted body in bytes; larger ones get 413 before any hashing. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long to wait for `ack()` before answering 200 anyway. Default 2500 ms. */
  ackTimeoutMs?: number;
  /**
   * What `ack()` waits for once the answer is on its way, before the listener goes on: e.g. a
   * turn of the event loop (`src/services/turns.ts`), so other requests' answers go out before
   * this request's work. Default: nothing.
   */
  afterAck?: () => Promise<void>;
  /**
   * Requests every listener acknowledges with nothing (e.g. slash commands answered through their
   * `response_url`): these are answered 200 as soon as they are verified, and handed to Bolt only
   * after `afterAck`, so none of Bolt's work on them (authorisation, middleware, listeners) runs
   * before the answer. Their `ack()` then resolves at once; content passed to it cannot be sent
   * and is logged as dropped. Default: none (each request waits for its listener's `ack()`).
   */
  answersAtOnce?: (body: Record<string, unknown>) => boolean;
  /**
   * Creates the Bolt App on this receiver (Bolt calls `init`) when a request needs it and none is
   * attached yet: an entry point can then answer requests before loading Bolt and the listeners.
   * Called once at a time; a failure fails the requests waiting for it (a request `answersAtOnce`
   * picked has had its 200 already) and the next request calls it again. Default: none (a request
   * received before `init` gets 500).
   */
  attach?: () => Promise<unknown>;
  /**
   * Told about a request `answersAtOnce` picked whose app could not be attached (`attach`
   * failed), so that the person can be told; the failure is logged either way.
   */
  unattached?: (body: Record<string, unknown>) => Promise<void>;
}

export interface FetchHandlerOptions {
  /** Keeps a serverless function alive until the listeners finish (Vercel's `waitUntil`). */
  waitUntil?: (work: Promise<unknown>) => void;
}

/**
 * A Bolt `Receiver` that owns no server: an HTTP server hands it requests through `handle`
 * (node:http) or `handleRequest` (Fetch API, e.g. a Vercel function).
 */
export interface SlackReceiver extends Receiver {
  init(app: App): void;
  /** Resolves at once: the HTTP server is started separately (see `startHttpServer`). */
  start(): Promise<void>;
  /** Resolves when every request already received has finished processing. */
  stop(): Promise<void>;
  /**
   * True while a request already received is still being processed, including one answered at
   * once that is still waiting for `afterAck` before Bolt sees it.
   */
  readonly busy: boolean;
  /**
   * Answers one POST from Slack on a node:http response. Resolves after the response is
   * written and the listeners have finished (the response itself goes out at `ack()`).
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The same for a Fetch API request; resolves with the response as soon as it is known. */
  handleRequest(request: Request, options?: FetchHandlerOptions): Promise<Response>;
}

/** Base class of the receiver's configuration errors. */
export class SlackReceiverError extends Error {
  override name = "SlackReceiverError";
}

/** True for any error thrown by `createSlackReceiver`. */
export function isSlackReceiverError(error: unknown): error is SlackReceiverError {
  return error instanceof SlackReceiverError;
}

/** `attach` finished without creating a Bolt App on this receiver. */
export class AppNotAttachedError extends SlackReceiverError {
  override name = "AppNotAttachedError";
  constructor() {
    super("The Slack receiver's attach() finished without creating a Bolt App on it.");
  }
}

/** The signing secret was empty, so no request could ever be verified. */
export class MissingSigningSecretError extends SlackReceiverError {
  override name = "MissingSigningSecretError";
  constructor() {
    super(
      "Could not create the Slack receiver: the signing secret is empty (set SLACK_SIGNING_SECRET).",
    );
  }
}

/** A numeric option was not a positive number. */
export class InvalidReceiverOptionError extends SlackReceiverError {
  override name = "InvalidReceiverOptionError";
  readonly option: string;
  constructor(option: string, value: number) {
    super(
      `Could not create the Slack receiver: ${option} must be a positive number, not ${value}.`,
    );
    this.option = option;
  }
}

interface Reply {
  status: number;
  contentType?: string;
  body?: string;
}

interface Reception {
  reply: Promise<Reply>;
  done: Promise<void>;
}

type ParsedBody =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; status: 400 | 415; problem: string };

type BodyRead = { kind: "ok"; body: Buffer } | { kind: "too-large" } | { kind: "aborted" };

const NO_CONTENT_OK: Reply = { status: 200 };
const UNAUTHORIZED: Reply = { status: 401 };
const TOO_LARGE: Reply = jsonReply(413, { ok: false, error: "request_too_large" });
const INTERNAL_ERROR: Reply = jsonReply(500, { ok: false, error: "internal_error" });

const fallbackLogger: ReceiverLogger = {
  debug: () => {},
  info: () => {},
  warn: (...messages) => console.warn(...messages),
  error: (...messages) => console.error(...messages),
};

/**
 * Creates the receiver every Slack request goes through: body cap (413), strict signature
 * check (401, no listener runs), then `ssl_check` and `url_verification` answered directly,
 * then `app.processEvent` with an `ack` that sends the HTTP response the moment a listener
 * acknowledges while the listener keeps running (or, for requests `answersAtOnce` picks, 200 at
 * once and Bolt after). With `attach`, the App is created when a request first needs it, so such
 * a request is answered before Bolt is even loaded. Errors before `ack()` give 500 with a generic
 * body; nothing from the request body is ever logged.
 */
export function createSlackReceiver(options: SlackReceiverOptions): SlackReceiver {
  const {
    signingSecret,
    now = Date.now,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    ackTimeoutMs = DEFAULT_ACK_TIMEOUT_MS,
    afterAck,
    answersAtOnce,
    attach,
    unattached,
  } = options;
  if (signingSecret.length === 0) throw new MissingSigningSecretError();
  requirePositive("maxBodyBytes", maxBodyBytes);
  requirePositive("ackTimeoutMs", ackTimeoutMs);

  let app: App | undefined;
  let attaching: Promise<App> | null = null;
  let logger: ReceiverLogger | undefined = options.logger;
  const inFlight = new Set<Promise<void>>();
  const log = (): ReceiverLogger => logger ?? fallbackLogger;

  /** The attached App, created through `attach` first when there is none yet. */
  function attachedApp(): Promise<App> {
    if (app !== undefined) return Promise.resolve(app);
    attaching ??= (async () => {
      try {
        await attach?.();
      } finally {
        attaching = null;
      }
      if (app === undefined) throw new AppNotAttachedError();
      return app;
    })();
    return attaching;
  }

  function receive(headers: HeaderSource, rawBody: Buffer): Reception {
    const verdict = verifySlackRequest({
      signingSecret,
      headers,
      rawBody,
      nowMs: now(),
      maxBodyBytes,
    });
    if (!verdict.ok) {
      log().warn(`Refused an unverified request to the Slack endpoint (${verdict.reason})`);
      return answered(UNAUTHORIZED);
    }
    const parsed = parseSlackBody(readHeader(headers, "content-type"), rawBody);
    if (!parsed.ok) {
      log().warn(`Refused a signed Slack request: ${parsed.problem}`);
      return answered(jsonReply(parsed.status, { ok: false, error: "invalid_body" }));
    }
    const { body } = parsed;
    if (body.ssl_check === "1") return answered(NO_CONTENT_OK);
    if (body.type === "url_verification") {
      if (typeof body.challenge !== "string") {
        return answered(jsonReply(400, { ok: false, error: "invalid_body" }));
      }
      return answered(jsonReply(200, { challenge: body.challenge }));
    }
    if (app === undefined && attach === undefined) {
      log().error("Received a Slack request before the receiver was attached to a Bolt App");
      return answered(INTERNAL_ERROR);
    }
    const reception = dispatch(body, headers);
    inFlight.add(reception.done);
    void reception.done.then(() => inFlight.delete(reception.done));
    return reception;
  }

  function dispatch(body: Record<string, unknown>, headers: HeaderSource): Reception {
    const what = describeRequest(body);
    if (answersAtOnce?.(body) === true) return dispatchAnswered(body, headers, what);
    const startedAt = now();
    let state: "waiting" | "answered" | "late" = "waiting";
    let answer: (reply: Reply) => void = () => {};
    const reply = new Promise<Reply>((resolve) => {
      answer = resolve;
    });
    const timer = setTimeout(() => {
      if (state !== "waiting") return;
      state = "late";
      log().warn(`${what} was not acknowledged within ${ackTimeoutMs} ms; answered 200 anyway`);
      answer(NO_CONTENT_OK);
    }, ackTimeoutMs);

    const ack = async (response?: unknown): Promise<void> => {
      if (state === "answered") throw await multipleAckError();
      if (state === "late") {
        state = "answered";
        log().warn(`${what} was acknowledged after Slack had already been answered`);
        return;
      }
      state = "answered";
      clearTimeout(timer);
      answer(ackReply(response));
      log().debug(`${what} acknowledged in ${now() - startedAt} ms`);
      await afterAck?.();
    };

    const event = receiverEvent(body, headers, ack);
    const done = (async () => {
      try {
        const target = await attachedApp();
        await target.processEvent(event);
        if (state === "waiting") {
          state = "answered";
          log().debug(`${what} finished without an acknowledgement; answered 200`);
          answer(NO_CONTENT_OK);
        }
      } catch (error) {
        const failure = error instanceof Error ? error.name : typeof error;
        if (state === "waiting") {
          state = "answered";
          log().error(`${what} failed before it was acknowledged (${failure}); answered 500`);
          answer(INTERNAL_ERROR);
        } else {
          log().error(`${what} failed after Slack was answered (${failure})`);
        }
      } finally {
        clearTimeout(timer);
      }
    })();
    return { reply, done };
  }

  /** A request `answersAtOnce` picked: 200 now, Bolt (attached first if need be) after `afterAck`. */
  function dispatchAnswered(
    body: Record<string, unknown>,
    headers: HeaderSource,
    what: string,
  ): Reception {
    let acknowledged = false;
    const ack = async (response?: unknown): Promise<void> => {
      if (acknowledged) throw await multipleAckError();
      acknowledged = true;
      if (ackReply(response) !== NO_CONTENT_OK) {
        log().warn(`${what} was answered when it arrived; the content given to ack() was dropped`);
      }
    };
    const event = receiverEvent(body, headers, ack);
    const done = (async () => {
      try {
        await afterAck?.();
        const target = await attachedApp().catch(async (error: unknown) => {
          log().error(`${what} was not handled: the app did not start (${nameOf(error)})`);
          await unattached?.(body).catch((failure: unknown) => {
            log().error(`${what}: telling the person failed too (${nameOf(failure)})`);
          });
          return null;
        });
        await target?.processEvent(event);
      } catch (error) {
        log().error(`${what} failed after Slack was answered (${nameOf(error)})`);
      }
    })();
    return { reply: Promise.resolve(NO_CONTENT_OK), done };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = Number(req.headers["content-length"]);
    const read: BodyRead =
      declared > maxBodyBytes ? { kind: "too-large" } : await readNodeBody(req, maxBodyBytes);
    if (read.kind === "aborted") return;
    if (read.kind === "too-large") {
      log().warn(`Refused a request to the Slack endpoint: body over ${maxBodyBytes} bytes`);
      req.resume();
      writeReply(res, TOO_LARGE, true);
      return;
    }
    const { reply, done } = receive(req.headers, read.body);
    writeReply(res, await reply, false);
    await done;
  }

  async function handleRequest(
    request: Request,
    handlerOptions: FetchHandlerOptions = {},
  ): Promise<Response> {
    const body = await readCappedBody(request, maxBodyBytes);
    if (body === null) {
      log().warn(`Refused a request to the Slack endpoint: body over ${maxBodyBytes} bytes`);
      return tooLargeResponse();
    }
    const { reply, done } = receive(request.headers, body);
    handlerOptions.waitUntil?.(done);
    return toResponse(await reply);
  }

  return {
    init(boltApp: App): void {
      app = boltApp;
      logger ??= boltApp.logger;
    },
    async start(): Promise<void> {},
    async stop(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    get busy(): boolean {
      return inFlight.size > 0;
    },
    handle,
    handleRequest,
  };
}

/**
 * Bolt's error for a second `ack()`. Only a listener can call `ack()`, so Bolt is loaded by then:
 * importing it here keeps it off the path that answers before Bolt is loaded.
 */
async function multipleAckError(): Promise<Error> {
  const { ReceiverMultipleAckError } = await import("@slack/bolt");
  return new ReceiverMultipleAckError();
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function requirePositive(option: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new InvalidReceiverOptionError(option, value);
}

function receiverEvent(
  body: Record<string, unknown>,
  headers: HeaderSource,
  ack: (response?: unknown) => Promise<void>,
): ReceiverEvent {
  return {
    body,
    ack,
    retryNum: retryNumber(readHeader(headers, "x-slack-retry-num")),
    retryReason: readHeader(headers, "x-slack-retry-reason"),
    customProperties: {},
  };
}

function answered(reply: Reply): Reception {
  return { reply: Promise.resolve(reply), done: Promise.resolve() };
}

function jsonReply(status: number, value: unknown): Reply {
  return { status, contentType: "application/json", body: JSON.stringify(value) };
}

function ackReply(response: unknown): Reply {
  if (response === undefined || response === null || response === "") return NO_CONTENT_OK;
  if (typeof response === "string") {
    return { status: 200, contentType: "text/plain; charset=utf-8", body: response };
  }
  return jsonReply(200, response);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Slack sends slash commands and interactions form-encoded, events as JSON. */
function parseSlackBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  try {
    if (mediaType === "application/x-www-form-urlencoded") {
      const params = new URLSearchParams(raw.toString("utf8"));
      const payload = params.get("payload");
      if (payload === null) return { ok: true, body: Object.fromEntries(params) };
      const decoded: unknown = JSON.parse(payload);
      if (isRecord(decoded)) return { ok: true, body: decoded };
      return { ok: false, status: 400, problem: "the payload field is not a JSON object" };
    }
    if (mediaType === "application/json") {
      const decoded: unknown = JSON.parse(raw.toString("utf8"));
      if (isRecord(decoded)) return { ok: true, body: decoded };
      return { ok: false, status: 400, problem: "the JSON body is not an object" };
    }
  } catch {
    return { ok: false, status: 400, problem: "the body is not valid JSON" };
  }
  return { ok: false, status: 415, problem: `unsupported content type ${mediaType ?? "(none)"}` };
}

function retryNumber(header: string | undefined): number | undefined {
  return header !== undefined && /^[0-9]{1,3}$/.test(header) ? Number(header) : undefined;
}

function teamIdOf(body: Record<string, unknown>): string | undefined {
  if (typeof body.team_id === "string") return body.team_id;
  if (isRecord(body.team) && typeof body.team.id === "string") return body.team.id;
  if (isRecord(body.user) && typeof body.user.team_id === "string") return body.user.team_id;
  if (isRecord(body.view) && typeof body.view.team_id === "string") return body.view.team_id;
  return undefined;
}

/** "Slack command /efax for team T1"; names the kind of request, never its content. */
function describeRequest(body: Record<string, unknown>): string {
  let kind = "request";
  if (typeof body.command === "string") kind = `command ${body.command}`;
  else if (body.type === "event_callback" && isRecord(body.event)) {
    kind = `event ${typeof body.event.type === "string" ? body.event.type : "(untyped)"}`;
  } else if (typeof body.type === "string") kind = body.type;
  return `Slack ${kind} for team ${teamIdOf(body) ?? "(unknown)"}`;
}

function readNodeBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("close", onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish({ kind: "too-large" });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: "ok", body: Buffer.concat(chunks, size) });
    const onAbort = () => finish({ kind: "aborted" });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAbort);
    req.on("close", onAbort);
  });
}

/**
 * The body of a Fetch API request, or null when it is over `maxBodyBytes` (default 1 MiB): a
 * declared `Content-Length` over the cap is refused before a byte is read, and a body streamed
 * without one stops being read (and is cancelled) as soon as it passes the cap.
 */
export async function readCappedBody(
  request: Request,
  maxBodyBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<Buffer | null> {
  if (Number(request.headers.get("content-length")) > maxBodyBytes) return null;
  if (request.body === null) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

/** The answer to a body over the cap: 413 with a JSON error naming no detail of the request. */
export function tooLargeResponse(): Response {
  return toResponse(TOO_LARGE);
}

function writeReply(res: ServerResponse, reply: Reply, closeConnection: boolean): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = {};
  if (reply.contentType !== undefined) headers["content-type"] = reply.contentType;
  if (closeConnection) headers.connection = "close";
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

function toResponse(reply: Reply): Response {
  const headers: Record<string, string> = {};
  if (reply.contentType !== undefined) headers["content-type"] = reply.contentType;
  return new Response(reply.body ?? null, { status: reply.status, headers });
}
