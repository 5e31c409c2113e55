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

/** The slash commands this group registers (compared with `manifest.yml` by a test). */
export const COMMANDS = [COMMAND] as const;

/**
 * True for a slash command: the listener below acknowledges every command with nothing (answers go
 * to its `response_url`), so the receiver may answer it as soon as it is verified.
 */
export function acksWithNothing(body: Record<string, unknown>): boolean {
  return typeof body.command === "string";
}

/** Registers the `/efax` command. */
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
