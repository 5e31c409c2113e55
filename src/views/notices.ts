/**
 * Short messages between a request and its answer: "fetching…", "connected", "disconnected",
 * "shared". Each states what happened in one line and, where useful, what to try next.
 */
import { rangeLength } from "../dates/calendar.ts";
import { formatRange } from "../dates/format.ts";
import { reportInfo } from "../reports/catalog.ts";
import type { AnyReport } from "../reports/model.ts";
import { context, fallback, type SlackMessage, section } from "./blocks.ts";
import { COMMAND } from "./ids.ts";
import { code, dataText, mentionChannel } from "./mrkdwn.ts";
import { reportHeading } from "./report-parts.ts";
import type { ReportRef } from "./report-ref.ts";

/** Shown at once while a report is fetched; ranges warn that they take a few seconds. */
export function buildLoadingMessage(ref: ReportRef): SlackMessage {
  const what = `${reportInfo(ref.name).title} · ${formatRange(ref)}`;
  const days = rangeLength(ref);
  const line = `⏳ Getting *${what}*${ref.sample ? " (sample data)" : ""}…`;
  return {
    text: fallback(`Getting ${what}…`),
    blocks:
      days > 1
        ? [section(line), context(`${days} days of reports: this can take a few seconds.`)]
        : [section(line)],
  };
}

/** After a successful Connect. `usernameMasked` as the vault describes it. */
export function buildConnectedMessage(options: { usernameMasked: string }): SlackMessage {
  const account = dataText(options.usernameMasked, 40);
  return {
    text: fallback(`Connected the eFax account ${account}.`),
    blocks: [
      section(
        `✅ Connected the eFax account *${account}*. Everyone in this workspace can now run reports.`,
      ),
      context(`Try ${code(`${COMMAND} summary yesterday`)} or open the app's Home tab.`),
    ],
  };
}

/** After a confirmed Disconnect. */
export function buildDisconnectedMessage(): SlackMessage {
  return {
    text: fallback("Disconnected the eFax account."),
    blocks: [
      section(
        "Disconnected the eFax account. Its details were erased from this app; nothing changed in eFax itself.",
      ),
      context(
        `Reports stop until an admin connects an account again with ${code(`${COMMAND} connect`)}.`,
      ),
    ],
  };
}

/** Replaces the ephemeral result once it is shared. */
export function buildSharedNotice(options: { channelId: string }): SlackMessage {
  const channel = mentionChannel(options.channelId);
  return {
    text: fallback("Shared to the channel."),
    blocks: [section(`✅ Shared to ${channel}. The details and the CSV are in its thread.`)],
  };
}

/** After the CSV button: the file went to the person's direct message with the app. */
export function buildCsvSentNotice(): SlackMessage {
  const line = "📎 I sent you the CSV in a direct message: see this app's Messages tab.";
  return { text: fallback(line), blocks: [section(line)] };
}

/** The comment above a report's CSV files: which report and days they hold. */
export function csvComment(report: AnyReport): string {
  return `CSV of ${reportHeading(report)}`;
}
