/**
 * The words after `/efax digest`: `<#channel> <time> [daily|weekdays|weekly]`, `off`, or nothing
 * (show the setting). Pure; the channel is checked with Slack later. With `should_escape: true`
 * in the manifest Slack sends a channel as `<#C0123|fax-ops>`; an older manifest sends the bare
 * `#fax-ops`, which names no channel the app can address, so it is refused with its own problem.
 */
import { type Cadence, timeOfMinutes } from "../dates/schedule.ts";

/** A channel as Slack escapes it: its id, and its name when Slack sent one. */
export interface ChannelRef {
  id: string;
  name: string | null;
}

/** Why the words could not be used. */
export type DigestProblem =
  /** `#fax-ops` as plain text: the command was sent without `should_escape`. */
  | { kind: "bare-channel"; name: string }
  | { kind: "no-channel" }
  | { kind: "two-channels" }
  | { kind: "no-time" }
  /** Looked like a time but is not one (`25:00`, `9:75`, `13pm`). */
  | { kind: "bad-time"; typed: string }
  /** A word that is neither a channel, a time nor a schedule. */
  | { kind: "unknown-word"; typed: string };

export type DigestCommand =
  | { action: "show" }
  | { action: "off" }
  | { action: "set"; channel: ChannelRef; time: string; cadence: Cadence }
  | { action: "invalid"; problem: DigestProblem };

const OFF_WORDS = new Set(["off", "stop", "none", "disable", "remove", "cancel", "delete"]);
const SHOW_WORDS = new Set(["show", "status", "info", "setting", "settings"]);

const CADENCE_WORDS: Record<string, Cadence> = {
  daily: "daily",
  day: "daily",
  days: "daily",
  everyday: "daily",
  weekdays: "weekdays",
  weekday: "weekdays",
  workdays: "weekdays",
  workday: "weekdays",
  "mon-fri": "weekdays",
  weekly: "weekly",
  week: "weekly",
  mondays: "weekly",
  monday: "weekly",
};

/** Words that may sit between the others ("#fax-ops at 9 every weekday") and mean nothing. */
const FILLER = new Set(["at", "every", "each", "on", "in", "to", "post", "posted", "send", "the"]);

const ESCAPED_CHANNEL = /^<#([CG][A-Z0-9]{2,30})(?:\|([^>]*))?>$/;
const BARE_CHANNEL = /^#([^\s<>]{1,80})$/;
const TIME = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/;
const LOOKS_LIKE_TIME = /^\d|^(am|pm|a\.m\.|p\.m\.)$/;
const MERIDIEM = /^(am|pm|a\.m\.|p\.m\.)$/;

/**
 * Reads a time of day as people type it: `9`, `09`, `9:00`, `9.30`, `9am`, `9 pm`, `12am`, `17:30`.
 * Returns `HH:MM`, or null when `typed` is not a time (hours past 23, minutes past 59, `13pm`).
 */
export function parseTimeOfDay(typed: string): string | null {
  const match = TIME.exec(typed.trim().toLowerCase());
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const meridiem = match[3]?.replace(/\./g, "");
  if (minutes > 59) return null;
  if (meridiem !== undefined) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (meridiem === "pm" ? 12 : 0);
  } else if (hours > 23) {
    return null;
  }
  return timeOfMinutes(hours * 60 + minutes);
}

/** Reads the words after `digest` (already split on spaces, mentions of people removed). */
export function parseDigestArgs(words: readonly string[]): DigestCommand {
  const first = words[0]?.toLowerCase();
  if (first === undefined || (words.length === 1 && SHOW_WORDS.has(first))) {
    return { action: "show" };
  }
  if (words.length === 1 && OFF_WORDS.has(first)) return { action: "off" };

  let channel: ChannelRef | null = null;
  let time: string | null = null;
  let cadence: Cadence | null = null;
  const invalid = (problem: DigestProblem): DigestCommand => ({ action: "invalid", problem });

  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    const lower = word.toLowerCase();
    const escaped = ESCAPED_CHANNEL.exec(word);
    if (escaped) {
      if (channel !== null && channel.id !== escaped[1]) return invalid({ kind: "two-channels" });
      channel = { id: escaped[1] ?? "", name: escaped[2] ? escaped[2] : null };
      continue;
    }
    const bare = BARE_CHANNEL.exec(word);
    if (bare) return invalid({ kind: "bare-channel", name: bare[1] ?? "" });
    if (FILLER.has(lower)) continue;
    const cadenceWord = CADENCE_WORDS[lower];
    if (cadenceWord !== undefined) {
      cadence = cadenceWord;
      continue;
    }
    if (LOOKS_LIKE_TIME.test(lower)) {
      const next = words[i + 1]?.toLowerCase();
      const joined = next !== undefined && MERIDIEM.test(next) ? `${lower}${next}` : lower;
      const parsed = parseTimeOfDay(joined);
      if (parsed === null) return invalid({ kind: "bad-time", typed: joined });
      if (joined !== lower) i++;
      time = parsed;
      continue;
    }
    return invalid({ kind: "unknown-word", typed: word });
  }
  if (channel === null) return invalid({ kind: "no-channel" });
  if (time === null) return invalid({ kind: "no-time" });
  return { action: "set", channel, time, cadence: cadence ?? "daily" };
}
