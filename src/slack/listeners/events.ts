/**
 * Events: the App Home opening, mentions and direct messages (the `/efax` grammar, answered in the
 * message's thread), and uninstall / token revocation (the workspace's data is erased; for an
 * org-wide Enterprise Grid install, the org's and every one of its workspaces'). Slack
 * retries deliveries it thinks were lost: each `event_id` is handled once.
 */
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { parseCommand } from "../../command/grammar.ts";
import type { Services } from "../../services/context.ts";
import { isFirstDelivery } from "../../services/dedup.ts";
import { conversationDelivery } from "../../services/delivery.ts";
import { publishHome } from "../../services/home.ts";
import { logFailure } from "../../services/logging.ts";
import {
  type Requester,
  reportFailure,
  runCommand,
  statusMessage,
} from "../../services/requests.ts";
import { eraseInstallation } from "../../services/workspace.ts";
import type { ReportAudience } from "../../views/index.ts";

type EventArgs = SlackEventMiddlewareArgs<string> & AllMiddlewareArgs;

/**
 * Registers every event listener (the subscriptions are `SUBSCRIBED_EVENTS` in `index.ts`), each
 * behind the once-per-`event_id` check.
 */
export function register(app: App, services: Services): void {
  const once = async ({ body, context, next }: EventArgs) => {
    const teamId = context.teamId;
    const eventId = typeof body.event_id === "string" ? body.event_id : null;
    if (teamId && eventId && !(await isFirstDelivery(services, teamId, eventId))) return;
    await next();
  };

  app.event("app_home_opened", once, async ({ event, context, client }) => {
    if (event.tab !== "home" || !context.teamId) return;
    const requester = { teamId: context.teamId, userId: event.user, client };
    try {
      await publishHome(services, requester);
    } catch (error) {
      logFailure(services.logger, { action: "home", ...requester }, error);
    }
  });

  app.event("app_mention", once, async ({ event, context, client }) => {
    if (event.bot_id || !event.user || !context.teamId) return;
    await answer(services, client, {
      teamId: context.teamId,
      userId: event.user,
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      text: event.text,
      audience: "channel-thread",
    });
  });

  app.message(once, async ({ message, context, client }) => {
    if (message.channel_type !== "im" || message.subtype !== undefined) return;
    if (message.bot_id || !context.teamId) return;
    await answer(services, client, {
      teamId: context.teamId,
      userId: message.user,
      channel: message.channel,
      threadTs: message.thread_ts ?? message.ts,
      text: message.text ?? "",
      audience: "direct-message",
    });
  });

  const erase = async ({ context }: EventArgs) => {
    const { teamId, enterpriseId, isEnterpriseInstall } = context;
    if (!teamId && !enterpriseId) return;
    try {
      await eraseInstallation(services, { teamId, enterpriseId, isEnterpriseInstall });
    } catch (error) {
      logFailure(services.logger, { action: "erasing a workspace", teamId }, error);
    }
  };
  app.event("app_uninstalled", once, erase);
  app.event("tokens_revoked", once, erase);
}

/** Runs the grammar on a mention or DM and answers in the message's thread. */
async function answer(
  services: Services,
  client: WebClient,
  message: {
    teamId: string;
    userId: string;
    channel: string;
    threadTs: string;
    text: string;
    audience: ReportAudience;
  },
): Promise<void> {
  const requester: Requester = {
    teamId: message.teamId,
    userId: message.userId,
    client,
    channelId: message.channel,
  };
  const delivery = conversationDelivery(client, {
    channel: message.channel,
    threadTs: message.threadTs,
    audience: message.audience,
  });
  const outcome = await runCommand(services, requester, parseCommand(message.text), delivery);
  if (outcome.kind === "done") return;
  try {
    await delivery.show(await statusMessage(services, requester));
  } catch (error) {
    await reportFailure(services, requester, delivery, error, {}, "account command in a message");
  }
}
