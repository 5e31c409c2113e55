/**
 * What day or range of days a person means by "yesterday", "last friday", "nov 20",
 * "from nov 1 to nov 7" or "past 7 days", in their own time zone, as of an injected `now`.
 *
 * Decisions (also in the CLI help and the README):
 * - Nothing typed means yesterday.
 * - A day without a year is its latest occurrence on or before today ("nov 20" asked on
 *   15 Nov 2026 is 20 Nov 2025); reports are about the past.
 * - A bare weekday is the latest one on or before today ("friday" on a Friday is today);
 *   "last friday" is the latest one before today; "this friday" is the one in the current
 *   Monday–Sunday week.
 * - "last week" is the previous Monday–Sunday; "this week" and "this month" run to today;
 *   "past 7 days" / "last 7 days" are the 7 days ending today.
 * - In a range, the end is the first matching day on or after the start, so "dec 28 to jan 3"
 *   crosses into the new year; when both ends lack a year and the end comes first in the
 *   calendar, the shorter reading wins ("nov 7 to nov 1" is 1–7 Nov, "dec 28 to jan 3" rolls).
 * - A range may end today (today so far); any later day is refused, as are ranges longer than
 *   `maxDays` and words that are not a date (trailing words included: "nov 20 banana").
 *
 * chrono-node reads the free-form days and ranges. It knows nothing of IANA zones, so it is given
 * a reference Date whose local calendar date is the person's wall-clock date, and only the parsed
 * components (never a Date's ISO string) are read back.
 */

import { createRequire } from "node:module";
import type { ParsedComponents } from "chrono-node";
import type * as ChronoEnglish from "chrono-node/en";
import {
  addDays,
  type Day,
  type DayRange,
  dayFromParts,
  dayInZone,
  daysBetween,
  isDay,
  isTimeZone,
  rangeLength,
} from "./calendar.ts";
import { DateNotUnderstoodError, FutureDateError, RangeTooLongError } from "./errors.ts";
import { formatDay, formatRange } from "./format.ts";
import { DEFAULT_MAX_DAYS } from "./limits.ts";
import { namedPeriod } from "./named-periods.ts";
import {
  dayParts,
  earliestMonthEndingBy,
  earliestOnOrAfter,
  earliestWeekdayOnOrAfter,
  latestMonthStartingBy,
  latestOnOrBefore,
  latestWeekdayOnOrBefore,
  monthRange,
  weekStart,
} from "./occurrences.ts";

export { DEFAULT_MAX_DAYS };

export interface ParseWhenOptions {
  /** IANA zone whose calendar decides what "today" is, e.g. `America/New_York`. */
  timeZone: string;
  /** The current instant (injected so tests and replays are deterministic). */
  now: Date;
  /** Longest accepted range in days; default {@link DEFAULT_MAX_DAYS}. */
  maxDays?: number;
}

/** The days meant, and how to name them back: "yesterday", "last week", "Fri 20 Nov 2026". */
export type WhenRange = DayRange & { label: string };

/**
 * Reads `text` as a day or an inclusive range of days in `timeZone` as of `now`.
 * Throws a `DateInputError` subclass (`not-understood`, `future`, `too-long`) for input a person
 * got wrong, and a RangeError for an unknown zone or a bad `maxDays` (caller errors).
 */
export function parseWhen(text: string, options: ParseWhenOptions): WhenRange {
  const { timeZone, now, maxDays = DEFAULT_MAX_DAYS } = options;
  if (!isTimeZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}".`);
  if (!Number.isInteger(maxDays) || maxDays < 1) {
    throw new RangeError(`maxDays must be a whole number of at least 1, not ${maxDays}.`);
  }
  const today = dayInZone(now, timeZone);
  const normal = normalise(text);
  const when = namedPeriod(normal.replace(/^the /, ""), today) ?? readFreeForm(text, normal, today);
  checkRange(text, when, { today, timeZone, maxDays });
  return when;
}

