/**
 * What every button and menu listener shares: acknowledge at once, find who clicked in which
 * workspace and channel, run the handler, and log what it throws (handlers tell the person
 * themselves, through `reportFailure`).
 */
import type { App, BlockAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { Services } from "../../services/context.ts";
import { conversationDelivery, responseUrlDelivery } from "../../services/delivery.ts";
import { logFailure } from "../../services/logging.ts";
import type { Delivery, Requester } from "../../services/requests.ts";

/** What a block action handler receives. */
export interface ActionArgs {
  body: BlockAction;
  action: BlockAction["actions"][number];
  respond: RespondFn;
  client: WebClient;
}

export type ActionHandler = (args: ActionArgs, requester: Requester) => Promise<void>;

/**
 * Registers `handler` for `actionId`: the click is acknowledged first; a click that names no
 * workspace is logged and ignored; a handler's failure is logged with the workspace and user.
 */
export function onBlockAction(
  app: App,
  services: Services,
  actionId: string | RegExp,
  handler: ActionHandler,
): void {
  app.action<BlockAction>(actionId, async (args) => {
    await args.ack();
    const requester = requesterOf(args.body, args.client);
    if (!requester) {
      services.logger.warn("A button click carried no workspace id; ignored.");
      return;
    }
    try {
      await handler(args, requester);
    } catch (error) {
      logFailure(
        services.logger,
        {
          action: `button ${String(actionId)}`,
          teamId: requester.teamId,
          userId: requester.userId,
        },
        error,
      );
    }
  });
}

/** Who clicked, in which workspace and (when there is one) which channel. */
export function requesterOf(body: BlockAction, client: WebClient): Requester | null {
  const teamId = body.team?.id ?? body.user.team_id;
  if (!teamId) return null;
  const channelId = channelOf(body);
  return { teamId, userId: body.user.id, client, ...(channelId ? { channelId } : {}) };
}

const containerSchema = z.object({
  message_ts: z.string().optional(),
  channel_id: z.string().optional(),
});

/** Where the clicked message is: its channel and timestamp, as far as Slack says. */
export function containerOf(body: BlockAction): { channelId?: string; messageTs?: string } {
  const container = containerSchema.safeParse(body.container);
  if (!container.success) return {};
  const { channel_id: channelId, message_ts: messageTs } = container.data;
  return { ...(channelId ? { channelId } : {}), ...(messageTs ? { messageTs } : {}) };
}

/** The channel the click came from. */
export function channelOf(body: BlockAction): string | undefined {
  return body.channel?.id ?? containerOf(body).channelId;
}

/** Answers go where the click came from: the message's response_url, else a direct message. */
export function answerDelivery(
  body: BlockAction,
  respond: RespondFn,
  requester: Requester,
): Delivery {
  return body.response_url
    ? responseUrlDelivery(respond, { showsProgress: false })
    : conversationDelivery(requester.client, { channel: requester.userId });
}
