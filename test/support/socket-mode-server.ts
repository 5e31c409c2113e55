/**
 * A local stand-in for Slack's Socket Mode endpoint: the WebSocket server behind the URL
 * `apps.connections.open` hands out (see `startSlackApiServer({ socketMode })`). It speaks plain
 * RFC 6455 over node:http (no extensions), answers pings, completes close handshakes, and lets a
 * test send Slack's `hello` and envelopes and read the app's acknowledgements.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { type EncodedSlackBody, SLACK_TEST_IDS } from "./slack-requests.ts";

/** The envelope types Slack sends over Socket Mode. */
export type EnvelopeType = "slash_commands" | "events_api" | "interactive";

export interface EnvelopeOptions {
  /** Default: true for commands and interactions, false for events (as Slack sends them). */
  acceptsResponsePayload?: boolean;
  /** Events only: which delivery this is (0 first, then Slack's retries). Default 0. */
  retryAttempt?: number;
}

/** What the app sent back for one envelope. */
export interface SocketAck {
  envelopeId: string;
  payload: Record<string, unknown>;
  /** `Date.now()` when it arrived, to order it against other recorded calls. */
  at: number;
}

export interface SocketModeServer {
  /** A fresh `ws://127.0.0.1:<port>/link/?ticket=…&app_id=…`; each ticket opens one connection. */
  connectionUrl(): string;
  /** Resolves once a client is connected (at once when one already is). Default 5000 ms. */
  waitForConnection(timeoutMs?: number): Promise<void>;
  /** Sends Slack's `hello`, which completes the client's start. */
  hello(): void;
  /** Sends an envelope to the connected client; returns its `envelope_id`. */
  send(type: EnvelopeType, payload: Record<string, unknown>, options?: EnvelopeOptions): string;
  /** Resolves with the acknowledgement of `envelopeId` (past or future). Default 5000 ms. */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  acks: SocketAck[];
  /** Close codes the clients sent, in order (1000 for a clean disconnect). */
  closeCodes: number[];
  /** Resolves once no client is connected. Default 5000 ms. */
  waitForDisconnect(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa };
const LINK_PATH = "/link/";

interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** Reads one frame from the front of `buffer`, or null when it is not complete yet. */
function readFrame(buffer: Buffer): { frame: Frame; rest: Buffer } | null {
  if (buffer.length < 2) return null;
  const first = buffer[0] ?? 0;
  const second = buffer[1] ?? 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (second & 0x80) !== 0;
  const mask = masked ? buffer.subarray(offset, offset + 4) : null;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return null;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (mask)
    for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return {
    frame: { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload },
    rest: buffer.subarray(offset + length),
  };
}

/** A single unmasked frame, as a server sends them. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const extended = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + extended);
  header[0] = 0x80 | opcode;
  if (extended === 0) header[1] = length;
  else if (extended === 2) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * What Socket Mode carries for a request the builders in `slack-requests.ts` encode for HTTP:
 * a slash command's form fields as an object of strings, an interaction's `payload` JSON, an
 * event callback's JSON.
 */
export function socketPayload(encoded: EncodedSlackBody): Record<string, unknown> {
  if (encoded.contentType === "application/json") {
    const parsed: unknown = JSON.parse(encoded.body);
    if (!isRecord(parsed)) throw new Error("The encoded event is not a JSON object.");
    return parsed;
  }
  const fields = new URLSearchParams(encoded.body);
  const interaction = fields.get("payload");
  if (interaction === null) return Object.fromEntries(fields);
  const parsed: unknown = JSON.parse(interaction);
  if (!isRecord(parsed)) throw new Error("The encoded interaction is not a JSON object.");
  return parsed;
}

/** Starts the WebSocket server on a free loopback port. */
export async function startSocketModeServer(): Promise<SocketModeServer> {
  const tickets = new Set<string>();
  const clients = new Set<Duplex>();
  const acks: SocketAck[] = [];
  const closeCodes: number[] = [];
  const waiters = new Set<() => void>();
  let origin = "";

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const waitUntil = (done: () => boolean, what: string, timeoutMs: number): Promise<void> => {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`The Socket Mode server saw no ${what} within ${timeoutMs} ms.`));
      }, timeoutMs);
      waiters.add(check);
    });
  };

  const current = (): Duplex => {
    const [client] = clients;
    if (client === undefined) throw new Error("No Socket Mode client is connected.");
    return client;
  };

  const sendJson = (value: Record<string, unknown>) => {
    current().write(encodeFrame(OPCODE.text, Buffer.from(JSON.stringify(value))));
  };

  function onMessage(text: string): void {
    const message: unknown = JSON.parse(text);
    if (!isRecord(message) || typeof message.envelope_id !== "string") return;
    acks.push({
      envelopeId: message.envelope_id,
      payload: isRecord(message.payload) ? message.payload : {},
      at: Date.now(),
    });
    notify();
  }

  function serve(socket: Duplex, head: Buffer): void {
    clients.add(socket);
    let pending = head;
    let fragments: Buffer[] = [];
    let closing = false;
    const forget = () => {
      clients.delete(socket);
      notify();
    };
    socket.on("close", forget);
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let read = readFrame(pending); read !== null; read = readFrame(pending)) {
        pending = read.rest;
        const { frame } = read;
        if (frame.opcode === OPCODE.ping) {
          socket.write(encodeFrame(OPCODE.pong, frame.payload));
        } else if (frame.opcode === OPCODE.close) {
          closeCodes.push(frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005);
          if (!closing) socket.write(encodeFrame(OPCODE.close, frame.payload.subarray(0, 2)));
          closing = true;
          socket.end();
        } else if (frame.opcode !== OPCODE.pong) {
          fragments.push(frame.payload);
          if (frame.fin) {
            onMessage(Buffer.concat(fragments).toString("utf8"));
            fragments = [];
          }
        }
      }
    });
    notify();
  }

  const server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" });
    res.end("upgrade required");
  });
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? "/", origin);
    const ticket = url.searchParams.get("ticket");
    const key = req.headers["sec-websocket-key"];
    const valid =
      url.pathname === LINK_PATH &&
      ticket !== null &&
      tickets.delete(ticket) &&
      req.headers.upgrade?.toLowerCase() === "websocket" &&
      req.headers["sec-websocket-version"] === "13" &&
      typeof key === "string";
    if (!valid) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    const accept = createHash("sha1").update(`${key}${ACCEPT_GUID}`).digest("base64");
    socket.write(
      [
        "HTTP/1.1 101 Switching Protocols",
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Accept: ${accept}`,
        "",
        "",
      ].join("\r\n"),
    );
    serve(socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error("The Socket Mode test server has no TCP port.");
  }
  origin = `http://127.0.0.1:${(address satisfies AddressInfo).port}`;
  const wsBase = origin.replace(/^http/, "ws");

  return {
    connectionUrl() {
      const ticket = randomBytes(12).toString("hex");
      tickets.add(ticket);
      return `${wsBase}${LINK_PATH}?ticket=${ticket}&app_id=${SLACK_TEST_IDS.appId}`;
    },
    waitForConnection: (timeoutMs = 5000) =>
      waitUntil(() => clients.size > 0, "connection", timeoutMs),
    hello() {
      sendJson({
        type: "hello",
        num_connections: clients.size,
        debug_info: { host: "applink-test", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: SLACK_TEST_IDS.appId },
      });
    },
    send(type, payload, options = {}) {
      const envelopeId = randomUUID();
      sendJson({
        envelope_id: envelopeId,
        payload,
        type,
        accepts_response_payload: options.acceptsResponsePayload ?? type !== "events_api",
        ...(type === "events_api"
          ? {
              retry_attempt: options.retryAttempt ?? 0,
              retry_reason: options.retryAttempt ? "timeout" : "",
            }
          : {}),
      });
      return envelopeId;
    },
    async waitForAck(envelopeId, timeoutMs = 5000) {
      const find = () => acks.find((ack) => ack.envelopeId === envelopeId);
      await waitUntil(() => find() !== undefined, `acknowledgement of ${envelopeId}`, timeoutMs);
      const ack = find();
      if (ack === undefined) throw new Error(`No acknowledgement of ${envelopeId}.`);
      return ack;
    },
    acks,
    closeCodes,
    waitForDisconnect: (timeoutMs = 5000) =>
      waitUntil(() => clients.size === 0, "disconnect", timeoutMs),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of clients) client.destroy();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
