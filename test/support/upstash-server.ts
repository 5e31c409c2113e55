import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Redis } from "ioredis";

/**
 * A test-only server that speaks Upstash's REST protocol against a real Redis, so the Upstash
 * driver is tested through `@upstash/redis` exactly as in production: `POST /` with a JSON
 * command array, `POST /pipeline` and `POST /multi-exec` with arrays of commands,
 * `Authorization: Bearer <token>` (401 otherwise), `{"result": …}` / `{"error": …}` bodies, and
 * with `Upstash-Encoding: base64` every string of a result base64-encoded except the plain `"OK"`.
 *
 * The Redis is the run's private `redis-server` (or the one `REDIS_URL` names), shared by every
 * test file, so each server keeps to a random key prefix of its own and never flushes anything:
 * every key a command names is stored under the prefix, `SCAN` and `KEYS` only see (and answer
 * without the prefix) keys under it, and a command it cannot confine that way (`FLUSHDB`,
 * `SELECT`, `EVAL`, `RANDOMKEY`, …) is refused. The driver sees a Redis of its own, with real
 * Redis semantics (TTLs, `SET NX`, glob matching), and keys outside the prefix are never written,
 * read or removed. `close()` removes the server's own keys.
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

/**
 * The server's keys in Redis, addressed as the driver sees them (without the prefix), to inspect
 * raw values and TTLs. There is deliberately no way here to reach a key outside the prefix.
 */
export interface PrefixedRedis {
  /** The prefix every key of this server is stored under in Redis. */
  readonly prefix: string;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  exists(key: string): Promise<number>;
  del(...keys: string[]): Promise<number>;
  ttl(key: string): Promise<number>;
  pttl(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
  /** This server's keys matching a Redis glob pattern (default: all), without the prefix. */
  keys(pattern?: string): Promise<string[]>;
  /** Removes every key of this server (and nothing else); resolves to how many. */
  clear(): Promise<number>;
}

export interface UpstashServer {
  /** Base URL to give `@upstash/redis` (`http://127.0.0.1:<port>`). */
  url: string;
  /** The Bearer token it accepts. */
  token: string;
  /** The server's keys, read and written directly in Redis. */
  redis: PrefixedRedis;
  requests: RecordedUpstashRequest[];
  setFault(fault: UpstashFault | null): void;
  /** Stops the server and removes its keys. */
  close(): Promise<void>;
}

export interface UpstashServerOptions {
  /** Token to accept. Default: a random one. */
  token?: string;
  /** Redis to use. Default: the run's (`inject("redisUrl")`, see `redis-global-setup.ts`). */
  redisUrl?: string;
}

type Reply = string | number | null | Reply[] | { error: string };

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const SCAN_COUNT = 1000;

/** Which arguments (after the command's name) of an allowed command are keys. */
type KeyArguments = (args: readonly string[]) => number[];
const NO_KEYS: KeyArguments = () => [];
const FIRST: KeyArguments = () => [0];
const EVERY: KeyArguments = (args) => args.map((_, index) => index);
const EVERY_OTHER: KeyArguments = (args) =>
  args.map((_, index) => index).filter((index) => index % 2 === 0);

/**
 * The commands the server runs, each confined to the prefix by prefixing its keys. Anything not
 * listed (and not `SCAN`/`KEYS`, confined by their pattern) is refused: it could reach keys
 * outside the prefix (`FLUSHDB`, `EVAL`, `RANDOMKEY`, `SELECT`, `MOVE`, …).
 */
const ALLOWED: Record<string, KeyArguments> = {
  ping: NO_KEYS,
  echo: NO_KEYS,
  time: NO_KEYS,
  ...Object.fromEntries(
    [
      ...["get", "set", "setnx", "setex", "psetex", "getdel", "getex", "getset", "append"],
      ...["strlen", "incr", "incrby", "incrbyfloat", "decr", "decrby", "type", "persist"],
      ...["expire", "pexpire", "expireat", "pexpireat", "expiretime", "pexpiretime", "ttl"],
      ...["pttl", "hget", "hset", "hsetnx", "hmget", "hmset", "hgetall", "hdel", "hexists"],
      ...["hincrby", "hkeys", "hvals", "hlen", "lpush", "rpush", "lpop", "rpop", "lrange"],
      ...["llen", "lindex", "lrem", "ltrim", "lset", "sadd", "srem", "smembers", "sismember"],
      ...["scard", "zadd", "zrem", "zrange", "zcard", "zscore", "zincrby", "zrangebyscore"],
    ].map((name) => [name, FIRST]),
  ),
  ...Object.fromEntries(
    ["del", "unlink", "exists", "touch", "mget", "rename", "renamenx"].map((name) => [name, EVERY]),
  ),
  mset: EVERY_OTHER,
  msetnx: EVERY_OTHER,
};

/** A command rewritten to stay under the prefix, and how to give its reply back unprefixed. */
interface Confined {
  name: string;
  args: string[];
  reply(result: unknown): unknown;
}

class RefusedCommandError extends Error {}

function refuse(name: string): never {
  throw new RefusedCommandError(
    `ERR '${name}' is not allowed by the test server, which keeps to its own key prefix`,
  );
}

/** Rewrites one command so that it only names, matches or lists keys under `prefix`. */
function confine(prefix: string, command: readonly string[]): Confined {
  const [name = "", ...args] = command;
  const lower = name.toLowerCase();
  const unprefix = (reply: unknown) => stripPrefix(prefix, reply);
  if (lower === "keys") {
    if (args.length !== 1) {
      refuse(name);
    }
    return { name, args: [`${prefix}${args[0]}`], reply: unprefix };
  }
  if (lower === "scan") {
    const [cursor = "0", ...options] = args;
    const rewritten = [cursor];
    let matched = false;
    for (let index = 0; index < options.length; index += 2) {
      const option = options[index] ?? "";
      const value = options[index + 1];
      if (value === undefined) {
        refuse(name);
      }
      const isMatch = option.toLowerCase() === "match";
      matched ||= isMatch;
      rewritten.push(option, isMatch ? `${prefix}${value}` : value);
    }
    if (!matched) {
      rewritten.push("MATCH", `${prefix}*`);
    }
    return {
      name,
      args: rewritten,
      reply: (result) =>
        Array.isArray(result) ? [result[0], unprefix(result[1])] : unprefix(result),
    };
  }
  const keyArguments = ALLOWED[lower];
  if (keyArguments === undefined) {
    refuse(name);
  }
  const keys = new Set(keyArguments(args));
  return {
    name,
    args: args.map((arg, index) => (keys.has(index) ? `${prefix}${arg}` : arg)),
    reply: (result) => result,
  };
}

/** A list of keys from SCAN or KEYS without the prefix (any other key would be a bug: dropped). */
function stripPrefix(prefix: string, reply: unknown): unknown {
  if (!Array.isArray(reply)) {
    return reply;
  }
  const bytes = Buffer.from(prefix, "utf8");
  return reply.flatMap((key: unknown) => {
    const buffer = Buffer.isBuffer(key) ? key : Buffer.from(String(key), "utf8");
    return buffer.subarray(0, bytes.length).equals(bytes) ? [buffer.subarray(bytes.length)] : [];
  });
}

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", SCAN_COUNT);
    for (const key of keys) {
      found.add(key);
    }
    cursor = next;
  } while (cursor !== "0");
  return [...found].sort();
}

