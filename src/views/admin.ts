/**
 * The admin's views of a workspace's settings: number masking (`/efax mask`), the audit trail
 * (`/efax audit`), and the App Home section that shows both to admins.
 */
import type { KnownBlock } from "@slack/types";
import {
  actions,
  button,
  context,
  fallback,
  header,
  type SlackMessage,
  section,
} from "./blocks.ts";
import { ACTION_IDS, COMMAND } from "./ids.ts";
import { code, dataText, mentionChannel, mentionUser, slackDate } from "./mrkdwn.ts";

/** One line of the audit trail, as the audit service reads it. */
export interface AuditLine {
  /** ISO 8601. */
  at: string;
  by: string;
  what: string;
  from: string | null;
  to: string | null;
}

/** What a masked number looks like, for the explanations. */
const MASK_EXAMPLE = "•••-•••-2919";

const CHANNEL_ID = /^[CG][A-Z0-9]{2,30}$/;
/** A channel inside a value: `#C0123` (shown as a link to the channel). */
const CHANNEL_IN_VALUE = /(#[CG][A-Z0-9]{2,30})\b/;

/** A value as code, with any `#C0123` in it shown as the channel. */
function valueText(value: string): string {
  if (CHANNEL_ID.test(value)) return mentionChannel(value);
  return value
    .split(CHANNEL_IN_VALUE)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) =>
      CHANNEL_IN_VALUE.test(part)
        ? mentionChannel(part.slice(1))
        : `\`${dataText(part, 60).replace(/`/g, "'")}\``,
    )
    .join(" ");
}

/** "<date> <@U1> changed *Report time zone* from `UTC` to `Asia/Tokyo`". */
export function auditLineText(line: AuditLine): string {
  const when = slackDate(new Date(line.at));
  const who = mentionUser(line.by);
  const what = `*${dataText(line.what, 60)}*`;
  let change: string;
  if (line.from === null && line.to === null) change = `changed ${what}`;
  else if (line.from === null && line.to !== null) change = `set ${what} to ${valueText(line.to)}`;
  else if (line.to === null && line.from !== null) {
    change = `removed ${what} (was ${valueText(line.from)})`;
  } else
    change = `changed ${what} from ${valueText(line.from ?? "")} to ${valueText(line.to ?? "")}`;
  return `${when} · ${who} ${change}`;
}

/** Lines per section: ten fit well inside a section's 3,000 characters. */
const LINES_PER_SECTION = 10;

/** `/efax audit`: the last changes, newest first (up to 50, in sections of ten). */
export function buildAuditMessage(options: {
  lines: readonly AuditLine[];
  keep: number;
}): SlackMessage {
  const blocks: KnownBlock[] = [header("Changes made by admins")];
  if (options.lines.length === 0) {
    blocks.push(
      section(
        "No admin has changed anything here yet. Connecting the eFax account, the report time zone, digests, alerts, masking, snoozes and mutes are listed here once they change.",
      ),
    );
  }
  for (let start = 0; start < options.lines.length; start += LINES_PER_SECTION) {
    const chunk = options.lines.slice(start, start + LINES_PER_SECTION);
    blocks.push(section(chunk.map(auditLineText).join("\n")));
  }
  blocks.push(
    context(
      `Newest first. The last ${options.keep} changes are kept, and erased with everything else if the app is uninstalled. Only admins see this.`,
    ),
  );
  return {
    text: fallback(
      options.lines.length === 0
        ? "No admin changes yet."
        : `The last ${options.lines.length} changes made by admins.`,
    ),
    blocks,
  };
}

/** The masking setting in words, for `/efax mask` and the App Home. */
export function maskingLine(masked: boolean): string {
  return masked
    ? `🔒 Destination numbers are *masked* everywhere the app posts in this workspace (reports, shared messages and threads, digests, alerts, the Home tab, CSV files): ${code(MASK_EXAMPLE)}. Fax lines (your own numbers) stay readable.`
    : "Destination numbers are shown in full.";
}

/** `/efax mask`, `/efax mask on|off`: the setting now, and what the asker can do about it. */
export function buildMaskingMessage(options: {
  masked: boolean;
  /** It was just changed by the asker. */
  changed: boolean;
  canManage: boolean;
}): SlackMessage {
  const blocks: KnownBlock[] = [
    section(
      options.changed ? `✅ Saved. ${maskingLine(options.masked)}` : maskingLine(options.masked),
    ),
  ];
  blocks.push(
    context(
      options.canManage
        ? `${code(`${COMMAND} mask ${options.masked ? "off" : "on"}`)} ${options.masked ? "shows them in full again" : "masks them"}. Changes are listed in ${code(`${COMMAND} audit`)}.`
        : `Workspace admins can change this with ${code(`${COMMAND} mask on`)} or ${code(`${COMMAND} mask off`)}.`,
    ),
  );
  return {
    text: fallback(
      options.masked ? "Destination numbers are masked." : "Destination numbers are shown in full.",
    ),
    blocks,
  };
}

/** `/efax mask <typed>` with something other than on or off. */
export function buildMaskingUsageMessage(options: { typed: string }): SlackMessage {
  return {
    text: fallback("Use /efax mask on or /efax mask off."),
    blocks: [
      section(
        `⚠️ I can't read “${dataText(options.typed, 40)}” as on or off.\n*What to do:* type ${code(`${COMMAND} mask on`)} to mask destination numbers (${code(MASK_EXAMPLE)}), or ${code(`${COMMAND} mask off`)} to show them in full.`,
      ),
    ],
  };
}

/** What the admin part of the App Home shows. */
export interface AdminHomeState {
  masked: boolean;
  /** The newest changes (the Home shows the first few). */
  audit: readonly AuditLine[];
}

/** Changes the App Home lists; `/efax audit` has the rest. */
export const HOME_AUDIT_LINES = 5;

/** The App Home's admin section: masking with its switch, and the latest changes. */
export function adminHomeBlocks(state: AdminHomeState): KnownBlock[] {
  const blocks: KnownBlock[] = [
    section(`*Privacy*\n${maskingLine(state.masked)}`),
    actions([
      state.masked
        ? button({ text: "Show full numbers", actionId: ACTION_IDS.maskOff })
        : button({ text: "Mask destination numbers", actionId: ACTION_IDS.maskOn }),
    ]),
  ];
  const latest = state.audit.slice(0, HOME_AUDIT_LINES);
  blocks.push(
    section(
      latest.length === 0
        ? "*Recent changes*\nNo admin has changed anything yet."
        : `*Recent changes*\n${latest.map(auditLineText).join("\n")}`,
    ),
    context(`${code(`${COMMAND} audit`)} lists the last 50. Only admins see this section.`),
  );
  return blocks;
}
