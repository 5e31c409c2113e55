/**
 * The embedded store: one SQLite database in `DATA_DIR` through `node:sqlite` (built into Node.js:
 * no dependency, no native build). Every call reads or writes the database itself, so several
 * processes on one `DATA_DIR` see each other's writes at once, and a write is on disk (fsynced)
 * when its promise resolves.
 *
 * - WAL mode: readers never wait for the writer; a writer waits for another process's write
 *   (the busy timeout) instead of failing.
 * - Values as JSON text; a TTL as an `expires_at` column in milliseconds. Expired rows are never
 *   returned and are swept in small batches in the background.
 * - Maps keep one row per field and lists one row per item, so `setField` and `pushCapped` change
 *   one row each and lose nothing to a writer in another process.
 * - `DatabaseSync` is synchronous: every call is one prepared statement, or one short transaction
 *   of a few, so none holds the event loop (or the write lock) for long.
 * - Durable without holding the lock through the disk flush: SQLite commits without flushing
 *   (`synchronous = NORMAL`, which in WAL mode keeps the database consistent), and a write
 *   resolves only once the WAL file has been flushed (`fdatasync`, on libuv's thread pool, so
 *   the event loop goes on meanwhile). A process holds the write lock for tens of microseconds,
 *   not the milliseconds of a flush: with the flush inside the lock, a process writing in a loop
 *   kept the lock nearly all the time and starved another one for seconds. WAL recovery keeps a
 *   prefix of the commits, so a write another process saw before it was flushed can only be lost
 *   (on a power cut) together with every later one.
 */
import { createHash } from "node:crypto";
import { type FileHandle, mkdir, open, rename } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { systemCode } from "../files.ts";
import {
  isStoreError,
  StoreClosedError,
  StoreCorruptFileError,
  StoreDatabaseError,
  StoreFileAccessError,
  type StoreOperation,
  StoreUnavailableError,
} from "./errors.ts";
import {
  JSON_STORE_FILE_NAME,
  type JsonEntry,
  parseJsonStoreText,
  readJsonStoreText,
} from "./json-file.ts";
import type { SetOptions, Store, StoredValue } from "./types.ts";
import {
  asCallerType,
  checkErasePrefix,
  checkKeep,
  decodeValue,
  encodeValue,
  isStoredValue,
  type KeyKind,
  ttlSecondsOf,
  wrongKind,
} from "./values.ts";

/** Name of the database file inside `DATA_DIR` (SQLite adds `-wal` and `-shm` beside it). */
export const SQLITE_FILE_NAME = "store.db";

/** What an imported `store.json` is renamed to. */
export const IMPORTED_JSON_SUFFIX = ".imported";

/**
 * How long a call waits for another process's write before giving up with "busy". The wait is
 * spent asleep between tries (see {@link SQLITE_WAIT_MS}), not blocking the event loop. Writes hold
 * the lock for a millisecond or two, so this is reached only when something else holds it (a
 * `sqlite3` shell left in a transaction); it stays well under Slack's 3 s.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 2_000;

/**
 * How long SQLite itself waits for a lock inside one try (its busy timeout). That wait blocks the
 * event loop, so it is kept short: long enough for another process's commit to finish; past it,
 * the call sleeps a moment without blocking and tries again. SQLite's own waiting alone is also
 * unfair: a process polling every 50–100 ms can miss every gap of a busy writer for seconds.
 */
const SQLITE_WAIT_MS = 5;

/**
 * Opening waits inside SQLite, and longer: another process may be importing a large `store.json`
 * at that moment, and nothing is being served yet.
 */
const OPEN_BUSY_TIMEOUT_MS = 60_000;

