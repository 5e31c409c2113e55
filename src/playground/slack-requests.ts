/**
 * Slack's requests to an app, built as Slack sends them (slash commands, button clicks, modal
 * submissions, Events API callbacks) and signed as Slack signs them. The playground sends them to
 * the app through its real signed path; the tests send them too (`test/support/slack-requests.ts`).
 */
import { createHmac, randomBytes } from "node:crypto";

/**
 * Made-up ids of the local Slack: its default workspace, bot, user and channels. The request
 * builders and the local Web API (`slack-api.ts`) use them unless told otherwise.
 */
export const DEFAULT_SLACK_IDS = {
  teamId: "T0TESTTEAM",
  teamDomain: "efax-test",
  teamName: "eFax Test Workspace",
  userId: "U0TESTUSER",
  userName: "ada",
  channelId: "C0TESTCHAN",
  channelName: "fax-ops",
  imChannelId: "D0TESTDM01",
  appId: "A0TESTAPP1",
  botUserId: "U0TESTBOT1",
  botId: "B0TESTBOT1",
  botToken: "xoxb-test-bot-token",
} as const;

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

/** A request body encoded the way Slack sends it, with its content type. */
export interface EncodedSlackBody {
  contentType: typeof FORM | typeof JSON_TYPE;
  body: string;
}

/** Headers Slack adds to every request: `v0=` HMAC-SHA256 over `v0:{ts}:{body}`. */
export function signRequest(
  secret: string,
  body: string | Uint8Array,
  timestamp: number | string,
): { "x-slack-signature": string; "x-slack-request-timestamp": string } {
  const hmac = createHmac("sha256", secret).update(`v0:${timestamp}:`);
  hmac.update(body);
  return {
    "x-slack-signature": `v0=${hmac.digest("hex")}`,
    "x-slack-request-timestamp": String(timestamp),
  };
}

let sequence = 0;
function nextSequence(): number {
  sequence += 1;
  return sequence;
}

/** A fresh Slack-style message timestamp (`seconds.micro`), unique within the process. */
export function messageTs(atMs = Date.now()): string {
  return `${Math.floor(atMs / 1000)}.${String(nextSequence() % 1_000_000).padStart(6, "0")}`;
}

/** A fresh trigger id in Slack's `digits.digits.hex` shape. */
export function triggerId(): string {
  return `${Date.now()}${nextSequence()}.4744562912.${randomBytes(16).toString("hex")}`;
}

/** A fresh event id in Slack's `Ev…` shape. */
export function eventId(): string {
  return `Ev${Date.now().toString(36).toUpperCase()}${nextSequence()}`;
}

function form(fields: Record<string, string>): EncodedSlackBody {
  return { contentType: FORM, body: new URLSearchParams(fields).toString() };
}

function interactionPayload(payload: Record<string, unknown>): EncodedSlackBody {
  return form({ payload: JSON.stringify(payload) });
}

function json(value: Record<string, unknown>): EncodedSlackBody {
  return { contentType: JSON_TYPE, body: JSON.stringify(value) };
}

export interface SlashCommandInput {
  text: string;
  /** The command's `response_url`; use the local Slack API server's `responseUrl()`. */
  responseUrl: string;
  command?: string;
  teamId?: string;
  teamDomain?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  triggerId?: string;
  /** The Enterprise Grid org of the workspace. */
  enterpriseId?: string;
  /** The app is installed org-wide (`is_enterprise_install=true`). */
  isEnterpriseInstall?: boolean;
}

/** A slash command, form-encoded field by field in the order Slack sends them. */
export function slashCommand(input: SlashCommandInput): EncodedSlackBody {
  return form({
    token: "verification-token-unused",
    team_id: input.teamId ?? DEFAULT_SLACK_IDS.teamId,
    team_domain: input.teamDomain ?? DEFAULT_SLACK_IDS.teamDomain,
    channel_id: input.channelId ?? DEFAULT_SLACK_IDS.channelId,
    channel_name: input.channelName ?? DEFAULT_SLACK_IDS.channelName,
    user_id: input.userId ?? DEFAULT_SLACK_IDS.userId,
    user_name: input.userName ?? DEFAULT_SLACK_IDS.userName,
    command: input.command ?? "/efax",
    text: input.text,
    api_app_id: DEFAULT_SLACK_IDS.appId,
    is_enterprise_install: input.isEnterpriseInstall === true ? "true" : "false",
    ...(input.enterpriseId === undefined
      ? {}
      : { enterprise_id: input.enterpriseId, enterprise_name: input.enterpriseId }),
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? triggerId(),
  });
}

