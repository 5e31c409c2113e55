/**
 * Failures of the app's own rules (not of eFax, Slack or the store, which have their own errors).
 * Messages say what was attempted in plain words; listeners turn them into views.
 */

export type AppErrorCode =
  | "not-connected"
  | "not-allowed"
  | "invalid-button"
  | "not-in-channel"
  | "digest-channel";

/** Base class; test with {@link isAppError}. */
export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
}

/** True for any {@link AppError}. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The workspace has no eFax account and no default account is configured. */
export class NotConnectedError extends AppError {
  constructor() {
    super(
      "not-connected",
      "Could not run the report: this workspace has no eFax account connected.",
    );
    this.name = "NotConnectedError";
  }
}

/** Admin-only settings beyond the account and the time zone, named as people read them. */
export const ADMIN_SETTINGS = {
  audit: "see the audit trail",
  mask: "change number masking",
  alerts: "change the alerts",
  snooze: "snooze or mute alerts",
  digest: "set or stop the digest",
} as const;

/** Only workspace admins and owners (or ADMIN_USER_IDS) may do this. */
export class NotAllowedError extends AppError {
  readonly action: "connect" | "disconnect" | "timezone" | keyof typeof ADMIN_SETTINGS;

  constructor(action: NotAllowedError["action"]) {
    super(
      "not-allowed",
      action === "timezone"
        ? "Could not change the report time zone: only workspace admins and owners may do that."
        : action === "connect" || action === "disconnect"
          ? `Could not ${action} the eFax account: only workspace admins and owners may do that.`
          : `Could not ${ADMIN_SETTINGS[action]}: only workspace admins and owners may do that.`,
    );
    this.name = "NotAllowedError";
    this.action = action;
  }
}

/** A button's value did not decode to a report reference (tampered, truncated, or outdated). */
export class InvalidButtonError extends AppError {
  constructor() {
    super("invalid-button", "Could not read that button: it does not describe a report.");
    this.name = "InvalidButtonError";
  }
}

/** The bot cannot post to a private channel it was not invited to. */
export class NotInChannelError extends AppError {
  readonly channelId: string;
  /**
   * Slack's answer when the app tried to join (`method_not_supported_for_channel_type` for a
   * private channel, `channel_not_found`, `is_archived`), when it is known.
   */
  readonly joinError: string | null;

  constructor(channelId: string, joinError: string | null = null) {
    super(
      "not-in-channel",
      "Could not share the report: the app is not a member of this private channel.",
    );
    this.name = "NotInChannelError";
    this.channelId = channelId;
    this.joinError = joinError;
  }
}

/** The channel named for the digest cannot take it: the app cannot see it, or it is archived. */
export class DigestChannelError extends AppError {
  readonly channelId: string;
  readonly problem: "cannot-see" | "archived";

  constructor(channelId: string, problem: DigestChannelError["problem"]) {
    super(
      "digest-channel",
      problem === "archived"
        ? "Could not set the digest: its channel is archived."
        : "Could not set the digest: the app cannot see its channel.",
    );
    this.name = "DigestChannelError";
    this.channelId = channelId;
    this.problem = problem;
  }
}