/** Expired rows deleted per sweep statement, and how often the background sweep runs. */
const SWEEP_BATCH = 500;
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/** The schema this code writes; a database with a higher `user_version` is left alone. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS entries (
    key TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('value', 'map', 'list')),
    value TEXT,
    expires_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS entries_expiry ON entries (expires_at) WHERE expires_at IS NOT NULL;
  CREATE TABLE IF NOT EXISTS fields (
    key TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (key, field)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS items (
    key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (key, seq)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS meta (
    name TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
`;

/** What `onImported` is told after an old `store.json` was imported. */
export interface JsonImport {
  /** The file that was read, and what it was renamed to. */
  from: string;
  to: string;
  /** Keys imported (expired ones are not). */
  keys: number;
}

export interface SqliteStoreOptions {
  /** Directory of the database (created with mode 0700 when missing). */
  dataDir: string;
  /** Clock in milliseconds, for TTLs. Default: `Date.now`. */
  now?: () => number;
  /** See {@link DEFAULT_BUSY_TIMEOUT_MS}. */
  busyTimeoutMs?: number;
  /** How often expired rows are swept; 0 turns the background sweep off. Default: 60 s. */
  sweepIntervalMs?: number;
  /** Told once when this start imported an old `store.json` (log it). */
  onImported?: (report: JsonImport) => void;
}

/** The SQLite driver: the {@link Store} contract, plus its file and an explicit sweep. */
export interface SqliteStore extends Store {
  /** Path of the database file. */
  readonly file: string;
  /** Deletes every expired row now (in batches); resolves how many went. */
  sweep(): Promise<number>;
}

/** SQLite's primary result codes that the app tells apart, by number. */
const SQLITE_CODES: Record<number, string> = {
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  8: "SQLITE_READONLY",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  26: "SQLITE_NOTADB",
};

interface SqliteFailure {
  /** Primary result code name, e.g. `SQLITE_BUSY`. */
  code: string;
  /** SQLite's fixed phrase for that code (never a key or a value). */
  reason: string;
}

/** The result code of an error `node:sqlite` threw, or null for anything else. */
function sqliteFailure(error: unknown): SqliteFailure | null {
  if (!(error instanceof Error) || Reflect.get(error, "code") !== "ERR_SQLITE_ERROR") return null;
  const errcode = Reflect.get(error, "errcode");
  const primary = typeof errcode === "number" ? errcode & 0xff : 1;
  const errstr = Reflect.get(error, "errstr");
  return {
    code: SQLITE_CODES[primary] ?? `SQLITE_ERROR(${primary})`,
    reason: typeof errstr === "string" ? errstr : "unknown error",
  };
}

/**
 * The smallest string above every string that starts with `prefix`, in SQLite's order (UTF-8
 * bytes, which is code point order): the last code point raised by one, dropping code points that
 * cannot be raised. `null` when there is none (every code point is U+10FFFF).
 */
export function prefixSuccessor(prefix: string): string | null {
  const points = Array.from(prefix, (char) => char.codePointAt(0) ?? 0);
  while (points.length > 0) {
    const last = (points.pop() ?? 0) + 1;
    if (last <= 0x10ffff) {
      // Surrogates are not characters; the next one after them is U+E000.
      points.push(last >= 0xd800 && last <= 0xdfff ? 0xe000 : last);
      return String.fromCodePoint(...points);
    }
  }
  return null;
}

/**
 * The upper bound to bind for `key < ?`: the prefix's successor, or, when there is none, an empty
 * BLOB, which SQLite orders after every TEXT value (so the bound excludes nothing).
 */
function upperBound(prefix: string): SQLInputValue {
  return prefixSuccessor(prefix) ?? new Uint8Array(0);
}

const LIVE = "(expires_at IS NULL OR expires_at > ?)";

