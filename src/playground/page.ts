/**
 * What the playground's page shows, drawn on the server with the shared Block Kit drawing: the
 * page itself, and on each change the conversation, the open thread, the App Home and the open
 * modal, as HTML fragments the page's script puts in place.
 */
import type { AnyBlock } from "@slack/types";
import { escapeMarkup } from "../views/markup.ts";
import {
  blocksHtml,
  type DrawContext,
  fileHtml,
  messageHtml,
  mrkdwnHtml,
  type Sender,
  textHtml,
  timeOfDay,
} from "./blockkit-html.ts";
import { SLACKBOT_ID, type SlackApiServer, type TimelineEntry } from "./slack-api.ts";
import type { PlaygroundPeople, PlaygroundWorkspace } from "./workspace.ts";

/** Paths the page uses, besides Slack's `/api/slack/events` and `/healthz`. */
export const PLAYGROUND_PATHS = {
  page: "/",
  script: "/playground/app.js",
  style: "/playground/app.css",
  state: "/playground/state",
  events: "/playground/events",
  send: "/playground/send",
  action: "/playground/action",
  submitView: "/playground/view/submit",
  closeView: "/playground/view/close",
  openTab: "/playground/app-tab",
  file: "/playground/file",
} as const;

/** Where the reports come from, as the page tells the person. */
export type ReportSourceKind = "sample" | "account";

/** One drawn message, keyed so the page replaces only what changed. */
export interface DrawnItem {
  key: string;
  html: string;
}

/** Everything the page shows for one selection. */
export interface PageState {
  version: number;
  conversation: { id: string; items: DrawnItem[] } | null;
  thread: { ts: string; items: DrawnItem[] } | null;
  home: DrawnItem | null;
  modal: { id: string; html: string } | null;
}