export interface SlackUserRef {
  id: string;
  name?: string;
}

function userObject(user: string | SlackUserRef | undefined, teamId: string) {
  const ref = typeof user === "string" || user === undefined ? { id: user } : user;
  const id = ref.id ?? DEFAULT_SLACK_IDS.userId;
  const name = "name" in ref && ref.name !== undefined ? ref.name : DEFAULT_SLACK_IDS.userName;
  return { id, username: name, name, team_id: teamId };
}

function teamObject(teamId: string) {
  return { id: teamId, domain: DEFAULT_SLACK_IDS.teamDomain };
}

export interface BlockActionInput {
  actionId: string;
  value?: string;
  blockId?: string;
  /** Visible button label. */
  text?: string;
  user?: string | SlackUserRef;
  team?: string;
  /** Channel of the message; omit for App Home clicks. */
  channel?: string;
  /** Omit for App Home clicks, which carry none. */
  responseUrl?: string;
  /**
   * The message holding the button. Leave it out for an ephemeral message: Slack sends no
   * copy of those, only the container.
   */
  message?: { ts: string; text?: string; blocks?: unknown[]; thread_ts?: string };
  /** Defaults to a message container (ephemeral unless `message` is given). */
  container?: Record<string, unknown>;
  /** The App Home or modal view the click came from. */
  view?: Record<string, unknown>;
  /** Input state, e.g. a date picker's `selected_date`, as `{ blockId: { actionId: value } }`. */
  state?: Record<string, Record<string, unknown>>;
  /** Fields merged into the action, e.g. `{ type: "datepicker", selected_date: "2026-11-20" }`. */
  action?: Record<string, unknown>;
  triggerId?: string;
  /** The Enterprise Grid org of the workspace. */
  enterpriseId?: string;
  /** The app is installed org-wide. */
  isEnterpriseInstall?: boolean;
}

/** A `block_actions` interaction (a button click), sent as `payload=` JSON. */
export function blockAction(input: BlockActionInput): EncodedSlackBody {
  const teamId = input.team ?? DEFAULT_SLACK_IDS.teamId;
  const channelId = input.channel;
  const container =
    input.container ??
    (input.view !== undefined
      ? { type: "view", view_id: input.view.id }
      : {
          type: "message",
          message_ts: input.message?.ts ?? messageTs(),
          channel_id: channelId ?? DEFAULT_SLACK_IDS.channelId,
          is_ephemeral: input.message === undefined,
        });
  const payload: Record<string, unknown> = {
    type: "block_actions",
    user: userObject(input.user, teamId),
    api_app_id: DEFAULT_SLACK_IDS.appId,
    token: "verification-token-unused",
    container,
    trigger_id: input.triggerId ?? triggerId(),
    team:
      input.enterpriseId === undefined
        ? teamObject(teamId)
        : { ...teamObject(teamId), enterprise_id: input.enterpriseId },
    enterprise: input.enterpriseId === undefined ? null : { id: input.enterpriseId },
    is_enterprise_install: input.isEnterpriseInstall === true,
    state: { values: input.state ?? {} },
    actions: [
      {
        action_id: input.actionId,
        block_id: input.blockId ?? "actions",
        text: { type: "plain_text", text: input.text ?? input.actionId, emoji: true },
        ...(input.value === undefined ? {} : { value: input.value }),
        type: "button",
        action_ts: messageTs(),
        ...input.action,
      },
    ],
  };
  if (channelId !== undefined || input.view === undefined) {
    payload.channel = {
      id: channelId ?? DEFAULT_SLACK_IDS.channelId,
      name: DEFAULT_SLACK_IDS.channelName,
    };
  }
  if (input.message !== undefined) {
    payload.message = { type: "message", user: DEFAULT_SLACK_IDS.botUserId, ...input.message };
  }
  if (input.view !== undefined) payload.view = input.view;
  if (input.responseUrl !== undefined) payload.response_url = input.responseUrl;
  return interactionPayload(payload);
}

