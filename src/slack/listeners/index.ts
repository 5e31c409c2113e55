/**
 * Every listener group, and the facts `manifest.yml` must agree with (a test compares them): the
 * slash command, the event subscriptions and the bot scopes the code uses, each with its reason.
 */
import type { App } from "@slack/bolt";
import type { Services } from "../../services/context.ts";
import * as actions from "./actions.ts";
import * as commands from "./commands.ts";
import * as events from "./events.ts";
import * as views from "./views.ts";

export interface ListenerGroup {
  register(app: App, services: Services): void;
  /** Requests this group's listeners always acknowledge with nothing. Default: none. */
  acksWithNothing?(body: Record<string, unknown>): boolean;
}

/** Registered in this order by `createApp`, all before the app starts. */
export const LISTENER_GROUPS: readonly ListenerGroup[] = [commands, actions, views, events];

/**
 * True for requests every listener acknowledges with nothing (slash commands, Events API
 * callbacks): the receiver answers them as soon as they are verified (`answersAtOnce`).
 */
export function acknowledgedWithNothing(body: Record<string, unknown>): boolean {
  return LISTENER_GROUPS.some((group) => group.acksWithNothing?.(body) === true);
}

export { COMMANDS } from "./commands.ts";
export { SUBSCRIBED_EVENTS } from "./events.ts";

/** Each bot scope the app asks for, and what needs it. The fewest that work. */
export const BOT_SCOPE_REASONS = {
  commands: "the /efax slash command",
  "chat:write": "answers to mentions and direct messages, shared reports and their threads",
  "chat:write.public": "sharing a report to a public channel the app has not joined",
  "channels:join": "joining a public channel to put a shared report's CSV in its thread",
  "files:write": "CSV files (files upload v2)",
  "users:read": "each person's time zone, and whether they are a workspace admin",
  "app_mentions:read": "mentions (the app_mention event)",
  "im:history": "direct messages to the app (the message.im event)",
  "im:write": "opening a direct message to deliver a CSV",
} as const;

export type BotScope = keyof typeof BOT_SCOPE_REASONS;

/** The bot scopes, sorted; OAuth installs request exactly these. */
export const BOT_SCOPES: readonly BotScope[] = Object.keys(BOT_SCOPE_REASONS)
  .filter((scope): scope is BotScope => scope in BOT_SCOPE_REASONS)
  .sort();
