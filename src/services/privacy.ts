/**
 * Number masking, a workspace setting (off by default, admins only): when on, every report the
 * report service hands out has its destination numbers masked (`reports/mask.ts`), so every
 * Slack surface built from it (reports, shared messages and threads, CSV files, the Home tab,
 * digests, charts, alerts) shows `•••-•••-2919` without knowing about masking.
 */
import { z } from "zod";
import { storeKeys } from "../store/keys.ts";
import type { Store } from "../store/types.ts";
import {
  buildMaskingMessage,
  buildMaskingUsageMessage,
  type SlackMessage,
} from "../views/index.ts";
import { recordChange } from "./audit.ts";
import type { Services } from "./context.ts";
import { isManager, type Requester, requireManager } from "./requester.ts";

export interface PrivacySettings {
  /** Destination numbers are shown as `•••-•••-2919`. */
  maskNumbers: boolean;
}

const privacySchema = z.object({ maskNumbers: z.boolean().catch(false) });

/** The workspace's privacy settings; masking off when none are stored or the record is damaged. */
export async function loadPrivacy(store: Store, teamId: string): Promise<PrivacySettings> {
  const parsed = privacySchema.safeParse(await store.get(storeKeys.privacy(teamId)));
  return parsed.success ? parsed.data : { maskNumbers: false };
}

/** Whether reports of the workspace are masked: what the report service asks before each one. */
export async function masksNumbers(store: Store, teamId: string): Promise<boolean> {
  return (await loadPrivacy(store, teamId)).maskNumbers;
}

const ON = new Set(["on", "yes", "true", "enable", "enabled"]);
const OFF = new Set(["off", "no", "false", "disable", "disabled"]);

/**
 * Turns masking on or off for the workspace (admins; throws `NotAllowedError`), recording the
 * change in the audit trail when it changed anything. Returns whether it is on now.
 */
export async function setMasking(
  services: Services,
  requester: Requester,
  on: boolean,
): Promise<{ masked: boolean; changed: boolean }> {
  await requireManager(services, requester, "mask");
  const before = await loadPrivacy(services.store, requester.teamId);
  if (before.maskNumbers === on) return { masked: on, changed: false };
  await services.store.set(storeKeys.privacy(requester.teamId), { maskNumbers: on });
  await recordChange(services, requester.teamId, requester.userId, {
    what: "Number masking",
    from: before.maskNumbers ? "on" : "off",
    to: on ? "on" : "off",
  });
  return { masked: on, changed: true };
}

/** `/efax mask`, `/efax mask on|off`: the setting, changed first when asked (admins). */
export async function maskingCommand(
  services: Services,
  requester: Requester,
  typed: string,
): Promise<SlackMessage> {
  const word = typed.trim().toLowerCase();
  if (word === "") {
    const [privacy, canManage] = await Promise.all([
      loadPrivacy(services.store, requester.teamId),
      isManager(services, requester).catch(() => false),
    ]);
    return buildMaskingMessage({ masked: privacy.maskNumbers, changed: false, canManage });
  }
  if (!ON.has(word) && !OFF.has(word)) {
    await requireManager(services, requester, "mask");
    return buildMaskingUsageMessage({ typed });
  }
  const result = await setMasking(services, requester, ON.has(word));
  return buildMaskingMessage({ ...result, canManage: true });
}
