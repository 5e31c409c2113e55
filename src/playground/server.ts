/**
 * The playground behind `npm start` when no Slack setting is given: the real app (`createApp`,
 * the same listeners and services) answering a local Slack Web API, and a page on the same HTTP
 * server that looks like a Slack channel. What the person does on the page reaches the app as a
 * request signed with a secret made for this run, through the app's real `/api/slack/events`.
 * Reports come from the sample data, or from the eFax account in `EFAX_*` when it is set. Nothing
 * is written to disk: the store lives in memory and goes away with the process.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { userInfo } from "node:os";
import { z } from "zod";
import { createApp, type EfaxSlackApp } from "../app.ts";
import { type Config, loadConfig } from "../config.ts";
import { isTimeZone } from "../dates/calendar.ts";
import { createSealer, generateEncryptionKey, parseEncryptionKeys } from "../secrets/seal.ts";
import { createCredentialVault } from "../secrets/vault.ts";
import {
  type RouteHandler,
  type RunningHttpServer,
  SLACK_EVENTS_PATH,
  startHttpServer,
} from "../server/http-server.ts";
import { type AppLogger, createAppLogger, logLevelOf } from "../services/logging.ts";
import { createEmbeddedStore } from "../store/embedded.ts";
import { APP_DISPLAY_NAME } from "../views/ids.ts";
import { SLACK_CSS } from "./blockkit-html.ts";
import { SAMPLE_EFAX_CREDENTIALS, sampleEfaxFetch } from "./efax-sample.ts";
import {
  drawConversation,
  drawHome,
  drawModal,
  drawThread,
  type PageContext,
  type PageState,
  PLAYGROUND_PATHS,
  pageHtml,
  type ReportSourceKind,
} from "./page.ts";
import { type SlackApiServer, startSlackApiServer } from "./slack-api.ts";
import { DEFAULT_SLACK_IDS } from "./slack-requests.ts";
import {
  createPlaygroundWorkspace,
  type PlaygroundPeople,
  PlaygroundRequestError,
  type PlaygroundWorkspace,
  randomSigningSecret,
} from "./workspace.ts";

/** The interface the playground listens on unless `HOST` names another. */
export const PLAYGROUND_HOST = "127.0.0.1";

/** Settings the playground does not use (it keeps its data in memory). */
const STORE_SETTINGS = [
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "KV_REST_API_URL",
  "KV_REST_API_TOKEN",
  "ENCRYPTION_KEY",
] as const;

const EFAX_SETTINGS = ["EFAX_API_KEY", "EFAX_USERNAME", "EFAX_PASSWORD"] as const;

function isSet(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== "";
}

export interface StartPlaygroundOptions {
  /** Environment to read. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Port override (0 picks a free one). Default: `PORT`. */
  port?: number;
  /** Where log lines go. Default stderr. */
  write?: (line: string) => void;
  /** The person's name on the page. Default: their login name on this computer. */
  personName?: string;
}

export interface RunningPlayground {
  config: Config;
  /** The page, e.g. `http://localhost:3000/`. */
  pageUrl: string;
  /** Where the server listens, e.g. `http://127.0.0.1:3000`. */
  url: string;
  host: string;
  port: number;
  built: EfaxSlackApp;
  slack: SlackApiServer;
  workspace: PlaygroundWorkspace;
  logger: AppLogger;
  close(): Promise<void>;
}

function localTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : "UTC";
}

function personName(): string {
  try {
    const name = userInfo().username.trim();
    return /^[\w.-]{1,40}$/.test(name) ? name : "you";
  } catch {
    return "you";
  }
}

