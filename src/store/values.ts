import { StoreCorruptValueError } from "./errors.ts";
import type { SetOptions, StoredValue } from "./types.ts";

/** True for a JSON object (not an array, not null). */
export function isStoredValue(value: unknown): value is StoredValue {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Serialises a value for storage. Refuses anything that is not a JSON object, or that serialises
 * to something else (a `toJSON` returning a string, say), so no driver ever stores a bare string
 * or number (Upstash's client would turn `"123"` into `123`).
 */
export function encodeValue(value: StoredValue): string {
  const text = isStoredValue(value) ? JSON.stringify(value) : undefined;
  if (text === undefined || !text.startsWith("{")) {
    throw new TypeError("Store values must be JSON objects.");
  }
  return text;
}

/** Parses what a driver read back; anything but a JSON object is a {@link StoreCorruptValueError}. */
export function decodeValue(key: string, text: string): StoredValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StoreCorruptValueError(key);
  }
  if (!isStoredValue(parsed)) {
    throw new StoreCorruptValueError(key);
  }
  return parsed;
}

/**
 * The `Store` contract leaves the shape of a value to the caller (who should check it, e.g. with
 * zod); this is the one place where a stored object is handed over as the caller's type.
 */
export function asCallerType<T extends StoredValue>(value: StoredValue): T {
  return value as T;
}

/** `ttlSeconds` checked the way Redis `EX` checks it: a whole number of seconds, at least 1. */
export function ttlSecondsOf(options: SetOptions | undefined): number | null {
  const ttl = options?.ttlSeconds;
  if (ttl === undefined) {
    return null;
  }
  if (!Number.isSafeInteger(ttl) || ttl < 1) {
    throw new RangeError("ttlSeconds must be a whole number of seconds, at least 1.");
  }
  return ttl;
}

/** `deleteByPrefix` with an empty prefix would erase everything: refuse it. */
export function checkErasePrefix(prefix: string): void {
  if (prefix.length === 0) {
    throw new RangeError("deleteByPrefix needs a non-empty prefix.");
  }
}
