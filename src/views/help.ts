/**
 * `/efax help`: everything the app understands, with examples a person can copy. Report names and
 * synonyms come from the catalogue and date examples from the date parser, so help never offers a
 * word the grammar would refuse.
 */
import type { KnownBlock } from "@slack/types";
import { DATE_EXAMPLES } from "../dates/errors.ts";
import { REPORTS } from "../reports/catalog.ts";
import { context, divider, fallback, header, type SlackMessage, section } from "./blocks.ts";
import { APP_DISPLAY_NAME, COMMAND } from "./ids.ts";
import { code, escapeText } from "./mrkdwn.ts";

/** A further command to list, e.g. the scheduled-digest subcommands the app registers. */
export interface HelpEntry {
  /** What to type after the command name, e.g. `digest daily 9:00`. */
  usage: string;
  /** One line in plain words. */
  description: string;
}

/** What {@link buildHelpMessage} may add; by default nothing. */
export interface HelpOptions {
  /** Listed under "More", after the account commands. */
  extra?: readonly HelpEntry[];
}

/** Commands beyond the reports and the account ones, for the help message's `extra`. */
export const MORE_COMMANDS: readonly HelpEntry[] = [
  {
    usage: "digest #fax-ops 9:00 weekdays",
    description:
      "post yesterday's key figures to a channel every morning, an unusual day flagged, details and CSV in the thread: daily, weekdays or weekly (Mondays, last week) (workspace admins)",
  },
  { usage: "digest", description: "show the digest's channel, time and next day" },
  { usage: "digest off", description: "stop the digest (workspace admins)" },
  {
    usage: "timezone America/New_York",
    description:
      "count report days in one time zone for everyone here (workspace admins); `timezone off` goes back to each person's own",
  },
  {
    usage: "alerts",
    description:
      "the alert rules, their channel, snoozes and mutes; every rule is off until turned on",
  },
  { usage: "alerts #fax-ops", description: "where alerts go (workspace admins)" },
  {
    usage: "alerts rate 90 min 20",
    description:
      "alert when today's success rate is below 90% (decimals allowed: 99.5) once 20 faxes were tried; `alerts rate off`",
  },
  {
    usage: "alerts line 20",
    description: "alert when one fax line has over 20 failed attempts today; `alerts line off`",
  },
  {
    usage: "alerts unreached on",
    description: "alert on a number no fax got through to today; `alerts unreached off`",
  },
  { usage: "alerts off", description: "turn every alert rule off (workspace admins)" },
  {
    usage: "mask on",
    description:
      "show destination numbers as •••-•••-2919 in everything the app posts here, CSV files included (workspace admins); `mask off` shows them in full",
  },
  {
    usage: "audit",
    description:
      "the last 50 changes admins made here: who, what, before and after, when (workspace admins)",
  },
];

const SYNONYMS_SHOWN = 3;

function reportLines(): string {
  return REPORTS.map((r) => {
    const also = r.synonyms.slice(0, SYNONYMS_SHOWN).map(code).join(", ");
    return `${code(`${COMMAND} ${r.name}`)} — *${r.title}*: ${escapeText(r.description)}${also ? ` _(also ${also})_` : ""}`;
  }).join("\n");
}

/**
 * The help message: reports with synonyms, how to say when, account commands, mentions and direct
 * messages, and any `extra` commands.
 */
export function buildHelpMessage(options: HelpOptions = {}): SlackMessage {
  const blocks: KnownBlock[] = [
    header(`${APP_DISPLAY_NAME} — how to ask`),
    section(
      `Type ${code(`${COMMAND}`)}, a report and, if you like, when. Only you see the answer until you click *Share to channel*.`,
    ),
    section(`*Reports*\n${reportLines()}`),
    section(
      [
        "*When* — add a day or a range after the report; without one you get *yesterday*.",
        DATE_EXAMPLES.map(code).join(" · "),
        `For example ${code(`${COMMAND} failures yesterday`)}, ${code(`${COMMAND} billable last month`)} or ${code(`${COMMAND} summary from nov 1 to nov 7`)}. Up to 31 days at a time, in your own time zone.`,
      ].join("\n"),
    ),
    divider(),
    section(
      [
        "*Your eFax account*",
        `${code(`${COMMAND} connect`)} — connect this workspace's eFax Developer account (workspace admins)`,
        `${code(`${COMMAND} disconnect`)} — remove it (workspace admins)`,
        `${code(`${COMMAND} status`)} — which account is connected, by whom and since when`,
        `${code(`${COMMAND} help`)} — this message`,
      ].join("\n"),
    ),
  ];
  if (options.extra && options.extra.length > 0) {
    const lines = options.extra.map(
      (e) => `${code(`${COMMAND} ${e.usage}`)} — ${escapeText(e.description)}`,
    );
    blocks.push(section(`*More*\n${lines.join("\n")}`));
  }
  blocks.push(
    section(
      [
        "*In channels and direct messages*",
        `Mention me with the same words: ${code(`@${APP_DISPLAY_NAME} failures yesterday`)}. I answer in a thread.`,
        "In the thread of a shared report, mention me to follow up right there.",
        `In a direct message, just type the words: ${code("summary last week")}.`,
      ].join("\n"),
    ),
    context(
      "The *App Home* tab shows yesterday and the last 7 days at a glance. No account yet? Try the sample data there.",
    ),
  );
  return {
    text: fallback(
      `${APP_DISPLAY_NAME} help: ${COMMAND} overview, numbers, failures, billable or summary, then a day or range (default yesterday).`,
    ),
    blocks,
  };
}
