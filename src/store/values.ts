import { StoreCorruptValueError } from "./errors.ts";
import type { SetOptions, StoredValue } from "./types.ts";

/** What a key holds (see `Store`): a value, a map of fields, or a capped list. */
export type KeyKind = "value" | "map" | "list";

/** A key used with another kind's method: a programming error, as Redis's WRONGTYPE is. */
export function wrongKind(key: string, kind: KeyKind, wanted: KeyKind): TypeError {
  return new TypeError(`The store key ${key} holds a ${kind}, not a ${wanted}.`);
}

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

/**
 * A copy of `value` equal to `JSON.parse(encodeValue(value))`, made without the text in between:
 * `toJSON` is called, `undefined`, functions and symbols are dropped (null inside arrays),
 * non-finite numbers become null and -0 becomes 0, boxed primitives are unboxed, and strings are shared rather than
 * escaped and read back, so a large text costs nothing to copy. Throws a `TypeError` wherever
 * `JSON.stringify` would (a cycle, a BigInt) and unless the copy is a JSON object.
 */
export function copyValue(value: StoredValue): StoredValue {
  const copy = jsonCopy(value, "", new Set());
  if (!isStoredValue(copy)) {
    throw new TypeError("Store values must be JSON objects.");
  }
  return copy;
}

/** One JSON value as `JSON.stringify` would write it; `undefined` where it would write nothing. */
function jsonCopy(input: unknown, key: string, ancestors: Set<object>): unknown {
  let value = input;
  if (typeof value === "object" && value !== null) {
    const toJSON: unknown = Reflect.get(value, "toJSON");
    if (typeof toJSON === "function") value = Reflect.apply(toJSON, value, [key]);
  }
  if (value instanceof String || value instanceof Number || value instanceof Boolean) {
    value = value.valueOf();
  }
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      // JSON writes -0 as 0, and has no NaN or Infinity.
      if (value === 0) return 0;
      return Number.isFinite(value) ? value : null;
    case "bigint":
      throw new TypeError("Store values must be JSON: a BigInt has no JSON form.");
    case "object":
      break;
    default:
      return undefined;
  }
  if (value === null) return null;
  if (ancestors.has(value)) {
    throw new TypeError("Store values must be JSON: this one contains itself.");
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return value.map((item, index) => jsonCopy(item, String(index), ancestors) ?? null);
    }
    const copy: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const copied = jsonCopy(item, name, ancestors);
      if (copied !== undefined) copy[name] = copied;
    }
    return copy;
  } finally {
    ancestors.delete(value);
  }
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

/** `keep` of `pushCapped`: a whole number of items, at least 1. */
export function checkKeep(keep: number): number {
  if (!Number.isSafeInteger(keep) || keep < 1) {
    throw new RangeError("keep must be a whole number of items, at least 1.");
  }
  return keep;
}