export interface PageContext {
  slack: SlackApiServer;
  workspace: PlaygroundWorkspace;
  timeZone: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function blocksOf(value: unknown): AnyBlock[] {
  return Array.isArray(value) ? (value.filter(isRecord) as unknown as AnyBlock[]) : [];
}

function drawContext(context: PageContext): DrawContext {
  const { people } = context.workspace;
  const { slack, timeZone } = context;
  return {
    fileUrl: (id) =>
      slack.file(id) === undefined
        ? undefined
        : `${PLAYGROUND_PATHS.file}?id=${encodeURIComponent(id)}`,
    people: { [people.user.id]: people.user.name, [people.bot.id]: people.bot.name },
    channels: { [people.channel.id]: people.channel.name },
    timeZone,
    now: new Date(),
  };
}

function senderOf(entry: TimelineEntry, people: PlaygroundPeople): Sender {
  const from = entry.ephemeral ? entry.message.from : entry.message.user;
  if (from === people.bot.id) return { name: people.bot.name, avatar: "📠", app: true };
  if (from === SLACKBOT_ID) return { name: "Slackbot", avatar: "💬", app: false };
  const name = from === people.user.id ? people.user.name : from;
  return { name, avatar: name.slice(0, 1).toUpperCase(), app: false };
}

function keyOf(entry: TimelineEntry): string {
  return `${entry.ephemeral ? "e" : "m"}:${entry.message.channel}:${entry.message.ts}`;
}

function timeOf(ts: string, timeZone: string): string {
  return timeOfDay(new Date(Number(ts) * 1000), timeZone);
}

function drawEntry(
  entry: TimelineEntry,
  context: PageContext,
  replies: readonly TimelineEntry[] | null,
): DrawnItem {
  const { people } = context.workspace;
  const draw = drawContext(context);
  const { message } = entry;
  const blocks = blocksOf(message.blocks);
  const text = typeof message.text === "string" ? message.text : "";
  const parts = [
    blocks.length > 0 ? blocksHtml(blocks, draw) : `<div>${mrkdwnHtml(text, draw)}</div>`,
  ];
  if (!entry.ephemeral) {
    for (const file of entry.message.files ?? []) {
      parts.push(
        fileHtml({
          filename: file.filename,
          size: file.size,
          href: `${PLAYGROUND_PATHS.file}?id=${encodeURIComponent(file.id)}`,
        }),
      );
    }
  }
  const last = replies?.at(-1);
  if (replies && last) {
    const count = `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`;
    parts.push(
      `<div class="replies"><button type="button" class="link" data-open-thread="${escapeMarkup(message.ts)}">${count}</button><span class="muted">Last reply at ${escapeMarkup(timeOf(last.message.ts, context.timeZone))}</span></div>`,
    );
  }
  const sender = senderOf(entry, people);
  const time = timeOf(message.ts, context.timeZone);
  const key = keyOf(entry);
  const label = `${entry.ephemeral ? "Only visible to you: " : ""}${sender.name} at ${time}`;
  const html = `<article class="item" data-item="${escapeMarkup(key)}" aria-label="${escapeMarkup(label)}">${messageHtml(
    parts.join(""),
    {
      time,
      sender,
      ...(entry.ephemeral ? { ephemeral: true } : {}),
      ...(message.edits > 0 && !entry.ephemeral ? { note: "(edited)" } : {}),
    },
  )}</article>`;
  return { key, html };
}

/** The top-level messages of a conversation as the person sees them, with their reply counts. */
export function drawConversation(context: PageContext, channel: string): DrawnItem[] {
  const entries = context.slack.timeline(channel, context.workspace.people.user.id);
  const replies = new Map<string, TimelineEntry[]>();
  for (const entry of entries) {
    const thread = entry.message.threadTs;
    if (thread === undefined || entry.ephemeral) continue;
    replies.set(thread, [...(replies.get(thread) ?? []), entry]);
  }
  return entries
    .filter((entry) => entry.message.threadTs === undefined)
    .map((entry) => drawEntry(entry, context, replies.get(entry.message.ts) ?? null));
}

/** A thread: its first message, then the replies (the person's ephemeral ones included). */
export function drawThread(context: PageContext, channel: string, ts: string): DrawnItem[] {
  const entries = context.slack.timeline(channel, context.workspace.people.user.id);
  const parent = entries.find((entry) => !entry.ephemeral && entry.message.ts === ts);
  if (parent === undefined) return [];
  return [
    drawEntry(parent, context, null),
    ...entries
      .filter((entry) => entry.message.threadTs === ts)
      .map((entry) => drawEntry(entry, context, null)),
  ];
}

/** The App Home the app published for the person, or null before it has. */
export function drawHome(context: PageContext): DrawnItem | null {
  const view = context.slack.homeView(context.workspace.people.user.id);
  if (view === undefined) return null;
  const key = `v:${String(view.id)}`;
  const draw = drawContext(context);
  const html = `<div class="home" data-item="${escapeMarkup(key)}">${blocksHtml(blocksOf(view.blocks), draw)}</div>`;
  return { key, html };
}

function plain(value: unknown, fallback: string): string {
  if (isRecord(value) && typeof value.text === "string") {
    return textHtml({ type: "plain_text", text: value.text });
  }
  return escapeMarkup(fallback);
}

/** The modal on top, as a dialog whose form submits its inputs. */
export function drawModal(context: PageContext): { id: string; html: string } | null {
  const view = context.slack.modals().at(-1);
  if (view === undefined) return null;
  const id = String(view.id);
  const { workspace } = context;
  const draw: DrawContext = {
    ...drawContext(context),
    errors: workspace.viewErrors(id),
    values: workspace.viewValues(id),
    idPrefix: `view-${id}`,
  };
  const titleId = `modal-title-${id}`;
  const hasInputs = blocksOf(view.blocks).some((block) => block.type === "input");
  const submit =
    view.submit !== undefined || hasInputs
      ? `<button type="submit" class="button primary">${plain(view.submit, "Submit")}</button>`
      : "";
  const html = `<div class="backdrop"><form class="modal" role="dialog" aria-modal="true" aria-labelledby="${titleId}" data-item="v:${escapeMarkup(id)}" data-view-id="${escapeMarkup(id)}" novalidate>
<div class="bar"><h2 id="${titleId}">${plain(view.title, "eFax Reports")}</h2><button type="button" class="close" data-close-view aria-label="Close">✕</button></div>
<div class="body">${blocksHtml(blocksOf(view.blocks), draw)}</div>
<div class="foot"><button type="button" class="button" data-close-view>${plain(view.close, "Cancel")}</button>${submit}</div>
</form></div>`;
  return { id, html };
}

/** The page itself; its script draws the rest from {@link PageState}. */
export function pageHtml(people: PlaygroundPeople, source: ReportSourceKind): string {
  const config = JSON.stringify({
    channel: people.channel,
    directMessage: people.directMessage,
    app: people.bot.name,
    paths: PLAYGROUND_PATHS,
  }).replace(/</g, "\\u003c");
  const channel = escapeMarkup(people.channel.name);
  const app = escapeMarkup(people.bot.name);
  const where =
    source === "sample"
      ? "Reports come from <b>sample data</b>: made-up numbers from a pretend eFax account."
      : "Reports come from the <b>eFax account in <code>EFAX_*</code></b>: real figures.";
  const example = (text: string) =>
    `<button type="button" class="example" data-example="${escapeMarkup(text)}">${escapeMarkup(text)}</button>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>eFax Reports playground</title>
<link rel="stylesheet" href="${PLAYGROUND_PATHS.style}">
<script src="${PLAYGROUND_PATHS.script}" defer></script>
</head>
<body class="slack">
<a class="skip" href="#composer">Skip to the message box</a>
<div class="banner" role="note"><b>Playground</b> — not Slack: the app runs here on your computer, answering a stand-in for Slack that only this page sees. ${where} To connect a real Slack workspace, see the README's “Create the Slack app”.</div>
<div class="layout">
<nav class="sidebar" aria-label="Conversations">
<div class="workspace">eFax playground</div>
<h2 class="heading" id="channels-heading">Channels</h2>
<ul aria-labelledby="channels-heading"><li><button type="button" class="place" data-open="channel" aria-current="page"># ${channel}</button></li></ul>
<h2 class="heading" id="apps-heading">Apps</h2>
<ul aria-labelledby="apps-heading"><li><button type="button" class="place" data-open="app"><span aria-hidden="true">📠</span> ${app}</button></li></ul>
</nav>
<main class="main">
<h1 class="bar" id="main-title"># ${channel}</h1>
<div class="tabs" role="tablist" aria-label="${app}" hidden>
<button type="button" role="tab" id="tab-home" aria-controls="home-panel" aria-selected="true">Home</button>
<button type="button" role="tab" id="tab-messages" aria-controls="log" aria-selected="false">Messages</button>
</div>
<div class="log" id="log" role="log" aria-live="polite" aria-labelledby="main-title" tabindex="-1"></div>
<div class="home-panel" id="home-panel" role="tabpanel" aria-labelledby="tab-home" tabindex="-1" hidden><p class="muted waiting">Opening the Home…</p></div>
<form class="composer" id="composer-form">
<label for="composer" class="visually-hidden" id="composer-label">Message #${channel}</label>
<div class="box"><textarea id="composer" name="text" rows="1" placeholder="Message #${channel}" autocomplete="off"></textarea>
<button type="submit" class="button primary">Send</button></div>
<div class="hints">Try ${example("/efax failures last week")} ${example(`@${people.bot.name} failures yesterday`)} ${example("/efax help")} — Enter sends, Shift+Enter starts a new line.</div>
</form>
<div class="status" id="status" role="status" aria-live="polite"></div>
</main>
<aside class="thread" id="thread" aria-labelledby="thread-title" hidden>
<div class="bar"><h2 id="thread-title">Thread</h2><button type="button" class="close" data-close-thread aria-label="Close the thread">✕</button></div>
<div class="log" id="thread-log" role="log" aria-live="polite" aria-labelledby="thread-title" tabindex="-1"></div>
<form class="composer" id="reply-form">
<label for="reply" class="visually-hidden">Reply in the thread</label>
<div class="box"><textarea id="reply" name="text" rows="1" placeholder="Reply… (mention @${app})" autocomplete="off"></textarea>
<button type="submit" class="button primary">Send</button></div>
</form>
</aside>
</div>
<div id="modal-root"></div>
<script type="application/json" id="playground-config">${config}</script>
</body>
</html>
`;
}
