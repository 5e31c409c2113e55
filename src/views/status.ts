/**
 * `/efax status`: is an eFax account connected, which one (username masked), who connected it and
 * when, how report days are counted, and where the app keeps its data. Never a secret.
 */
import type { Button, KnownBlock } from "@slack/types";
import type { StoreConfig } from "../store/index.ts";
import {
  actions,
  button,
  context,
  fallback,
  fields,
  header,
  type SlackMessage,
  section,
} from "./blocks.ts";
import { ACTION_IDS, COMMAND } from "./ids.ts";
import { code, dataText, mentionUser, slackDate } from "./mrkdwn.ts";

/** The connected account as the credential vault describes it: no secret in it. */
export interface AccountSummary {
  usernameMasked: string;
  connectedBy: string;
  connectedAt: Date;
}

/** Plain data for the status message. */
export interface WorkspaceStatus {
  /** The workspace's account, or null. */
  account: AccountSummary | null;
  /**
   * True when no account was connected in Slack but the server's `EFAX_*` settings provide
   * one (a single-workspace install).
   */
  usesServerAccount: boolean;
  /** The zone report days are counted in for everyone, or null for each person's Slack zone. */
  reportTimeZone: string | null;
  /** The asker's Slack time zone, shown when days follow each person's zone. */
  userTimeZone?: string | null;
  store: StoreConfig["driver"];
  /** The asker may connect or disconnect. */
  canManage: boolean;
}

const STORE_WORDS: Record<StoreConfig["driver"], string> = {
  upstash: "Upstash Redis (account details encrypted)",
  embedded: "built-in storage on the app's server (account details encrypted)",
};

/**
 * "✅ Connected to the eFax account *ac…ic* by <@U…> on <date>", or for an account from the
 * server's settings (`account` null) a line saying so.
 */
export function connectedLine(account: AccountSummary | null): string {
  if (account === null) {
    return "✅ Connected through the app's server settings (set up by whoever runs this app)";
  }
  return `✅ Connected to the eFax account *${dataText(account.usernameMasked, 40)}* by ${mentionUser(account.connectedBy)} on ${slackDate(account.connectedAt)}`;
}

/**
 * The account buttons admins see: "Connect eFax account" when none is connected, otherwise
 * "Change eFax account" (connecting again replaces it) and, for an account connected in Slack,
 * "Disconnect".
 */
export function accountButtons(options: { connected: boolean; disconnectable: boolean }): Button[] {
  if (!options.connected) {
    return [
      button({ text: "Connect eFax account", actionId: ACTION_IDS.connect, style: "primary" }),
    ];
  }
  return [
    button({ text: "Change eFax account", actionId: ACTION_IDS.connect }),
    ...(options.disconnectable
      ? [button({ text: "Disconnect", actionId: ACTION_IDS.disconnect, style: "danger" })]
      : []),
  ];
}

function accountLines(status: WorkspaceStatus): string {
  if (status.account || status.usesServerAccount) return connectedLine(status.account);
  return "⚠️ *No eFax account is connected*";
}

function daysLine(status: WorkspaceStatus): string {
  if (status.reportTimeZone) {
    return `Days are counted in *${dataText(status.reportTimeZone, 64)}* for everyone.`;
  }
  const yours = status.userTimeZone ? ` (yours: *${dataText(status.userTimeZone, 64)}*)` : "";
  return `Days are counted in each person's own Slack time zone${yours}.`;
}

/** The status message: account, days, storage, and what the asker can do about it. */
export function buildStatusMessage(status: WorkspaceStatus): SlackMessage {
  const connected = status.account !== null || status.usesServerAccount;
  const blocks: KnownBlock[] = [
    header("eFax account status"),
    section(accountLines(status)),
    fields([`*Report days*\n${daysLine(status)}`, `*Storage*\n${STORE_WORDS[status.store]}`]),
  ];
  if (status.canManage) {
    blocks.push(actions(accountButtons({ connected, disconnectable: status.account !== null })));
  } else {
    blocks.push(
      context(
        `Workspace admins can change the account with ${code(`${COMMAND} connect`)} and ${code(`${COMMAND} disconnect`)}.`,
      ),
    );
  }
  const summary = status.account
    ? `Connected to the eFax account ${dataText(status.account.usernameMasked, 40)}.`
    : connected
      ? "Connected through the app's server settings."
      : "No eFax account is connected.";
  return { text: fallback(summary), blocks };
}
