/**
 * The day axis: one column per day, real dates under it (every day on short ranges; the first day
 * and each Monday on long ones), and the weekend columns shaded.
 */
import { type Day, weekday } from "../dates/calendar.ts";
import { COLORS, TYPE } from "./palette.ts";
import { el, text, textWidth } from "./svg.ts";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Ranges up to this many days label every day. */
const LABEL_EVERY_DAY = 8;

export function isWeekend(day: Day): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

export function weekdayName(day: Day): string {
  return WEEKDAYS[weekday(day)] ?? "";
}

/** `"2026-12-03"` → `"3 Dec"`. */
export function dateName(day: Day): string {
  const [, month = "", date = ""] = day.split("-");
  return `${Number(date)} ${MONTHS[Number(month) - 1] ?? month}`;
}

export interface DayColumns {
  days: readonly Day[];
  left: number;
  right: number;
  /** Width of one day's column. */
  step: number;
  centre(index: number): number;
}

export function dayColumns(days: readonly Day[], left: number, right: number): DayColumns {
  const step = (right - left) / Math.max(1, days.length);
  return { days, left, right, step, centre: (i) => left + step * (i + 0.5) };
}

/** Grey columns behind Saturdays and Sundays, from `top` to `bottom`. */
export function weekendShading(columns: DayColumns, top: number, bottom: number): string[] {
  const out: string[] = [];
  columns.days.forEach((day, i) => {
    if (!isWeekend(day)) return;
    out.push(
      el("rect", {
        x: columns.left + columns.step * i,
        y: top,
        width: columns.step,
        height: bottom - top,
        fill: COLORS.weekend,
      }),
    );
  });
  return out;
}

/** Which days get a label: all of them on short ranges, else the first day and every Monday. */
export function labelledDays(columns: DayColumns): number[] {
  const { days } = columns;
  if (days.length <= LABEL_EVERY_DAY) return days.map((_, i) => i);
  const mondays = days.flatMap((day, i) => (weekday(day) === 1 ? [i] : []));
  const first = mondays[0];
  const room = textWidth("Mon 30 Sep", TYPE.axis) + 6;
  if (first === undefined || first * columns.step >= room) return [0, ...mondays];
  return mondays;
}

/** Two lines under each labelled column: the weekday, then the date. */
export function dayLabels(columns: DayColumns, baseline: number): string[] {
  const out: string[] = [];
  for (const i of labelledDays(columns)) {
    const day = columns.days[i];
    if (day === undefined) continue;
    const x = columns.centre(i);
    const style = { size: TYPE.axis, fill: COLORS.muted, anchor: "middle" as const };
    out.push(text(x, baseline, weekdayName(day), style));
    out.push(text(x, baseline + TYPE.axis + 2, dateName(day), { ...style, fill: COLORS.text }));
    out.push(
      el("line", {
        x1: x,
        x2: x,
        y1: baseline - TYPE.axis - 4,
        y2: baseline - TYPE.axis,
        stroke: COLORS.axis,
      }),
    );
  }
  return out;
}

/** Height the labels under the axis take. */
export const DAY_LABELS_HEIGHT = TYPE.axis * 2 + 10;
