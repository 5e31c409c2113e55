import { errors, Redis } from "@upstash/redis";
import {
  isStoreError,
  StoreClosedError,
  type StoreOperation,
  StoreUnavailableError,
  type UnavailableReason,
} from "./errors.ts";
import type { Store, StoredValue } from "./types.ts";
import {
  asCallerType,
  checkErasePrefix,
  checkKeep,
  decodeValue,
  encodeValue,
  ttlSecondsOf,
} from "./values.ts";

/** Default time budget of one store call, retries included: well inside Slack's 3 seconds. */
export const DEFAULT_UPSTASH_TIMEOUT_MS = 1500;

/** Default number of retries after a network error (the client's own default is 5, ~4.3 s). */
export const DEFAULT_UPSTASH_RETRIES = 1;

const SCAN_COUNT = 500;
const DELETE_BATCH = 500;

export interface UpstashStoreOptions {
  /** REST URL (`UPSTASH_REDIS_REST_URL` or `KV_REST_API_URL`). */
  url: string;
  /** REST token (`UPSTASH_REDIS_REST_TOKEN` or `KV_REST_API_TOKEN`). Never logged. */
  token: string;
  /** Budget of one call, retries included, in milliseconds. Default: 1500. */
  timeoutMs?: number;
  /** Retries after a network error (not after a timeout), 50 ms apart. Default: 1. */
  retries?: number;
}

/** Escapes Redis glob characters (`* ? [ ] \`) so a prefix matches only itself in `SCAN MATCH`. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

function reasonOf(error: unknown): UnavailableReason {
  if (error instanceof errors.UpstashJSONParseError) {
    return "unexpected-response";
  }
  if (error instanceof errors.UpstashError) {
    return "rejected";
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "timeout";
  }
  return "network";
}

/**
 * The Upstash driver over `@upstash/redis`'s REST client: a short retry budget and a per-call
 * timeout (`signal: () => AbortSignal.timeout(timeoutMs)`) so a slow store cannot break Slack's
 * 3-second rule; values stored as JSON text with automatic deserialisation off, so `"123"` stays a
 * string. Every failure becomes a {@link StoreUnavailableError} that names what was attempted and
 * never quotes the command, a value or the token (the client's own messages do).
 */
export function createUpstashStore(options: UpstashStoreOptions): Store {
  const timeoutMs = options.timeoutMs ?? DEFAULT_UPSTASH_TIMEOUT_MS;
  const redis = new Redis({
    url: options.url,
    token: options.token,
    retry: { retries: options.retries ?? DEFAULT_UPSTASH_RETRIES, backoff: () => 50 },
    signal: () => AbortSignal.timeout(timeoutMs),
    automaticDeserialization: false,
    enableTelemetry: false,
  });

  let closed = false;

  async function attempt<T>(operation: StoreOperation, call: () => Promise<T>): Promise<T> {
    if (closed) {
      throw new StoreClosedError(operation);
    }
    try {
      return await call();
    } catch (error) {
      if (isStoreError(error)) {
        throw error;
      }
      throw new StoreUnavailableError(operation, reasonOf(error), timeoutMs);
    }
  }

  async function scanAll(prefix: string): Promise<string[]> {
    const found = new Set<string>();
    const match = `${escapeGlob(prefix)}*`;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, { match, count: SCAN_COUNT });
      for (const key of keys) {
        found.add(key);
      }
      cursor = String(next);
    } while (cursor !== "0");
    return [...found].sort();
  }

  /** A value as read back (text, automatic deserialisation being off), checked and typed. */
  function decoded<T extends StoredValue>(key: string, text: unknown): T {
    return asCallerType<T>(decodeValue(key, typeof text === "string" ? text : String(text)));
  }

  return {
    get<T extends StoredValue>(key: string): Promise<T | null> {
      return attempt("read", async () => {
        const text = await redis.get<unknown>(key);
        return text === null ? null : decoded<T>(key, text);
      });
    },
    getMany<T extends StoredValue>(keys: readonly string[]): Promise<(T | null)[]> {
      if (keys.length === 0) return attempt("read", async () => []);
      return attempt("read", async () => {
        const texts = await redis.mget<unknown[]>(...keys);
        return keys.map((key, index) => {
          const text = texts[index];
          return text === null || text === undefined ? null : decoded<T>(key, text);
        });
      });
    },
    async setField(key, field, value) {
      const text = encodeValue(value);
      await attempt("write", () => redis.hset(key, { [field]: text }));
    },
    async deleteField(key, field) {
      await attempt("delete", () => redis.hdel(key, field));
    },
    getFields<T extends StoredValue>(key: string): Promise<Record<string, T>> {
      return attempt("read", async () => {
        // Without automatic deserialisation the client hands back Redis's flat reply:
        // [field, value, field, value, …].
        const reply: unknown = await redis.hgetall(key);
        const flat: unknown[] = Array.isArray(reply) ? reply : [];
        const fields: Record<string, T> = {};
        for (let index = 0; index + 1 < flat.length; index += 2) {
          const field = String(flat[index]);
          fields[field] = decoded<T>(`${key} (field ${field})`, flat[index + 1]);
        }
        return fields;
      });
    },
    async pushCapped(key, value, keep) {
      const limit = checkKeep(keep);
      const text = encodeValue(value);
      await attempt("write", () =>
        redis
          .multi()
          .lpush(key, text)
          .ltrim(key, 0, limit - 1)
          .exec(),
      );
    },
    readList<T extends StoredValue>(key: string): Promise<T[]> {
      return attempt("read", async () => {
        const texts = await redis.lrange<unknown>(key, 0, -1);
        return texts.map((text) => decoded<T>(key, text));
      });
    },
    async set(key, value, setOptions) {
      const text = encodeValue(value);
      const ttl = ttlSecondsOf(setOptions);
      await attempt("write", () =>
        ttl === null ? redis.set(key, text) : redis.set(key, text, { ex: ttl }),
      );
    },
    async setIfAbsent(key, value, setOptions) {
      const text = encodeValue(value);
      const ttl = ttlSecondsOf(setOptions);
      const result = await attempt("write", () =>
        ttl === null
          ? redis.set(key, text, { nx: true })
          : redis.set(key, text, { nx: true, ex: ttl }),
      );
      return result === "OK";
    },
    async delete(key) {
      await attempt("delete", () => redis.del(key));
    },
    async deleteByPrefix(prefix) {
      checkErasePrefix(prefix);
      return attempt("delete", async () => {
        const keys = await scanAll(prefix);
        let deleted = 0;
        for (let start = 0; start < keys.length; start += DELETE_BATCH) {
          deleted += await redis.del(...keys.slice(start, start + DELETE_BATCH));
        }
        return deleted;
      });
    },
    keys(prefix) {
      return attempt("list", () => scanAll(prefix));
    },
    async close() {
      closed = true;
    },
  };
}
