import { mkdir, open, readFile } from "node:fs/promises";
import { join } from "node:path";
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

function systemCode(error: unknown): string {
  const code = error instanceof Error ? Reflect.get(error, "code") : undefined;
  return typeof code === "string" ? code : "unknown error";
}

async function readKeys(file: string): Promise<EncryptionKey[] | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (systemCode(error) === "ENOENT") {
      return null;
    }
    throw new KeyFileError(file, `reading it failed (${systemCode(error)}).`);
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
 * `ENCRYPTION_KEY` before moving to Upstash). Never overwrites an existing file.
 */
export async function loadOrCreateKeyFile(dataDir: string): Promise<KeyFileResult> {
  const file = join(dataDir, KEY_FILE_NAME);
  const existing = await readKeys(file);
  if (existing) {
    return { keys: existing, file, created: false };
  }
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const handle = await open(file, "wx", 0o600);
    try {
      await handle.writeFile(`${generateEncryptionKey()}\n`, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (systemCode(error) !== "EEXIST") {
      throw new KeyFileError(file, `writing a new key failed (${systemCode(error)}).`);
    }
    const raced = await readKeys(file);
    if (raced) {
      return { keys: raced, file, created: false };
    }
  }
  const created = await readKeys(file);
  if (!created) {
    throw new KeyFileError(file, "the key written a moment ago has disappeared.");
  }
  return { keys: created, file, created: true };
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
