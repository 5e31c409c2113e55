/**
 * The store used without Upstash settings: the SQLite database in `DATA_DIR` (`sqlite.ts`), or,
 * with `dataDir: null`, a store in memory only (the report cache beside it, and unit tests).
 */
import { createJsonStore } from "./json-file.ts";
import { createSqliteStore, type JsonImport } from "./sqlite.ts";
import type { Store } from "./types.ts";

export { DEFAULT_DATA_DIR } from "./types.ts";

export interface EmbeddedStoreOptions {
  /** Directory of the database, or `null` to keep everything in memory only. */
  dataDir: string | null;
  /** Clock in milliseconds, for TTLs. Default: `Date.now`. */
  now?: () => number;
  /** Told once when this start imported an old `store.json` (log it). */
  onImported?: (report: JsonImport) => void;
}

/** Opens the embedded store: SQLite in `dataDir`, or a memory store for `dataDir: null`. */
export function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<Store> {
  if (options.dataDir === null) return createMemoryStore({ now: options.now });
  return createSqliteStore({
    dataDir: options.dataDir,
    now: options.now,
    onImported: options.onImported,
  });
}

/** A store in this process's memory, with TTLs: gone when the process ends. */
export function createMemoryStore(options: { now?: () => number } = {}): Promise<Store> {
  return createJsonStore({ dataDir: null, now: options.now });
}
