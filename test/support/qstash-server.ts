/**
 * A test-only server that speaks QStash's publishing protocol, so the app's fan-out is tested
 * through `@upstash/qstash`'s `Client` as in production (the `@upstash/qstash-cli` dev server
 * downloads its binary at install time, which cannot work offline):
 *
 * - `POST /v2/publish/<destination URL>` and `POST /v2/batch` (a JSON array of
 *   `{destination, headers, body}`), `Authorization: Bearer <token>` (401 otherwise);
 * - `Upstash-Deduplication-Id`: a message with an id seen before is accepted (202,
 *   `deduplicated: true`) and not enqueued;
 * - delivery: each message is POSTed to its destination with its body and `Content-Type`, an
 *   `Upstash-Signature` JWT (HS256 with the current signing key; `iss` Upstash, `sub` the
 *   destination, `exp` 5 minutes on, `body` the base64url SHA-256 of the body), `Upstash-Message-Id`
 *   and `Upstash-Retried`; a non-2xx answer is retried up to `Upstash-Retries` times (3 by
 *   default). `duplicateDeliveries` delivers every message that many extra times, as QStash's
 *   at-least-once delivery may;
 * - flow control: `Upstash-Flow-Control-Key` with `parallelism=N` in `Upstash-Flow-Control-Value`
 *   keeps at most N deliveries of that key in flight (`maxInFlight` records the most seen).
 *
 * `trigger()` plays a QStash schedule: one signed POST to a URL.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A JWT as QStash signs it. `overrides` changes claims (expired tokens, other subjects). */
