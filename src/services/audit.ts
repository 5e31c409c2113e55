/**
 * The audit trail: every change an admin makes to a workspace (the eFax account, the report time
 * zone, digests, alerts, masking, snoozes and mutes) as one line: who, what, the old and the new
 * value, and when. The newest 50 are kept per workspace, in one capped list (an atomic `LPUSH` +
 * `LTRIM`, so changes made at the same moment are all kept), under the workspace's prefix, so
 * uninstalling erases it. Values are what the person chose, never a secret: an account is named
 * by its masked username.
 *
 * Every admin action calls {@link recordChange} once it has saved the change.
 */
import { z } from "zod";
import { storeKeys } from "../store/keys.ts";
import type { Store } from "../store/types.ts";
import { buildAuditMessage, type SlackMessage } from "../views/index.ts";
import type { Services } from "./context.ts";
import { logFailure } from "./logging.ts";
import { type Requester, requireManager } from "./requester.ts";

/** How many changes a workspace keeps. */
export const AUDIT_KEEP = 50;

/** Longest value kept, in characters (a channel id, a zone, a rule: far shorter). */
const VALUE_LENGTH = 120;

/** One change, as an admin action describes it. */
export interface Change {
  /**
   * What changed, in words a reader of the trail understands: `eFax account`, `Report time
   * zone`, `Daily digest`, `Alert: success rate`, `Number masking`.
   */
  what: string;
  /** The value before, as shown to people (`off`, `America/Chicago`), or null for none. */
  from: string | null;
  /** The value after, or null for none (removed, turned off). */
  to: string | null;
}

/** One line of the trail. */
export interface AuditEntry extends Change {
  /** When, ISO 8601. */
  at: string;
  /** Slack user id of the admin. */
  by: string;
}

const entrySchema = z.object({
  at: z.iso.datetime(),
  by: z.string(),
  what: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

const clip = (value: string | null) =>
  value === null ? null : Array.from(value).slice(0, VALUE_LENGTH).join("");

/**
 * Adds a line to the workspace's trail. A store failure is logged, never thrown: the change
 * itself is saved already and stays so.
 */
export async function recordChange(
  services: Pick<Services, "store" | "now" | "logger">,
  teamId: string,
  by: string,
  change: Change,
): Promise<void> {
  const entry: AuditEntry = {
    at: services.now().toISOString(),
    by,
    what: clip(change.what) ?? "",
    from: clip(change.from),
    to: clip(change.to),
  };
  try {
    await services.store.pushCapped(storeKeys.audit(teamId), { ...entry }, AUDIT_KEEP);
  } catch (error) {
    logFailure(services.logger, { action: "recording an admin change", teamId, userId: by }, error);
  }
}

/** The workspace's trail, newest first; damaged lines are left out. */
export async function readAudit(store: Store, teamId: string): Promise<AuditEntry[]> {
  const items = await store.readList(storeKeys.audit(teamId));
  const entries: AuditEntry[] = [];
  for (const item of items) {
    const parsed = entrySchema.safeParse(item);
    if (parsed.success) entries.push(parsed.data);
  }
  return entries;
}

/** `/efax audit`: the trail, for admins only (throws `NotAllowedError` for anyone else). */
export async function auditMessage(
  services: Services,
  requester: Requester,
): Promise<SlackMessage> {
  await requireManager(services, requester, "audit");
  const lines = await readAudit(services.store, requester.teamId);
  return buildAuditMessage({ lines, keep: AUDIT_KEEP });
}
