/**
 * What keeps a workspace's digest from its channel, recorded for its App Home and `/efax digest`,
 * and told once by direct message to the admin who set the digest: not every day while it lasts,
 * and again only for a different fault or after a digest has got through in between.
 */
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { DayRange } from "../../dates/calendar.ts";
import { storeKeys } from "../../store/keys.ts";
import type { Store, StoredValue } from "../../store/types.ts";
import { buildDigestFaultNotice, DIGEST_FAULTS, type DigestFault } from "../../views/index.ts";
import type { Services } from "../context.ts";
import { logFailure } from "../logging.ts";
import type { DigestSetting } from "./settings.ts";

/** How long a fault is remembered without a digest getting through. */
export const FAULT_MEMORY_SECONDS = 60 * 86_400;

const faultSchema = z.object({
  fault: z.enum(DIGEST_FAULTS),
  /** The local day of the digest it kept from the channel. */
  day: z.string(),
  channelId: z.string(),
  /** When it was recorded, ISO 8601. */
  at: z.string(),
});

export type FaultRecord = z.infer<typeof faultSchema>;

/** A stored fault record, or null. */
export function parseFault(value: StoredValue | null): FaultRecord | null {
  if (value === null) return null;
  const parsed = faultSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The fault last recorded for the workspace's digest, if it has not got through since. */
export async function loadFault(store: Store, teamId: string): Promise<FaultRecord | null> {
  return parseFault(await store.get(storeKeys.digestFault(teamId)));
}

/**
 * Records `fault` for the digest of `day` and, unless the same fault was already recorded (and
 * so already told), sends the admin who set the digest a direct message saying what happened and
 * what to do. The record is written before the message, so a message is never sent twice; a
 * message Slack refuses (the token revoked, say) is logged.
 */
export async function reportFault(
  services: Pick<Services, "store" | "logger" | "now">,
  client: WebClient,
  input: {
    teamId: string;
    setting: DigestSetting;
    fault: DigestFault;
    day: string;
    range: DayRange;
    previous: FaultRecord | null;
  },
): Promise<void> {
  const { teamId, setting, fault } = input;
  const record: FaultRecord = {
    fault,
    day: input.day,
    channelId: setting.channelId,
    at: services.now().toISOString(),
  };
  await services.store.set(storeKeys.digestFault(teamId), record, {
    ttlSeconds: FAULT_MEMORY_SECONDS,
  });
  if (input.previous?.fault === fault && input.previous.channelId === setting.channelId) return;
  try {
    const notice = buildDigestFaultNotice({ fault, setting, range: input.range });
    await client.chat.postMessage({
      channel: setting.setBy,
      text: notice.text,
      blocks: notice.blocks,
    });
  } catch (error) {
    logFailure(
      services.logger,
      { action: "telling the admin about a digest fault", teamId, userId: setting.setBy },
      error,
    );
  }
}
