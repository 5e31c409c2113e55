/**
 * Store failures. Messages say what was attempted in plain words and never carry a command, a
 * value or a token: `@upstash/redis` quotes whole commands (values included) in its own errors,
 * so those are never passed through, not even as `cause`.
 */

/** What the app was trying to do when the store failed. */
export type StoreOperation = "read" | "write" | "delete" | "list" | "open" | "save";

const ATTEMPTS: Record<StoreOperation, string> = {
  read: "read from the store",
  write: "write to the store",
  delete: "delete from the store",
  list: "list keys in the store",
  open: "open the store",
  save: "save the store to disk",
};

/**
 * Why the store could not be used: a remote store timed out, could not be reached, refused us or
 * answered nonsense; the embedded database stayed locked by another process (`busy`).
 */
export type UnavailableReason = "timeout" | "network" | "rejected" | "unexpected-response" | "busy";

export type StoreErrorCode =
  | "unavailable"
  | "corrupt-value"
  | "corrupt-file"
  | "file-access"
  | "invalid-key"
  | "closed";

/** Base class of every store failure; test with {@link isStoreError}. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly operation: StoreOperation | null;

  constructor(code: StoreErrorCode, operation: StoreOperation | null, message: string) {
    super(message);
    this.name = "StoreError";
    this.code = code;
    this.operation = operation;
  }
}

/** True for any {@link StoreError}. */
export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}

const REASONS: Record<UnavailableReason, (timeoutMs: number) => string> = {
  timeout: (ms) => `it did not answer within ${ms} ms`,
  network: () => "the connection failed",
  rejected: () =>
    "it refused the request (check UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN)",
  "unexpected-response": () => "it sent an answer that is not Upstash's REST format",
  busy: (ms) => `another process kept the database locked for more than ${ms} ms`,
};

/** The remote store timed out, could not be reached, refused us, or answered nonsense. */
export class StoreUnavailableError extends StoreError {
  readonly reason: UnavailableReason;

  constructor(operation: StoreOperation, reason: UnavailableReason, timeoutMs: number) {
    super(
      "unavailable",
      operation,
      `Could not ${ATTEMPTS[operation]}: ${REASONS[reason](timeoutMs)}.`,
    );
    this.name = "StoreUnavailableError";
    this.reason = reason;
  }
}

/** A stored value is not a JSON object (written by something else, or damaged). */
export class StoreCorruptValueError extends StoreError {
  readonly key: string;

  constructor(key: string) {
    super(
      "corrupt-value",
      "read",
      `Could not ${ATTEMPTS.read}: the value under "${key}" is not a JSON object. Delete that key to start it afresh.`,
    );
    this.name = "StoreCorruptValueError";
    this.key = key;
  }
}

/** The embedded store's file cannot be read back. Never wiped silently: the operator decides. */
export class StoreCorruptFileError extends StoreError {
  readonly file: string;

  constructor(file: string, problem: string) {
    super(
      "corrupt-file",
      "open",
      `Could not ${ATTEMPTS.open}: ${file} ${problem}. Move the file aside (the app then starts with an empty store) or restore it from a backup; it was left untouched.`,
    );
    this.name = "StoreCorruptFileError";
    this.file = file;
  }
}

/** The embedded store could not read or write its file (permissions, disk full, missing directory). */
export class StoreFileAccessError extends StoreError {
  readonly file: string;

  constructor(file: string, operation: "open" | "save", systemCode: string | undefined) {
    super(
      "file-access",
      operation,
      `Could not ${ATTEMPTS[operation]}: ${operation === "open" ? "reading" : "writing"} ${file} failed${systemCode ? ` (${systemCode})` : ""}. Check that DATA_DIR is readable and writable by the app and that the disk has room.`,
    );
    this.name = "StoreFileAccessError";
    this.file = file;
  }
}

/** A key part (team id, scope, id) that could address another workspace's keys or a glob. */
export class StoreKeyError extends StoreError {
  constructor(part: string, rule: string) {
    super("invalid-key", null, `Could not build a store key: the ${part} ${rule}.`);
    this.name = "StoreKeyError";
  }
}

/**
 * The embedded database failed a read or a write (disk full, file made read-only, damaged, gone).
 * Counts as the store being unavailable (code `unavailable`): people are told the app cannot reach
 * its store, the log names the file and SQLite's reason (a fixed phrase, never a key or a value).
 */
export class StoreDatabaseError extends StoreError {
  readonly file: string;
  /** SQLite's primary result code name, e.g. `SQLITE_FULL`. */
  readonly sqliteCode: string;

  constructor(file: string, operation: StoreOperation, sqliteCode: string, reason: string) {
    super(
      "unavailable",
      operation,
      `Could not ${ATTEMPTS[operation]}: the database ${file} failed (${sqliteCode}: ${reason}). Check that DATA_DIR is readable and writable by the app and that the disk has room.`,
    );
    this.name = "StoreDatabaseError";
    this.file = file;
    this.sqliteCode = sqliteCode;
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends StoreError {
  constructor(operation: StoreOperation) {
    super("closed", operation, `Could not ${ATTEMPTS[operation]}: the store is already closed.`);
    this.name = "StoreClosedError";
  }
}
