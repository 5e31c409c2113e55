/**
 * The one storage interface the app uses. Values are JSON objects (never bare strings or numbers:
 * Upstash's client would turn the string "123" into a number). Drivers: embedded and Upstash.
 *
 * A key holds one of three kinds, and keeps it until deleted: a value (`get`/`set`), a map of
 * fields (a Redis hash: `setField`/`getFields`) or a capped list (`pushCapped`/`readList`).
 * Maps and lists exist for records many writers add to at once, where reading, changing and
 * writing back a whole value would lose a concurrent change: an index of workspaces, a trail of
 * recent changes. Calling one kind's method on another kind's key is a programming error.
 */
export type StoredValue = Record<string, unknown>;

/** Default `dataDir` of the embedded store (relative to the working directory), as `DATA_DIR` documents. */
export const DEFAULT_DATA_DIR = ".data";

export interface SetOptions {
  /** Expire the key after this many seconds. Default: never. */
  ttlSeconds?: number;
}

export interface Store {
  get<T extends StoredValue>(key: string): Promise<T | null>;
  set(key: string, value: StoredValue, options?: SetOptions): Promise<void>;
  /** Atomic `SET NX [EX]`: true when this call created the key, false when it already existed. */
  setIfAbsent(key: string, value: StoredValue, options?: SetOptions): Promise<boolean>;
  /** Several values in one call (`MGET`), in the order asked; null where a key is missing. */
  getMany<T extends StoredValue>(keys: readonly string[]): Promise<(T | null)[]>;
  /** Sets one field of the map at `key` (`HSET`), creating the map; other fields are untouched. */
  setField(key: string, field: string, value: StoredValue): Promise<void>;
  /** Removes one field (`HDEL`); the map goes with its last field. Quiet about a missing one. */
  deleteField(key: string, field: string): Promise<void>;
  /** Every field of the map at `key` (`HGETALL`); an empty object when there is none. */
  getFields<T extends StoredValue>(key: string): Promise<Record<string, T>>;
  /**
   * Puts `value` first in the list at `key` and keeps only the newest `keep` items, in one atomic
   * step (`LPUSH` + `LTRIM` in a transaction).
   */
  pushCapped(key: string, value: StoredValue, keep: number): Promise<void>;
  /** The list at `key`, newest first (`LRANGE 0 -1`); empty when there is none. */
  readList<T extends StoredValue>(key: string): Promise<T[]>;
  delete(key: string): Promise<void>;
  /** Deletes every key (of any kind) that starts with `prefix`; returns how many were deleted. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** Every key that starts with `prefix` (for tests, erasure checks and status screens). */
  keys(prefix: string): Promise<string[]>;
  /** Releases connections and flushes pending writes. */
  close(): Promise<void>;
}
