/**
 * The welcome direct message an installer gets once the app is installed: what it does, Connect
 * for someone who may connect the eFax account (else whom to ask), and the App Home. Sent with
 * the new installation's own bot token; a failure is logged and never undoes the install.
 */
import type { Installation } from "@slack/oauth";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import { buildWelcomeMessage } from "../views/index.ts";
import { type AppLogger, logFailure } from "./logging.ts";
import { lookupMember, mayManageAccount } from "./members.ts";

export interface WelcomeDeps {
  /** Options of the app's Web API clients (base URL, retries, timeout). */
  clientOptions: WebClientOptions;
  logger: AppLogger;
  adminUserIds: readonly string[];
}

/** The fields of an installation the welcome needs (any `@slack/oauth` version's shape). */
export type InstalledApp = Pick<Installation<"v1" | "v2", boolean>, "user" | "bot" | "team">;

/** Sends the welcome; true when Slack took it. Never throws. */
export async function sendWelcome(deps: WelcomeDeps, installation: InstalledApp): Promise<boolean> {
  const token = installation.bot?.token;
  const userId = installation.user.id;
  const where = { action: "welcome message", teamId: installation.team?.id, userId };
  if (!token) {
    deps.logger.warn("An installation without a bot token: no welcome message was sent.");
    return false;
  }
  try {
    const client = new WebClient(token, deps.clientOptions);
    let canManage = false;
    try {
      canManage = mayManageAccount(await lookupMember(client, userId), deps.adminUserIds);
    } catch (error) {
      logFailure(deps.logger, { ...where, action: "welcome message (who installed)" }, error);
    }
    const message = buildWelcomeMessage({ canManage, admins: deps.adminUserIds });
    await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
    return true;
  } catch (error) {
    logFailure(deps.logger, where, error);
    return false;
  }
}
