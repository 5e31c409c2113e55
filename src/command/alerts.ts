/**
 * The words after `/efax alerts`:
 *
 * - nothing: show the rules, the channel, snoozes and mutes;
 * - `<#channel>`: where alerts go (turns no rule on);
 * - `rate <percent> [min <attempts>]`: success rate below the percent (a decimal is fine:
 *   `99.5`), once at least that many attempts were made today; `rate off`;
 * - `line <failures>`: a fax line (DID) over that many failures today; `line off`;
 * - `unreached on|off`: a destination number no fax got through to today;
 * - `off`: every rule off.
 *
 * Pure; the channel is checked with Slack later. Slack sends a channel as `<#C0123|fax-ops>`
 * (`should_escape: true` in the manifest); a bare `#fax-ops` names no channel the app can address.
 */

/** Alert rules, by the word that names them. */
export const ALERT_RULES = ["rate", "line", "unreached"] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** The attempts a rate rule waits for when `min` is not given: three faxes page no one. */
export const DEFAULT_MIN_ATTEMPTS = 20;

/** The rules the App Home offers to turn on with one click. */
export const DEFAULT_ALERT_RULES = {
  rate: { percent: 90, minAttempts: DEFAULT_MIN_ATTEMPTS },
  line: { failures: 20 },
  unreached: true,
} as const;

/** Why the words could not be used. */
export type AlertsProblem =
  /** `#fax-ops` as plain text: no channel id came with it. */
  | { kind: "bare-channel"; name: string }
  /** `rate` without a usable percent (0 < percent ≤ 100, at most two decimals). */
  | { kind: "bad-percent"; typed: string | null }
  /** `min` without a whole number of attempts (1 or more). */
  | { kind: "bad-min"; typed: string | null }
  /** `line` without a whole number of failures (1 or more). */
  | { kind: "bad-failures"; typed: string | null }
  /** `unreached` without on or off. */
  | { kind: "bad-switch"; typed: string | null }
  /** Anything else. */
  | { kind: "unknown"; typed: string };

export type AlertsCommand =
  | { action: "show" }
  | { action: "channel"; channel: { id: string; name: string | null } }
  /** `percent` as typed (0–100), `minAttempts` the given or default minimum. */
  | { action: "rate"; percent: number; minAttempts: number }
  | { action: "line"; failures: number }
  | { action: "unreached"; on: boolean }
  | { action: "rule-off"; rule: "rate" | "line" }
  | { action: "off" }
  | { action: "invalid"; problem: AlertsProblem };

const ESCAPED_CHANNEL = /^<#([CG][A-Z0-9]{2,30})(?:\|([^>]*))?>$/;
const BARE_CHANNEL = /^#([^\s<>]{1,80})$/;
const PERCENT = /^(\d{1,3}(?:[.,]\d{1,2})?)%?$/;
const WHOLE = /^\d{1,6}$/;
const OFF = new Set(["off", "stop", "none", "disable", "remove"]);
const ON = new Set(["on", "yes", "enable", "start"]);

const invalid = (problem: AlertsProblem): AlertsCommand => ({ action: "invalid", problem });

function percentOf(word: string | undefined): number | null {
  const match = word === undefined ? null : PERCENT.exec(word);
  if (!match?.[1]) return null;
  const value = Number(match[1].replace(",", "."));
  return value > 0 && value <= 100 ? value : null;
}

function wholeOf(word: string | undefined): number | null {
  if (word === undefined || !WHOLE.test(word)) return null;
  const value = Number(word);
  return value >= 1 ? value : null;
}

/** Reads the words after `alerts` (channels still escaped, people mentions removed). */
export function parseAlertsArgs(words: readonly string[]): AlertsCommand {
  const [first, ...rest] = words;
  if (first === undefined) return { action: "show" };
  const lower = first.toLowerCase();
  const channel = ESCAPED_CHANNEL.exec(first);
  if (channel?.[1]) {
    if (rest.length > 0) return invalid({ kind: "unknown", typed: rest.join(" ") });
    return { action: "channel", channel: { id: channel[1], name: channel[2] || null } };
  }
  const bare = BARE_CHANNEL.exec(first);
  if (bare?.[1]) return invalid({ kind: "bare-channel", name: bare[1] });
  if (OFF.has(lower) && rest.length === 0) return { action: "off" };

  const [second, third, fourth, ...extra] = rest;
  switch (lower) {
    case "rate":
    case "success": {
      if (second !== undefined && OFF.has(second.toLowerCase()) && third === undefined) {
        return { action: "rule-off", rule: "rate" };
      }
      const percent = percentOf(second);
      if (percent === null) return invalid({ kind: "bad-percent", typed: second ?? null });
      if (third === undefined) {
        return { action: "rate", percent, minAttempts: DEFAULT_MIN_ATTEMPTS };
      }
      if (!["min", "minimum", "min.", "at-least"].includes(third.toLowerCase()) || extra.length) {
        return invalid({ kind: "unknown", typed: [third, fourth, ...extra].join(" ").trim() });
      }
      const minAttempts = wholeOf(fourth);
      if (minAttempts === null) return invalid({ kind: "bad-min", typed: fourth ?? null });
      return { action: "rate", percent, minAttempts };
    }
    case "line":
    case "lines":
    case "did": {
      if (second !== undefined && OFF.has(second.toLowerCase()) && third === undefined) {
        return { action: "rule-off", rule: "line" };
      }
      const failures = wholeOf(second);
      if (failures === null) return invalid({ kind: "bad-failures", typed: second ?? null });
      if (third !== undefined) return invalid({ kind: "unknown", typed: rest.slice(1).join(" ") });
      return { action: "line", failures };
    }
    case "unreached":
    case "numbers": {
      const word = second?.toLowerCase();
      if (word === undefined || third !== undefined || (!ON.has(word) && !OFF.has(word))) {
        return invalid({ kind: "bad-switch", typed: second ?? null });
      }
      return { action: "unreached", on: ON.has(word) };
    }
    default:
      return invalid({ kind: "unknown", typed: words.join(" ") });
  }
}
