/**
 * The playground's Slack workspace: one person, one channel and the app, on the local Slack Web API.
 * What the person does on the page becomes the request Slack would send the app — a slash command,
 * a mention, a direct message, a click, a modal submission, opening the App Home — signed with the
 * app's signing secret and sent over HTTP to the app's own `/api/slack/events`, exactly as Slack
 * does. What the app answers lands on the local Web API, which the page draws.
 */
import { randomBytes } from "node:crypto";
import type { SlackApiServer, StoredMessage, TimelineEntry } from "./slack-api.ts";
import {
  appHomeOpened,
  blockAction,
  DEFAULT_SLACK_IDS,
  directMessage,
  type EncodedSlackBody,
  eventCallback,
  messageTs,
  signRequest,
  slashCommand,
  viewSubmission,
} from "./slack-requests.ts";

/** The people and places of the playground. */
export interface PlaygroundPeople {
  teamId: string;
  user: { id: string; name: string };
  bot: { id: string; name: string };
  channel: { id: string; name: string };
  /** The direct-message channel between the person and the app (its Messages tab). */
  directMessage: string;
}

/** A mistake in what the page asked for, or a request the app refused: told to the person. */
export class PlaygroundRequestError extends Error {
  override name = "PlaygroundRequestError";
  readonly status: number;
  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

/** What a click on the page names: where the control is, which control, and what was chosen. */
export interface ActionInput {
  /** The item the control is in: `m:<channel>:<ts>`, `e:<channel>:<ts>` or `v:<view id>`. */
  item: string;
  actionId: string;
  blockId?: string;
  /** The option chosen in a menu. */
  selected?: string;
  /** The day chosen in a date picker. */
  date?: string;
}

export interface SendInput {
  /** A channel id or the direct-message channel. */
  conversation: string;
  /** The thread replied in, if any. */
  threadTs?: string;
  text: string;
}

export interface PlaygroundWorkspace {
  people: PlaygroundPeople;
  /** A message typed in the composer: a slash command, a mention, a direct message, or words. */
  send(input: SendInput): Promise<void>;
  /** A click on a button, a menu choice or a date picked. */
  act(input: ActionInput): Promise<void>;
  /** A modal's Submit with the values typed in it, by block id and action id. */
  submitView(viewId: string, values: Record<string, Record<string, string>>): Promise<void>;
  /** A modal's Cancel or close. */
  closeView(viewId: string): void;
  /** The App Home or Messages tab opened. */
  openAppTab(tab: "home" | "messages"): Promise<void>;
  /** Errors a modal's submission got, by block id, shown under its fields. */
  viewErrors(viewId: string): Readonly<Record<string, string>>;
  /** What the person typed in a modal, by block id and action id, kept while it is open. */
  viewValues(viewId: string): Readonly<Record<string, Record<string, string>>>;
}

export interface WorkspaceOptions {
  slack: SlackApiServer;
  people: PlaygroundPeople;
  /** The app's request URL (`…/api/slack/events`). */
  eventsUrl: string;
  signingSecret: string;
  /** Called when something only the playground keeps changed (a modal's errors). */
  onChange: () => void;
}

/** How long the page waits for the app to acknowledge, as Slack gives up after 3 s. */
const ACK_TIMEOUT_MS = 3_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function blocksOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Slack escapes these three in message text; a mention of the app becomes `<@bot>`. */
function slackText(typed: string, bot: PlaygroundPeople["bot"]): string {
  const escaped = typed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const name = bot.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return escaped.replace(new RegExp(`@(?:${name}|efax)(?![\\w-])`, "gi"), `<@${bot.id}>`);
}

/** Where a control is: an item of a conversation, or a view (Home or modal). */
type Located =
  | { kind: "entry"; entry: TimelineEntry }
  | { kind: "view"; view: Record<string, unknown> };

/** A control found in blocks, with the block it is in. */
interface FoundElement {
  element: Record<string, unknown>;
  blockId: string;
}

/** The element `actionId` (in block `blockId`, when given) among `blocks`. */
function findElement(
  blocks: Record<string, unknown>[],
  actionId: string,
  blockId: string | undefined,
): FoundElement | null {
  for (const [index, block] of blocks.entries()) {
    const id = typeof block.block_id === "string" ? block.block_id : `b${index}`;
    if (blockId !== undefined && typeof block.block_id === "string" && blockId !== id) continue;
    const candidates = [
      ...blocksOf(block.elements),
      ...(isRecord(block.accessory) ? [block.accessory] : []),
      ...(isRecord(block.element) ? [block.element] : []),
    ];
    const element = candidates.find((e) => e.action_id === actionId);
    if (element) return { element, blockId: id };
  }
  return null;
}

function optionsOf(element: Record<string, unknown>): Record<string, unknown>[] {
  const groups = blocksOf(element.option_groups).flatMap((group) => blocksOf(group.options));
  return [...blocksOf(element.options), ...groups];
}

/** Creates the workspace's behaviour over a running local Web API and app. */
export function createPlaygroundWorkspace(options: WorkspaceOptions): PlaygroundWorkspace {
  const { slack, people } = options;
  const errors = new Map<string, Record<string, string>>();
  const values = new Map<string, Record<string, Record<string, string>>>();
  const user = { id: people.user.id, name: people.user.name };

  /** Signs `body` as Slack would and posts it to the app; returns its answer. */
  async function deliver(body: EncodedSlackBody): Promise<{ status: number; text: string }> {
    const timestamp = Math.floor(Date.now() / 1000);
    let response: Response;
    try {
      response = await fetch(options.eventsUrl, {
        method: "POST",
        headers: {
          "content-type": body.contentType,
          "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
          ...signRequest(options.signingSecret, body.body, timestamp),
        },
        body: body.body,
        signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
      });
    } catch {
      throw new PlaygroundRequestError(
        "The app did not answer within 3 seconds, so Slack would show the person an error. The terminal running npm start says why.",
        502,
      );
    }
    const text = await response.text();
    if (response.status !== 200) {
      throw new PlaygroundRequestError(
        `The app answered HTTP ${response.status} instead of acknowledging. The terminal running npm start says why.`,
        502,
      );
    }
    return { status: response.status, text };
  }

  function note(input: { channel: string; threadTs?: string; text: string }): void {
    slack.postSlackbotNote({ ...input, user: user.id });
  }

  async function command(input: SendInput, text: string): Promise<void> {
    const [word = "", ...rest] = text.split(/\s+/);
    if (input.threadTs !== undefined) {
      note({
        channel: input.conversation,
        threadTs: input.threadTs,
        text: `Slash commands can't be used in threads in Slack. Mention the app instead: \`@${people.bot.name} ${rest.join(" ") || "help"}\`.`,
      });
      return;
    }
    if (word.toLowerCase() !== "/efax") {
      note({
        channel: input.conversation,
        text: `\`${word}\` is not a command here. This playground has the app's own: \`/efax help\` lists everything.`,
      });
      return;
    }
    const responseUrl = slack.responseUrl(undefined, {
      channel: input.conversation,
      user: user.id,
    });
    const isDirect = input.conversation === people.directMessage;
    await deliver(
      slashCommand({
        text: rest.join(" "),
        responseUrl,
        teamId: people.teamId,
        userId: user.id,
        userName: user.name,
        channelId: input.conversation,
        channelName: isDirect ? "directmessage" : people.channel.name,
      }),
    );
  }

  async function message(input: SendInput, typed: string): Promise<void> {
    const text = slackText(typed, people.bot);
    const posted = slack.postAsUser({
      channel: input.conversation,
      user: user.id,
      text,
      ...(input.threadTs === undefined ? {} : { threadTs: input.threadTs }),
    });
    const common = {
      text,
      user: user.id,
      channel: input.conversation,
      ts: posted.ts,
      teamId: people.teamId,
      ...(input.threadTs === undefined ? {} : { threadTs: input.threadTs }),
    };
    if (input.conversation === people.directMessage) {
      await deliver(directMessage(common));
      return;
    }
    if (!text.includes(`<@${people.bot.id}>`)) return;
    await deliver(
      eventCallback({
        teamId: people.teamId,
        event: {
          type: "app_mention",
          user: user.id,
          text,
          ts: posted.ts,
          ...(input.threadTs === undefined ? {} : { thread_ts: input.threadTs }),
          team: people.teamId,
          channel: input.conversation,
          event_ts: posted.ts,
        },
      }),
    );
  }

  function locate(item: string): Located {
    const view = /^v:(.+)$/.exec(item);
    if (view) {
      const found = slack.view(view[1] ?? "");
      if (found) return { kind: "view", view: found };
    }
    const message = /^[me]:([^:]+):(.+)$/.exec(item);
    if (message) {
      const [, channel = "", ts = ""] = message;
      const entry = slack
        .timeline(channel, user.id)
        .find((e) => e.message.ts === ts && e.ephemeral === item.startsWith("e:"));
      if (entry) return { kind: "entry", entry };
    }
    throw new PlaygroundRequestError("That message is no longer there.", 404);
  }

  function actionPayload(found: FoundElement, input: ActionInput): Record<string, unknown> {
    const { element, blockId } = found;
    const base = { action_id: input.actionId, block_id: blockId, action_ts: messageTs() };
    switch (element.type) {
      case "button":
        return {
          ...base,
          type: "button",
          text: element.text,
          ...(typeof element.value === "string" ? { value: element.value } : {}),
        };
      case "static_select":
      case "overflow": {
        const option = optionsOf(element).find((o) => o.value === input.selected);
        if (!option) throw new PlaygroundRequestError("That choice is not in the menu.");
        return { ...base, type: element.type, selected_option: option };
      }
      case "datepicker": {
        if (input.date === undefined || !DAY.test(input.date)) {
          throw new PlaygroundRequestError("Pick a day in the date picker.");
        }
        return {
          ...base,
          type: "datepicker",
          selected_date: input.date,
          ...(typeof element.initial_date === "string"
            ? { initial_date: element.initial_date }
            : {}),
        };
      }
      default:
        throw new PlaygroundRequestError(`The playground does not click ${String(element.type)}s.`);
    }
  }

  function messageCopy(
    message: StoredMessage,
  ): { ts: string; text?: string; blocks?: unknown[] } & Record<string, unknown> {
    return {
      ts: message.ts,
      text: typeof message.text === "string" ? message.text : "",
      blocks: blocksOf(message.blocks),
      ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
      user: message.user,
      ...(message.user === people.bot.id ? { bot_id: DEFAULT_SLACK_IDS.botId } : {}),
    };
  }

  async function act(input: ActionInput): Promise<void> {
    const where = locate(input.item);
    const blocks =
      where.kind === "view" ? blocksOf(where.view.blocks) : blocksOf(where.entry.message.blocks);
    const found = findElement(blocks, input.actionId, input.blockId);
    if (!found) throw new PlaygroundRequestError("That button is no longer there.", 404);
    const action = actionPayload(found, input);
    const common = {
      actionId: input.actionId,
      blockId: found.blockId,
      user,
      team: people.teamId,
      action,
    };
    if (where.kind === "view") {
      const viewId = String(where.view.id);
      if (action.type === "datepicker") {
        slack.setViewState(viewId, found.blockId, input.actionId, {
          type: "datepicker",
          selected_date: action.selected_date,
        });
      }
      const view = slack.view(viewId) ?? where.view;
      await deliver(blockAction({ ...common, view, container: { type: "view", view_id: viewId } }));
      return;
    }
    const { entry } = where;
    const { channel, ts, threadTs } = entry.message;
    const responseUrl = slack.responseUrl(undefined, {
      channel,
      user: user.id,
      originalTs: ts,
      ...(threadTs === undefined ? {} : { threadTs }),
    });
    const container = {
      type: "message",
      message_ts: ts,
      channel_id: channel,
      is_ephemeral: entry.ephemeral,
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    };
    await deliver(
      blockAction({
        ...common,
        channel,
        responseUrl,
        container,
        ...(entry.ephemeral ? {} : { message: messageCopy(entry.message) }),
      }),
    );
  }

  async function submitView(
    viewId: string,
    typed: Record<string, Record<string, string>>,
  ): Promise<void> {
    const view = slack.modals().find((v) => v.id === viewId);
    if (!view) throw new PlaygroundRequestError("That dialog is closed.", 404);
    const state: Record<string, Record<string, Record<string, unknown>>> = {};
    const kept: Record<string, Record<string, string>> = {};
    for (const [index, block] of blocksOf(view.blocks).entries()) {
      if (block.type !== "input" || !isRecord(block.element)) continue;
      const blockId = typeof block.block_id === "string" ? block.block_id : `b${index}`;
      const actionId = String(block.element.action_id ?? "");
      const value = typed[blockId]?.[actionId] ?? "";
      state[blockId] = { [actionId]: { type: String(block.element.type), value } };
      kept[blockId] = { [actionId]: value };
    }
    values.set(viewId, kept);
    const answer = await deliver(
      viewSubmission({
        callbackId: String(view.callback_id ?? ""),
        values: state,
        user,
        team: people.teamId,
        privateMetadata: typeof view.private_metadata === "string" ? view.private_metadata : "",
        viewId,
        view,
      }),
    );
    applyViewAnswer(viewId, answer.text);
  }

  /** What the app's acknowledgement of a submission tells Slack to do with the modal. */
  function applyViewAnswer(viewId: string, text: string): void {
    let answer: unknown = null;
    try {
      answer = text.trim() === "" ? null : JSON.parse(text);
    } catch {
      answer = null;
    }
    const action = isRecord(answer) ? answer.response_action : undefined;
    if (action === "errors" && isRecord(answer) && isRecord(answer.errors)) {
      const shown: Record<string, string> = {};
      for (const [blockId, message] of Object.entries(answer.errors)) {
        if (typeof message === "string") shown[blockId] = message;
      }
      errors.set(viewId, shown);
      options.onChange();
      return;
    }
    errors.delete(viewId);
    values.delete(viewId);
    if (action === "update" && isRecord(answer)) slack.replaceModal(viewId, answer.view);
    else if (action === "push" && isRecord(answer)) slack.pushModal(answer.view);
    else if (action === "clear") slack.closeModal({ all: true });
    else slack.closeModal();
  }

  return {
    people,
    async send(input) {
      const text = input.text.trim();
      if (text === "") throw new PlaygroundRequestError("Type a message first.");
      if (text.length > 4000) throw new PlaygroundRequestError("That message is too long.");
      const known = [people.channel.id, people.directMessage];
      if (!known.includes(input.conversation)) {
        throw new PlaygroundRequestError("That conversation is not in the playground.", 404);
      }
      if (text.startsWith("/")) await command(input, text);
      else await message(input, text);
    },
    act,
    submitView,
    closeView(viewId) {
      errors.delete(viewId);
      values.delete(viewId);
      if (slack.modals().some((v) => v.id === viewId)) slack.closeModal();
    },
    async openAppTab(tab) {
      const home = slack.homeView(user.id);
      await deliver(
        appHomeOpened({
          user: user.id,
          teamId: people.teamId,
          tab,
          ...(home === undefined ? {} : { view: home }),
        }),
      );
    },
    viewErrors: (viewId) => errors.get(viewId) ?? {},
    viewValues: (viewId) => values.get(viewId) ?? {},
  };
}

/** A random signing secret for one run of the playground (never written anywhere). */
export function randomSigningSecret(): string {
  return randomBytes(32).toString("hex");
}
