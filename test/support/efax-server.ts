import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { addDays, dayInZone, isDay } from "../../src/dates/calendar.ts";
import { sampleUpstreamBody } from "../../src/efax/sandbox.ts";
import { type EfaxCredentials, REPORT_KINDS, type ReportKind } from "../../src/efax/types.ts";

/**
 * A local eFax Developer Reporting API for tests and manual runs: real HTTP on 127.0.0.1, the three
 * headers checked (a missing or wrong API key gets API Gateway's `403 {"message":"Forbidden"}`, a
 * wrong username or password `401`), the built-in sample data for any valid day (double-encoded
 * like upstream, or plain), a trailing slash after the day accepted, `400` for an impossible day,
 * and switchable faults.
 *
 * Standalone: `node test/support/efax-server.ts --port 4010 [--destinations 100000]
 * [--encoding plain] [--warm 2026-11-25,2026-11-26]` renders the warm days' bodies (default: the
 * last three days, UTC) and prints its URL; it accepts `EFAX_API_KEY` / `EFAX_USERNAME` /
 * `EFAX_PASSWORD` from its environment, else {@link TEST_EFAX_CREDENTIALS}.
 */

/** The credentials the server accepts unless told otherwise. Test values, not secrets. */
export const TEST_EFAX_CREDENTIALS: EfaxCredentials = {
  apiKey: "test-api-key-7Hq2Zc9XwL",
  username: "clinic.test",
  password: "test-password-Rv4Kp8Ns3M",
};

/** A failure to play instead of (or before) answering; with `times`, only for that many requests. */
export type EfaxServerFault =
  /** Answer with this status (and a small JSON body), optionally with `Retry-After`. */
  (
    | { kind: "status"; status: number; retryAfter?: string | number }
    /** Wait this long, then answer normally (timeouts, slow eFax). */
    | { kind: "delay"; ms: number }
    /** 200 with a body that is not JSON (a report cut short). */
    | { kind: "malformed" }
    /** An HTML page from a proxy, status 502 unless given. */
    | { kind: "html"; status?: number }
    /** An empty body, status 200 unless given. */
    | { kind: "empty"; status?: number }
    /** Drop the connection without answering. */
    | { kind: "reset" }
  ) & { times?: number };

/** One request as received; no header is recorded, so no secret either. */
export interface EfaxServerRequest {
  method: string;
  path: string;
  /** `Date.now()` when it arrived. */
  time: number;
  /** Status answered; absent while pending or when the connection was dropped. */
  status?: number;
}

export interface EfaxServer {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  requests: EfaxServerRequest[];
  setFault(fault: EfaxServerFault | null): void;
  /** Serve this raw text (status 200) for one report and day, or the sample data again with null. */
  setBody(kind: ReportKind, day: string, text: string | null): void;
  close(): Promise<void>;
}

export interface EfaxServerOptions {
  /** Accepted credentials. Default {@link TEST_EFAX_CREDENTIALS}. */
  credentials?: EfaxCredentials;
  /** `double`: a JSON string holding the JSON, as upstream. Default `double`. */
  encoding?: "double" | "plain";
  /** Passed to the sample data: number-overview rows per day. */
  destinationsPerDay?: number;
  /** Delay before every answer, in milliseconds. Default 0. */
  delayMs?: number;
  /** Default 0: any free port. */
  port?: number;
  /** Days whose four bodies are rendered before the server answers, so big days are served at once. */
  warmDays?: string[];
  /**
   * Rendered bodies kept for the next request of the same report and day. Default 16 (days can
   * hold 100,000 rows); raise it when many workspaces ask for the same weeks of small days.
   */
  bodyCacheSize?: number;
}

const ROUTE = new RegExp(`^/v1/(${REPORT_KINDS.join("|")})/([^/]+)/?$`);
const HTML_PAGE =
  "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
const BODY_CACHE_SIZE = 16;

