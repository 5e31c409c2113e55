/**
 * A local Slack Web API: the Slack the playground runs the app against, and the one the tests
 * use (`test/support/slack-api-server.ts`). It answers like Slack for the methods the app calls,
 * keeps what they post (messages, threads, ephemeral answers to response_urls, files, the App
 * Home, modals) and records every call.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_SLACK_IDS } from "./slack-requests.ts";

/** Method name under which `response_url` posts are recorded. */
export const RESPONSE_URL_METHOD = "response_url";
/** Method name under which the file bytes posted to an `upload_url` are recorded. */
export const FILE_UPLOAD_METHOD = "file_upload";

/** A Slack user as `users.info` describes them. */
export interface SlackUserSpec {
  name?: string;
  realName?: string;
  /** IANA zone; default `America/Los_Angeles`. `tz_offset` is computed from it unless given. */
  tz?: string;
  tzOffset?: number;
  isAdmin?: boolean;
  isOwner?: boolean;
  isBot?: boolean;
  deleted?: boolean;
  teamId?: string;
}

/** How a channel behaves towards the bot. Unknown `C…` ids are public, bot not a member. */
export interface SlackChannelSpec {
  name?: string;
  isPrivate?: boolean;
  isMember?: boolean;
  /**
   * Error for posts to this channel (`chat.postMessage`, `chat.postEphemeral`,
   * `files.completeUploadExternal`), e.g. `not_in_channel` or `channel_not_found`.
   * `channel_not_found` also fails `conversations.info`; joining clears `not_in_channel`.
   */
  postError?: string;
  /**
   * Archived: `conversations.info` says so, and posts and `conversations.join` answer
   * `is_archived`.
   */
  isArchived?: boolean;
}

/** A workspace the server knows, found by its bot token. */
export interface SlackWorkspaceSpec {
  token: string;
  teamId: string;
  teamName?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  /** The Enterprise Grid org the workspace (or org-wide token) belongs to. */
  enterpriseId?: string;
  /** The token is an org-wide install's, valid in every workspace of `enterpriseId`. */
  isEnterpriseInstall?: boolean;
}

/** An OAuth install the server will grant for `oauth.v2.access`. */
export interface SlackInstallSpec {
  /** The workspace installed into; for an org-wide install, any workspace of the org. */
  teamId: string;
  teamName?: string;
  botToken: string;
  botUserId?: string;
  /** Who installed the app. */
  userId: string;
  scope?: string;
  /** An Enterprise Grid org: the install is org-wide (`team` is null in the answer). */
  enterprise?: { id: string; name?: string };
}

export interface SlackApiServerOptions {
  /** Known bot tokens. When empty, any token is accepted as the default workspace. */
  workspaces?: SlackWorkspaceSpec[];
  users?: Record<string, SlackUserSpec>;
  /** Profile for user ids not in `users`; without it they get `user_not_found`. */
  fallbackUser?: SlackUserSpec;
  channels?: Record<string, SlackChannelSpec>;
  /** Enables `oauth.v2.access`: the app's credentials and the codes it can exchange. */
  oauth?: { clientId: string; clientSecret: string; installs: Record<string, SlackInstallSpec> };
  /** Clock in ms, for `at` and response_url expiry. Default `Date.now`. */
  now?: () => number;
  /**
   * Enables `apps.connections.open` for this app-level token (sent as a Bearer header, as Slack
   * requires), answering the URL `connectionUrl()` gives, e.g. a `startSocketModeServer()`'s.
   */
  socketMode?: { appToken: string; connectionUrl: () => string };
  /** Keeps only this many recorded calls, oldest dropped (a long-running playground). Default all. */
  maxCalls?: number;
  /**
   * How long after `files.completeUploadExternal` an uploaded file can be shown in an image block
   * (`slack_file`): Slack processes uploads after answering, and refuses blocks naming a file it
   * has not finished with (`invalid_blocks`, "invalid slack file"). Default 0: at once.
   */
  fileReadyAfterMs?: number;
}

/** One request the server received, and what it answered. */
export interface RecordedCall {
  /** Web API method, `response_url` or `file_upload`. */
  method: string;
  /** Bearer token (or `token` field); null when none was sent. */
  token: string | null;
  /**
   * Parsed form or JSON body; JSON-valued form fields (`blocks`, `view`, `files`…) are decoded,
   * and `files.completeUploadExternal` files carry the uploaded `filename`, `size` and `content`.
   */
  body: Record<string, unknown>;
  at: number;
  status: number;
  response: Record<string, unknown>;
  /** The response_url id or the uploaded file id. */
  target?: string;
}

export type SlackFailure = { status: 429; retryAfter: number } | { error: string };

export type CustomMethodHandler = (call: {
  body: Record<string, unknown>;
  token: string | null;
}) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** A file shared with a message (the files upload v2 flow). */
export interface SharedFile {
  id: string;
  filename: string;
  title: string;
  size: number;
}

/** A message as the server stores it, for `chat.update` and permalinks. */
export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text?: unknown;
  blocks?: unknown;
  /** Who posted it: the bot's user id, or the person's given to `postAsUser`. */
  user: string;
  /** Files shared with it. */
  files?: SharedFile[];
  /** Order of creation among all messages, ephemeral ones included. */
  seq: number;
  /** How many times it was changed since it was posted. */
  edits: number;
}

/** A message only one person sees: a response_url's answer, or `chat.postEphemeral`. */
export interface EphemeralMessage {
  id: string;
  channel: string;
  ts: string;
  threadTs?: string;
  /** The person who sees it. */
  user: string;
  /** Who it is from: the bot's user id, or {@link SLACKBOT_ID} for what Slack itself says. */
  from: string;
  text?: unknown;
  blocks?: unknown;
  seq: number;
  edits: number;
}

