/**
 * Text pieces for Slack's mrkdwn. Phone numbers, usernames and failure reasons come from eFax and
 * are data: they go through {@link dataText} so that `<!channel>` or `<@U123>` in a username is
 * shown, never acted on, and a 5,000-character name cannot blow a block's limit.
 */

/** Escapes the three characters Slack's mrkdwn reserves for links and mentions. */
export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Control characters, line breaks and bidi overrides: they would break lines or reorder text. */
const CONTROL_OR_BREAK = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]+/gu;

/** Longest stretch of a data value shown in lists, before escaping. */
export const DATA_TEXT_LENGTH = 48;

/**
 * A data value ready for mrkdwn: control characters and line breaks become spaces, anything longer
 * than `maxLength` characters (default {@link DATA_TEXT_LENGTH}) is cut with "…", and the result is
 * escaped. Empty values read "(none)".
 */
export function dataText(value: string, maxLength = DATA_TEXT_LENGTH): string {
  const flat = value.replace(CONTROL_OR_BREAK, " ").trim();
  if (flat === "") return "(none)";
  return escapeText(truncate(flat, maxLength));
}

/** Cuts `text` to at most `maxLength` characters (code points), ending in "…" when cut. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const chars = Array.from(text);
  if (chars.length <= maxLength) return text;
  return `${chars.slice(0, Math.max(0, maxLength - 1)).join("")}…`;
}

/**
 * Cuts mrkdwn to at most `maxLength` characters without leaving half an escape (`&am`) or half a
 * link (`<@U12`) behind. A last line of defence: views budget their text so this rarely cuts.
 */
export function clipMrkdwn(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let cut = text.slice(0, Math.max(0, maxLength - 1));
  const open = cut.lastIndexOf("<");
  if (open > cut.lastIndexOf(">")) cut = cut.slice(0, open);
  const amp = cut.lastIndexOf("&");
  if (amp > cut.lastIndexOf(";")) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** Cells of every bar: bars of one list line up, and so does the text after them. */
export const BAR_WIDTH = 10;

/**
 * A bar of `value` against `max`, as `width` cells (default {@link BAR_WIDTH}): full blocks for
 * the value, light shade for the rest, so every bar of a list is equally long and the text after
 * it starts at the same place. Only whole cells, since partial blocks are drawn at different
 * widths by different fonts. `bar(23, 40)` → `"██████░░░░"`; any non-zero value shows at least
 * one block, zero none, and only the largest value a full bar.
 */
export function bar(value: number, max: number, width = BAR_WIDTH): string {
  if (max <= 0 || value <= 0) return "░".repeat(width);
  if (value >= max) return "█".repeat(width);
  const filled = Math.min(width - 1, Math.max(1, Math.round((value / max) * width)));
  return "█".repeat(filled) + "░".repeat(width - filled);
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

/** `<@U123>` for a Slack user id; anything else is shown as escaped text, never as a mention. */
export function mentionUser(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : dataText(userId);
}

/** `<#C123>` for a Slack channel id; anything else is shown as escaped text. */
export function mentionChannel(channelId: string): string {
  return SLACK_CHANNEL_ID.test(channelId) ? `<#${channelId}>` : dataText(channelId);
}

/**
 * "a workspace admin (for example <@U1>, <@U2>)": whom to ask, naming at most three of `admins`.
 */
export function adminsPhrase(admins: readonly string[]): string {
  const shown = admins.slice(0, 3).map(mentionUser);
  return shown.length > 0
    ? `a workspace admin (for example ${shown.join(", ")})`
    : "a workspace admin";
}

/**
 * A moment shown in each reader's own time zone by Slack (`<!date^…>`), with a UTC fallback for
 * clients that cannot render it: "Thu 26 Nov 2026 at 14:05" style, or "2026-11-26 14:05 UTC".
 */
export function slackDate(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const fallback = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
  return `<!date^${seconds}^{date_short_pretty} at {time}|${fallback}>`;
}

/** Inline code for words a person should type, e.g. `` `/efax failures yesterday` ``. */
export function code(text: string): string {
  return `\`${escapeText(text.replace(/`/g, "'"))}\``;
}
