/**
 * Everything the app keeps data in, opened the same way by every entry point (`npm start`, the
 * Vercel function): the encryption key, the store, the report cache beside it, and the sealer and
 * credential vault over them.
 */
import type { Config } from "./config.ts";
import { resolveEncryptionKeys } from "./secrets/key-file.ts";
import { createSealer, type Sealer } from "./secrets/seal.ts";
import { type CredentialVault, createCredentialVault } from "./secrets/vault.ts";
import type { AppLogger } from "./services/logging.ts";
import { createMemoryStore } from "./store/embedded.ts";
import { createStore } from "./store/index.ts";
import type { Store } from "./store/types.ts";

export interface AppStorage {
  store: Store;
  /**
   * Where eFax report bodies are kept for a while: a memory-only store beside the embedded
   * database (a body of 20 MB never goes through the database, so it slows no other write and
   * does not grow the file), else `store` itself (Upstash).
   */
  cache: Store;
  sealer: Sealer;
  vault: CredentialVault;
  /** Closes the stores, pending writes flushed. Wait for requests in progress first. */
  close(): Promise<void>;
}

/**
 * Opens the storage `config` names. A key generated into `DATA_DIR` on first run is logged as a
 * warning, an old `store.json` imported into the embedded database as one info line. Throws the
 * configuration's secrets and store errors.
 */
export async function openStorage(
  config: Config,
  logger: AppLogger,
  options: { now?: () => number } = {},
): Promise<AppStorage> {
  const { keys, generatedFile } = await resolveEncryptionKeys(config);
  if (generatedFile) {
    logger.warn(
      `Generated an encryption key in ${generatedFile}. Keep it with the data: without it the saved eFax accounts cannot be opened. Set ENCRYPTION_KEY to it before moving to Upstash.`,
    );
  }
  const store = await createStore(config.store, {
    ...(options.now ? { now: options.now } : {}),
    onImported: ({ from, to, keys: count }) =>
      logger.info(
        `Imported ${count} keys from ${from} into the embedded database; the old file is kept as ${to}.`,
      ),
  });
  const cache = config.store.driver === "embedded" ? await createMemoryStore() : store;
  const sealer = createSealer(keys);
  return {
    store,
    cache,
    sealer,
    vault: createCredentialVault({ store, sealer }),
    async close() {
      await store.close();
      if (cache !== store) await cache.close();
    },
  };
}
