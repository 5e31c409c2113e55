/**
 * Modal submissions: Connect (credentials checked with eFax, errors shown under the fields, the
 * modal answered within Slack's 3 seconds) and the disconnect confirmation. Only admins and
 * owners (or `ADMIN_USER_IDS`) get past either, whoever opened the modal.
 */
import type { App, SlackViewAction, ViewErrorsResponseAction, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import {
  CONNECT_CHECK_MS,
  connectAccount,
  disconnectAccount,
  readSubmittedCredentials,
} from "../../services/connection.ts";
import type { Services } from "../../services/context.ts";
import { conversationDelivery } from "../../services/delivery.ts";
import { NotAllowedError } from "../../services/errors.ts";
import { publishHome } from "../../services/home.ts";
import { logFailure } from "../../services/logging.ts";
import { isManager, type Requester, reportFailure } from "../../services/requests.ts";
import { CALLBACK_IDS } from "../ids.ts";
import {
  buildConnectedMessage,
  buildDisconnectedMessage,
  type ConnectErrorsResponse,
  connectErrors,
} from "../views/index.ts";

/** Time the listener keeps for itself out of Slack's 3 s: the ack must arrive before then. */
const ACK_BUDGET_MS = 2_600;

/** Registers the Connect and disconnect-confirmation submissions. */
export function register(app: App, services: Services): void {
  app.view<ViewSubmitAction>(CALLBACK_IDS.connect, async ({ ack, body, view, client }) => {
    const started = Date.now();
    const requester = requesterOf(body, client);
    let acked = false;
    const answer = async (errors?: ConnectErrorsResponse) => {
      if (acked) return;
      acked = true;
      await (errors ? ack(errorsAction(errors)) : ack());
    };
    try {
      if (!requester) {
        await answer(connectErrors("This request names no workspace; open Connect again."));
        return;
      }
      if (!(await isManager(services, requester))) {
        await answer(connectErrors(new NotAllowedError("connect").message));
        return;
      }
      const submitted = readSubmittedCredentials(view.state.values);
      if (!submitted.ok) {
        await answer(connectErrors(submitted.message, submitted.field));
        return;
      }
      const budget = Math.min(CONNECT_CHECK_MS, ACK_BUDGET_MS - (Date.now() - started) - 300);
      const result = await connectAccount(
        services,
        requester.teamId,
        requester.userId,
        submitted.credentials,
        budget,
      );
      if (!result.ok) {
        await answer(connectErrors(result.message, result.field));
        return;
      }
      await answer();
      await afterChange(services, requester, buildConnectedMessage(result));
    } catch (error) {
      logFailure(
        services.logger,
        { action: "connect submission", teamId: requester?.teamId, userId: body.user.id },
        error,
      );
      await answer(
        connectErrors("Something went wrong on my side, so nothing was saved. Try again."),
      ).catch(() => {});
    }
  });

  app.view<SlackViewAction>(CALLBACK_IDS.disconnectConfirm, async ({ ack, body, client }) => {
    await ack();
    const requester = requesterOf(body, client);
    if (!requester) return;
    const delivery = conversationDelivery(client, { channel: requester.userId });
    try {
      if (!(await isManager(services, requester))) throw new NotAllowedError("disconnect");
      await disconnectAccount(services, requester.teamId);
      await afterChange(services, requester, buildDisconnectedMessage());
    } catch (error) {
      await reportFailure(services, requester, delivery, error, {}, "disconnect");
    }
  });
}

/** After a connect or disconnect: tell the person in a direct message and refresh their Home. */
async function afterChange(
  services: Services,
  requester: Requester,
  message: Parameters<ReturnType<typeof conversationDelivery>["show"]>[0],
): Promise<void> {
  try {
    await conversationDelivery(requester.client, { channel: requester.userId }).show(message);
    await publishHome(services, requester);
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

function errorsAction(response: ConnectErrorsResponse): ViewErrorsResponseAction {
  const errors: Record<string, string> = {};
  for (const [blockId, message] of Object.entries(response.errors)) {
    if (message !== undefined) errors[blockId] = message;
  }
  return { response_action: "errors", errors };
}

function requesterOf(body: SlackViewAction, client: WebClient): Requester | null {
  const teamId = body.view.app_installed_team_id ?? body.team?.id ?? body.user.team_id;
  return teamId ? { teamId, userId: body.user.id, client } : null;
}
