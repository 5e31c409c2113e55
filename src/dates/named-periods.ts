/**
 * Period words turned into explicit ranges. chrono-node reads `last week` or `last month` as a
 * single point in time (and `this week` in the machine's zone), so these are matched here first,
 * against the person's own "today". Weeks run Monday to Sunday. Ranges that end today include
 * today so far.
 */
import { addDays, type Day, type DayRange, dayFromParts } from "./calendar.ts";
import { dayParts, monthRange, weekStart } from "./occurrences.ts";

export interface NamedPeriod extends DayRange {
  /** How the period is named back to the person: "yesterday", "last week", "past 7 days". */
  label: string;
}

type PeriodRule = {
  pattern: RegExp;
  resolve: (today: Day, match: RegExpExecArray) => NamedPeriod;
};

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  fourteen: 14,
  thirty: 30,
};

const RULES: readonly PeriodRule[] = [
  { pattern: /^$/, resolve: (today) => single(addDays(today, -1), "yesterday") },
  { pattern: /^today$/, resolve: (today) => single(today, "today") },
  { pattern: /^yesterday$/, resolve: (today) => single(addDays(today, -1), "yesterday") },
  {
    pattern: /^(?:last|previous) week$/,
    resolve: (today) => {
      const monday = addDays(weekStart(today), -7);
      return { from: monday, to: addDays(monday, 6), label: "last week" };
    },
  },
  {
    pattern: /^this week$/,
    resolve: (today) => ({ from: weekStart(today), to: today, label: "this week" }),
  },
  {
    pattern: /^next week$/,
    resolve: (today) => {
      const monday = addDays(weekStart(today), 7);
      return { from: monday, to: addDays(monday, 6), label: "next week" };
    },
  },
  { pattern: /^past week$/, resolve: (today) => endingToday(today, 7, "past 7 days") },
  {
    pattern: /^(?:last|previous) month$/,
    resolve: (today) => {
      const { year, month } = dayParts(today);
      return { ...monthRange(year, month - 1), label: "last month" };
    },
  },
  {
    pattern: /^this month$/,
    resolve: (today) => {
      const { year, month } = dayParts(today);
      return { from: dayFromParts(year, month, 1), to: today, label: "this month" };
    },
  },
  {
    pattern: /^next month$/,
    resolve: (today) => {
      const { year, month } = dayParts(today);
      return { ...monthRange(year, month + 1), label: "next month" };
    },
  },
  { pattern: /^past month$/, resolve: (today) => endingToday(today, 30, "past 30 days") },
  {
    pattern: /^(?:last|previous) year$/,
    resolve: (today) => {
      const { year } = dayParts(today);
      return {
        from: dayFromParts(year - 1, 1, 1),
        to: dayFromParts(year - 1, 12, 31),
        label: "last year",
      };
    },
  },
  {
    pattern: /^this year$/,
    resolve: (today) => ({
      from: dayFromParts(dayParts(today).year, 1, 1),
      to: today,
      label: "this year",
    }),
  },
  {
    pattern: /^(?:past|last|previous) ([1-9]\d{0,3}|[a-z]+) (day|week|month)s?$/,
    resolve: (today, match) => {
      const count = countOf(match[1] ?? "");
      const unit = match[2] ?? "day";
      const days = unit === "week" ? count * 7 : unit === "month" ? count * 30 : count;
      return endingToday(today, days, `past ${count} ${unit}${count === 1 ? "" : "s"}`);
    },
  },
];

/**
 * The range a period phrase names, or null when `text` (lower case, single spaces, no filler
 * words) is not one. Empty text is yesterday.
 */
export function namedPeriod(text: string, today: Day): NamedPeriod | null {
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (!match || (match[1] !== undefined && countOf(match[1]) < 1)) continue;
    return rule.resolve(today, match);
  }
  return null;
}

function countOf(word: string): number {
  if (/^\d+$/.test(word)) return Number(word);
  return NUMBER_WORDS[word] ?? 0;
}

function single(day: Day, label: string): NamedPeriod {
  return { from: day, to: day, label };
}

function endingToday(today: Day, days: number, label: string): NamedPeriod {
  return { from: addDays(today, 1 - days), to: today, label };
}
