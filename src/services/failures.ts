/**
 * Turns any failure caught at a listener's edge into what the person reads: plain words and a next
 * step, from the error views. Admin-only advice (reconnect, connect) is offered only to people who
 * may act on it; the check is made lazily, only for the failures that need it.
 */
import { WebAPIPlatformError } from "@slack/web-api";
import { isDateInputError } from "../dates/errors.ts";
import { type EfaxErrorCode, isEfaxError } from "../efax/errors.ts";
import type { ReportName } from "../reports/catalog.ts";
import { SealError } from "../secrets/errors.ts";
import { isStoreError } from "../store/errors.ts";
import {
  buildCredentialsRejectedMessage,
  buildDateErrorMessage,
  buildDigestChannelMessage,
  buildDigestNotAllowedMessage,
  buildEfaxUnavailableMessage,
  buildNotAllowedMessage,
  buildNotConnectedMessage,
  buildNotInstalledMessage,
  buildSettingNotAllowedMessage,
  buildSlackRefusedMessage,
  buildStaleButtonMessage,
  buildStoreUnavailableMessage,
  buildTimeZoneNotAllowedMessage,
  buildUnexpectedErrorMessage,
  buildUnreadableAccountMessage,
  type EfaxTrouble,
  type SlackMessage,
} from "../views/index.ts";
import type { ReportRef } from "../views/report-ref.ts";
import { ADMIN_SETTINGS, DigestChannelError, isAppError, NotAllowedError } from "./errors.ts";
import { InstallationNotFoundError } from "./installations.ts";

export interface FailureContext {
  /** Whether the person may manage the eFax account; asked only when the advice depends on it. */
  canManage: () => Promise<boolean>;
  /** Slack user ids to name as people who can connect an account. */
  admins: readonly string[];
  /** The report asked for, for examples and the "show sample data" button. */
  report?: ReportName;
  ref?: ReportRef;
  /** The channel a Slack refusal was about. */
  channelId?: string;
}

const EFAX_TROUBLE: Partial<Record<EfaxErrorCode, EfaxTrouble>> = {
  throttled: "busy",
  upstream: "down",
  network: "down",
  timeout: "slow",
  aborted: "slow",
  "malformed-body": "unreadable",
  "unexpected-shape": "unreadable",
};

/** True for failures that are the person's to fix (dates, buttons, permissions), not ours. */
export function isUserMistake(error: unknown): boolean {
  if (isDateInputError(error)) return true;
  return isAppError(error);
}

/** The message that explains `error` to the person who asked. */
export async function messageForFailure(
  error: unknown,
  context: FailureContext,
): Promise<SlackMessage> {
  if (isDateInputError(error)) {
    return buildDateErrorMessage({ error, ...(context.report ? { report: context.report } : {}) });
  }
  if (isAppError(error)) {
    switch (error.code) {
      case "not-connected":
        return buildNotConnectedMessage({
          canManage: await safely(context.canManage),
          admins: context.admins,
          ...(context.ref ? { sample: context.ref } : {}),
        });
      case "not-allowed": {
        const action = error instanceof NotAllowedError ? error.action : "connect";
        if (action === "timezone") return buildTimeZoneNotAllowedMessage();
        if (action === "digest") return buildDigestNotAllowedMessage({ admins: context.admins });
        if (action === "connect" || action === "disconnect") {
          return buildNotAllowedMessage({ action, admins: context.admins });
        }
        return buildSettingNotAllowedMessage({
          what: ADMIN_SETTINGS[action],
          admins: context.admins,
        });
      }
      case "digest-channel":
        if (error instanceof DigestChannelError) {
          return buildDigestChannelMessage(error);
        }
        return buildUnexpectedErrorMessage();
      case "invalid-button":
        return buildStaleButtonMessage();
      case "not-in-channel":
        return buildSlackRefusedMessage({
          error: "not_in_channel",
          ...(context.channelId ? { channelId: context.channelId } : {}),
        });
    }
  }
  if (isEfaxError(error)) {
    if (error.code === "credentials-rejected") {
      return buildCredentialsRejectedMessage({
        canManage: await safely(context.canManage),
        admins: context.admins,
      });
    }
    const trouble = EFAX_TROUBLE[error.code];
    if (trouble) return buildEfaxUnavailableMessage(trouble);
  }
  if (error instanceof SealError) {
    return buildUnreadableAccountMessage({ canManage: await safely(context.canManage) });
  }
  if (isStoreError(error) && (error.code === "unavailable" || error.code === "closed")) {
    return buildStoreUnavailableMessage();
  }
  if (error instanceof WebAPIPlatformError) {
    return buildSlackRefusedMessage({
      error: error.data.error,
      ...(context.channelId ? { channelId: context.channelId } : {}),
    });
  }
  return buildUnexpectedErrorMessage();
}

async function safely(check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch {
    return false;
  }
}

/** Slack's answers to a bot token it no longer accepts. */
const REFUSED_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  "account_inactive",
  "invalid_auth",
  "not_authed",
  "token_expired",
  "token_revoked",
]);

/** `error`, then what it wraps (`original`, as Bolt's and the OAuth package's errors do, or `cause`). */
function* errorChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    yield current;
    const original: unknown = current instanceof Error ? Reflect.get(current, "original") : null;
    current = original ?? (current instanceof Error ? current.cause : undefined);
  }
}

/**
 * What to tell the person whose request Bolt could not authorise (`install`: how the app is
 * installed): the workspace's installation is gone, Slack refused the bot token, or the store
 * holding installations could not be reached.
 */
export function messageForAuthorizationFailure(
  error: unknown,
  install: "oauth" | "token",
): SlackMessage {
  for (const link of errorChain(error)) {
    if (link instanceof InstallationNotFoundError) {
      return buildNotInstalledMessage({ install: "oauth" });
    }
    if (link instanceof WebAPIPlatformError && REFUSED_TOKEN_ERRORS.has(link.data.error)) {
      return buildNotInstalledMessage({ install });
    }
    if (isStoreError(link) && (link.code === "unavailable" || link.code === "closed")) {
      return buildStoreUnavailableMessage();
    }
  }
  return buildUnexpectedErrorMessage();
}