export interface ViewSubmissionInput {
  callbackId: string;
  /** `view.state.values`: `{ blockId: { actionId: { type, value | selected_… } } }`. */
  values: Record<string, Record<string, Record<string, unknown>>>;
  user?: string | SlackUserRef;
  team?: string;
  privateMetadata?: string;
  viewId?: string;
  triggerId?: string;
  /** The submitted view as Slack keeps it (title, blocks, …); its id, state and callback are set from the fields above. */
  view?: Record<string, unknown>;
}

/** A `view_submission` interaction (a modal's Submit), sent as `payload=` JSON. */
export function viewSubmission(input: ViewSubmissionInput): EncodedSlackBody {
  const teamId = input.team ?? DEFAULT_SLACK_IDS.teamId;
  const viewId = input.viewId ?? `V${nextSequence().toString().padStart(9, "0")}`;
  return interactionPayload({
    type: "view_submission",
    team: teamObject(teamId),
    user: userObject(input.user, teamId),
    api_app_id: DEFAULT_SLACK_IDS.appId,
    token: "verification-token-unused",
    trigger_id: input.triggerId ?? triggerId(),
    view: {
      team_id: teamId,
      type: "modal",
      blocks: [],
      hash: `${Date.now()}.${randomBytes(4).toString("hex")}`,
      title: { type: "plain_text", text: "eFax Reports", emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: { type: "plain_text", text: "Cancel", emoji: true },
      submit: { type: "plain_text", text: "Submit", emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: DEFAULT_SLACK_IDS.appId,
      external_id: "",
      app_installed_team_id: teamId,
      bot_id: DEFAULT_SLACK_IDS.botId,
      ...input.view,
      id: viewId,
      callback_id: input.callbackId,
      state: { values: input.values },
      private_metadata: input.privateMetadata ?? "",
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

/** A plain-text input's state value, for `viewSubmission` values. */
export function plainTextValue(value: string): Record<string, unknown> {
  return { type: "plain_text_input", value };
}

export interface EventCallbackInput {
  event: Record<string, unknown>;
  teamId?: string;
  /** Default a fresh id; reuse one to simulate Slack's retries. */
  eventId?: string;
  /** The Enterprise Grid org. */
  enterpriseId?: string;
  /**
   * Delivered for an org-wide install: the authorization names the org and no workspace (as
   * for an org-wide `app_uninstalled`).
   */
  isEnterpriseInstall?: boolean;
}

/** An Events API delivery (`event_callback`), sent as JSON. */
export function eventCallback(input: EventCallbackInput): EncodedSlackBody {
  const teamId = input.teamId ?? DEFAULT_SLACK_IDS.teamId;
  const orgWide = input.isEnterpriseInstall === true;
  return json({
    token: "verification-token-unused",
    team_id: teamId,
    ...(input.enterpriseId === undefined ? {} : { enterprise_id: input.enterpriseId }),
    context_team_id: orgWide ? null : teamId,
    context_enterprise_id: input.enterpriseId ?? null,
    api_app_id: DEFAULT_SLACK_IDS.appId,
    event: input.event,
    type: "event_callback",
    event_id: input.eventId ?? eventId(),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: input.enterpriseId ?? null,
        team_id: orgWide ? null : teamId,
        user_id: DEFAULT_SLACK_IDS.botUserId,
        is_bot: true,
        is_enterprise_install: orgWide,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString("base64url")}`,
  });
}

export interface MessageEventInput {
  /** What the person typed (for a mention, after the `<@bot>` part, which is added). */
  text: string;
  user?: string;
  channel?: string;
  ts?: string;
  /** Set when the message is a reply inside a thread. */
  threadTs?: string;
  teamId?: string;
  eventId?: string;
  botUserId?: string;
}

/** `app_mention`: "@eFax Reports failures yesterday", optionally inside a thread. */
export function appMention(input: MessageEventInput): EncodedSlackBody {
  const ts = input.ts ?? messageTs();
  const teamId = input.teamId ?? DEFAULT_SLACK_IDS.teamId;
  return eventCallback({
    teamId,
    eventId: input.eventId,
    event: {
      type: "app_mention",
      user: input.user ?? DEFAULT_SLACK_IDS.userId,
      text: `<@${input.botUserId ?? DEFAULT_SLACK_IDS.botUserId}> ${input.text}`,
      ts,
      ...(input.threadTs === undefined ? {} : { thread_ts: input.threadTs }),
      team: teamId,
      channel: input.channel ?? DEFAULT_SLACK_IDS.channelId,
      event_ts: ts,
    },
  });
}

/** `message` with `channel_type: "im"`: a direct message to the bot. */
export function directMessage(input: MessageEventInput): EncodedSlackBody {
  const ts = input.ts ?? messageTs();
  const teamId = input.teamId ?? DEFAULT_SLACK_IDS.teamId;
  return eventCallback({
    teamId,
    eventId: input.eventId,
    event: {
      type: "message",
      channel_type: "im",
      user: input.user ?? DEFAULT_SLACK_IDS.userId,
      text: input.text,
      ts,
      ...(input.threadTs === undefined ? {} : { thread_ts: input.threadTs }),
      team: teamId,
      channel: input.channel ?? DEFAULT_SLACK_IDS.imChannelId,
      event_ts: ts,
      client_msg_id: randomBytes(16).toString("hex"),
    },
  });
}

export interface AppHomeOpenedInput {
  user?: string;
  teamId?: string;
  tab?: "home" | "messages";
  /** The previously published view, if any (Slack includes it). */
  view?: Record<string, unknown>;
  eventId?: string;
}

/** `app_home_opened`: someone opened the app's Home (or Messages) tab. */
export function appHomeOpened(input: AppHomeOpenedInput = {}): EncodedSlackBody {
  return eventCallback({
    teamId: input.teamId,
    eventId: input.eventId,
    event: {
      type: "app_home_opened",
      user: input.user ?? DEFAULT_SLACK_IDS.userId,
      channel: DEFAULT_SLACK_IDS.imChannelId,
      tab: input.tab ?? "home",
      event_ts: messageTs(),
      ...(input.view === undefined ? {} : { view: input.view }),
    },
  });
}

/**
 * `app_uninstalled`: the workspace removed the app; with `isEnterpriseInstall`, an Enterprise
 * Grid org removed its org-wide install (`teamId` is then the org's id, as Slack sends it).
 */
export function appUninstalled(
  input: {
    teamId?: string;
    eventId?: string;
    enterpriseId?: string;
    isEnterpriseInstall?: boolean;
  } = {},
): EncodedSlackBody {
  return eventCallback({
    teamId: input.teamId,
    eventId: input.eventId,
    ...(input.enterpriseId === undefined ? {} : { enterpriseId: input.enterpriseId }),
    ...(input.isEnterpriseInstall === undefined
      ? {}
      : { isEnterpriseInstall: input.isEnterpriseInstall }),
    event: { type: "app_uninstalled", event_ts: messageTs() },
  });
}

/** `tokens_revoked`: the workspace revoked the app's tokens (default: the bot's). */
export function tokensRevoked(
  input: { teamId?: string; eventId?: string; botUserIds?: string[]; userIds?: string[] } = {},
): EncodedSlackBody {
  return eventCallback({
    teamId: input.teamId,
    eventId: input.eventId,
    event: {
      type: "tokens_revoked",
      tokens: {
        oauth: input.userIds ?? [],
        bot: input.botUserIds ?? [DEFAULT_SLACK_IDS.botUserId],
      },
      event_ts: messageTs(),
    },
  });
}

/** Slack's request-URL check when the URL is saved in the app settings. */
export function urlVerification(challenge: string): EncodedSlackBody {
  return json({ token: "verification-token-unused", challenge, type: "url_verification" });
}

/** Slack's periodic certificate check for slash command URLs. */
export function sslCheck(): EncodedSlackBody {
  return form({ ssl_check: "1", token: "verification-token-unused" });
}
