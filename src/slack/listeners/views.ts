/**
 * Modal submissions: Connect (credentials checked with eFax, errors shown under the fields, the
 * modal answered within Slack's 3 seconds) and the disconnect confirmation. Only admins and
 * owners (or `ADMIN_USER_IDS`) get past either, whoever opened the modal.
 */
import type { App, SlackViewAction, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { connectFromModal, disconnectAccount, MODAL_ANSWER_MS } from "../../services/connection.ts";
import type { Services } from "../../services/context.ts";
import { conversationDelivery } from "../../services/delivery.ts";
import { publishHome } from "../../services/home.ts";
import { logFailure } from "../../services/logging.ts";
import { type Reply, type Requester, reportFailure } from "../../services/requests.ts";
import { CALLBACK_IDS } from "../../views/ids.ts";
import {
  buildConnectedMessage,
  buildConnectFailedMessage,
  buildDisconnectedMessage,
  connectProblemErrors,
} from "../../views/index.ts";

/** Registers the Connect and disconnect-confirmation submissions. */
export function register(app: App, services: Services): void {
  app.view<ViewSubmitAction>(CALLBACK_IDS.connect, async ({ ack, body, view, client }) => {
    const startedAt = Date.now();
    const requester = requesterOf(body, client);
    if (!requester) {
      await ack(connectProblemErrors("no-workspace"));
      return;
    }
    const result = await connectFromModal(services, requester, view.state.values, startedAt);
    if (result.ok) {
      await ack();
      await afterChange(services, requester, buildConnectedMessage(result));
      return;
    }
    await ack(connectProblemErrors(result.problem));
    if (Date.now() - startedAt >= MODAL_ANSWER_MS) {
      await afterChange(services, requester, buildConnectFailedMessage(result), {
        refreshHome: false,
      });
    }
  });

  app.view<SlackViewAction>(CALLBACK_IDS.disconnectConfirm, async ({ ack, body, client }) => {
    await ack();
    const requester = requesterOf(body, client);
    if (!requester) return;
    const delivery = conversationDelivery(client, { channel: requester.userId });
    try {
      await disconnectAccount(services, requester);
      await afterChange(services, requester, buildDisconnectedMessage());
    } catch (error) {
      await reportFailure(services, requester, delivery, error, {}, "disconnect");
    }
  });
}

/**
 * After a connect or disconnect (or a connect answered too late for the modal): tell the person
 * in a direct message and refresh their Home.
 */
async function afterChange(
  services: Services,
  requester: Requester,
  message: Reply,
  options: { refreshHome?: boolean } = {},
): Promise<void> {
  try {
    await conversationDelivery(requester.client, { channel: requester.userId }).show(message);
    if (options.refreshHome ?? true) await publishHome(services, requester);
  } catch (error) {
    logFailure(
      services.logger,
      {
        action: "confirming an account change",
        teamId: requester.teamId,
        userId: requester.userId,
      },
      error,
    );
  }
}

function requesterOf(body: SlackViewAction, client: WebClient): Requester | null {
  const teamId = body.view.app_installed_team_id ?? body.team?.id ?? body.user.team_id;
  return teamId ? { teamId, userId: body.user.id, client } : null;
}
