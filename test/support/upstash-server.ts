import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Redis } from "ioredis";

/**
 * A test-only server that speaks Upstash's REST protocol against the real local Redis, so the
 * Upstash driver is tested through `@upstash/redis` exactly as in production:
 * `POST /` with a JSON command array, `POST /pipeline` and `POST /multi-exec` with arrays of
 * commands, `Authorization: Bearer <token>` (401 otherwise), `{"result": …}` / `{"error": …}`
 * bodies, and with `Upstash-Encoding: base64` every string of a result base64-encoded except the
 * plain `"OK"`. Each server leases its own Redis database (1–15) so parallel test files never
 * see each other's keys; it is emptied on start and on close.
 */

/** A failure to play instead of answering. */
export type UpstashFault =
  /** Accept the request and never answer (until the server closes). */
  | { kind: "hang" }
  /** Answer normally after this many milliseconds. */
  | { kind: "delay"; ms: number }
  /** Drop the connection without answering. */
  | { kind: "reset" }
  /** Answer with this HTTP status and body instead of running the command. */
  | { kind: "status"; status: number; body: string };

/** One request as received. Test-only: commands include values. */
export interface RecordedUpstashRequest {
  path: string;
  authorized: boolean;
  base64: boolean;
  commands: string[][];
}

export interface UpstashServer {
  /** Base URL to give `@upstash/redis` (`http://127.0.0.1:<port>`). */
  url: string;
  /** The Bearer token it accepts. */
  token: string;
  /** The Redis database number it leased. */
  db: number;
  /** A plain Redis client on the same database, to inspect raw values and TTLs. */
  redis: Redis;
  requests: RecordedUpstashRequest[];
  setFault(fault: UpstashFault | null): void;
  close(): Promise<void>;
}

export interface UpstashServerOptions {
  /** Token to accept. Default: a random one. */
  token?: string;
  /** Redis to use. Default: `REDIS_URL` or `redis://127.0.0.1:6379`. */
  redisUrl?: string;
}

type Reply = string | number | null | Reply[] | { error: string };

const LEASE_PREFIX = "upstash-test-server:db-lease:";
const LEASE_SECONDS = 600;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const REFUSED = new Set([
  "select",
  "swapdb",
  "move",
  "flushall",
  "multi",
  "exec",
  "discard",
  "watch",
  "unwatch",
  "quit",
  "reset",
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "monitor",
  "sync",
  "psync",
  "shutdown",
  "debug",
  "config",
  "client",
  "failover",
  "replicaof",
  "slaveof",
]);

async function leaseDatabase(redisUrl: string): Promise<{ db: number; release(): Promise<void> }> {
  const lessor = new Redis(redisUrl, { db: 0, maxRetriesPerRequest: 1 });
  const holder = `${process.pid}:${randomBytes(6).toString("hex")}`;
  try {
    for (let db = 1; db <= 15; db += 1) {
      const won = await lessor.set(`${LEASE_PREFIX}${db}`, holder, "EX", LEASE_SECONDS, "NX");
      if (won === "OK") {
        return {
          db,
          async release() {
            const key = `${LEASE_PREFIX}${db}`;
            if ((await lessor.get(key)) === holder) {
              await lessor.del(key);
            }
            lessor.disconnect();
          },
        };
      }
    }
  } catch (error) {
    lessor.disconnect();
    throw error;
  }
  lessor.disconnect();
  throw new Error("Every Redis database 1–15 is leased by another test server; try again shortly.");
}

function isCommand(value: unknown): value is (string | number | boolean)[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    typeof value[0] === "string" &&
    value.every((part) => ["string", "number", "boolean"].includes(typeof part))
  );
}