/** Starts the playground. Throws `ConfigError` for settings it cannot use (a bad `PORT`, half of `EFAX_*`). */
export async function startPlayground(
  options: StartPlaygroundOptions = {},
): Promise<RunningPlayground> {
  const env = options.env ?? process.env;
  const timeZone = localTimeZone();
  const people: PlaygroundPeople = {
    teamId: DEFAULT_SLACK_IDS.teamId,
    user: { id: DEFAULT_SLACK_IDS.userId, name: options.personName ?? personName() },
    bot: { id: DEFAULT_SLACK_IDS.botUserId, name: APP_DISPLAY_NAME },
    channel: { id: DEFAULT_SLACK_IDS.channelId, name: DEFAULT_SLACK_IDS.channelName },
    directMessage: "",
  };
  const signingSecret = randomSigningSecret();
  const source: ReportSourceKind = EFAX_SETTINGS.some((name) => isSet(env[name]))
    ? "account"
    : "sample";
  const playgroundEnv: Record<string, string | undefined> = { ...env };
  for (const name of STORE_SETTINGS) delete playgroundEnv[name];
  Object.assign(playgroundEnv, {
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: DEFAULT_SLACK_IDS.botToken,
    SLACK_API_URL: "http://127.0.0.1/api/",
    ...(source === "sample"
      ? {
          EFAX_API_KEY: SAMPLE_EFAX_CREDENTIALS.apiKey,
          EFAX_USERNAME: SAMPLE_EFAX_CREDENTIALS.username,
          EFAX_PASSWORD: SAMPLE_EFAX_CREDENTIALS.password,
        }
      : {}),
  });
  // Checked before anything starts, so a bad setting is told without a port opened.
  loadConfig(playgroundEnv);

  const slack = await startSlackApiServer({
    users: {
      [people.user.id]: {
        name: people.user.name,
        realName: people.user.name,
        tz: timeZone,
        isAdmin: true,
        isOwner: true,
      },
    },
    channels: { [people.channel.id]: { name: people.channel.name } },
    workspaces: [
      {
        token: DEFAULT_SLACK_IDS.botToken,
        teamId: people.teamId,
        teamName: "eFax playground",
        teamDomain: "efax-playground",
      },
    ],
    maxCalls: 500,
  });
  people.directMessage = slack.directMessageChannel(people.user.id);
  const config = loadConfig({ ...playgroundEnv, SLACK_API_URL: slack.url });
  const logger = createAppLogger({
    level: logLevelOf(config.logLevel),
    ...(options.write ? { write: options.write } : {}),
  });

  const store = await createEmbeddedStore({ dataDir: null });
  const sealer = createSealer(parseEncryptionKeys(generateEncryptionKey()));
  const built = createApp({
    config,
    store,
    vault: createCredentialVault({ store, sealer }),
    sealer,
    efax: {
      apiUrl: config.efax.apiUrl,
      ...(source === "sample" ? { fetch: sampleEfaxFetch() } : {}),
    },
    logger,
  });
  const receiver = built.receiver;
  if (!receiver) throw new Error("The app was built without its HTTP receiver.");

  let version = 0;
  const streams = new Set<ServerResponse>();
  let pending: NodeJS.Timeout | null = null;
  const changed = () => {
    version += 1;
    if (pending !== null) return;
    pending = setTimeout(() => {
      pending = null;
      for (const stream of streams) stream.write(`data: ${version}\n\n`);
    }, 20);
  };
  const stopListening = slack.onChange(changed);

  const host = config.host ?? PLAYGROUND_HOST;
  let workspace: PlaygroundWorkspace | null = null;
  const routes = playgroundRoutes({
    people,
    source,
    slack,
    timeZone,
    host,
    version: () => version,
    streams,
    workspace: () => {
      if (workspace === null) throw new PlaygroundRequestError("Still starting.", 503);
      return workspace;
    },
  });
  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      port: options.port ?? config.port,
      host,
      receiver,
      health: () => ({ ok: true, mode: "playground", store: "memory", efax: source }),
      routes,
      logger,
    });
  } catch (error) {
    stopListening();
    await built.app.stop().catch(() => {});
    await Promise.all([slack.close(), store.close()]);
    throw error;
  }
  workspace = createPlaygroundWorkspace({
    slack,
    people,
    eventsUrl: `${http.url}${SLACK_EVENTS_PATH}`,
    signingSecret,
    onChange: changed,
  });
  const loopback = ["127.0.0.1", "localhost", "::1"].includes(host);
  const everywhere = host === "0.0.0.0" || host === "::";
  const pageUrl = loopback || everywhere ? `http://localhost:${http.port}/` : `${http.url}/`;
  const where = loopback
    ? "this computer only"
    : `${everywhere ? "every interface" : host}, as HOST says`;
  const reports = source === "sample" ? "sample data" : "the eFax account in EFAX_*";
  logger.info(
    `Playground: open ${pageUrl} in a browser (listening on ${where}; ${reports}; nothing is saved).`,
  );

  return {
    config,
    pageUrl,
    url: http.url,
    host,
    port: http.port,
    built,
    slack,
    workspace,
    logger,
    async close() {
      stopListening();
      if (pending !== null) clearTimeout(pending);
      for (const stream of streams) stream.end();
      streams.clear();
      await http.close();
      await built.app.stop();
      await built.idle();
      await Promise.all([slack.close(), store.close()]);
    },
  };
}

