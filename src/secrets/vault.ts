import { z } from "zod";
import type { EfaxCredentials } from "../efax/types.ts";
import { storeKeys } from "../store/keys.ts";
import type { Store } from "../store/types.ts";
import { SealError } from "./errors.ts";
import type { Sealer } from "./seal.ts";

/** A workspace's eFax account as the app uses it. */
export interface CredentialRecord {
  credentials: EfaxCredentials;
  /** Slack user id of who connected it. */
  connectedBy: string;
  connectedAt: Date;
}

/** What status screens may show: no secret, the username masked. */
export interface CredentialSummary {
  usernameMasked: string;
  connectedBy: string;
  connectedAt: Date;
}

export interface CredentialVault {
  /** Seals and stores the account, replacing any previous one. `connectedAt` defaults to now. */
  save(
    teamId: string,
    credentials: EfaxCredentials,
    meta: { connectedBy: string; connectedAt?: Date },
  ): Promise<void>;
  /** The account, opened; `null` when none is connected. Throws `SealError` if it cannot open. */
  load(teamId: string): Promise<CredentialRecord | null>;
  /** Who connected which (masked) account when, without decrypting anything. */
  describe(teamId: string): Promise<CredentialSummary | null>;
  remove(teamId: string): Promise<void>;
}

const ELLIPSIS = "…";

/**
 * Masks a username for display: `acmeclinic` → `ac…ic`. At most two characters show at each
 * end and at least two stay hidden, so a short name never shows whole (`acme` → `a…e`,
 * `abc` → `…`).
 */
export function maskUsername(username: string): string {
  const chars = Array.from(username.trim());
  const shown = Math.max(0, Math.min(2, Math.floor((chars.length - 2) / 2)));
  if (shown === 0) {
    return ELLIPSIS;
  }
  return `${chars.slice(0, shown).join("")}${ELLIPSIS}${chars.slice(-shown).join("")}`;
}

const recordSchema = z.object({
  version: z.literal(1),
  sealed: z.string(),
  usernameMasked: z.string(),
  connectedBy: z.string(),
  connectedAt: z.iso.datetime(),
});

const credentialsSchema = z.object({
  apiKey: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
});

const USER_ID = /^[A-Z0-9]{1,32}$/;

function parseRecord(value: unknown): z.infer<typeof recordSchema> {
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    throw new SealError("malformed");
  }
  return parsed.data;
}

/**
 * Stores each workspace's eFax credentials under `storeKeys.credentials(teamId)`: the whole
 * credentials JSON sealed as one value with the team id as associated data (so a record copied
 * to another workspace fails to open), next to who connected it, when, and the masked username
 * in the clear for status screens. `now` (milliseconds) defaults to `Date.now`.
 */
export function createCredentialVault(deps: {
  store: Store;
  sealer: Sealer;
  now?: () => number;
}): CredentialVault {
  const now = deps.now ?? Date.now;

  async function read(teamId: string): Promise<z.infer<typeof recordSchema> | null> {
    const value = await deps.store.get(storeKeys.credentials(teamId));
    return value === null ? null : parseRecord(value);
  }

  return {
    async save(teamId, credentials, meta) {
      const key = storeKeys.credentials(teamId);
      const checked = credentialsSchema.safeParse(credentials);
      if (!checked.success) {
        throw new TypeError("eFax credentials need an API key, a username and a password.");
      }
      if (!USER_ID.test(meta.connectedBy)) {
        throw new TypeError("connectedBy must be a Slack user id.");
      }
      const { apiKey, username, password } = checked.data;
      await deps.store.set(key, {
        version: 1,
        sealed: deps.sealer.seal(JSON.stringify({ apiKey, username, password }), teamId),
        usernameMasked: maskUsername(username),
        connectedBy: meta.connectedBy,
        connectedAt: (meta.connectedAt ?? new Date(now())).toISOString(),
      });
    },
    async load(teamId) {
      const record = await read(teamId);
      if (!record) {
        return null;
      }
      const plain = deps.sealer.open(record.sealed, teamId);
      let json: unknown;
      try {
        json = JSON.parse(plain);
      } catch {
        throw new SealError("malformed");
      }
      const credentials = credentialsSchema.safeParse(json);
      if (!credentials.success) {
        throw new SealError("malformed");
      }
      return {
        credentials: credentials.data,
        connectedBy: record.connectedBy,
        connectedAt: new Date(record.connectedAt),
      };
    },
    async describe(teamId) {
      const record = await read(teamId);
      return record
        ? {
            usernameMasked: record.usernameMasked,
            connectedBy: record.connectedBy,
            connectedAt: new Date(record.connectedAt),
          }
        : null;
    },
    async remove(teamId) {
      await deps.store.delete(storeKeys.credentials(teamId));
    },
  };
}
