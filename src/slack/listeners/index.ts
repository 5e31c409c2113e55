/**
 * What the listeners acknowledge and subscribe to, kept apart from the listeners themselves
 * (`register.ts`) so that it loads without them: which requests the receiver may answer as soon as
 * they are verified, and the facts `manifest.yml` must agree with (a test compares them): the
 * slash command, the event subscriptions and the bot scopes the code uses, each with its reason.
 */
import { COMMAND } from "../../views/ids.ts";

/** The slash commands the listeners handle (`commands.ts`). */
export const COMMANDS = [COMMAND] as const;

/**
 * The Events API subscriptions the listeners handle (`events.ts`), as `manifest.yml` names them
 * (`message.im` is the `message` event in direct messages).
 */
export const SUBSCRIBED_EVENTS = [
  "app_home_opened",
  "app_mention",
  "app_uninstalled",
  "message.im",
  "tokens_revoked",
] as const;

/**
 * True for requests every listener acknowledges with nothing, which the receiver therefore answers
 * as soon as they are verified (`answersAtOnce`), before Bolt, any listener or even the rest of
 * the app is loaded:
 * - slash commands: the `/efax` listener (`commands.ts`) acks every command with nothing; its
 *   answers go to the command's `response_url`;
 * - Events API callbacks: Bolt acks those itself, with nothing, before any listener runs
 *   (`function_executed` aside, which this app does not subscribe to).
 * Interactions are not: a listener may answer them with content (a modal's errors).
 */
export function acknowledgedWithNothing(body: Record<string, unknown>): boolean {
  if (typeof body.command === "string") return true;
  const event = body.event;
  const type = typeof event === "object" && event !== null && "type" in event ? event.type : null;
  return body.type === "event_callback" && type !== "function_executed";
}

/** Each bot scope the app asks for, and what needs it. The fewest that work. */
export const BOT_SCOPE_REASONS = {
  commands: "the /efax slash command",
  "chat:write": "answers to mentions and direct messages, shared reports and their threads",
  "chat:write.public": "sharing a report to a public channel the app has not joined",
  "channels:join":
    "joining a public channel to put a shared report's or a digest's CSV in its thread",
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