export function signQStash(options: {
  key: string;
  url: string;
  body: string;
  nowSeconds?: number;
  overrides?: Record<string, unknown>;
}): string {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const hash = createHash("sha256").update(options.body, "utf8").digest("base64url");
  const payload = {
    iss: "Upstash",
    sub: options.url,
    exp: now + 300,
    nbf: now,
    iat: now,
    jti: `jwt_${randomBytes(12).toString("hex")}`,
    body: hash.padEnd(Math.ceil(hash.length / 4) * 4, "="),
    ...options.overrides,
  };
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(payload)}`;
  const signature = createHmac("sha256", options.key).update(unsigned).digest("base64url");
  return `${unsigned}.${signature}`;
}

export interface PublishedMessage {
  messageId: string;
  destination: string;
  body: string;
  headers: Record<string, string>;
  deduplicationId: string | null;
  deduplicated: boolean;
}

export interface Delivery {
  messageId: string;
  destination: string;
  attempt: number;
  status: number | null;
  responseBody: string;
}

export interface QStashServer {
  /** Base URL for the client (`QSTASH_URL`). */
  url: string;
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  /** Every message published, duplicates included (marked). */
  published: PublishedMessage[];
  /** Every delivery attempt and its answer. */
  deliveries: Delivery[];
  /** Extra deliveries of every message (0 by default). */
  duplicateDeliveries: number;
  /** Signs with the next key instead of the current one (a key rotation). */
  signWithNextKey: boolean;
  /** The most deliveries in flight at once, per flow-control key. */
  maxInFlight: Record<string, number>;
  /** Resolves once every delivery started so far (and their retries) has finished. */
  idle(): Promise<void>;
  /** One signed POST to `url`, as a QStash schedule sends it. */
  trigger(url: string, body?: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export interface QStashServerOptions {
  /** Wait before a retry, in milliseconds. Default 5. */
  retryDelayMs?: number;
}

function randomKey(): string {
  return `sig_${randomBytes(18).toString("base64url")}`;
}

export async function startQStashServer(options: QStashServerOptions = {}): Promise<QStashServer> {
  const token = `qstash-${randomBytes(12).toString("hex")}`;
  const retryDelayMs = options.retryDelayMs ?? 5;
  const seenIds = new Map<string, string>();
  const inFlight = new Set<Promise<void>>();
  let sequence = 0;

  const state: QStashServer = {
    url: "",
    token,
    currentSigningKey: randomKey(),
    nextSigningKey: randomKey(),
    published: [],
    deliveries: [],
    duplicateDeliveries: 0,
    signWithNextKey: false,
    maxInFlight: {},
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async trigger(url, body = "") {
      const answer = await send(url, body, "application/json", `msg_schedule_${++sequence}`, 0);
      return { status: answer.status ?? 0, body: answer.body };
    },
    close: async () => {},
  };

  async function send(
    destination: string,
    body: string,
    contentType: string,
    messageId: string,
    retried: number,
  ): Promise<{ status: number | null; body: string }> {
    const key = state.signWithNextKey ? state.nextSigningKey : state.currentSigningKey;
    try {
      const response = await fetch(destination, {
        method: "POST",
        headers: {
          "content-type": contentType,
          "upstash-signature": signQStash({ key, url: destination, body }),
          "upstash-message-id": messageId,
          "upstash-retried": String(retried),
        },
        body,
      });
      return { status: response.status, body: await response.text() };
    } catch {
      return { status: null, body: "" };
    }
  }

  /** Flow control: per key, how many deliveries are in flight and who waits for a slot. */
  const flows = new Map<string, { active: number; waiting: (() => void)[] }>();

  async function deliver(message: PublishedMessage, retries: number): Promise<void> {
    const key = message.headers["upstash-flow-control-key"];
    const limit = Number(
      /parallelism=(\d+)/.exec(message.headers["upstash-flow-control-value"] ?? "")?.[1] ??
        Number.POSITIVE_INFINITY,
    );
    if (key === undefined) return attempts(message, retries);
    const flow = flows.get(key) ?? { active: 0, waiting: [] };
    flows.set(key, flow);
    while (flow.active >= limit) await new Promise<void>((resolve) => flow.waiting.push(resolve));
    flow.active += 1;
    state.maxInFlight[key] = Math.max(state.maxInFlight[key] ?? 0, flow.active);
    try {
      await attempts(message, retries);
    } finally {
      flow.active -= 1;
      flow.waiting.shift()?.();
    }
  }

  async function attempts(message: PublishedMessage, retries: number): Promise<void> {
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      const contentType = message.headers["content-type"] ?? "application/json";
      const answer = await send(
        message.destination,
        message.body,
        contentType,
        message.messageId,
        attempt,
      );
      state.deliveries.push({
        messageId: message.messageId,
        destination: message.destination,
        attempt,
        status: answer.status,
        responseBody: answer.body,
      });
      if (answer.status !== null && answer.status >= 200 && answer.status < 300) return;
    }
  }

  function enqueue(destination: string, headers: Record<string, string>, body: string) {
    const lower = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const deduplicationId = lower["upstash-deduplication-id"] ?? null;
    const existing = deduplicationId === null ? undefined : seenIds.get(deduplicationId);
    const messageId = existing ?? `msg_${++sequence}_${randomBytes(6).toString("hex")}`;
    const message: PublishedMessage = {
      messageId,
      destination,
      body,
      headers: lower,
      deduplicationId,
      deduplicated: existing !== undefined,
    };
    state.published.push(message);
    if (existing === undefined) {
      if (deduplicationId !== null) seenIds.set(deduplicationId, messageId);
      const retries = Number(lower["upstash-retries"] ?? 3);
      for (let copy = 0; copy <= state.duplicateDeliveries; copy += 1) {
        const delivery = deliver(message, retries).finally(() => inFlight.delete(delivery));
        inFlight.add(delivery);
      }
    }
    return { messageId, url: destination, ...(existing ? { deduplicated: true } : {}) };
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { error: "internal error" });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    if (req.headers.authorization !== `Bearer ${token}`) {
      return json(res, 401, { error: "Unauthorized" });
    }
    const path = req.url ?? "/";
    if (req.method === "POST" && path.startsWith("/v2/publish/")) {
      const destination = decodeURIComponent(path.slice("/v2/publish/".length));
      const headers = Object.fromEntries(
        Object.entries(req.headers).flatMap(([name, value]) =>
          typeof value === "string" ? [[name, value]] : [],
        ),
      );
      const result = enqueue(destination, headers, body);
      return json(res, result.deduplicated ? 202 : 201, result);
    }
    if (req.method === "POST" && path === "/v2/batch") {
      const items = JSON.parse(body) as {
        destination: string;
        headers?: Record<string, string>;
        body?: string;
      }[];
      const results = items.map((item) =>
        enqueue(item.destination, item.headers ?? {}, item.body ?? ""),
      );
      return json(res, 201, results);
    }
    json(res, 404, { error: "not found" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = async () => {
    await state.idle();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  return state;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}