/** The statements of one connection, prepared once. */
function prepareStatements(db: DatabaseSync) {
  const prepare = (sql: string): StatementSync => db.prepare(sql);
  return {
    begin: prepare("BEGIN IMMEDIATE"),
    commit: prepare("COMMIT"),
    rollback: prepare("ROLLBACK"),
    get: prepare(`SELECT kind, value FROM entries WHERE key = ? AND ${LIVE}`),
    getMany: prepare(
      `SELECT key, kind, value FROM entries WHERE key IN (SELECT value FROM json_each(?)) AND ${LIVE}`,
    ),
    kindOf: prepare(`SELECT kind FROM entries WHERE key = ? AND ${LIVE}`),
    deleteIfExpired: prepare("DELETE FROM entries WHERE key = ? AND expires_at <= ?"),
    upsertValue: prepare(
      `INSERT INTO entries (key, kind, value, expires_at) VALUES (?, 'value', ?, ?)
       ON CONFLICT (key) DO UPDATE SET kind = 'value', value = excluded.value,
         expires_at = excluded.expires_at`,
    ),
    // One statement: inserts, or replaces only a row whose time is up; `changes` says which.
    insertIfAbsent: prepare(
      `INSERT INTO entries (key, kind, value, expires_at) VALUES (?, 'value', ?, ?)
       ON CONFLICT (key) DO UPDATE SET kind = 'value', value = excluded.value,
         expires_at = excluded.expires_at
       WHERE entries.expires_at IS NOT NULL AND entries.expires_at <= ?`,
    ),
    createKey: prepare(
      "INSERT INTO entries (key, kind) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
    ),
    deleteKey: prepare("DELETE FROM entries WHERE key = ?"),
    deleteFieldsOf: prepare("DELETE FROM fields WHERE key = ?"),
    deleteItemsOf: prepare("DELETE FROM items WHERE key = ?"),
    setField: prepare(
      `INSERT INTO fields (key, field, value) VALUES (?, ?, ?)
       ON CONFLICT (key, field) DO UPDATE SET value = excluded.value`,
    ),
    deleteField: prepare("DELETE FROM fields WHERE key = ? AND field = ?"),
    anyField: prepare("SELECT 1 AS found FROM fields WHERE key = ? LIMIT 1"),
    getFields: prepare(
      `SELECT e.kind AS kind, f.field AS field, f.value AS value
       FROM entries e LEFT JOIN fields f ON f.key = e.key
       WHERE e.key = ? AND (e.expires_at IS NULL OR e.expires_at > ?)`,
    ),
    nextSeq: prepare("SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM items WHERE key = ?"),
    pushItem: prepare("INSERT INTO items (key, seq, value) VALUES (?, ?, ?)"),
    // Sequence numbers of a list are consecutive, so the newest `keep` are those above this one.
    trimItems: prepare("DELETE FROM items WHERE key = ? AND seq <= ?"),
    readList: prepare(
      `SELECT e.kind AS kind, i.value AS value
       FROM entries e LEFT JOIN items i ON i.key = e.key
       WHERE e.key = ? AND (e.expires_at IS NULL OR e.expires_at > ?)
       ORDER BY i.seq DESC`,
    ),
    countRange: prepare(
      `SELECT COUNT(*) AS count FROM entries WHERE key >= ? AND key < ? AND ${LIVE}`,
    ),
    keysRange: prepare(`SELECT key FROM entries WHERE key >= ? AND key < ? AND ${LIVE}`),
    deleteEntriesRange: prepare("DELETE FROM entries WHERE key >= ? AND key < ?"),
    deleteFieldsRange: prepare("DELETE FROM fields WHERE key >= ? AND key < ?"),
    deleteItemsRange: prepare("DELETE FROM items WHERE key >= ? AND key < ?"),
    sweep: prepare(
      `DELETE FROM entries WHERE key IN
         (SELECT key FROM entries WHERE expires_at <= ? LIMIT ${SWEEP_BATCH})`,
    ),
    getMeta: prepare("SELECT value FROM meta WHERE name = ?"),
    setMeta: prepare(
      "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** Text of a row's column, or null. */
function text(row: Record<string, SQLInputValue> | undefined, column: string): string | null {
  const value = row?.[column];
  return typeof value === "string" ? value : null;
}

function kindOfRow(row: Record<string, SQLInputValue> | undefined): KeyKind | null {
  const kind = text(row, "kind");
  return kind === "value" || kind === "map" || kind === "list" ? kind : null;
}

/** Creates the database file with mode 0600 when missing, so SQLite's `-wal` and `-shm` follow. */
async function createPrivateFile(file: string): Promise<void> {
  const handle = await open(file, "a", 0o600);
  await handle.close();
}

/**
 * Opens (creating when missing) `<dataDir>/store.db`. On first start, an existing
 * `<dataDir>/store.json` is imported in one transaction and renamed `store.json.imported`
 * (`onImported` is told); several processes starting at once import it once. A file that is not
 * an SQLite database is reported by name and left untouched.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const { dataDir } = options;
  const now = options.now ?? Date.now;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const file = join(dataDir, SQLITE_FILE_NAME);

  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await createPrivateFile(file);
  } catch (error) {
    throw new StoreFileAccessError(file, "open", systemCode(error));
  }

  let db: DatabaseSync;
  let statements: Statements;
  try {
    db = new DatabaseSync(file);
  } catch (error) {
    throw openError(file, error);
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
    const version = Number(db.prepare("PRAGMA user_version").get()?.user_version ?? 0);
    if (version > SCHEMA_VERSION) {
      throw new StoreCorruptFileError(
        file,
        `was written by a newer version of eFax Reports (schema ${version})`,
      );
    }
    db.exec("PRAGMA journal_mode = WAL");
    // Commits are flushed by the store itself, outside the lock (see the top of this file).
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("BEGIN IMMEDIATE");
    db.exec(SCHEMA);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec("COMMIT");
    statements = prepareStatements(db);
  } catch (error) {
    db.close();
    throw isStoreError(error) ? error : openError(file, error);
  }

  let wal: FileHandle;
  try {
    // The schema transaction made the WAL file; it stays while this connection is open.
    wal = await open(`${file}-wal`, "r");
  } catch (error) {
    db.close();
    throw new StoreFileAccessError(`${file}-wal`, "open", systemCode(error));
  }
  try {
    const imported = await importJsonStore(statements, dataDir, now(), wal);
    if (imported) options.onImported?.(imported);
    db.exec(`PRAGMA busy_timeout = ${SQLITE_WAIT_MS}`);
  } catch (error) {
    db.close();
    await wal.close();
    throw isStoreError(error) ? error : openError(file, error);
  }

  return openedStore({ db, wal, statements, file, now, busyTimeoutMs, options });
}

/** What opening failed with: a damaged or foreign file, or one that cannot be opened. */
function openError(file: string, error: unknown): Error {
  const failure = sqliteFailure(error);
  if (failure?.code === "SQLITE_NOTADB" || failure?.code === "SQLITE_CORRUPT") {
    return new StoreCorruptFileError(file, "is not an SQLite database, or is damaged");
  }
  if (failure) return new StoreDatabaseError(file, "open", failure.code, failure.reason);
  return new StoreFileAccessError(file, "open", systemCode(error));
}

/**
 * Imports `<dataDir>/store.json` when there is one: reads it, then in one transaction writes every
 * live key (replacing what the database holds under the same key) and records the file's digest,
 * so that another process starting at the same moment, which waits for the lock, finds it done.
 * Renames the file afterwards; a start that finds a recorded file not renamed (a crash between the
 * two) only renames it. Returns what it imported, or null.
 */
async function importJsonStore(
  statements: Statements,
  dataDir: string,
  nowMs: number,
  wal: FileHandle,
): Promise<JsonImport | null> {
  const from = join(dataDir, JSON_STORE_FILE_NAME);
  const to = `${from}${IMPORTED_JSON_SUFFIX}`;
  const content = await readJsonStoreText(from);
  if (content === null) return null;
  const entries = parseJsonStoreText(from, content);
  // Its content's digest tells a file already imported (by another process, or before a crash
  // that came before the rename) from a new one.
  const identity = `sha256:${createHash("sha256").update(content).digest("hex")}`;

  let imported: number | null = null;
  statements.begin.run();
  try {
    if (text(statements.getMeta.get("json-import"), "value") !== identity) {
      imported = writeEntries(statements, entries, nowMs);
      statements.setMeta.run("json-import", identity);
    }
    statements.commit.run();
  } catch (error) {
    rollbackQuietly(statements);
    throw error;
  }
  // On disk before the file it came from goes.
  await wal.datasync();
  try {
    await rename(from, to);
  } catch (error) {
    // Another process starting at the same moment renamed it first.
    if (systemCode(error) !== "ENOENT") {
      throw new StoreFileAccessError(from, "open", systemCode(error));
    }
  }
  return imported === null ? null : { from, to, keys: imported };
}

/** Writes the JSON driver's entries (inside the caller's transaction); returns how many. */
function writeEntries(
  statements: Statements,
  entries: Map<string, JsonEntry>,
  nowMs: number,
): number {
  let count = 0;
  for (const [key, entry] of entries) {
    if (entry.expiresAt !== null && entry.expiresAt <= nowMs) continue;
    statements.deleteKey.run(key);
    statements.deleteFieldsOf.run(key);
    statements.deleteItemsOf.run(key);
    if (entry.kind === "value") {
      statements.upsertValue.run(key, encodeValue(entry.value), entry.expiresAt);
    } else if (entry.kind === "map") {
      statements.createKey.run(key, "map");
      for (const [field, value] of Object.entries(entry.value)) {
        if (isStoredValue(value)) statements.setField.run(key, field, encodeValue(value));
      }
    } else {
      const items = Array.isArray(entry.value.items) ? entry.value.items : [];
      const kept = items.filter(isStoredValue);
      statements.createKey.run(key, "list");
      // Newest first in the file; the newest gets the highest sequence number.
      kept.forEach((item, index) => {
        statements.pushItem.run(key, kept.length - index, encodeValue(item));
      });
    }
    count += 1;
  }
  return count;
}

function isBusy(failure: SqliteFailure | null): boolean {
  return failure?.code === "SQLITE_BUSY" || failure?.code === "SQLITE_LOCKED";
}

function rollbackQuietly(statements: Statements): void {
  try {
    statements.rollback.run();
  } catch {
    // No transaction was open (BEGIN itself failed): nothing to undo.
  }
}

interface Opened {
  db: DatabaseSync;
  /** The WAL file, flushed after each commit. */
  wal: FileHandle;
  statements: Statements;
  file: string;
  now: () => number;
  busyTimeoutMs: number;
  options: SqliteStoreOptions;
}

function openedStore({ db, wal, statements: s, file, now, busyTimeoutMs, options }: Opened) {
  let closed = false;
  /** Set by `close()`: its last flush of the WAL file, then the file closed. */
  let closing: Promise<void> | null = null;

  /** A `node:sqlite` failure as a store error; the app's own errors pass through. */
  function translate(error: unknown, operation: StoreOperation): unknown {
    const failure = sqliteFailure(error);
    if (!failure) return error;
    if (isBusy(failure)) return new StoreUnavailableError(operation, "busy", busyTimeoutMs);
    return new StoreDatabaseError(file, operation, failure.code, failure.reason);
  }

  /**
   * Runs `run` (synchronous: one statement, or one short transaction); while another process
   * holds the lock, sleeps a moment (without blocking the event loop) and tries again, until
   * `busyTimeoutMs` has passed.
   */
  async function attempt<T>(operation: StoreOperation, run: () => T): Promise<T> {
    const deadline = performance.now() + busyTimeoutMs;
    for (let tries = 1; ; tries += 1) {
      if (closed) throw new StoreClosedError(operation);
      try {
        return run();
      } catch (error) {
        if (!isBusy(sqliteFailure(error)) || performance.now() >= deadline) {
          throw translate(error, operation);
        }
      }
      // 1–2 ms at first, up to 5–10 ms: a commit elsewhere takes a millisecond or two.
      const pause = Math.min(tries, 5) * (1 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** Runs one statement on its own (its own transaction, so its own consistent snapshot). */
  function single<T>(operation: StoreOperation, body: () => T): Promise<T> {
    return attempt(operation, body);
  }

  /**
   * Runs `body` in a write transaction taken at once (`BEGIN IMMEDIATE`), so no read goes stale;
   * resolves once the commit is on disk.
   */
  async function transaction<T>(operation: StoreOperation, body: () => T): Promise<T> {
    const result = await attempt(operation, () => {
      s.begin.run();
      try {
        const outcome = body();
        s.commit.run();
        return outcome;
      } catch (error) {
        rollbackQuietly(s);
        throw error;
      }
    });
    await flushed(operation);
    return result;
  }

  /** One statement that writes on its own; resolves once it is on disk. */
  async function singleWrite<T>(operation: StoreOperation, body: () => T): Promise<T> {
    const result = await attempt(operation, body);
    await flushed(operation);
    return result;
  }

  /** Flushes the WAL file: every commit made before this call is then on disk. */
  async function flushed(operation: StoreOperation): Promise<void> {
    try {
      // A write committed just before `close()` is flushed by the close itself.
      await (closing ?? wal.datasync());
    } catch (error) {
      throw new StoreDatabaseError(
        file,
        operation,
        systemCode(error) ?? "flush",
        "the write was made but could not be flushed to disk",
      );
    }
  }

  /** The live kind of `key` inside a write, an expired row removed first; throws on another kind. */
  function claim(key: string, kind: KeyKind): boolean {
    const at = now();
    s.deleteIfExpired.run(key, at);
    const existing = kindOfRow(s.kindOf.get(key, at));
    if (existing !== null && existing !== kind) throw wrongKind(key, existing, kind);
    return existing !== null;
  }

  function decoded<T extends StoredValue>(key: string, value: string | null): T {
    return asCallerType<T>(decodeValue(key, value ?? ""));
  }

  function expiryOf(setOptions: SetOptions | undefined): number | null {
    const ttl = ttlSecondsOf(setOptions);
    return ttl === null ? null : now() + ttl * 1000;
  }

  function sweepBatch(): number {
    return Number(s.sweep.run(now()).changes);
  }

  async function sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      if (closed) return total;
      const deleted = await transaction("delete", sweepBatch);
      total += deleted;
      if (deleted < SWEEP_BATCH) return total;
      // Let requests in between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  const interval = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  const timer =
    interval > 0
      ? setInterval(() => {
          // A failed sweep is retried at the next one; calls report their own failures.
          sweep().catch(() => undefined);
        }, interval)
      : null;
  timer?.unref();

  const store: SqliteStore = {
    file,
    sweep,
    async get<T extends StoredValue>(key: string): Promise<T | null> {
      return single("read", () => {
        const row = s.get.get(key, now());
        if (!row) return null;
        const kind = kindOfRow(row);
        if (kind !== "value") throw wrongKind(key, kind ?? "value", "value");
        return decoded<T>(key, text(row, "value"));
      });
    },
    async getMany<T extends StoredValue>(keys: readonly string[]): Promise<(T | null)[]> {
      return single("read", () => {
        if (keys.length === 0) return [];
        const found = new Map<string, string>();
        for (const row of s.getMany.all(JSON.stringify(keys), now())) {
          const key = text(row, "key");
          const value = text(row, "value");
          if (key !== null && value !== null && kindOfRow(row) === "value") found.set(key, value);
        }
        return keys.map((key) => {
          const value = found.get(key);
          return value === undefined ? null : decoded<T>(key, value);
        });
      });
    },
    async set(key, value, setOptions) {
      const encoded = encodeValue(value);
      const expiresAt = expiryOf(setOptions);
      await transaction("write", () => {
        // Like Redis SET, a value replaces whatever the key held, a map or a list too.
        s.deleteFieldsOf.run(key);
        s.deleteItemsOf.run(key);
        s.upsertValue.run(key, encoded, expiresAt);
      });
    },
    async setIfAbsent(key, value, setOptions) {
      const encoded = encodeValue(value);
      const expiresAt = expiryOf(setOptions);
      return singleWrite("write", () => {
        const result = s.insertIfAbsent.run(key, encoded, expiresAt, now());
        return Number(result.changes) === 1;
      });
    },
    async setField(key, field, value) {
      const encoded = encodeValue(value);
      await transaction("write", () => {
        if (!claim(key, "map")) s.createKey.run(key, "map");
        s.setField.run(key, field, encoded);
      });
    },
    async deleteField(key, field) {
      await transaction("delete", () => {
        if (!claim(key, "map")) return;
        s.deleteField.run(key, field);
        if (s.anyField.get(key) === undefined) s.deleteKey.run(key);
      });
    },
    async getFields<T extends StoredValue>(key: string): Promise<Record<string, T>> {
      return single("read", () => {
        const fields: Record<string, T> = {};
        for (const row of s.getFields.all(key, now())) {
          const kind = kindOfRow(row);
          if (kind !== "map") throw wrongKind(key, kind ?? "value", "map");
          const field = text(row, "field");
          if (field !== null)
            fields[field] = decoded<T>(`${key} (field ${field})`, text(row, "value"));
        }
        return fields;
      });
    },
    async pushCapped(key, value, keep) {
      const limit = checkKeep(keep);
      const encoded = encodeValue(value);
      await transaction("write", () => {
        if (!claim(key, "list")) s.createKey.run(key, "list");
        const seq = Number(s.nextSeq.get(key)?.seq ?? 1);
        s.pushItem.run(key, seq, encoded);
        s.trimItems.run(key, seq - limit);
      });
    },
    async readList<T extends StoredValue>(key: string): Promise<T[]> {
      return single("read", () => {
        const items: T[] = [];
        for (const row of s.readList.all(key, now())) {
          const kind = kindOfRow(row);
          if (kind !== "list") throw wrongKind(key, kind ?? "value", "list");
          const value = text(row, "value");
          if (value !== null) items.push(decoded<T>(key, value));
        }
        return items;
      });
    },
    async delete(key) {
      await transaction("delete", () => {
        s.deleteKey.run(key);
        s.deleteFieldsOf.run(key);
        s.deleteItemsOf.run(key);
      });
    },
    async deleteByPrefix(prefix) {
      checkErasePrefix(prefix);
      const upper = upperBound(prefix);
      return transaction("delete", () => {
        const count = Number(s.countRange.get(prefix, upper, now())?.count ?? 0);
        s.deleteEntriesRange.run(prefix, upper);
        s.deleteFieldsRange.run(prefix, upper);
        s.deleteItemsRange.run(prefix, upper);
        return count;
      });
    },
    async keys(prefix) {
      return single("list", () =>
        s.keysRange
          .all(prefix, upperBound(prefix), now())
          .map((row) => text(row, "key") ?? "")
          // The order the other drivers give (UTF-16 code units), not SQLite's (UTF-8 bytes).
          .sort(),
      );
    },
    async close() {
      if (closed) return closing ?? undefined;
      closed = true;
      if (timer) clearInterval(timer);
      let failure: unknown = null;
      try {
        // The last connection to close checkpoints the WAL into the database file.
        db.close();
      } catch (error) {
        failure = translate(error, "save");
      }
      // Writes committed before the close, whose own flush may not have run yet.
      closing = wal.datasync().finally(() => wal.close());
      await closing;
      if (failure) throw failure;
    },
  };
  return store;
}
