/**
 * The one storage interface the app uses. Values are JSON objects (never bare strings or numbers:
 * Upstash's client would turn the string "123" into a number). Drivers: embedded and Upstash.
 */
export type StoredValue = Record<string, unknown>;

export interface SetOptions {
  /** Expire the key after this many seconds. Default: never. */
  ttlSeconds?: number;
}

export interface Store {
  get<T extends StoredValue>(key: string): Promise<T | null>;
  set(key: string, value: StoredValue, options?: SetOptions): Promise<void>;
  /** Atomic `SET NX [EX]`: true when this call created the key, false when it already existed. */
  setIfAbsent(key: string, value: StoredValue, options?: SetOptions): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Deletes every key that starts with `prefix`; returns how many were deleted. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** Every key that starts with `prefix` (for tests, erasure checks and status screens). */
  keys(prefix: string): Promise<string[]>;
  /** Releases connections and flushes pending writes. */
  close(): Promise<void>;
}
