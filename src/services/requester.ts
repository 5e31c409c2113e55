/**
 * Who is behind a request, and whether they may change the workspace's settings (connect the
 * eFax account, the report time zone, digests, alerts, masking, the audit trail): workspace
 * admins and owners, and the user ids of `ADMIN_USER_IDS`. Slack is asked each time.
 */
import type { WebClient } from "@slack/web-api";
import type { Services } from "./context.ts";
import { NotAllowedError } from "./errors.ts";
import { lookupMember, mayManageAccount } from "./members.ts";

/** Who asked, in which workspace, with the Web API client authorised for it. */
export interface Requester {
  teamId: string;
  userId: string;
  client: WebClient;
  /** Where the request came from, for messages about that channel. */
  channelId?: string;
}

/** Whether the requester may manage the workspace (`users.info` is asked each time). */
export async function isManager(services: Services, requester: Requester): Promise<boolean> {
  const member = await lookupMember(requester.client, requester.userId);
  return mayManageAccount(member, services.config.adminUserIds);
}

/** Throws {@link NotAllowedError} unless the requester may manage the workspace. */
export async function requireManager(
  services: Services,
  requester: Requester,
  action: NotAllowedError["action"],
): Promise<void> {
  if (!(await isManager(services, requester))) throw new NotAllowedError(action);
}
