/**
 * Failures around secrets. Messages say what was attempted and never carry plaintext, key
 * material or a sealed value.
 */

export type SecretsErrorCode = "seal" | "encryption-key" | "key-file";

/** Base class of every secrets failure; test with {@link isSecretsError}. */
export class SecretsError extends Error {
  readonly code: SecretsErrorCode;

  constructor(code: SecretsErrorCode, message: string) {
    super(message);
    this.name = "SecretsError";
    this.code = code;
  }
}

/** True for any {@link SecretsError}. */
export function isSecretsError(error: unknown): error is SecretsError {
  return error instanceof SecretsError;
}

/** Why a sealed value could not be opened. */
export type SealFailure = "malformed" | "unknown-key" | "not-authentic";

const SEAL_PROBLEMS: Record<SealFailure, string> = {
  malformed: "it is not a value this app sealed",
  "unknown-key": "it was sealed with a key that ENCRYPTION_KEY no longer lists",
  "not-authentic":
    "it belongs to another workspace, was sealed with a different key under the same id, or has been altered",
};

/** A sealed value that cannot be opened here: wrong workspace, unknown key, or tampered. */
export class SealError extends SecretsError {
  readonly reason: SealFailure;
  /** The key id the value names, when it names one (ids are not secret). */
  readonly keyId: string | null;

  constructor(reason: SealFailure, keyId: string | null = null) {
    super(
      "seal",
      `Could not open a sealed value: ${SEAL_PROBLEMS[reason]}${keyId && reason === "unknown-key" ? ` (key id "${keyId}")` : ""}.`,
    );
    this.name = "SealError";
    this.reason = reason;
    this.keyId = keyId;
  }
}

/** `ENCRYPTION_KEY` (or the key file) does not hold usable keys. `problem` is a full sentence. */
export class EncryptionKeyError extends SecretsError {
  readonly problem: string;

  constructor(problem: string) {
    super("encryption-key", `Could not read the encryption key: ${problem}`);
    this.name = "EncryptionKeyError";
    this.problem = problem;
  }
}

/** The generated key file of the embedded store cannot be read, parsed or written. */
export class KeyFileError extends SecretsError {
  readonly file: string;

  constructor(file: string, problem: string) {
    super("key-file", `Could not load the encryption key from ${file}: ${problem}`);
    this.name = "KeyFileError";
    this.file = file;
  }
}
