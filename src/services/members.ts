/**
 * What the app needs to know about the person behind a request: their time zone (dates are read
 * on their calendar) and whether they may manage the workspace's eFax account.
 */
import type { WebClient } from "@slack/web-api";

/** A workspace member as `users.info` describes them, reduced to what the app uses. */
export interface Member {
  id: string;
  /** IANA zone from the profile, or null when Slack has none. */
  timeZone: string | null;
  /** Workspace admin, owner or primary owner. */
  isAdmin: boolean;
}

/** Reads a member with `users.info` (scope `users:read`). Slack errors propagate. */
export async function lookupMember(client: WebClient, userId: string): Promise<Member> {
  const { user } = await client.users.info({ user: userId });
  return {
    id: userId,
    timeZone: user?.tz ?? null,
    isAdmin: user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true,
  };
}

/**
 * True when the member may connect, change or disconnect the eFax account: workspace admins and
 * owners, and the user ids the operator listed in `ADMIN_USER_IDS`.
 */
export function mayManageAccount(member: Member, adminUserIds: readonly string[]): boolean {
  return member.isAdmin || adminUserIds.includes(member.id);
}
