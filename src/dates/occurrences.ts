/**
 * Finding which calendar day a partial date means: "nov 20" without a year, "friday", "november".
 * Reports are about the past, so the usual question is "the latest one on or before today"; the
 * end of a range asks for "the earliest one on or after its start" instead.
 */
import { addDays, type Day, type DayRange, dayFromParts, isDay, weekday } from "./calendar.ts";

/** Year, month (1–12) and day of the month of a day. */
export function dayParts(day: Day): { year: number; month: number; date: number } {
  const [year = 0, month = 0, date = 0] = day.split("-").map(Number);
  return { year, month, date };
}

/** The Monday of the Monday–Sunday week that holds `day`. */
export function weekStart(day: Day): Day {
  return addDays(day, -((weekday(day) + 6) % 7));
}

/** Every day of one calendar month. */
export function monthRange(year: number, month: number): DayRange {
  return { from: dayFromParts(year, month, 1), to: dayFromParts(year, month + 1, 0) };
}

/**
 * Leap days recur every 4 years, or 8 across a skipped century year: looking that far is enough
 * to find any real month/day.
 */
const YEARS_TO_SEARCH = 8;

/** The latest `month`/`date` on or before `limit`, or null when that month/day never exists. */
export function latestOnOrBefore(month: number, date: number, limit: Day): Day | null {
  const { year } = dayParts(limit);
  for (let y = year; y >= year - YEARS_TO_SEARCH; y--) {
    const day = isoDay(y, month, date);
    if (isDay(day) && day <= limit) return day;
  }
  return null;
}

/** The earliest `month`/`date` on or after `limit`, or null when that month/day never exists. */
export function earliestOnOrAfter(month: number, date: number, limit: Day): Day | null {
  const { year } = dayParts(limit);
  for (let y = year; y <= year + YEARS_TO_SEARCH; y++) {
    const day = isoDay(y, month, date);
    if (isDay(day) && day >= limit) return day;
  }
  return null;
}

/** The latest day with weekday `dayOfWeek` (0 = Sunday) on or before `limit`. */
export function latestWeekdayOnOrBefore(dayOfWeek: number, limit: Day): Day {
  return addDays(limit, -((weekday(limit) - dayOfWeek + 7) % 7));
}

/** The earliest day with weekday `dayOfWeek` (0 = Sunday) on or after `limit`. */
export function earliestWeekdayOnOrAfter(dayOfWeek: number, limit: Day): Day {
  return addDays(limit, (dayOfWeek - weekday(limit) + 7) % 7);
}

/** The latest whole month `month` whose first day is on or before `limit`. */
export function latestMonthStartingBy(month: number, limit: Day): DayRange {
  const { year, month: limitMonth } = dayParts(limit);
  return monthRange(month <= limitMonth ? year : year - 1, month);
}

/** The earliest whole month `month` whose last day is on or after `limit`. */
export function earliestMonthEndingBy(month: number, limit: Day): DayRange {
  const { year, month: limitMonth } = dayParts(limit);
  return monthRange(month >= limitMonth ? year : year + 1, month);
}

function isoDay(year: number, month: number, date: number): Day {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(date).padStart(2, "0")}`;
}