function encodeReply(reply: unknown, base64: boolean): Reply {
  if (reply === null || reply === undefined) {
    return null;
  }
  if (typeof reply === "number") {
    return reply;
  }
  if (Buffer.isBuffer(reply)) {
    const text = reply.toString("utf8");
    return base64 && text !== "OK" ? reply.toString("base64") : text;
  }
  if (typeof reply === "string") {
    return base64 && reply !== "OK" ? Buffer.from(reply, "utf8").toString("base64") : reply;
  }
  if (Array.isArray(reply)) {
    return reply.map((item) => encodeReply(item, base64));
  }
  if (reply instanceof Error) {
    return { error: reply.message };
  }
  if (typeof reply === "object" && Object.getPrototypeOf(reply) === Object.prototype) {
    // ioredis turns an HGETALL reply into an object even for callBuffer; Upstash sends Redis's
    // flat [field, value, …] array.
    return Object.entries(reply).flatMap(([field, value]) => [
      encodeReply(field, base64),
      encodeReply(value, base64),
    ]);
  }
  return String(reply);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      return null;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.writableEnded) {
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts the server on a free loopback port; see {@link UpstashServer}. */
export async function startUpstashServer(
  options: UpstashServerOptions = {},
): Promise<UpstashServer> {
  const token = options.token ?? `test-token-${randomBytes(12).toString("hex")}`;
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const lease = await leaseDatabase(redisUrl);
  const redis = new Redis(redisUrl, { db: lease.db, maxRetriesPerRequest: 1 });
  await redis.flushdb();

  const requests: RecordedUpstashRequest[] = [];
  const sockets = new Set<Socket>();
  let fault: UpstashFault | null = null;

  async function run(command: (string | number | boolean)[]): Promise<unknown> {
    const [name, ...args] = command.map(String);
    if (name === undefined || REFUSED.has(name.toLowerCase())) {
      throw new Error(`ERR '${name ?? ""}' is not allowed by the test server`);
    }
    return redis.callBuffer(name, ...args);
  }

  async function runAtomically(commands: (string | number | boolean)[][]): Promise<unknown[]> {
    for (const command of commands) {
      const name = String(command[0]).toLowerCase();
      if (REFUSED.has(name)) {
        throw new Error(`ERR '${name}' is not allowed by the test server`);
      }
    }
    const transaction = redis.multi();
    for (const command of commands) {
      const [name, ...args] = command.map(String);
      transaction.callBuffer(String(name), ...args);
    }
    const results = await transaction.exec();
    if (results === null) {
      throw new Error("EXECABORT Transaction discarded");
    }
    return results.map(([error, result]) => error ?? result);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const body = await readBody(req);
    const authorized =
      req.headers.authorization === `Bearer ${token}` || url.searchParams.get("_token") === token;
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const parsed: unknown = body === null ? null : safeJson(body);
    const commands = isCommand(parsed)
      ? [parsed.map(String)]
      : Array.isArray(parsed) && parsed.every(isCommand)
        ? parsed.map((command) => command.map(String))
        : [];
    requests.push({ path: url.pathname, authorized, base64, commands });

    const current = fault;
    if (current?.kind === "hang") {
      return;
    }
    if (current?.kind === "reset") {
      req.socket.destroy();
      return;
    }
    if (current?.kind === "status") {
      res.writeHead(current.status, { "content-type": "application/json" });
      res.end(current.body);
      return;
    }
    if (current?.kind === "delay") {
      await sleep(current.ms);
    }

    if (req.method !== "POST") {
      send(res, 405, { error: "ERR only POST is supported by the test server" });
      return;
    }
    if (!authorized) {
      send(res, 401, { error: "Unauthorized" });
      return;
    }
    if (body === null) {
      send(res, 413, { error: "ERR request body too large" });
      return;
    }

    if (url.pathname === "/" || url.pathname === "") {
      if (!isCommand(parsed)) {
        send(res, 400, { error: "ERR failed to parse command" });
        return;
      }
      try {
        send(res, 200, { result: encodeReply(await run(parsed), base64) });
      } catch (error) {
        send(res, 400, { error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    if (url.pathname === "/pipeline" || url.pathname === "/multi-exec") {
      if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isCommand)) {
        send(res, 400, { error: "ERR failed to parse pipeline request" });
        return;
      }
      if (url.pathname === "/multi-exec") {
        try {
          const results = await runAtomically(parsed);
          send(
            res,
            200,
            results.map((result) => wrap(result, base64)),
          );
        } catch (error) {
          send(res, 400, { error: error instanceof Error ? error.message : String(error) });
        }
        return;
      }
      const results: unknown[] = [];
      for (const command of parsed) {
        try {
          results.push(await run(command));
        } catch (error) {
          results.push(error instanceof Error ? error : new Error(String(error)));
        }
      }
      send(
        res,
        200,
        results.map((result) => wrap(result, base64)),
      );
      return;
    }
    send(res, 404, { error: `ERR unknown endpoint ${url.pathname}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? (address satisfies AddressInfo).port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    db: lease.db,
    redis,
    requests,
    setFault(next) {
      fault = next;
    },
    async close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.flushdb();
      redis.disconnect();
      await lease.release();
    },
  };
}

function wrap(result: unknown, base64: boolean): { result: Reply } | { error: string } {
  return result instanceof Error
    ? { error: result.message }
    : { result: encodeReply(result, base64) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
