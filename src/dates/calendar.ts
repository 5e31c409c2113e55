/**
 * Calendar days as `YYYY-MM-DD` strings: the unit every eFax report is keyed by.
 * All arithmetic is done on UTC midnights so that no machine time zone can shift a day.
 */

/** A calendar day, `YYYY-MM-DD`. */
export type Day = string;

/** An inclusive range of calendar days. `from` is never after `to`. */
export interface DayRange {
  from: Day;
  to: Day;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True for a real calendar day in `YYYY-MM-DD` form (`2026-02-30` is not one). */
export function isDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Builds a day from its components (month 1–12), normalising overflow (Jan 32 → Feb 1). */
export function dayFromParts(year: number, month: number, day: number): Day {
  return formatUtcDate(new Date(Date.UTC(year, month - 1, day)));
}

/** The day `count` days after `day` (negative counts go back). */
export function addDays(day: Day, count: number): Day {
  return formatUtcDate(new Date(toUtcMs(day) + count * MS_PER_DAY));
}

/** Number of days from `from` to `to`: 0 for the same day, negative when `to` is earlier. */
export function daysBetween(from: Day, to: Day): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / MS_PER_DAY);
}

/** Number of days in an inclusive range. */
export function rangeLength(range: DayRange): number {
  return daysBetween(range.from, range.to) + 1;
}

/** Every day of an inclusive range, in order. */
export function eachDay(range: DayRange): Day[] {
  const days: Day[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The range of the same length that ends the day before `range` starts. */
export function previousPeriod(range: DayRange): DayRange {
  const length = rangeLength(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekday(day: Day): number {
  return new Date(toUtcMs(day)).getUTCDay();
}

/** The calendar day a wall clock in `timeZone` (IANA name) shows at `now`. */
export function dayInZone(now: Date, timeZone: string): Day {
  const parts = dayFormatter(timeZone).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/**
 * The newest calendar day that has begun anywhere at `now`: the day in UTC+14 (Kiritimati), the
 * first zone to reach each date. Nothing later can have a single fax in it.
 */
export function newestDayOnEarth(now: Date): Day {
  return dayInZone(now, "Etc/GMT-14");
}

/** True when `timeZone` is an IANA zone name the runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    dayFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building an `Intl.DateTimeFormat` costs far more than using one. */
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function toUtcMs(day: Day): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function formatUtcDate(date: Date): Day {
  const y = String(date.getUTCFullYear()).padStart(4, "0");
  const m = String(date.getUTCMonth() + 1).padStart(2, "0");
  const d = String(date.getUTCDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}