interface RouteDeps {
  people: PlaygroundPeople;
  source: ReportSourceKind;
  slack: SlackApiServer;
  timeZone: string;
  host: string;
  version: () => number;
  streams: Set<ServerResponse>;
  workspace: () => PlaygroundWorkspace;
}

const ASSETS = {
  script: readFileSync(new URL("./assets/playground.js", import.meta.url)),
  style: Buffer.concat([
    Buffer.from(SLACK_CSS),
    readFileSync(new URL("./assets/playground.css", import.meta.url)),
  ]),
};

/** No inline script, nothing from elsewhere, never framed. */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
} as const;

const MAX_BODY_BYTES = 64 * 1024;

const sendSchema = z.object({
  conversation: z.string().min(1).max(40),
  threadTs: z.string().max(40).optional(),
  text: z.string().max(8000),
});
const actionSchema = z.object({
  item: z.string().min(1).max(120),
  actionId: z.string().min(1).max(255),
  blockId: z.string().max(255).optional(),
  selected: z.string().max(2000).optional(),
  date: z.string().max(20).optional(),
});
const submitSchema = z.object({
  viewId: z.string().min(1).max(40),
  values: z.record(z.string().max(255), z.record(z.string().max(255), z.string().max(3000))),
});
const closeSchema = z.object({ viewId: z.string().min(1).max(40) });
const tabSchema = z.object({ tab: z.enum(["home", "messages"]) });

function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": type });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(value));
}

/** Host names the page may be reached by: loopback, or the interface `HOST` names. */
function allowedHost(req: IncomingMessage, host: string): boolean {
  const header = req.headers.host ?? "";
  const name = header
    .replace(/:\d+$/, "")
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase();
  if (["localhost", "127.0.0.1", "::1"].includes(name)) return true;
  return (
    host !== PLAYGROUND_HOST && (name === host.toLowerCase() || host === "0.0.0.0" || host === "::")
  );
}

/**
 * Refuses requests another web page could make from the person's browser: another host name
 * (DNS rebinding), another origin, or a body that is not JSON (which a plain form could send).
 */
