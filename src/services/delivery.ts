/**
 * The places an answer can go, behind one `Delivery` interface: a `response_url` (ephemeral,
 * for slash commands and buttons on ephemeral messages) and a conversation (a thread for mentions,
 * the app's Messages tab for direct messages and Home buttons).
 */
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ReportAudience, SlackMessage } from "../views/index.ts";
import type { Delivery, Reply } from "./requests.ts";

export interface ResponseUrlDeliveryOptions {
  /** The first `show` replaces the message the button was on. Default false. */
  replacesOriginal?: boolean;
  /** Show "Getting …" while a report is fetched. Default true. */
  showsProgress?: boolean;
}

/** Ephemeral answers through a `response_url` (5 uses within 30 minutes: enough for a flow). */
export function responseUrlDelivery(
  respond: RespondFn,
  options: ResponseUrlDeliveryOptions = {},
): Delivery {
  let shown = options.replacesOriginal ?? false;
  return {
    showsProgress: options.showsProgress ?? true,
    audience: "requester",
    async show(message, showOptions = {}) {
      const replace = showOptions.replace ?? shown;
      await respond({
        response_type: "ephemeral",
        replace_original: replace,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      });
      shown = true;
    },
  };
}

/**
 * One ephemeral answer to a `response_url` outside any listener (when Bolt could not authorise the
 * request, so no `respond` exists). Throws when Slack does not take it.
 */
export async function postToResponseUrl(
  url: string,
  message: SlackMessage,
  options: { timeoutMs: number },
): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ response_type: "ephemeral", ...message }),
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`the response_url answered HTTP ${response.status}`);
}

/** Where {@link conversationDelivery} posts. */
export interface ConversationTarget {
  /** A channel id, or a user id for the app's Messages tab with that person. */
  channel: string;
  /** Posts in this message's thread. Default: a new message in the conversation. */
  threadTs?: string;
  /** A message of the app's to update in place instead of posting a new one. Default: none. */
  updates?: string;
  /** Who reads the conversation. Default `"direct-message"`. */
  audience?: ReportAudience;
}

/**
 * Posts into a conversation, in the thread `threadTs` when given; later shows update the first
 * post in place (or, with `updates`, every show updates that message).
 */
export function conversationDelivery(client: WebClient, target: ConversationTarget): Delivery {
  let posted: { channel: string; ts: string } | null =
    target.updates === undefined ? null : { channel: target.channel, ts: target.updates };
  return {
    showsProgress: false,
    audience: target.audience ?? "direct-message",
    async show(message: Reply, showOptions = {}) {
      const replace = showOptions.replace ?? posted !== null;
      const content = { text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) };
      if (replace && posted) {
        await client.chat.update({ ...posted, ...content });
        return;
      }
      const result = await client.chat.postMessage({
        channel: target.channel,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        ...content,
      });
      if (result.channel && result.ts) posted = { channel: result.channel, ts: result.ts };
    },
  };
}