const LEADING_FILLER = /^(?:(?:for|in|during|over|on)\s+)+/;
const OPEN_START = /^(?:since|from|starting|beginning)\s+/;
const BETWEEN = /^between\s+/;
/** A lone `YYYY-MM-DD` needs no parser (and skips chrono-node's slow first parse). */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ZERO_COUNT = /^(?:the )?(?:past|last|previous) 0+ [a-z]+$/;
/** Words that may surround a date without changing it. */
const FILLERS = new Set(["on", "for", "in", "during", "over", "the", "of", "at"]);
/** Words that may join two dates into a range; "and" only after "between". */
const CONNECTORS = new Set(["to", "until", "till", "through", "thru", "-"]);
const BETWEEN_CONNECTORS = new Set(["and"]);

const require = createRequire(import.meta.url);

/**
 * chrono-node's English parser, loaded on the first free-form text (Node.js keeps it after that).
 * It is required rather than imported, so that `2026-11-20`, `yesterday` or `last week` never load
 * it while `parseWhen` stays synchronous (its CommonJS build: any Node.js).
 */
function englishParser(): typeof ChronoEnglish {
  return require("chrono-node/en");
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[–—]/g, " - ")
    .replace(/(\d)-(?=\d{1,2}\/)/g, "$1 - ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.?!]+$/, "")
    .replace(LEADING_FILLER, "")
    .trim();
}

const MONTH_WORDS = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
] as const;

/**
 * Writes each `YYYY-MM-DD` inside a longer text as `mon d yyyy`: chrono-node reads an ISO day
 * after a day without a year as part of the first one ("dec 20 to 2026-01-05" came out as
 * "dec -05"), while "dec 20 to jan 5 2026" reads as meant.
 */
function isoDaysInWords(text: string): string {
  return text.replace(
    /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    (iso, year: string, month: string, date: string) => {
      const name = MONTH_WORDS[Number(month) - 1];
      return name === undefined ? iso : `${name} ${Number(date)} ${year}`;
    },
  );
}

/** A parsed end of a range, before its year or week is decided. */
type Part =
  | { kind: "day"; day: Day }
  | { kind: "month-day"; month: number; date: number }
  | { kind: "month"; year: number | null; month: number }
  | {
      kind: "weekday";
      weekday: number;
      modifier: "last" | "this" | "next" | null;
      chronoDay: Day;
    };

function readFreeForm(input: string, normal: string, today: Day): WhenRange {
  if (ZERO_COUNT.test(normal)) {
    throw new DateNotUnderstoodError(input, null, "count at least 1 day");
  }
  for (const iso of normal.match(/\b\d{4}-\d{2}-\d{2}\b/g) ?? []) {
    if (!isDay(iso)) throw new DateNotUnderstoodError(input, iso, "there is no such day");
  }
  if (ISO_DAY.test(normal)) return { from: normal, to: normal, label: formatDay(normal) };
  let body = normal;
  const openEnded = OPEN_START.test(body);
  const between = BETWEEN.test(body);
  body = body.replace(OPEN_START, "").replace(BETWEEN, "");
  body = withLeapDayYear(isoDaysInWords(body), today);

  const { year, month, date } = dayParts(today);
  // Local noon on the person's date: chrono reads local calendar fields, and noon is clear of
  // any daylight-saving jump in whatever zone this process runs in.
  const reference = new Date(year, month - 1, date, 12, 0, 0, 0);
  const results = englishParser().casual.parse(body, reference);
  if (results.length === 0) throw new DateNotUnderstoodError(input, null);
  if (results.length > 2) {
    throw new DateNotUnderstoodError(input, null, "give one day or one range of days");
  }
  checkCoverage(input, body, results, between ? BETWEEN_CONNECTORS : CONNECTORS);

  const [first, second] = results;
  if (!first) throw new DateNotUnderstoodError(input, null);
  const start = toPart(input, first.start, first.text);
  const endComponents = second ? second.start : first.end;
  const end = endComponents ? toPart(input, endComponents, second?.text ?? first.text) : null;

  let range: DayRange;
  if (end) range = resolveRange(input, start, end, today);
  else if (openEnded) range = { from: resolveSingle(input, start, today).from, to: today };
  else range = resolveSingle(input, start, today);
  if (range.from > range.to) range = { from: range.to, to: range.from };
  return { ...range, label: formatRange(range) };
}