/** One entry of a conversation as a person sees it: everyone's messages and their own ephemeral ones. */
export type TimelineEntry =
  | { ephemeral: false; message: StoredMessage }
  | { ephemeral: true; message: EphemeralMessage };

/** Where a response_url's answers appear, and which message it may replace or delete. */
export interface ResponseUrlOptions {
  /** The conversation its ephemeral answers appear in; without it they are only recorded. */
  channel?: string;
  /** The thread they appear in. */
  threadTs?: string;
  /** Who sees its ephemeral answers. Default: the default user. */
  user?: string;
  /**
   * The message the interaction came from (an ephemeral one or everyone's, by its ts in
   * `channel`): `replace_original` and `delete_original` act on it.
   */
  originalTs?: string;
}

/** A file as uploaded, for downloading it again. */
export interface UploadedFileContent {
  id: string;
  filename: string;
  title: string;
  bytes: Buffer;
}

/** The state of one response_url after Slack's rules are applied to its posts. */
export interface ResponseUrlState {
  uses: number;
  /** The messages it currently shows, oldest first (after replace/delete). */
  messages: Record<string, unknown>[];
}

export interface SlackApiServer {
  /** Base URL ending in `/api/`, for `SLACK_API_URL` / WebClient `slackApiUrl`. */
  url: string;
  origin: string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Resolves with the first call (past or future) matching `predicate`. Default 5000 ms. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** A response_url on this server; each is usable 5 times within 30 minutes. */
  responseUrl(id?: string, options?: ResponseUrlOptions): string;
  responseUrlState(id: string): ResponseUrlState;
  /** Makes the next `times` calls to `method` fail with a 429 or a Slack error. */
  failNext(method: string, failure: SlackFailure, times?: number): void;
  /**
   * How long after its upload is completed a file can be shown in an image block; `Infinity`
   * for never (see {@link SlackApiServerOptions.fileReadyAfterMs}). Applies to files completed
   * from now on.
   */
  setFileReadyAfter(ms: number): void;
  /** Delays answers to `method` (every method when omitted) by `ms`; 0 removes it. */
  setDelay(ms: number, method?: string): void;
  setUser(id: string, spec: SlackUserSpec): void;
  setChannel(id: string, spec: SlackChannelSpec): void;
  /** Serves a method the server does not know, or replaces a built-in one. */
  setHandler(method: string, handler: CustomMethodHandler): void;
  /**
   * Refuses every call made with `token` from now on with `error` (default `token_revoked`), as
   * Slack does once a workspace revokes the app's token. `reset()` does not undo it; call
   * `restoreToken`.
   */
  revokeToken(token: string, error?: string): void;
  restoreToken(token: string): void;
  messages(channel: string): StoredMessage[];
  /** A conversation as `user` sees it (their ephemeral messages included), oldest first. */
  timeline(channel: string, user: string): TimelineEntry[];
  /** A message a person writes (no Web API call: the caller sends the app its event). */
  postAsUser(input: {
    channel: string;
    user: string;
    text: string;
    threadTs?: string;
  }): StoredMessage;
  /** An ephemeral message shown without the app (what Slack itself says, e.g. about a command). */
  postSlackbotNote(input: {
    channel: string;
    user: string;
    text: string;
    threadTs?: string;
  }): EphemeralMessage;
  /** An uploaded file with its bytes, or undefined. */
  file(id: string): UploadedFileContent | undefined;
  /** The direct-message channel between the bot and a user (as `conversations.open` gives). */
  directMessageChannel(userId: string): string;
  /** The view last published to a user's App Home. */
  homeView(userId: string): Record<string, unknown> | undefined;
  /** A view (Home or modal) by id. */
  view(viewId: string): Record<string, unknown> | undefined;
  /** The modals open now (`views.open`, `views.push`), bottom first. */
  modals(): Record<string, unknown>[];
  /** Closes the top modal, or every modal with `all`. */
  closeModal(options?: { all?: boolean }): void;
  /** Replaces a modal's view (a submission answered `response_action: "update"`). */
  replaceModal(viewId: string, view: unknown): void;
  /** Opens a modal on top (a submission answered `response_action: "push"`). */
  pushModal(view: unknown): void;
  /** Records an input's value in a view's state (`view.state.values`), as Slack keeps it. */
  setViewState(
    viewId: string,
    blockId: string,
    actionId: string,
    value: Record<string, unknown>,
  ): void;
  /** Calls `listener` after every change to what the server holds; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Forgets calls, failures, delays and stored state; keeps users, channels and handlers. */
  reset(): void;
  close(): Promise<void>;
}

class SlackMethodError extends Error {
  override name = "SlackMethodError";
  readonly code: string;
  /** What Slack says about the refusal, e.g. `invalid slack file [json-pointer:/blocks/2/slack_file]`. */
  readonly details: string[];
  constructor(code: string, details: string[] = []) {
    super(`Slack API error: ${code}`);
    this.code = code;
    this.details = details;
  }
}

/** Slack's answer to a refused call, with `errors` and `response_metadata.messages` when it says why. */
function refusal(error: SlackMethodError, withErrors: boolean): Record<string, unknown> {
  if (error.details.length === 0) return { ok: false, error: error.code };
  return {
    ok: false,
    error: error.code,
    ...(withErrors ? { errors: error.details } : {}),
    response_metadata: { messages: error.details.map((detail) => `[ERROR] ${detail}`) },
  };
}

/** How Slack's file ids look; it refuses a `slack_file.id` of any other form. */
const SLACK_FILE_ID = /^F[A-Z0-9]{8,}$/;
const IMAGE_ALT_TEXT_LIMIT = 2000;

interface Workspace {
  token: string;
  teamId: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
}

interface UploadedFile {
  id: string;
  filename: string;
  length: number;
  title?: string;
  bytes?: Buffer;
  /** The workspace whose token uploaded it: a file shared with no channel is only theirs. */
  teamId: string;
  /** When it can be shown in an image block (set by `files.completeUploadExternal`). */
  readyAt?: number;
}