function refused(req: IncomingMessage, res: ServerResponse, host: string): boolean {
  if (!allowedHost(req, host)) {
    sendJson(res, 421, {
      ok: false,
      error: "This page answers only at the address npm start printed.",
    });
    return true;
  }
  if (req.method !== "POST") return false;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ""}`) {
    sendJson(res, 403, { ok: false, error: "Requests from other pages are refused." });
    return true;
  }
  if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
    sendJson(res, 415, { ok: false, error: "Send JSON." });
    return true;
  }
  return false;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new PlaygroundRequestError("That is too much at once.", 413);
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new PlaygroundRequestError("Send JSON.");
  }
}

function playgroundRoutes(deps: RouteDeps): Record<string, RouteHandler> {
  const { people, slack } = deps;

  /** A POST from the page: checked, parsed, carried out; mistakes answered in plain words. */
  const post =
    <T>(schema: z.ZodType<T>, run: (input: T) => Promise<void> | void): RouteHandler =>
    async (req, res) => {
      if (refused(req, res, deps.host)) return;
      try {
        const parsed = schema.safeParse(await readJson(req));
        if (!parsed.success)
          throw new PlaygroundRequestError("The page sent something unexpected.");
        await run(parsed.data);
        sendJson(res, 200, { ok: true });
      } catch (error) {
        if (!(error instanceof PlaygroundRequestError)) throw error;
        sendJson(res, error.status, { ok: false, error: error.message });
      }
    };

  const get =
    (run: (req: IncomingMessage, res: ServerResponse) => void): RouteHandler =>
    (req, res) => {
      if (refused(req, res, deps.host)) return;
      run(req, res);
    };

  const state = (url: URL): PageState => {
    const context: PageContext = { slack, workspace: deps.workspace(), timeZone: deps.timeZone };
    const conversation = url.searchParams.get("conversation");
    const thread = url.searchParams.get("thread");
    const known = [people.channel.id, people.directMessage];
    const open = conversation !== null && known.includes(conversation) ? conversation : null;
    return {
      version: deps.version(),
      conversation: open ? { id: open, items: drawConversation(context, open) } : null,
      thread: open && thread ? { ts: thread, items: drawThread(context, open, thread) } : null,
      home: url.searchParams.get("home") === "1" ? drawHome(context) : null,
      modal: drawModal(context),
    };
  };

  return {
    [`GET ${PLAYGROUND_PATHS.page}`]: get((_req, res) =>
      send(res, 200, "text/html; charset=utf-8", pageHtml(people, deps.source)),
    ),
    "GET /favicon.ico": get((_req, res) => {
      res.writeHead(204, SECURITY_HEADERS);
      res.end();
    }),
    [`GET ${PLAYGROUND_PATHS.script}`]: get((_req, res) =>
      send(res, 200, "text/javascript; charset=utf-8", ASSETS.script),
    ),
    [`GET ${PLAYGROUND_PATHS.style}`]: get((_req, res) =>
      send(res, 200, "text/css; charset=utf-8", ASSETS.style),
    ),
    [`GET ${PLAYGROUND_PATHS.state}`]: get((req, res) =>
      sendJson(res, 200, state(new URL(req.url ?? "/", "http://localhost"))),
    ),
    [`GET ${PLAYGROUND_PATHS.events}`]: get((req, res) => {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        "content-type": "text/event-stream; charset=utf-8",
        connection: "keep-alive",
      });
      res.write(`retry: 1000\ndata: ${deps.version()}\n\n`);
      deps.streams.add(res);
      const ping = setInterval(() => res.write(": still here\n\n"), 25_000);
      req.on("close", () => {
        clearInterval(ping);
        deps.streams.delete(res);
      });
    }),
    [`GET ${PLAYGROUND_PATHS.file}`]: get((req, res) => {
      const id = new URL(req.url ?? "/", "http://localhost").searchParams.get("id") ?? "";
      const file = slack.file(id);
      if (file === undefined) {
        sendJson(res, 404, { ok: false, error: "No such file." });
        return;
      }
      const safeName = file.filename.replace(/[^\w.-]/g, "_");
      const picture = /\.png$/i.test(file.filename);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        "content-type": picture
          ? "image/png"
          : file.filename.endsWith(".csv")
            ? "text/csv; charset=utf-8"
            : "application/octet-stream",
        "content-disposition": `${picture ? "inline" : "attachment"}; filename="${safeName}"`,
        "content-length": String(file.bytes.length),
      });
      res.end(file.bytes);
    }),
    [`POST ${PLAYGROUND_PATHS.send}`]: post(sendSchema, (input) =>
      deps.workspace().send({
        conversation: input.conversation,
        text: input.text,
        ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      }),
    ),
    [`POST ${PLAYGROUND_PATHS.action}`]: post(actionSchema, (input) =>
      deps.workspace().act({
        item: input.item,
        actionId: input.actionId,
        ...(input.blockId ? { blockId: input.blockId } : {}),
        ...(input.selected !== undefined ? { selected: input.selected } : {}),
        ...(input.date !== undefined ? { date: input.date } : {}),
      }),
    ),
    [`POST ${PLAYGROUND_PATHS.submitView}`]: post(submitSchema, (input) =>
      deps.workspace().submitView(input.viewId, input.values),
    ),
    [`POST ${PLAYGROUND_PATHS.closeView}`]: post(closeSchema, (input) =>
      deps.workspace().closeView(input.viewId),
    ),
    [`POST ${PLAYGROUND_PATHS.openTab}`]: post(tabSchema, (input) =>
      deps.workspace().openAppTab(input.tab),
    ),
  };
}
