/**
 * Re-sealing after a key rotation. `ENCRYPTION_KEY=new:<key>,old:<key>` seals new values with the
 * new key and still opens values sealed with the old one; re-sealing opens every sealed value
 * still naming another key (each workspace's eFax account, each OAuth installation) and seals it
 * again with the new key, so the old key can then be removed from `ENCRYPTION_KEY`. Values are
 * rewritten only if they did not change meanwhile (an admin reconnecting while it runs keeps
 * the new account), and nothing else in the record changes.
 */
import { z } from "zod";
import { SealError } from "../secrets/errors.ts";
import { type Sealer, sealedKeyId } from "../secrets/seal.ts";
import { KEY_PREFIX } from "../store/keys.ts";
import type { Store } from "../store/types.ts";

/** Keys of sealed records: `efax:<owner>:credentials` and `efax:<owner>:installation`. */
const SEALED_RECORD = /^efax:([A-Z0-9]{1,32}):(credentials|installation)$/;

const recordSchema = z.object({ sealed: z.string() }).passthrough();

/** What a re-seal found and did. */
export interface ResealReport {
  /** The key every value is sealed with afterwards. */
  keyId: string;
  /** Sealed values found, by the key id they named before. */
  found: Record<string, number>;
  /** Values sealed again with {@link ResealReport.keyId}. */
  resealed: number;
  /** Values that already named it. */
  current: number;
  /** Values left as they were because they changed while this ran. */
  changedMeanwhile: number;
  /** Store keys whose value does not open with any key given (wrong or missing key). */
  unreadable: { key: string; keyId: string | null }[];
}

/**
 * Re-seals every sealed record that names another key than `sealer.keyId`. With `dryRun`, only
 * counts (and tries to open) them. Store failures propagate.
 */
export async function resealAll(
  deps: { store: Store; sealer: Sealer },
  options: { dryRun?: boolean } = {},
): Promise<ResealReport> {
  const report: ResealReport = {
    keyId: deps.sealer.keyId,
    found: {},
    resealed: 0,
    current: 0,
    changedMeanwhile: 0,
    unreadable: [],
  };
  const keys = (await deps.store.keys(KEY_PREFIX)).filter((key) => SEALED_RECORD.test(key));
  for (const key of keys.sort()) {
    const owner = SEALED_RECORD.exec(key)?.[1] ?? "";
    const record = recordSchema.safeParse(await deps.store.get(key));
    if (!record.success) continue;
    const { sealed } = record.data;
    const keyId = sealedKeyId(sealed);
    const named = keyId ?? "(unreadable)";
    report.found[named] = (report.found[named] ?? 0) + 1;
    if (keyId === deps.sealer.keyId) {
      report.current += 1;
      continue;
    }
    let plain: string;
    try {
      plain = deps.sealer.open(sealed, owner);
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      report.unreadable.push({ key, keyId });
      continue;
    }
    if (options.dryRun) continue;
    const resealed = deps.sealer.seal(plain, owner);
    const now = recordSchema.safeParse(await deps.store.get(key));
    if (!now.success || now.data.sealed !== sealed) {
      report.changedMeanwhile += 1;
      continue;
    }
    await deps.store.set(key, { ...now.data, sealed: resealed });
    report.resealed += 1;
  }
  return report;
}
