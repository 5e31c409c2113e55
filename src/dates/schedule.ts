/**
 * When a scheduled digest goes out, on the wall clock of its time zone, and which days it covers.
 * Pure: the moment to judge is passed in. A digest is due on a posting day from its local time
 * until that day ends, so a late tick (the app was down, or the time was set after it had passed)
 * still posts the same day, a time skipped by a clock change posts at the first tick after the
 * gap, and a time the clock shows twice is the same local day both times (the caller makes sure a
 * day posts once). Days missed entirely are not caught up later.
 */
import { addDays, type Day, type DayRange, weekday } from "./calendar.ts";

/** How often a digest goes out. */
export const CADENCES = ["daily", "weekdays", "weekly"] as const;
export type Cadence = (typeof CADENCES)[number];

/** A digest's schedule: a time of day (`HH:MM`, 24-hour) on the wall clock of an IANA zone. */
export interface Schedule {
  time: string;
  cadence: Cadence;
  timeZone: string;
}

/** The wall clock of a zone at a moment: the local day and minutes since local midnight. */
export interface WallTime {
  day: Day;
  minutes: number;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a time of day written `HH:MM` (00:00–23:59). */
export function isTimeOfDay(text: string): boolean {
  return TIME.test(text);
}

/** Minutes since midnight of an `HH:MM` time; NaN for anything else. */
export function minutesOf(time: string): number {
  const match = TIME.exec(time);
  if (!match) return Number.NaN;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** `HH:MM` of a number of minutes since midnight (0–1439). */
export function timeOfMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** `"09:00"` → `"9:00"`, `"17:30"` → `"17:30"`: how a time reads in messages. */
export function formatTimeOfDay(time: string): string {
  const minutes = minutesOf(time);
  if (Number.isNaN(minutes)) return time;
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    wallFormats.set(timeZone, format);
  }
  return format;
}

/** What a wall clock in `timeZone` shows at `now`. Throws a RangeError for an unknown zone. */
export function wallTime(now: Date, timeZone: string): WallTime {
  const parts = wallFormat(timeZone).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? "";
  const hour = Number(part("hour")) % 24;
  return {
    day: `${part("year")}-${part("month")}-${part("day")}`,
    minutes: hour * 60 + Number(part("minute")),
  };
}

/** True when a digest of `cadence` goes out on `day`: every day, Monday–Friday, or Mondays. */
export function postsOn(cadence: Cadence, day: Day): boolean {
  const dow = weekday(day);
  switch (cadence) {
    case "daily":
      return true;
    case "weekdays":
      return dow >= 1 && dow <= 5;
    case "weekly":
      return dow === 1;
  }
}

/**
 * The local day whose digest is due at `now`, or null: a posting day whose wall clock reads the
 * schedule's time or later. The same day stays due until it ends, whatever the caller did with it.
 */
export function dueDay(schedule: Schedule, now: Date): Day | null {
  const at = minutesOf(schedule.time);
  if (Number.isNaN(at)) return null;
  const wall = wallTime(now, schedule.timeZone);
  if (!postsOn(schedule.cadence, wall.day)) return null;
  return wall.minutes >= at ? wall.day : null;
}

/**
 * The local day the next digest goes out, seen at `now`: today when today is a posting day whose
 * digest has not gone out (`postedToday` false; a time already past goes out at the next tick),
 * else the next posting day.
 */
export function nextPostDay(schedule: Schedule, now: Date, postedToday: boolean): Day {
  const today = wallTime(now, schedule.timeZone).day;
  if (postsOn(schedule.cadence, today) && !postedToday) return today;
  let day = addDays(today, 1);
  while (!postsOn(schedule.cadence, day)) day = addDays(day, 1);
  return day;
}

/**
 * The days a digest posted on `day` reports: the day before, with two exceptions so that no day
 * goes unreported. A weekly digest (Mondays) covers the previous Monday to Sunday; a weekday
 * digest on a Monday covers Friday to Sunday.
 */
export function coveredDays(cadence: Cadence, day: Day): DayRange {
  const yesterday = addDays(day, -1);
  if (cadence === "weekly") return { from: addDays(day, -7), to: yesterday };
  if (cadence === "weekdays" && weekday(day) === 1)
    return { from: addDays(day, -3), to: yesterday };
  return { from: yesterday, to: yesterday };
}
