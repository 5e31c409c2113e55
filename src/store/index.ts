import { createEmbeddedStore } from "./embedded.ts";
import type { JsonImport } from "./sqlite.ts";
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
  /** Embedded: told once when this start imported an old `store.json` (log it). */
  onImported?: (report: JsonImport) => void;
}

/** Opens the store `config` names: Upstash when configured, else the embedded database. */
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
    onImported: options.onImported,
  });
}

export * from "./errors.ts";
export { storeKeys } from "./keys.ts";
export type { JsonImport } from "./sqlite.ts";
export type { SetOptions, Store, StoredValue } from "./types.ts";
