import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createFileOnce, systemCode } from "../files.ts";
import { EncryptionKeyError, KeyFileError } from "./errors.ts";
import { type EncryptionKey, generateEncryptionKey, parseEncryptionKeys } from "./seal.ts";

/** Name of the generated key file inside the embedded store's `dataDir`. */
export const KEY_FILE_NAME = "encryption-key";

export interface KeyFileResult {
  keys: EncryptionKey[];
  /** Path of the key file. */
  file: string;
  /** True when this call generated the key: the caller logs a warning (once, on first run). */
  created: boolean;
}

async function readKeys(file: string): Promise<EncryptionKey[] | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (systemCode(error) === "ENOENT") {
      return null;
    }
    throw new KeyFileError(file, `reading it failed (${systemCode(error) ?? "unknown error"}).`);
  }
  try {
    return parseEncryptionKeys(text);
  } catch (error) {
    if (error instanceof EncryptionKeyError) {
      throw new KeyFileError(
        file,
        `${error.problem} Restore the file from a backup, or set ENCRYPTION_KEY to the key it held.`,
      );
    }
    throw error;
  }
}

/**
 * For the embedded store without `ENCRYPTION_KEY`: reads `<dataDir>/encryption-key`, or on first
 * run generates a random key into it (file mode 0600, directory 0700) and says so with
 * `created`, so the caller can warn that the key must be kept with the data (and set as
 * `ENCRYPTION_KEY` before moving to Upstash). Never overwrites an existing file; when several
 * processes start at once, exactly one creates the key and every one of them uses it.
 */
export async function loadOrCreateKeyFile(dataDir: string): Promise<KeyFileResult> {
  const file = join(dataDir, KEY_FILE_NAME);
  const existing = await readKeys(file);
  if (existing) {
    return { keys: existing, file, created: false };
  }
  let outcome: "created" | "exists";
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    outcome = await createFileOnce(file, `${generateEncryptionKey()}\n`);
  } catch (error) {
    throw new KeyFileError(
      file,
      `writing a new key failed (${systemCode(error) ?? "unknown error"}).`,
    );
  }
  const keys = await readKeys(file);
  if (!keys) {
    throw new KeyFileError(file, "the key written a moment ago has disappeared.");
  }
  return { keys, file, created: outcome === "created" };
}

/**
 * The keys the app seals with: `ENCRYPTION_KEY` when set; otherwise, with the embedded store,
 * the generated key file. `generatedFile` is set only on the run that created the file.
 */
export async function resolveEncryptionKeys(config: {
  encryptionKeys: EncryptionKey[] | null;
  store: { driver: "upstash" } | { driver: "embedded"; dataDir: string };
}): Promise<{ keys: EncryptionKey[]; generatedFile: string | null }> {
  if (config.encryptionKeys) {
    return { keys: config.encryptionKeys, generatedFile: null };
  }
  if (config.store.driver === "upstash") {
    throw new EncryptionKeyError(
      "ENCRYPTION_KEY is required with the Upstash store (see README › Environment variables).",
    );
  }
  const result = await loadOrCreateKeyFile(config.store.dataDir);
  return { keys: result.keys, generatedFile: result.created ? result.file : null };
}
