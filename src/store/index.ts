import { createEmbeddedStore } from "./embedded.ts";
import type { StoreFileAccessError } from "./errors.ts";
import type { Store } from "./types.ts";
import { createUpstashStore } from "./upstash.ts";

/** Which driver to use; `loadConfig` produces this from the environment. */
export type StoreConfig =
  | { driver: "upstash"; url: string; token: string }
  | { driver: "embedded"; dataDir: string };

export interface CreateStoreOptions {
  /** Upstash: budget of one call in milliseconds. Default: 1500. */
  timeoutMs?: number;
  /** Embedded: clock for TTLs. Default: `Date.now`. */
  now?: () => number;
  /** Embedded: told when a background save to disk fails (log it). */
  onSaveError?: (error: StoreFileAccessError) => void;
}

/** Opens the store `config` names: Upstash when configured, else the embedded file store. */
export async function createStore(
  config: StoreConfig,
  options: CreateStoreOptions = {},
): Promise<Store> {
  if (config.driver === "upstash") {
    return createUpstashStore({
      url: config.url,
      token: config.token,
      timeoutMs: options.timeoutMs,
    });
  }
  return createEmbeddedStore({
    dataDir: config.dataDir,
    now: options.now,
    onSaveError: options.onSaveError,
  });
}

export * from "./errors.ts";
export { storeKeys } from "./keys.ts";
export type { SetOptions, Store, StoredValue } from "./types.ts";