/** Every word chrono left out must be filler; between two dates, exactly one connector. */
function checkCoverage(
  input: string,
  body: string,
  results: ChronoEnglish.ParsedResult[],
  connectors: ReadonlySet<string>,
): void {
  const unread: string[] = [];
  let position = 0;
  results.forEach((result, index) => {
    const words = wordsOf(body.slice(position, result.index)).filter((w) => !FILLERS.has(w));
    if (index === 1) {
      const [joiner, ...rest] = words;
      if (joiner === undefined || !connectors.has(joiner)) unread.push(joiner ?? "");
      unread.push(...rest);
    } else {
      unread.push(...words);
    }
    position = result.index + result.text.length;
  });
  unread.push(...wordsOf(body.slice(position)).filter((w) => !FILLERS.has(w)));
  const quoted = unread.filter((w) => w !== "");
  if (quoted.length > 0) throw new DateNotUnderstoodError(input, quoted.join(" "));
  if (unread.length > 0) {
    throw new DateNotUnderstoodError(
      input,
      null,
      'join two dates with "to", as in "nov 1 to nov 7"',
    );
  }
}

function wordsOf(text: string): string[] {
  return text.split(/[\s,]+/).filter((w) => w !== "");
}

function toPart(input: string, c: ParsedComponents, text: string): Part {
  const tags = [...c.tags()];
  const year = c.get("year");
  const month = c.get("month");
  const date = c.get("day");
  const relative = tags.some(
    (t) => t === "result/relativeDate" || t.startsWith("casualReference/"),
  );
  if (relative && year !== null && month !== null && date !== null) {
    return { kind: "day", day: dayFromParts(year, month, date) };
  }
  if (month !== null && c.isCertain("month")) {
    if (date !== null && c.isCertain("day")) {
      if (year !== null && c.isCertain("year"))
        return { kind: "day", day: dayFromParts(year, month, date) };
      return { kind: "month-day", month, date };
    }
    return { kind: "month", year: c.isCertain("year") ? year : null, month };
  }
  const weekday = c.get("weekday");
  if (
    weekday !== null &&
    c.isCertain("weekday") &&
    year !== null &&
    month !== null &&
    date !== null
  ) {
    const modifier = /^(last|past|previous)\b/.test(text)
      ? "last"
      : /^this\b/.test(text)
        ? "this"
        : /^next\b/.test(text)
          ? "next"
          : null;
    return { kind: "weekday", weekday, modifier, chronoDay: dayFromParts(year, month, date) };
  }
  throw new DateNotUnderstoodError(input, text, "that is a time of day, not a day");
}

function resolveSingle(input: string, part: Part, today: Day): DayRange {
  switch (part.kind) {
    case "day":
      return { from: part.day, to: part.day };
    case "month-day": {
      const day = latestOnOrBefore(part.month, part.date, today);
      if (day === null) throw new DateNotUnderstoodError(input, null, "that day does not exist");
      return { from: day, to: day };
    }
    case "month": {
      const month =
        part.year === null
          ? latestMonthStartingBy(part.month, today)
          : monthRange(part.year, part.month);
      return month.from <= today && today < month.to ? { from: month.from, to: today } : month;
    }
    case "weekday": {
      const day = weekdayDay(part, today);
      return { from: day, to: day };
    }
  }
}

function weekdayDay(part: Extract<Part, { kind: "weekday" }>, today: Day): Day {
  switch (part.modifier) {
    case "last":
      return latestWeekdayOnOrBefore(part.weekday, addDays(today, -1));
    case "this":
      return addDays(weekStart(today), (part.weekday + 6) % 7);
    case "next":
      return part.chronoDay;
    case null:
      return latestWeekdayOnOrBefore(part.weekday, today);
  }
}

