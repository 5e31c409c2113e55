import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { replaceFile, systemCode } from "../files.ts";
import {
  StoreClosedError,
  StoreCorruptFileError,
  StoreFileAccessError,
  type StoreOperation,
} from "./errors.ts";
import type { SetOptions, Store, StoredValue } from "./types.ts";
import {
  asCallerType,
  checkErasePrefix,
  checkKeep,
  copyValue,
  isStoredValue,
  type KeyKind,
  ttlSecondsOf,
  wrongKind,
} from "./values.ts";

/**
 * The JSON driver: every key in a map in memory, with TTLs.
 *
 * In memory only (`dataDir: null`) it is the app's memory store: the report cache beside the
 * embedded database, and the store of unit tests. With a `dataDir` it also persists everything to
 * `<dataDir>/store.json` by rewriting the whole file: the embedded store before the SQLite one
 * (`sqlite.ts`) replaced it. That mode stays for two things only: reading an old `store.json` to
 * import it (`readJsonStoreFile`), and `npm run bench`, which measures what the SQLite driver
 * replaced. The app never opens it on a `DATA_DIR`.
 */

/** Name of the JSON driver's file inside `dataDir`. */
export const JSON_STORE_FILE_NAME = "store.json";

export interface JsonStoreOptions {
  /**
   * Directory that holds `store.json` (created with mode 0700 when missing), or `null` to keep
   * everything in memory only.
   */
  dataDir: string | null;
  /** Clock in milliseconds, for TTLs. Default: `Date.now`. */
  now?: () => number;
  /** Writes arriving within this many milliseconds are saved with one file write. Default: 25. */
  flushDelayMs?: number;
  /**
   * Told when a background save fails (the next write tries again, `close()` throws if the last
   * one fails). Without it a failed background save is only reported by `flush()`/`close()`.
   */
  onSaveError?: (error: StoreFileAccessError) => void;
}

/** The JSON driver: the {@link Store} contract plus an explicit `flush()`. */
export interface JsonStore extends Store {
  /** Writes pending changes to disk now (no-op in memory-only mode). */
  flush(): Promise<void>;
  /** Absolute or relative path of the file, or `null` in memory-only mode. */
  readonly file: string | null;
}

/** One key as this driver keeps it; a list keeps `{ items }`. */
export interface JsonEntry {
  kind: KeyKind;
  /**
   * The store's own copy: callers get copies of it, never it (as with a remote driver). A map
   * keeps its fields here (field → value), a list `{ items }`, newest first.
   */
  value: StoredValue;
  /** Its JSON for the file, made at the first save that needs it and kept until it changes. */
  text: string | null;
  expiresAt: number | null;
}

const fileSchema = z.object({
  version: z.literal(1),
  entries: z.record(
    z.string(),
    z.object({
      kind: z.enum(["map", "list"]).optional(),
      value: z.record(z.string(), z.unknown()),
      expiresAt: z.number().nullable(),
    }),
  ),
});

/**
 * The entries of a `store.json` written by this driver (expired ones included: `expiresAt` says
 * which), or `null` when there is no such file. A file that cannot be read is a
 * {@link StoreCorruptFileError} or a {@link StoreFileAccessError} naming it; it is never changed.
 */
export async function readJsonStoreFile(file: string): Promise<Map<string, JsonEntry> | null> {
  const text = await readJsonStoreText(file);
  return text === null ? null : parseJsonStoreText(file, text);
}

/** The text of a `store.json`, or `null` when there is none. */
export async function readJsonStoreText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (systemCode(error) === "ENOENT") {
      return null;
    }
    throw new StoreFileAccessError(file, "open", systemCode(error));
  }
}

/** The entries of a `store.json`'s text (see {@link readJsonStoreFile}); `file` names it in errors. */
export function parseJsonStoreText(file: string, text: string): Map<string, JsonEntry> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StoreCorruptFileError(file, "is not valid JSON");
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new StoreCorruptFileError(file, "is not an eFax Reports store file (version 1)");
  }
  const entries = new Map<string, JsonEntry>();
  for (const [key, entry] of Object.entries(parsed.data.entries)) {
    entries.set(key, {
      kind: entry.kind ?? "value",
      value: entry.value,
      text: null,
      expiresAt: entry.expiresAt,
    });
  }
  return entries;
}

