import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { EncryptionKeyError, SealError } from "./errors.ts";

/** One AES-256 key and the id that sealed values carry to name it. */
export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/** Seals and opens strings; `aad` (the Slack team id) binds each value to its workspace. */
export interface Sealer {
  /** Id of the key that seals: the first of `ENCRYPTION_KEY`. */
  readonly keyId: string;
  /** `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url), sealed with the first key. */
  seal(plain: string, aad: string): string;
  /** The plaintext, or a {@link SealError} (wrong `aad`, unknown key id, altered value). */
  open(sealed: string, aad: string): string;
}

/** Id of a key given without one (`ENCRYPTION_KEY=<base64>`); name it so when rotating. */
export const DEFAULT_KEY_ID = "default";

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeKey(text: string, label: string): Buffer {
  const trimmed = text.trim();
  const key = BASE64.test(trimmed) ? Buffer.from(trimmed, "base64") : null;
  if (!key || key.length !== KEY_BYTES) {
    const got = key ? ` it decodes to ${key.length} bytes.` : " it is not base64.";
    throw new EncryptionKeyError(
      `${label} must be 32 random bytes written in base64 (44 characters; \`openssl rand -base64 32\` makes one), but${got}`,
    );
  }
  return key;
}

/**
 * Reads `ENCRYPTION_KEY`: one base64 32-byte key (id {@link DEFAULT_KEY_ID}), or a rotation list
 * `id1:base64,id2:base64` whose first key seals and all of which open. To rotate, put a new key
 * first and keep the old one (under the id its values name, e.g. `default`) after it.
 * Throws {@link EncryptionKeyError} without echoing any key.
 */
export function parseEncryptionKeys(text: string): EncryptionKey[] {
  const trimmed = text.trim();
  if (trimmed === "") {
    throw new EncryptionKeyError("it is empty.");
  }
  if (!trimmed.includes(":")) {
    return [{ id: DEFAULT_KEY_ID, key: decodeKey(trimmed, "the key") }];
  }
  const keys: EncryptionKey[] = [];
  const entries = trimmed.split(",").map((entry) => entry.trim());
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(":");
    const id = colon === -1 ? "" : entry.slice(0, colon).trim();
    if (!KEY_ID.test(id)) {
      throw new EncryptionKeyError(
        `entry ${index + 1} of the list must be written id:base64-key, with an id of letters, digits, "-" or "_" (up to 32).`,
      );
    }
    if (keys.some((key) => key.id === id)) {
      throw new EncryptionKeyError(`the key id "${id}" appears twice in the list.`);
    }
    keys.push({ id, key: decodeKey(entry.slice(colon + 1), `the key with id "${id}"`) });
  }
  return keys;
}

/**
 * The key id a sealed value names (`v1.<keyId>.…`), or null for something that is not a sealed
 * value. Key ids are not secret; this opens nothing.
 */
export function sealedKeyId(sealed: string): string | null {
  const [version, keyId] = sealed.split(".", 3);
  return version === VERSION && keyId !== undefined && KEY_ID.test(keyId) ? keyId : null;
}

/** A fresh random key, base64, for `ENCRYPTION_KEY` or the embedded store's key file. */
export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}

function authenticatedData(keyId: string, aad: string): Buffer {
  return Buffer.from(`${VERSION}.${keyId}.${aad}`, "utf8");
}

function decodePart(part: string, bytes: number | null): Buffer | null {
  if (!BASE64URL.test(part)) {
    return null;
  }
  const decoded = Buffer.from(part, "base64url");
  return bytes === null || decoded.length === bytes ? decoded : null;
}

/**
 * AES-256-GCM with a random 12-byte IV per value; the authenticated data is the version, the key
 * id and `aad` (the team id), so a value copied to another workspace, or relabelled with another
 * key id, fails to open. Seals with `keys[0]`; opens with whichever key the value names.
 */
export function createSealer(keys: readonly EncryptionKey[]): Sealer {
  const [current] = keys;
  if (!current) {
    throw new EncryptionKeyError("no key was given.");
  }
  for (const key of keys) {
    if (!KEY_ID.test(key.id) || key.key.length !== KEY_BYTES) {
      throw new EncryptionKeyError(
        `the key with id "${key.id}" is not a 32-byte key with a valid id.`,
      );
    }
  }
  const byId = new Map(keys.map((key) => [key.id, key.key]));

  return {
    keyId: current.id,
    seal(plain, aad) {
      if (aad === "") {
        throw new TypeError("Sealing needs the team id as associated data.");
      }
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv);
      cipher.setAAD(authenticatedData(current.id, aad));
      const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, current.id, iv, ciphertext, tag]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(".");
    },
    open(sealed, aad) {
      const parts = sealed.split(".");
      if (parts.length !== 5 || parts[0] !== VERSION) {
        throw new SealError("malformed");
      }
      const [, keyId = "", ivText = "", ciphertextText = "", tagText = ""] = parts;
      if (!KEY_ID.test(keyId)) {
        throw new SealError("malformed");
      }
      const key = byId.get(keyId);
      if (!key) {
        throw new SealError("unknown-key", keyId);
      }
      const iv = decodePart(ivText, IV_BYTES);
      const ciphertext = decodePart(ciphertextText, null);
      const tag = decodePart(tagText, TAG_BYTES);
      if (!iv || !ciphertext || !tag) {
        throw new SealError("malformed");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(authenticatedData(keyId, aad));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
      } catch {
        throw new SealError("not-authentic", keyId);
      }
    },
  };
}