function resolveRange(input: string, start: Part, end: Part, today: Day): DayRange {
  if (
    start.kind === "month-day" &&
    end.kind === "month-day" &&
    shorterWhenSwapped(start, end, today)
  ) {
    [start, end] = [end, start];
  }
  const endIsFixed = end.kind === "day" || (end.kind === "month" && end.year !== null);
  if (endIsFixed && start.kind !== "day" && !(start.kind === "month" && start.year !== null)) {
    const to = resolveSingle(input, end, today).to;
    return { from: startOnOrBefore(input, start, to), to };
  }
  const from = resolveSingle(input, start, today).from;
  return { from, to: endOnOrAfter(input, end, from, today) };
}

/** The start of a range that ends on `limit`, when the start has no year or week of its own. */
function startOnOrBefore(input: string, part: Part, limit: Day): Day {
  switch (part.kind) {
    case "day":
      return part.day;
    case "month-day": {
      const day = latestOnOrBefore(part.month, part.date, limit);
      if (day === null) throw new DateNotUnderstoodError(input, null, "that day does not exist");
      return day;
    }
    case "month":
      return part.year === null
        ? latestMonthStartingBy(part.month, limit).from
        : monthRange(part.year, part.month).from;
    case "weekday":
      return latestWeekdayOnOrBefore(part.weekday, limit);
  }
}

/** The end of a range that starts on `from`: the first matching day on or after it. */
function endOnOrAfter(input: string, part: Part, from: Day, today: Day): Day {
  switch (part.kind) {
    case "day":
      return part.day;
    case "month-day": {
      const day = earliestOnOrAfter(part.month, part.date, from);
      if (day === null) throw new DateNotUnderstoodError(input, null, "that day does not exist");
      return day;
    }
    case "month": {
      const month =
        part.year === null
          ? earliestMonthEndingBy(part.month, from)
          : monthRange(part.year, part.month);
      return month.from <= today && today < month.to ? today : month.to;
    }
    case "weekday":
      return earliestWeekdayOnOrAfter(part.weekday, from);
  }
}

/**
 * For two yearless days where the end comes first in the calendar ("dec 28 to jan 3",
 * "nov 7 to nov 1"): true when reading them swapped gives the shorter range.
 */
function shorterWhenSwapped(
  start: { month: number; date: number },
  end: { month: number; date: number },
  today: Day,
): boolean {
  const { year } = dayParts(today);
  const a = dayFromParts(year, start.month, start.date);
  const b = dayFromParts(year, end.month, end.date);
  if (b >= a) return false;
  const rolled = daysBetween(a, dayFromParts(year + 1, end.month, end.date));
  const swapped = daysBetween(b, a);
  return swapped < rolled;
}

/**
 * chrono-node refuses "feb 29" whenever the year it assumes is not a leap year; a yearless
 * Feb 29 is given the year of the latest Feb 29 on or before today, which is what it means here.
 */
function withLeapDayYear(body: string, today: Day): string {
  const leapYear = latestOnOrBefore(2, 29, today)?.slice(0, 4);
  if (!leapYear) return body;
  return body
    .replace(/\bfeb(?:ruary)?\.? 29(?:th)?\b(?!,? \d)/g, (match) => `${match} ${leapYear}`)
    .replace(/\b29(?:th)? (?:of )?feb(?:ruary)?\b(?!,? \d)/g, (match) => `${match} ${leapYear}`);
}

function checkRange(
  input: string,
  when: WhenRange,
  context: { today: Day; timeZone: string; maxDays: number },
): void {
  const { today, timeZone, maxDays } = context;
  if (when.to > today) {
    const typed = input.trim();
    const what =
      when.from === when.to
        ? `"${typed}" is ${formatDay(when.to)}, which`
        : `"${typed}" runs to ${formatDay(when.to)}, which`;
    throw new FutureDateError(
      input,
      `${what} is still to come: today in ${timeZone} is ${formatDay(today)}. Reports cover past days and today so far.`,
    );
  }
  const days = rangeLength(when);
  if (days > maxDays) {
    throw new RangeTooLongError(
      input,
      `"${input.trim() || when.label}" covers ${days} days (${formatRange(when)}); a report covers at most ${maxDays} days. Ask for a shorter range.`,
      days,
      maxDays,
    );
  }
}