interface ResponseUrlRecord {
  issuedAt: number;
  uses: number;
  messages: Record<string, unknown>[];
  options: ResponseUrlOptions;
  /** The message it shows now, which `replace_original` / `delete_original` act on. */
  shown: TimelineEntry | null;
}

interface MethodContext {
  body: Record<string, unknown>;
  token: string | null;
  /** The token of the Authorization header only. */
  bearer: string | null;
  workspace: Workspace;
}

type MethodHandler = (context: MethodContext) => Record<string, unknown>;

/** The user id Slack's own notes come from. */
export const SLACKBOT_ID = "USLACKBOT";

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
const JSON_FIELDS = ["blocks", "attachments", "view", "files", "metadata", "unfurls"];
const MESSAGE_BLOCK_LIMIT = 50;
const VIEW_BLOCK_LIMIT = 100;
const DEFAULT_TZ = "America/Los_Angeles";
/** Room for the hundreds of simultaneous connections of the load test (capped by the kernel). */
const LISTEN_BACKLOG = 4096;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

function required(body: Record<string, unknown>, field: string, error = "invalid_arguments") {
  const value = text(body, field);
  if (value === undefined) throw new SlackMethodError(error);
  return value;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** UTC offset of `timeZone` at `atMs`, in seconds, as Slack's `tz_offset`. */
function zoneOffsetSeconds(timeZone: string, atMs: number): number {
  const at = Math.floor(atMs / 1000) * 1000;
  let format = zoneFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return Math.round((wall - at) / 1000);
}

/**
 * Starts a local Slack Web API on a free loopback port that records every call and answers
 * like Slack for the methods this app uses: auth, users.info, conversations.*, chat.*,
 * views.*, the files upload v2 flow, oauth.v2.access, apps.connections.open (with `socketMode`),
 * and response_urls (5 uses, 30 min).
 * Point the app at it with `SLACK_API_URL=server.url` (or WebClient `slackApiUrl`).
 */
export async function startSlackApiServer(
  options: SlackApiServerOptions = {},
): Promise<SlackApiServer> {
  const now = options.now ?? Date.now;
  const users = new Map(Object.entries(options.users ?? {}));
  const channels = new Map(Object.entries(options.channels ?? {}));
  const workspaces = new Map((options.workspaces ?? []).map((w) => [w.token, toWorkspace(w)]));
  const acceptAnyToken = workspaces.size === 0;
  const defaultWorkspace = toWorkspace({
    token: DEFAULT_SLACK_IDS.botToken,
    teamId: DEFAULT_SLACK_IDS.teamId,
  });
  const customHandlers = new Map<string, CustomMethodHandler>();
  const revokedTokens = new Map<string, string>();

  const calls: RecordedCall[] = [];
  const waiters = new Set<{
    predicate: (call: RecordedCall) => boolean;
    done: (call: RecordedCall) => void;
  }>();
  let failures = new Map<string, SlackFailure[]>();
  let delays = new Map<string, number>();
  let messagesByChannel = new Map<string, StoredMessage[]>();
  let ephemeralsByChannel = new Map<string, EphemeralMessage[]>();
  let views = new Map<string, Record<string, unknown>>();
  let modalStack: string[] = [];
  const changeListeners = new Set<() => void>();
  let homeViews = new Map<string, Record<string, unknown>>();
  let usedTriggers = new Set<string>();
  let uploads = new Map<string, UploadedFile>();
  let fileReadyAfterMs = options.fileReadyAfterMs ?? 0;
  let responseUrls = new Map<string, ResponseUrlRecord>();
  let usedCodes = new Set<string>();
  let counter = 0;
  let origin = "";

  const nextId = (prefix: string) => {
    counter += 1;
    return `${prefix}${String(counter).padStart(9, "0")}`;
  };
  const nextTs = () => {
    counter += 1;
    return `${Math.floor(now() / 1000)}.${String(counter % 1_000_000).padStart(6, "0")}`;
  };

  function toWorkspace(spec: SlackWorkspaceSpec): Workspace {
    return {
      token: spec.token,
      teamId: spec.teamId,
      teamName: spec.teamName ?? DEFAULT_SLACK_IDS.teamName,
      teamDomain: spec.teamDomain ?? DEFAULT_SLACK_IDS.teamDomain,
      botUserId: spec.botUserId ?? DEFAULT_SLACK_IDS.botUserId,
      botId: spec.botId ?? DEFAULT_SLACK_IDS.botId,
      ...(spec.enterpriseId === undefined ? {} : { enterpriseId: spec.enterpriseId }),
      isEnterpriseInstall: spec.isEnterpriseInstall === true,
    };
  }

  function changed(): void {
    for (const listener of changeListeners) listener();
  }

  function record(call: RecordedCall): void {
    calls.push(call);
    if (options.maxCalls !== undefined && calls.length > options.maxCalls) {
      calls.splice(0, calls.length - options.maxCalls);
    }
    for (const waiter of waiters) {
      if (waiter.predicate(call)) waiter.done(call);
    }
    changed();
  }

  /** Slack posts a message addressed to a user id into the bot's direct message with them. */
  function directMessageChannel(userId: string): string {
    return `D${userId.replace(/^[UW]/, "")}`;
  }

  function conversationOf(channel: string): string {
    return /^[UW][A-Z0-9]+$/.test(channel) ? directMessageChannel(channel) : channel;
  }

  function channelSpec(id: string): SlackChannelSpec {
    const known = channels.get(id);
    if (known !== undefined) return known;
    const isIm = id.startsWith("D");
    return { name: isIm ? id : `channel-${id.toLowerCase()}`, isPrivate: isIm, isMember: isIm };
  }

  function channelInfo(id: string): Record<string, unknown> {
    const spec = channelSpec(id);
    const isIm = id.startsWith("D");
    return {
      id,
      name: spec.name ?? id,
      is_channel: !isIm && spec.isPrivate !== true,
      is_group: !isIm && spec.isPrivate === true,
      is_im: isIm,
      is_private: spec.isPrivate === true,
      is_member: spec.isMember === true,
      is_archived: spec.isArchived === true,
    };
  }

  function checkPostable(channel: string): void {
    const spec = channelSpec(channel);
    if (spec.isArchived === true) throw new SlackMethodError("is_archived");
    if (spec.postError !== undefined) throw new SlackMethodError(spec.postError);
  }

  function checkBlocks(
    body: Record<string, unknown>,
    limit: number,
    workspace: Workspace = defaultWorkspace,
  ): void {
    const blocks = body.blocks;
    if (blocks !== undefined && (!Array.isArray(blocks) || blocks.length > limit)) {
      throw new SlackMethodError("invalid_blocks");
    }
    const refused = imageProblems(blocks, "/blocks", workspace);
    if (refused.length > 0) throw new SlackMethodError("invalid_blocks", refused);
  }

  /**
   * What Slack says about the image blocks of `blocks`: alt text, one source, and a `slack_file`
   * that names a file this workspace uploaded and Slack has finished processing.
   */
  function imageProblems(blocks: unknown, pointer: string, workspace: Workspace | null): string[] {
    if (!Array.isArray(blocks)) return [];
    const problems: string[] = [];
    blocks.forEach((block, i) => {
      if (!isRecord(block) || block.type !== "image") return;
      const at = `${pointer}/${i}`;
      const alt = block.alt_text;
      if (typeof alt !== "string" || alt.length === 0) {
        problems.push(`missing required field: alt_text [json-pointer:${at}]`);
      } else if (alt.length > IMAGE_ALT_TEXT_LIMIT) {
        problems.push(`must be less than 2001 characters [json-pointer:${at}/alt_text]`);
      }
      const file = block.slack_file;
      if ((block.image_url === undefined) === (file === undefined)) {
        problems.push(`must provide exactly one of image_url or slack_file [json-pointer:${at}]`);
        return;
      }
      if (file === undefined) return;
      if (!isRecord(file) || (file.id === undefined) === (file.url === undefined)) {
        problems.push(`must provide exactly one of id or url [json-pointer:${at}/slack_file]`);
        return;
      }
      if (file.id === undefined) return;
      if (typeof file.id !== "string" || !SLACK_FILE_ID.test(file.id)) {
        problems.push(
          `input must match regex pattern: ^[F][A-Z0-9]{8,}$ [json-pointer:${at}/slack_file/id]`,
        );
        return;
      }
      const upload = uploads.get(file.id);
      const ready =
        upload !== undefined &&
        (workspace === null || upload.teamId === workspace.teamId) &&
        upload.readyAt !== undefined &&
        now() >= upload.readyAt;
      if (!ready) problems.push(`invalid slack file [json-pointer:${at}/slack_file]`);
    });
    return problems;
  }

  function storeMessage(
    channel: string,
    body: Record<string, unknown>,
    user: string = defaultWorkspace.botUserId,
  ): StoredMessage {
    const ts = nextTs();
    const message: StoredMessage = {
      channel,
      ts,
      text: body.text,
      blocks: body.blocks,
      user,
      seq: counter,
      edits: 0,
    };
    const threadTs = text(body, "thread_ts");
    if (threadTs !== undefined) message.threadTs = threadTs;
    const list = messagesByChannel.get(channel) ?? [];
    list.push(message);
    messagesByChannel.set(channel, list);
    return message;
  }

  function findMessage(channel: string, ts: string): StoredMessage {
    const found = messagesByChannel.get(channel)?.find((m) => m.ts === ts);
    if (found === undefined) throw new SlackMethodError("message_not_found");
    return found;
  }

  function storeEphemeral(
    channel: string,
    user: string,
    body: Record<string, unknown>,
    threadTs?: string,
    from: string = defaultWorkspace.botUserId,
  ): EphemeralMessage {
    const ts = nextTs();
    const message: EphemeralMessage = {
      id: `E${ts.replace(".", "")}`,
      channel,
      ts,
      user,
      from,
      text: body.text,
      blocks: body.blocks,
      seq: counter,
      edits: 0,
    };
    if (threadTs !== undefined) message.threadTs = threadTs;
    const list = ephemeralsByChannel.get(channel) ?? [];
    list.push(message);
    ephemeralsByChannel.set(channel, list);
    return message;
  }

  /** The message `ts` in `channel` as a timeline entry, ephemeral ones first. */
  function entryAt(channel: string, ts: string): TimelineEntry | null {
    const ephemeral = ephemeralsByChannel.get(channel)?.find((m) => m.ts === ts);
    if (ephemeral !== undefined) return { ephemeral: true, message: ephemeral };
    const message = messagesByChannel.get(channel)?.find((m) => m.ts === ts);
    return message === undefined ? null : { ephemeral: false, message };
  }

  function removeEntry(entry: TimelineEntry): void {
    const { channel } = entry.message;
    if (entry.ephemeral) {
      const list = ephemeralsByChannel.get(channel) ?? [];
      ephemeralsByChannel.set(
        channel,
        list.filter((m) => m !== entry.message),
      );
      return;
    }
    const list = messagesByChannel.get(channel) ?? [];
    messagesByChannel.set(
      channel,
      list.filter((m) => m !== entry.message),
    );
  }

  function materializeView(
    view: unknown,
    workspace: Workspace,
    previous?: Record<string, unknown>,
  ): Record<string, unknown> {
    if (!isRecord(view) || typeof view.type !== "string") {
      throw new SlackMethodError("invalid_arguments");
    }
    if (!Array.isArray(view.blocks) || view.blocks.length > VIEW_BLOCK_LIMIT) {
      throw new SlackMethodError("invalid_blocks");
    }
    // Views name what they refuse in response_metadata only, under invalid_arguments.
    const refused = imageProblems(view.blocks, "/view/blocks", workspace);
    if (refused.length > 0) throw new SlackMethodError("invalid_arguments", refused);
    const id = typeof previous?.id === "string" ? previous.id : nextId("V");
    return {
      id,
      team_id: workspace.teamId,
      app_id: DEFAULT_SLACK_IDS.appId,
      bot_id: workspace.botId,
      private_metadata: "",
      callback_id: "",
      external_id: "",
      state: { values: {} },
      root_view_id: previous?.root_view_id ?? id,
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
      ...view,
      hash: `${Math.floor(now() / 1000)}.${randomBytes(4).toString("hex")}`,
    };
  }

  function useTrigger(body: Record<string, unknown>): void {
    const trigger = required(body, "trigger_id");
    if (usedTriggers.has(trigger)) throw new SlackMethodError("expired_trigger_id");
    usedTriggers.add(trigger);
  }

  const methods: Record<string, MethodHandler> = {
    "auth.test": ({ workspace }) => ({
      url: workspace.isEnterpriseInstall
        ? `https://${workspace.teamDomain}.enterprise.slack.com/`
        : `https://${workspace.teamDomain}.slack.com/`,
      team: workspace.teamName,
      user: "efax_reports",
      team_id: workspace.teamId,
      user_id: workspace.botUserId,
      bot_id: workspace.botId,
      ...(workspace.enterpriseId === undefined ? {} : { enterprise_id: workspace.enterpriseId }),
      is_enterprise_install: workspace.isEnterpriseInstall,
    }),
    "users.info": ({ body, workspace }) => {
      const id = required(body, "user", "user_not_found");
      const spec = users.get(id) ?? options.fallbackUser;
      if (spec === undefined) throw new SlackMethodError("user_not_found");
      const tz = spec.tz ?? DEFAULT_TZ;
      const name = spec.name ?? id.toLowerCase();
      return {
        user: {
          id,
          team_id: spec.teamId ?? workspace.teamId,
          name,
          real_name: spec.realName ?? name,
          deleted: spec.deleted === true,
          tz,
          tz_label: tz,
          tz_offset: spec.tzOffset ?? zoneOffsetSeconds(tz, now()),
          is_admin: spec.isAdmin === true,
          is_owner: spec.isOwner === true,
          is_primary_owner: false,
          is_bot: spec.isBot === true,
          is_app_user: false,
          profile: { real_name: spec.realName ?? name, display_name: name },
        },
      };
    },
    "conversations.info": ({ body }) => {
      const channel = required(body, "channel", "channel_not_found");
      if (channelSpec(channel).postError === "channel_not_found") {
        throw new SlackMethodError("channel_not_found");
      }
      return { channel: channelInfo(channel) };
    },
    "conversations.join": ({ body }) => {
      const channel = required(body, "channel", "channel_not_found");
      const spec = channelSpec(channel);
      if (spec.postError === "channel_not_found") throw new SlackMethodError("channel_not_found");
      if (spec.isArchived === true) throw new SlackMethodError("is_archived");
      if (spec.isPrivate === true) {
        throw new SlackMethodError("method_not_supported_for_channel_type");
      }
      const joined: SlackChannelSpec = { ...spec, isMember: true };
      if (joined.postError === "not_in_channel") delete joined.postError;
      channels.set(channel, joined);
      return { channel: channelInfo(channel) };
    },
    "conversations.open": ({ body }) => {
      const user = required(body, "users", "users_list_not_supplied");
      return { channel: { id: `D${user.replace(/^U/, "")}` } };
    },
    "chat.postMessage": ({ body, workspace }) => {
      const channel = conversationOf(required(body, "channel", "channel_not_found"));
      if (body.text === undefined && body.blocks === undefined && body.attachments === undefined) {
        throw new SlackMethodError("no_text");
      }
      checkBlocks(body, MESSAGE_BLOCK_LIMIT, workspace);
      checkPostable(channel);
      const message = storeMessage(channel, body, workspace.botUserId);
      return {
        channel,
        ts: message.ts,
        message: {
          type: "message",
          user: workspace.botUserId,
          bot_id: workspace.botId,
          text: body.text,
          blocks: body.blocks,
          ts: message.ts,
          ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
        },
      };
    },
    "chat.postEphemeral": ({ body, workspace }) => {
      const channel = conversationOf(required(body, "channel", "channel_not_found"));
      const user = required(body, "user", "user_not_in_channel");
      checkBlocks(body, MESSAGE_BLOCK_LIMIT, workspace);
      checkPostable(channel);
      return { message_ts: storeEphemeral(channel, user, body, text(body, "thread_ts")).ts };
    },
    "chat.update": ({ body, workspace }) => {
      const channel = required(body, "channel", "channel_not_found");
      const message = findMessage(channel, required(body, "ts", "message_not_found"));
      checkBlocks(body, MESSAGE_BLOCK_LIMIT, workspace);
      if (body.text !== undefined) message.text = body.text;
      if (body.blocks !== undefined) message.blocks = body.blocks;
      message.edits += 1;
      return { channel, ts: message.ts, text: message.text, message: { ...message } };
    },
    "chat.getPermalink": ({ body, workspace }) => {
      const channel = required(body, "channel", "channel_not_found");
      const message = findMessage(channel, required(body, "message_ts", "message_not_found"));
      const base = `https://${workspace.teamDomain}.slack.com/archives/${channel}/p${message.ts.replace(".", "")}`;
      const thread =
        message.threadTs === undefined ? "" : `?thread_ts=${message.threadTs}&cid=${channel}`;
      return { channel, permalink: `${base}${thread}` };
    },
    "views.publish": ({ body, workspace }) => {
      const user = required(body, "user_id", "user_not_found");
      const view = materializeView(body.view, workspace, homeViews.get(user));
      if (view.type !== "home") throw new SlackMethodError("invalid_arguments");
      homeViews.set(user, view);
      views.set(String(view.id), view);
      return { view };
    },
    "views.open": ({ body, workspace }) => {
      useTrigger(body);
      const view = materializeView(body.view, workspace);
      views.set(String(view.id), view);
      modalStack = [String(view.id)];
      return { view };
    },
    "views.push": ({ body, workspace }) => {
      useTrigger(body);
      const view = materializeView(body.view, workspace);
      views.set(String(view.id), view);
      modalStack.push(String(view.id));
      return { view };
    },
    "views.update": ({ body, workspace }) => {
      const viewId = text(body, "view_id");
      const externalId = text(body, "external_id");
      const previous =
        viewId !== undefined
          ? views.get(viewId)
          : [...views.values()].find(
              (v) => externalId !== undefined && v.external_id === externalId,
            );
      if (previous === undefined) throw new SlackMethodError("not_found");
      const hash = text(body, "hash");
      if (hash !== undefined && hash !== previous.hash) throw new SlackMethodError("hash_conflict");
      const view = materializeView(body.view, workspace, previous);
      views.set(String(view.id), view);
      return { view };
    },
    "files.getUploadURLExternal": ({ body, workspace }) => {
      const filename = required(body, "filename");
      const length = Number(required(body, "length"));
      if (!Number.isInteger(length) || length <= 0) throw new SlackMethodError("invalid_arguments");
      const id = nextId("F");
      uploads.set(id, { id, filename, length, teamId: workspace.teamId });
      return { upload_url: `${origin}/upload/${id}`, file_id: id };
    },
    "files.completeUploadExternal": ({ body, workspace }) => {
      if (!Array.isArray(body.files) || body.files.length === 0) {
        throw new SlackMethodError("invalid_arguments");
      }
      const completed: UploadedFile[] = body.files.map((entry) => {
        const upload = isRecord(entry) && typeof entry.id === "string" && uploads.get(entry.id);
        if (!upload || upload.bytes === undefined) throw new SlackMethodError("file_not_found");
        if (isRecord(entry) && typeof entry.title === "string") upload.title = entry.title;
        upload.readyAt = now() + fileReadyAfterMs;
        return upload;
      });
      const given = text(body, "channel_id");
      const channel = given === undefined ? undefined : conversationOf(given);
      if (channel !== undefined) {
        checkPostable(channel);
        const message = storeMessage(
          channel,
          { text: body.initial_comment, thread_ts: body.thread_ts },
          workspace.botUserId,
        );
        message.files = completed.map((file) => ({
          id: file.id,
          filename: file.filename,
          title: file.title ?? file.filename,
          size: file.bytes?.length ?? 0,
        }));
      }
      body.files = completed.map((file) => ({
        id: file.id,
        title: file.title ?? file.filename,
        filename: file.filename,
        size: file.bytes?.length ?? 0,
        content: file.bytes?.toString("utf8") ?? "",
      }));
      return {
        files: completed.map((file) => ({
          id: file.id,
          name: file.filename,
          title: file.title ?? file.filename,
          size: file.bytes?.length ?? 0,
          permalink: `https://${workspace.teamDomain}.slack.com/files/${workspace.botUserId}/${file.id}/${file.filename}`,
        })),
      };
    },
    "apps.connections.open": ({ bearer }) => {
      const socketMode = options.socketMode;
      if (bearer === null) throw new SlackMethodError("not_authed");
      if (bearer.startsWith("xoxb-")) throw new SlackMethodError("not_allowed_token_type");
      if (socketMode === undefined || bearer !== socketMode.appToken) {
        throw new SlackMethodError("invalid_auth");
      }
      return { url: socketMode.connectionUrl() };
    },
    "oauth.v2.access": ({ body }) => {
      const oauth = options.oauth;
      if (oauth === undefined) throw new SlackMethodError("unknown_method");
      if (body.client_id !== oauth.clientId) throw new SlackMethodError("invalid_client_id");
      if (body.client_secret !== oauth.clientSecret) {
        throw new SlackMethodError("bad_client_secret");
      }
      const code = required(body, "code", "invalid_code");
      const install = oauth.installs[code];
      if (install === undefined || usedCodes.has(code)) throw new SlackMethodError("invalid_code");
      usedCodes.add(code);
      const org = install.enterprise;
      const workspace = toWorkspace({
        token: install.botToken,
        teamId: install.teamId,
        teamName: install.teamName,
        botUserId: install.botUserId,
        ...(org === undefined ? {} : { enterpriseId: org.id, isEnterpriseInstall: true }),
      });
      workspaces.set(install.botToken, workspace);
      return {
        app_id: DEFAULT_SLACK_IDS.appId,
        authed_user: { id: install.userId },
        scope: install.scope ?? "commands,chat:write",
        token_type: "bot",
        access_token: install.botToken,
        bot_user_id: workspace.botUserId,
        team: org === undefined ? { id: install.teamId, name: workspace.teamName } : null,
        enterprise: org === undefined ? null : { id: org.id, name: org.name ?? org.id },
        is_enterprise_install: org !== undefined,
      };
    },
  };

  function authenticate(method: string, token: string | null): Workspace {
    if (method === "oauth.v2.access" || method === "apps.connections.open") {
      return defaultWorkspace;
    }
    if (token === null) throw new SlackMethodError("not_authed");
    const revoked = revokedTokens.get(token);
    if (revoked !== undefined) throw new SlackMethodError(revoked);
    const known = workspaces.get(token);
    if (known !== undefined) return known;
    if (acceptAnyToken) return { ...defaultWorkspace, token };
    throw new SlackMethodError("invalid_auth");
  }

  async function pause(method: string): Promise<void> {
    const ms = delays.get(method) ?? delays.get("*") ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  function takeFailure(method: string): SlackFailure | undefined {
    const queue = failures.get(method);
    const failure = queue?.shift();
    if (queue !== undefined && queue.length === 0) failures.delete(method);
    return failure;
  }

  async function serveMethod(req: IncomingMessage, res: ServerResponse, method: string) {
    const raw = await readBody(req);
    const body = parseBody(req.headers["content-type"], raw);
    const headerToken = bearer(req.headers.authorization) ?? null;
    const token = headerToken ?? text(body, "token") ?? null;
    await pause(method);
    const call: RecordedCall = { method, token, body, at: now(), status: 200, response: {} };
    const failure = takeFailure(method);
    if (failure !== undefined) {
      answerFailure(res, call, failure);
      return;
    }
    let response: Record<string, unknown>;
    try {
      const workspace = authenticate(method, token);
      const custom = customHandlers.get(method);
      const builtin = methods[method];
      if (custom !== undefined) response = await custom({ body, token });
      else if (builtin !== undefined)
        response = { ok: true, ...builtin({ body, token, bearer: headerToken, workspace }) };
      else throw new SlackMethodError("unknown_method");
    } catch (error) {
      if (!(error instanceof SlackMethodError)) throw error;
      response = refusal(error, error.code === "invalid_blocks");
    }
    call.response = response;
    record(call);
    sendJson(res, 200, response);
  }

  function answerFailure(res: ServerResponse, call: RecordedCall, failure: SlackFailure): void {
    if ("status" in failure) {
      call.status = failure.status;
      call.response = { ok: false, error: "ratelimited" };
      record(call);
      res.setHeader("retry-after", String(failure.retryAfter));
      sendJson(res, failure.status, call.response);
      return;
    }
    call.response = { ok: false, error: failure.error };
    record(call);
    sendJson(res, 200, call.response);
  }

  async function serveUpload(req: IncomingMessage, res: ServerResponse, fileId: string) {
    const raw = await readBody(req);
    const token = bearer(req.headers.authorization) ?? null;
    await pause(FILE_UPLOAD_METHOD);
    const upload = uploads.get(fileId);
    const bytes = await uploadedBytes(req.headers["content-type"], raw);
    const call: RecordedCall = {
      method: FILE_UPLOAD_METHOD,
      token,
      body: { filename: upload?.filename, size: bytes.length, content: bytes.toString("utf8") },
      at: now(),
      status: 200,
      response: {},
      target: fileId,
    };
    const failure = takeFailure(FILE_UPLOAD_METHOD);
    if (failure !== undefined) return answerFailure(res, call, failure);
    if (upload === undefined) {
      call.status = 404;
      record(call);
      return sendText(res, 404, "file_not_found");
    }
    upload.bytes = bytes;
    record(call);
    sendText(res, 200, `OK - ${bytes.length}`);
  }

  async function serveResponseUrl(req: IncomingMessage, res: ServerResponse, id: string) {
    const raw = await readBody(req);
    await pause(RESPONSE_URL_METHOD);
    const parsed = parseJsonObject(raw.toString("utf8"));
    const call: RecordedCall = {
      method: RESPONSE_URL_METHOD,
      token: null,
      body: parsed ?? { raw: raw.toString("utf8") },
      at: now(),
      status: 200,
      response: {},
      target: id,
    };
    const failure = takeFailure(RESPONSE_URL_METHOD);
    if (failure !== undefined) return answerFailure(res, call, failure);
    const state = responseUrls.get(id) ?? newResponseUrl(call.at, {});
    responseUrls.set(id, state);
    const reject = (status: number, error: string) => {
      call.status = status;
      call.response = { ok: false, error };
      record(call);
      sendText(res, status, error);
    };
    if (call.at - state.issuedAt > RESPONSE_URL_TTL_MS) return reject(404, "expired_url");
    if (state.uses >= RESPONSE_URL_USES) return reject(404, "used_url");
    if (parsed === undefined) return reject(400, "invalid_payload");
    const hasContent = parsed.text !== undefined || parsed.blocks !== undefined;
    if (parsed.delete_original !== true && !hasContent) return reject(400, "no_text");
    // A response_url names no workspace; Slack answers a refused block with a bare status.
    if (imageProblems(parsed.blocks, "/blocks", null).length > 0) {
      return reject(400, "invalid_blocks");
    }
    state.uses += 1;
    const message = { response_type: "ephemeral", ...parsed };
    if (parsed.delete_original === true) {
      state.messages.pop();
      if (state.shown) removeEntry(state.shown);
      state.shown = null;
    } else if (parsed.replace_original === true && state.messages.length > 0) {
      state.messages[state.messages.length - 1] = message;
      if (state.shown) {
        state.shown.message.text = parsed.text;
        state.shown.message.blocks = parsed.blocks;
        state.shown.message.edits += 1;
      }
    } else {
      state.messages.push(message);
      showAnswer(state, parsed);
    }
    call.response = { ok: true };
    record(call);
    sendJson(res, 200, call.response);
  }

  function newResponseUrl(issuedAt: number, urlOptions: ResponseUrlOptions): ResponseUrlRecord {
    const { channel, originalTs } = urlOptions;
    const shown =
      channel === undefined || originalTs === undefined ? null : entryAt(channel, originalTs);
    const messages = shown ? [{ text: shown.message.text, blocks: shown.message.blocks }] : [];
    return { issuedAt, uses: 0, messages, options: urlOptions, shown };
  }

  /** A response_url's new answer: everyone's message when `in_channel`, else an ephemeral one. */
  function showAnswer(state: ResponseUrlRecord, body: Record<string, unknown>): void {
    const { channel, threadTs } = state.options;
    if (channel === undefined) return;
    const threaded = threadTs === undefined ? body : { ...body, thread_ts: threadTs };
    state.shown =
      body.response_type === "in_channel"
        ? { ephemeral: false, message: storeMessage(channel, threaded) }
        : {
            ephemeral: true,
            message: storeEphemeral(
              channel,
              state.options.user ?? DEFAULT_SLACK_IDS.userId,
              body,
              threadTs,
            ),
          };
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const [, area, name] = path.split("/");
    let work: Promise<void>;
    if (req.method !== "POST" || name === undefined || name === "") {
      work = Promise.resolve(sendText(res, 404, "not_found"));
    } else if (area === "api") work = serveMethod(req, res, decodeURIComponent(name));
    else if (area === "upload") work = serveUpload(req, res, decodeURIComponent(name));
    else if (area === "response") work = serveResponseUrl(req, res, decodeURIComponent(name));
    else work = Promise.resolve(sendText(res, 404, "not_found"));
    work.catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `local Slack server failed: ${String(error)}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1", backlog: LISTEN_BACKLOG }, () => resolve());
  });
  const address = server.address();
  if (!isAddressInfo(address)) throw new Error("The local Slack API server has no TCP port");
  origin = `http://127.0.0.1:${address.port}`;

  return {
    url: `${origin}/api/`,
    origin,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    waitFor(predicate, timeoutMs = 5000) {
      const found = calls.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          done: (call: RecordedCall) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = calls.map((call) => call.method).join(", ") || "none";
          reject(new Error(`No Slack API call matched within ${timeoutMs} ms (calls: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    responseUrl(id, urlOptions = {}) {
      const key = id ?? nextId("R");
      if (!responseUrls.has(key)) responseUrls.set(key, newResponseUrl(now(), urlOptions));
      return `${origin}/response/${encodeURIComponent(key)}`;
    },
    responseUrlState(id) {
      const state = responseUrls.get(id);
      return { uses: state?.uses ?? 0, messages: [...(state?.messages ?? [])] };
    },
    failNext(method, failure, times = 1) {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(failure);
      failures.set(method, queue);
    },
    setFileReadyAfter(ms) {
      fileReadyAfterMs = ms;
    },
    setDelay(ms, method = "*") {
      if (ms > 0) delays.set(method, ms);
      else delays.delete(method);
    },
    setUser: (id, spec) => void users.set(id, spec),
    setChannel: (id, spec) => void channels.set(id, spec),
    setHandler: (method, handler) => void customHandlers.set(method, handler),
    revokeToken: (token, error = "token_revoked") => void revokedTokens.set(token, error),
    restoreToken: (token) => void revokedTokens.delete(token),
    messages: (channel) => [...(messagesByChannel.get(channel) ?? [])],
    timeline(channel, user) {
      const entries: TimelineEntry[] = [
        ...(messagesByChannel.get(channel) ?? []).map((message) => ({
          ephemeral: false as const,
          message,
        })),
        ...(ephemeralsByChannel.get(channel) ?? [])
          .filter((message) => message.user === user)
          .map((message) => ({ ephemeral: true as const, message })),
      ];
      return entries.sort((a, b) => a.message.seq - b.message.seq);
    },
    postAsUser(input) {
      const body = { text: input.text, thread_ts: input.threadTs };
      const message = storeMessage(input.channel, body, input.user);
      changed();
      return message;
    },
    postSlackbotNote(input) {
      const message = storeEphemeral(
        input.channel,
        input.user,
        { text: input.text },
        input.threadTs,
        SLACKBOT_ID,
      );
      changed();
      return message;
    },
    file(id) {
      const upload = uploads.get(id);
      if (upload?.bytes === undefined) return undefined;
      return {
        id,
        filename: upload.filename,
        title: upload.title ?? upload.filename,
        bytes: upload.bytes,
      };
    },
    directMessageChannel,
    homeView: (userId) => homeViews.get(userId),
    view: (viewId) => views.get(viewId),
    modals: () =>
      modalStack.flatMap((id): Record<string, unknown>[] => {
        const view = views.get(id);
        return view === undefined ? [] : [view];
      }),
    closeModal(closeOptions = {}) {
      if (closeOptions.all) modalStack = [];
      else modalStack.pop();
      changed();
    },
    replaceModal(viewId, view) {
      const previous = views.get(viewId);
      if (previous === undefined) return;
      views.set(viewId, materializeView(view, defaultWorkspace, previous));
      changed();
    },
    pushModal(view) {
      const opened = materializeView(view, defaultWorkspace);
      views.set(String(opened.id), opened);
      modalStack.push(String(opened.id));
      changed();
    },
    setViewState(viewId, blockId, actionId, value) {
      const view = views.get(viewId);
      if (view === undefined) return;
      const state = isRecord(view.state) ? view.state : {};
      const values = isRecord(state.values) ? state.values : {};
      const block = isRecord(values[blockId]) ? values[blockId] : {};
      view.state = { ...state, values: { ...values, [blockId]: { ...block, [actionId]: value } } };
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => void changeListeners.delete(listener);
    },
    reset() {
      calls.length = 0;
      failures = new Map();
      delays = new Map();
      messagesByChannel = new Map();
      ephemeralsByChannel = new Map();
      views = new Map();
      modalStack = [];
      homeViews = new Map();
      usedTriggers = new Set();
      uploads = new Map();
      fileReadyAfterMs = options.fileReadyAfterMs ?? 0;
      responseUrls = new Map();
      usedCodes = new Set();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

function isAddressInfo(address: string | AddressInfo | null): address is AddressInfo {
  return typeof address === "object" && address !== null;
}

function bearer(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJsonObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function parseBody(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (contentType?.startsWith("application/json")) return parseJsonObject(text) ?? {};
  const body: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
  for (const field of JSON_FIELDS) {
    const value = body[field];
    if (typeof value === "string") body[field] = parseJsonValue(value);
  }
  return body;
}

function parseJsonValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function uploadedBytes(contentType: string | undefined, raw: Buffer): Promise<Buffer> {
  if (!contentType?.startsWith("multipart/form-data")) return raw;
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(value));
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(body);
}
