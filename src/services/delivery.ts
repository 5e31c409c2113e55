/**
 * The places an answer can go, behind one `Delivery` interface: a `response_url` (ephemeral,
 * for slash commands and buttons on ephemeral messages) and a conversation (a thread for mentions,
 * the app's Messages tab for direct messages and Home buttons).
 */
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
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
 * Posts into a conversation (`channel` may be a user id for the app's Messages tab), in the
 * thread `threadTs` when given; later shows update the first post in place.
 */
export function conversationDelivery(
  client: WebClient,
  target: { channel: string; threadTs?: string },
): Delivery {
  let posted: { channel: string; ts: string } | null = null;
  return {
    showsProgress: false,
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
