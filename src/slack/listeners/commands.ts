/**
 * `/efax …`: acknowledged at once with nothing, then answered through the command's
 * `response_url` (ephemeral, works in channels the app has not joined). Connect and disconnect
 * open their modal with the command's trigger.
 */
import type { App } from "@slack/bolt";
import { parseCommand } from "../../command/grammar.ts";
import { openRequestedModal } from "../../services/connection.ts";
import type { Services } from "../../services/context.ts";
import { responseUrlDelivery } from "../../services/delivery.ts";
import { runCommand } from "../../services/requests.ts";
import { COMMAND } from "../../views/ids.ts";

/**
 * Registers the `/efax` command. Its listener acknowledges every command with nothing (answers go
 * to the command's `response_url`): `acknowledgedWithNothing` in `index.ts` counts on it.
 */
export function register(app: App, services: Services): void {
  app.command(COMMAND, async ({ ack, command, respond, client }) => {
    await ack();
    const requester = {
      teamId: command.team_id,
      userId: command.user_id,
      client,
      channelId: command.channel_id,
    };
    const delivery = responseUrlDelivery(respond);
    const outcome = await runCommand(services, requester, parseCommand(command.text), delivery);
    await openRequestedModal(services, requester, outcome, command.trigger_id, delivery);
  });
}