function prefixedView(redis: Redis, prefix: string): PrefixedRedis {
  const at = (key: string) => `${prefix}${key}`;
  return {
    prefix,
    get: (key) => redis.get(at(key)),
    async set(key, value, ttlSeconds) {
      if (ttlSeconds === undefined) {
        await redis.set(at(key), value);
      } else {
        await redis.set(at(key), value, "EX", ttlSeconds);
      }
    },
    exists: (key) => redis.exists(at(key)),
    del: async (...keys) => (keys.length === 0 ? 0 : redis.del(...keys.map(at))),
    ttl: (key) => redis.ttl(at(key)),
    pttl: (key) => redis.pttl(at(key)),
    pexpire: (key, milliseconds) => redis.pexpire(at(key), milliseconds),
    async keys(pattern = "*") {
      const keys = await scanKeys(redis, `${prefix}${pattern}`);
      return keys.map((key) => key.slice(prefix.length));
    },
    async clear() {
      const keys = await scanKeys(redis, `${prefix}*`);
      let removed = 0;
      for (let start = 0; start < keys.length; start += 500) {
        removed += await redis.unlink(...keys.slice(start, start + 500));
      }
      return removed;
    },
  };
}

/** The run's Redis, as provided by the global setup; loaded lazily so bench scripts can import. */
async function runRedisUrl(): Promise<string> {
  const { inject } = await import("vitest");
  return inject("redisUrl");
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
  const redisUrl = options.redisUrl ?? (await runRedisUrl());
  const prefix = `upstash-test:${randomBytes(8).toString("hex")}:`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const view = prefixedView(redis, prefix);

  const requests: RecordedUpstashRequest[] = [];
  const sockets = new Set<Socket>();
  let fault: UpstashFault | null = null;

  async function run(command: (string | number | boolean)[]): Promise<unknown> {
    const confined = confine(prefix, command.map(String));
    return confined.reply(await redis.callBuffer(confined.name, ...confined.args));
  }

  async function runAtomically(commands: (string | number | boolean)[][]): Promise<unknown[]> {
    const confined = commands.map((command) => confine(prefix, command.map(String)));
    const transaction = redis.multi();
    for (const command of confined) {
      transaction.callBuffer(command.name, ...command.args);
    }
    const results = await transaction.exec();
    if (results === null) {
      throw new Error("EXECABORT Transaction discarded");
    }
    return results.map(([error, result], index) =>
      error ? error : (confined[index]?.reply(result) ?? result),
    );
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
    redis: view,
    requests,
    setFault(next) {
      fault = next;
    },
    async close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await view.clear();
      redis.disconnect();
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