async function removeStaleTempFiles(dataDir: string): Promise<void> {
  const names = await readdir(dataDir);
  const stale = names.filter(
    (name) => name.startsWith(`${JSON_STORE_FILE_NAME}.`) && name.endsWith(".tmp"),
  );
  await Promise.all(stale.map((name) => rm(join(dataDir, name), { force: true })));
}

/** Saves the store file all at once (see `src/files.ts`). */
async function writeAtomically(file: string, text: string): Promise<void> {
  try {
    await replaceFile(file, text);
  } catch (error) {
    throw new StoreFileAccessError(file, "save", systemCode(error));
  }
}

/**
 * The JSON driver: a map in memory with TTLs, optionally persisted to `<dataDir>/store.json` (mode 0600)
 * by atomic rename, writes coalesced over `flushDelayMs`. `close()` refuses every call from the
 * moment it is called, saves what was written before, and touches the file no more once it
 * resolves (a failed last save rejects it; calling it again retries that save). Loads the file on
 * start; a file it cannot read is reported by name and left untouched, never wiped.
 * `setIfAbsent` is atomic within the process only: two processes on one file would diverge.
 */
export async function createJsonStore(options: JsonStoreOptions): Promise<JsonStore> {
  const dataDir = options.dataDir;
  const now = options.now ?? Date.now;
  const flushDelayMs = options.flushDelayMs ?? 25;
  const file = dataDir === null ? null : join(dataDir, JSON_STORE_FILE_NAME);

  let entries = new Map<string, JsonEntry>();
  if (dataDir !== null && file !== null) {
    try {
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      await removeStaleTempFiles(dataDir);
    } catch (error) {
      throw new StoreFileAccessError(file, "open", systemCode(error));
    }
    entries = (await readJsonStoreFile(file)) ?? new Map();
  }

  let closed = false;
  let closing: Promise<void> | null = null;
  let dirty = false;
  let timer: NodeJS.Timeout | null = null;
  let saving: Promise<void> = Promise.resolve();

  function live(key: string): JsonEntry | null {
    const entry = entries.get(key);
    if (!entry) {
      return null;
    }
    if (entry.expiresAt !== null && entry.expiresAt <= now()) {
      entries.delete(key);
      return null;
    }
    return entry;
  }

  /** The file's text, `{"version":1,"entries":{…}}`, reusing each entry's JSON once made. */
  function snapshot(): string {
    const parts: string[] = [];
    for (const key of [...entries.keys()]) {
      const entry = live(key);
      if (entry) {
        const expiresAt = entry.expiresAt === null ? "null" : String(entry.expiresAt);
        const kind = entry.kind === "value" ? "" : `"kind":"${entry.kind}",`;
        entry.text ??= JSON.stringify(entry.value);
        parts.push(
          `${JSON.stringify(key)}:{${kind}"value":${entry.text},"expiresAt":${expiresAt}}`,
        );
      }
    }
    return `{"version":1,"entries":{${parts.join(",")}}}`;
  }

  async function saveIfDirty(): Promise<void> {
    if (!dirty || dataDir === null || file === null) {
      return;
    }
    dirty = false;
    try {
      await writeAtomically(file, snapshot());
    } catch (error) {
      dirty = true;
      throw error;
    }
  }

  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const next = saving.then(saveIfDirty);
    saving = next.catch(() => undefined);
    return next;
  }

  function changed(): void {
    dirty = true;
    if (dataDir === null || timer || closed) {
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      flush().catch((error: unknown) => {
        options.onSaveError?.(
          error instanceof StoreFileAccessError
            ? error
            : new StoreFileAccessError(file ?? JSON_STORE_FILE_NAME, "save", undefined),
        );
      });
    }, flushDelayMs);
  }

  function ensureOpen(operation: StoreOperation): void {
    if (closed) {
      throw new StoreClosedError(operation);
    }
  }

  function entryFor(value: StoredValue, setOptions: SetOptions | undefined): JsonEntry {
    const ttl = ttlSecondsOf(setOptions);
    return {
      kind: "value",
      value: copyValue(value),
      text: null,
      expiresAt: ttl === null ? null : now() + ttl * 1000,
    };
  }

  /** The live entry at `key` when it holds `kind`; null when there is none. */
  function liveOfKind(key: string, kind: KeyKind): JsonEntry | null {
    const entry = live(key);
    if (entry && entry.kind !== kind) throw wrongKind(key, entry.kind, kind);
    return entry;
  }

  /** The map at `key`, created empty when missing, for a change the caller then marks. */
  function mapFor(key: string): JsonEntry {
    const existing = liveOfKind(key, "map");
    if (existing) return existing;
    const created: JsonEntry = { kind: "map", value: {}, text: null, expiresAt: null };
    entries.set(key, created);
    return created;
  }

  function listItems(entry: JsonEntry | null): StoredValue[] {
    const items = entry?.value.items;
    return Array.isArray(items) ? items.filter(isStoredValue) : [];
  }

  function matching(prefix: string): string[] {
    return [...entries.keys()].filter((key) => key.startsWith(prefix) && live(key) !== null);
  }

  return {
    file,
    async get<T extends StoredValue>(key: string): Promise<T | null> {
      ensureOpen("read");
      const entry = liveOfKind(key, "value");
      return entry ? asCallerType<T>(copyValue(entry.value)) : null;
    },
    async getMany<T extends StoredValue>(keys: readonly string[]): Promise<(T | null)[]> {
      ensureOpen("read");
      return keys.map((key) => {
        const entry = live(key);
        return entry?.kind === "value" ? asCallerType<T>(copyValue(entry.value)) : null;
      });
    },
    async setField(key, field, value) {
      ensureOpen("write");
      const copy = copyValue(value);
      const map = mapFor(key);
      map.value[field] = copy;
      map.text = null;
      changed();
    },
    async deleteField(key, field) {
      ensureOpen("delete");
      const map = liveOfKind(key, "map");
      if (!map || !Object.hasOwn(map.value, field)) return;
      delete map.value[field];
      map.text = null;
      if (Object.keys(map.value).length === 0) entries.delete(key);
      changed();
    },
    async getFields<T extends StoredValue>(key: string): Promise<Record<string, T>> {
      ensureOpen("read");
      const map = liveOfKind(key, "map");
      const fields: Record<string, T> = {};
      for (const [field, value] of Object.entries(map?.value ?? {})) {
        if (isStoredValue(value)) fields[field] = asCallerType<T>(copyValue(value));
      }
      return fields;
    },
    async pushCapped(key, value, keep) {
      ensureOpen("write");
      const limit = checkKeep(keep);
      const copy = copyValue(value);
      const list = liveOfKind(key, "list");
      const items = [copy, ...listItems(list)].slice(0, limit);
      entries.set(key, { kind: "list", value: { items }, text: null, expiresAt: null });
      changed();
    },
    async readList<T extends StoredValue>(key: string): Promise<T[]> {
      ensureOpen("read");
      return listItems(liveOfKind(key, "list")).map((item) => asCallerType<T>(copyValue(item)));
    },
    async set(key, value, setOptions) {
      ensureOpen("write");
      entries.set(key, entryFor(value, setOptions));
      changed();
    },
    async setIfAbsent(key, value, setOptions) {
      ensureOpen("write");
      const entry = entryFor(value, setOptions);
      if (live(key)) {
        return false;
      }
      entries.set(key, entry);
      changed();
      return true;
    },
    async delete(key) {
      ensureOpen("delete");
      if (entries.delete(key)) {
        changed();
      }
    },
    async deleteByPrefix(prefix) {
      ensureOpen("delete");
      checkErasePrefix(prefix);
      const doomed = matching(prefix);
      for (const key of doomed) {
        entries.delete(key);
      }
      if (doomed.length > 0) {
        changed();
      }
      return doomed.length;
    },
    async keys(prefix) {
      ensureOpen("list");
      return matching(prefix).sort();
    },
    flush,
    close() {
      closed = true;
      closing ??= flush().catch((error: unknown) => {
        closing = null;
        throw error;
      });
      return closing;
    },
  };
}