/** Starts a server on 127.0.0.1; close it with `close()`. */
export async function startEfaxServer(options: EfaxServerOptions = {}): Promise<EfaxServer> {
  const credentials = options.credentials ?? TEST_EFAX_CREDENTIALS;
  const encoding = options.encoding ?? "double";
  const requests: EfaxServerRequest[] = [];
  const customBodies = new Map<string, Buffer>();
  const bodies = new Map<string, Buffer>();
  const timers = new Set<NodeJS.Timeout>();
  let fault: EfaxServerFault | null = null;
  let faultUses = 0;

  const takeFault = (): EfaxServerFault | null => {
    const current = fault;
    if (current === null) return null;
    faultUses++;
    if (current.times !== undefined && faultUses >= current.times) fault = null;
    return current;
  };

  const sampleBody = (kind: ReportKind, day: string): Buffer => {
    const key = `${kind}/${day}`;
    const cached = bodies.get(key);
    if (cached !== undefined) return cached;
    const sample = sampleUpstreamBody(kind, day, {
      ...(options.destinationsPerDay === undefined
        ? {}
        : { destinationsPerDay: options.destinationsPerDay }),
    });
    const plain = JSON.stringify(sample);
    const body = Buffer.from(encoding === "double" ? JSON.stringify(plain) : plain);
    if (bodies.size >= (options.bodyCacheSize ?? BODY_CACHE_SIZE)) {
      const oldest = bodies.keys().next();
      if (!oldest.done) bodies.delete(oldest.value);
    }
    bodies.set(key, body);
    return body;
  };

  const answer = (
    res: ServerResponse,
    record: EfaxServerRequest,
    status: number,
    body: string | Buffer,
    headers: Record<string, string> = {},
  ) => {
    record.status = status;
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  };

  const respond = (
    req: IncomingMessage,
    res: ServerResponse,
    record: EfaxServerRequest,
    played: EfaxServerFault | null,
  ) => {
    if (played?.kind === "status") {
      const headers: Record<string, string> =
        played.retryAfter === undefined ? {} : { "retry-after": String(played.retryAfter) };
      const message = played.status === 429 ? "Too Many Requests" : "Internal server error";
      return answer(res, record, played.status, JSON.stringify({ message }), headers);
    }
    if (played?.kind === "html") {
      return answer(res, record, played.status ?? 502, HTML_PAGE, { "content-type": "text/html" });
    }
    if (played?.kind === "empty") return answer(res, record, played.status ?? 200, "");
    if (req.method !== "GET") {
      return answer(res, record, 405, JSON.stringify({ message: "Method Not Allowed" }));
    }
    const match = ROUTE.exec(record.path);
    const kind = REPORT_KINDS.find((k) => k === match?.[1]);
    const day = match?.[2] ?? "";
    if (kind === undefined)
      return answer(res, record, 404, JSON.stringify({ message: "Not Found" }));
    if (req.headers["x-api-key"] !== credentials.apiKey) {
      return answer(res, record, 403, JSON.stringify({ message: "Forbidden" }));
    }
    if (
      req.headers["efax-username"] !== credentials.username ||
      req.headers["efax-password"] !== credentials.password
    ) {
      return answer(res, record, 401, JSON.stringify({ message: "Unauthorized" }));
    }
    if (!isDay(day)) return answer(res, record, 400, JSON.stringify({ message: "Invalid date" }));
    const body = customBodies.get(`${kind}/${day}`) ?? sampleBody(kind, day);
    if (played?.kind === "malformed") {
      return answer(res, record, 200, body.subarray(0, Math.max(1, Math.floor(body.length / 2))));
    }
    return answer(res, record, 200, body);
  };

  for (const day of options.warmDays ?? []) {
    for (const kind of REPORT_KINDS) sampleBody(kind, day);
  }

  const server = createServer((req, res) => {
    const record: EfaxServerRequest = {
      method: req.method ?? "GET",
      path: new URL(req.url ?? "/", "http://localhost").pathname,
      time: Date.now(),
    };
    requests.push(record);
    const played = takeFault();
    if (played?.kind === "reset") {
      req.socket.destroy();
      return;
    }
    const wait = (played?.kind === "delay" ? played.ms : 0) + (options.delayMs ?? 0);
    if (wait <= 0) return respond(req, res, record, played);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) respond(req, res, record, played);
    }, wait);
    timers.add(timer);
    res.on("close", () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", 4096, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  const { port } = address;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setFault(next) {
      fault = next;
      faultUses = 0;
    },
    setBody(kind, day, text) {
      if (text === null) customBodies.delete(`${kind}/${day}`);
      else customBodies.set(`${kind}/${day}`, Buffer.from(text));
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      destinations: { type: "string" },
      encoding: { type: "string", default: "double" },
      warm: { type: "string" },
    },
  });
  const port = Number(values.port);
  const destinations = values.destinations === undefined ? undefined : Number(values.destinations);
  const encoding = values.encoding;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error("--port: 0–65535");
  if (destinations !== undefined && !Number.isInteger(destinations)) {
    throw new Error("--destinations: a whole number");
  }
  if (encoding !== "double" && encoding !== "plain") throw new Error("--encoding: double or plain");
  const today = dayInZone(new Date(), "UTC");
  const warmDays = values.warm?.split(",") ?? [addDays(today, -2), addDays(today, -1), today];
  if (!warmDays.every(isDay)) throw new Error("--warm: days in YYYY-MM-DD form, comma-separated");
  const env = process.env;
  const credentials =
    env.EFAX_API_KEY && env.EFAX_USERNAME && env.EFAX_PASSWORD
      ? { apiKey: env.EFAX_API_KEY, username: env.EFAX_USERNAME, password: env.EFAX_PASSWORD }
      : TEST_EFAX_CREDENTIALS;
  const server = await startEfaxServer({
    port,
    encoding,
    credentials,
    warmDays,
    ...(destinations === undefined ? {} : { destinationsPerDay: destinations }),
  });
  const source =
    credentials === TEST_EFAX_CREDENTIALS
      ? "TEST_EFAX_CREDENTIALS of test/support/efax-server.ts"
      : "the EFAX_* credentials of its environment";
  console.log(`eFax test server at ${server.url} (accepting ${source})`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  });
}
