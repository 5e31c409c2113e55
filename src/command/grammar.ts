/**
 * The `/efax` grammar, shared by the slash command, mentions and direct messages:
 * `<report> [when]`, `help`, `connect`, `disconnect`, `status`, `timezone …`, `mask on|off`,
 * `audit`, `digest …`, `alerts …`. Pure text in, a parsed request out; dates are resolved later, once the
 * requester's time zone is known.
 */
import { findReport, REPORTS, type ReportName } from "../reports/catalog.ts";
import { type AlertsCommand, parseAlertsArgs } from "./alerts.ts";
import { type DigestCommand, parseDigestArgs } from "./digest.ts";
import { suggestWord } from "./suggest.ts";

/** Words that start the digest setting (`digest #fax-ops 9:00 weekdays`). */
const DIGEST_WORDS: ReadonlySet<string> = new Set(["digest", "digests"]);

/** Words that start the alert rules (`alerts rate 90 min 20`). */
const ALERT_WORDS: ReadonlySet<string> = new Set(["alerts", "alert"]);

/** Words that start the report time zone setting. */
const TIMEZONE_WORDS: ReadonlySet<string> = new Set(["timezone", "time-zone", "tz", "zone"]);

/** Words that start the number-masking setting. */
const MASK_WORDS: ReadonlySet<string> = new Set(["mask", "masking"]);

/** Words that are not reports. */
export const SUBCOMMANDS = ["help", "connect", "disconnect", "status", "audit"] as const;

export type Subcommand = (typeof SUBCOMMANDS)[number];

const SUBCOMMAND_SYNONYMS: Record<string, Subcommand> = {
  help: "help",
  "?": "help",
  "-h": "help",
  "--help": "help",
  usage: "help",
  commands: "help",
  connect: "connect",
  setup: "connect",
  login: "connect",
  disconnect: "disconnect",
  logout: "disconnect",
  status: "status",
  info: "status",
  audit: "audit",
  changes: "audit",
};

export type ParsedCommand =
  | { kind: "subcommand"; name: Subcommand }
  /**
   * `timezone <Zone>` sets the workspace's report time zone, `timezone off` clears it, and a bare
   * `timezone` shows it; `zone` is the rest of the text as typed.
   */
  | { kind: "timezone"; zone: string }
  /** `mask on|off` sets number masking, a bare `mask` shows it; `setting` is the rest as typed. */
  | { kind: "mask"; setting: string }
  /**
   * `digest <#channel> <time> [daily|weekdays|weekly]`, `digest off`, or a bare `digest` (show
   * the setting); `text` is what followed `digest`, as typed.
   */
  | { kind: "digest"; command: DigestCommand; text: string }
  /**
   * `alerts`, `alerts <#channel>`, `alerts rate <percent> [min <attempts>]`, `alerts line <n>`,
   * `alerts unreached on|off`, `alerts rate off`, `alerts line off`, `alerts off`; `text` is what
   * followed `alerts`, as typed.
   */
  | { kind: "alerts"; command: AlertsCommand; text: string }
  /** `when` is the rest of the text, trimmed; empty means the default day (yesterday). */
  | { kind: "report"; report: ReportName; when: string }
  /**
   * `suggestion` is the closest known word (a synonym is given as its report's name), or null
   * when nothing is close; `text` is everything
   * typed, so a caller can offer `summary <text>` when it reads as a date.
   */
  | { kind: "unknown"; word: string; suggestion: string | null; text: string };

/**
 * Parses the text after `/efax` (or of a mention / DM, mentions removed). Empty text is `help`.
 * A leading `report` followed by a report name is ignored, so `report failures` reads like the CLI.
 */
export function parseCommand(text: string): ParsedCommand {
  const withChannels = stripPeopleMentions(text).split(/\s+/).filter(Boolean);
  if (DIGEST_WORDS.has(withChannels[0]?.toLowerCase() ?? "")) {
    const args = withChannels.slice(1);
    return { kind: "digest", command: parseDigestArgs(args), text: args.join(" ") };
  }
  if (ALERT_WORDS.has(withChannels[0]?.toLowerCase() ?? "")) {
    const args = withChannels.slice(1);
    return { kind: "alerts", command: parseAlertsArgs(args), text: args.join(" ") };
  }
  const words = stripMentions(text).split(/\s+/).filter(Boolean);
  let [first, ...rest] = words;
  if (first === undefined) return { kind: "subcommand", name: "help" };
  if (first.toLowerCase() === "report" && rest[0] !== undefined && findReport(rest[0])) {
    [first, ...rest] = rest;
    if (first === undefined) return { kind: "subcommand", name: "help" };
  }
  const lower = first.toLowerCase();
  if (TIMEZONE_WORDS.has(lower)) return { kind: "timezone", zone: rest.join(" ") };
  if (MASK_WORDS.has(lower)) return { kind: "mask", setting: rest.join(" ") };
  const subcommand = SUBCOMMAND_SYNONYMS[lower];
  if (subcommand !== undefined && rest.length === 0)
    return { kind: "subcommand", name: subcommand };
  const report = findReport(lower);
  if (report) return { kind: "report", report: report.name, when: rest.join(" ") };
  if (subcommand !== undefined) return { kind: "subcommand", name: subcommand };
  const closest = suggestWord(lower, knownWords());
  const suggestion = closest === null ? null : (findReport(closest)?.name ?? closest);
  return { kind: "unknown", word: first, suggestion, text: [first, ...rest].join(" ") };
}

/** Removes user, channel and special mentions (`<@U123>`, `<#C1|general>`, `<!here>`) and trims. */
export function stripMentions(text: string): string {
  return text
    .replace(/<[@#!][^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Removes user and special mentions (`<@U123>`, `<!here>`) and trims; channels stay. */
function stripPeopleMentions(text: string): string {
  return text
    .replace(/<[@!][^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Every word the grammar understands first: report names, their synonyms and the subcommands. */
export function knownWords(): string[] {
  const words = new Set<string>();
  for (const report of REPORTS) {
    words.add(report.name);
    for (const synonym of report.synonyms) words.add(synonym);
  }
  for (const name of SUBCOMMANDS) words.add(name);
  words.add("timezone");
  words.add("mask");
  words.add("digest");
  words.add("alerts");
  return [...words];
}
