/**
 * How days, ranges and numbers read in everything a person sees (Slack views, CLI text).
 * English, fixed formats, computed from the `YYYY-MM-DD` text itself: the process time zone and
 * the runtime's ICU data never change the output.
 */
import { type Day, type DayRange, weekday } from "./calendar.ts";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const WEEKDAY_NAMES = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

interface DayParts {
  year: string;
  month: string;
  date: string;
  weekday: string;
}

function parts(day: Day): DayParts {
  const [year = "", month = "", date = ""] = day.split("-");
  return {
    year,
    month: MONTHS[Number(month) - 1] ?? month,
    date: String(Number(date)),
    weekday: WEEKDAYS[weekday(day)] ?? "",
  };
}

/** `"2026-11-26"` → `"Thu 26 Nov 2026"`. */
export function formatDay(day: Day): string {
  const p = parts(day);
  return `${p.weekday} ${p.date} ${p.month} ${p.year}`;
}

/** `"2026-12-03"` → `"Thursday"`: "2.1× a normal Thursday". */
export function formatWeekday(day: Day): string {
  return WEEKDAY_NAMES[weekday(day)] ?? "";
}

/** `"2026-11-26"` → `"Thu 26 Nov"`: for lists of days whose year is stated elsewhere. */
export function formatShortDay(day: Day): string {
  const p = parts(day);
  return `${p.weekday} ${p.date} ${p.month}`;
}

/**
 * The exact days a report covers, as short as stays unambiguous: one day reads as
 * {@link formatDay}; `16–22 Nov 2026`; `28 Nov – 4 Dec 2026`; `28 Dec 2026 – 3 Jan 2027`.
 */
export function formatRange(range: DayRange): string {
  if (range.from === range.to) return formatDay(range.from);
  const a = parts(range.from);
  const b = parts(range.to);
  if (a.year !== b.year) return `${a.date} ${a.month} ${a.year} – ${b.date} ${b.month} ${b.year}`;
  if (a.month !== b.month) return `${a.date} ${a.month} – ${b.date} ${b.month} ${b.year}`;
  return `${a.date}–${b.date} ${b.month} ${b.year}`;
}

/** `1234567` → `"1,234,567"`; negative numbers keep their sign. */
export function formatCount(value: number): string {
  const sign = value < 0 ? "-" : "";
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A 0–1 share as a percentage with one decimal: `0.9642` → `"96.4%"`; null → `"—"`.
 * Never rounds a share that is not whole up to `100.0%` or down to `0.0%`, so "100%" always means
 * every fax went through.
 */
export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return "—";
  let tenths = Math.round(share * 1000);
  if (tenths >= 1000 && share < 1) tenths = 999;
  if (tenths <= 0 && share > 0) tenths = 1;
  return `${(tenths / 10).toFixed(1)}%`;
}

/**
 * A change in percentage points (as `compareTotals` gives it): `1.23` → `"▲ 1.2 points"`,
 * `-0.4` → `"▼ 0.4 points"`, anything that rounds to 0.0 → `"no change"`; null stays null.
 */
export function formatPointsChange(points: number | null): string | null {
  if (points === null || !Number.isFinite(points)) return null;
  const tenths = Math.round(points * 10);
  if (tenths === 0) return "no change";
  return `${tenths > 0 ? "▲" : "▼"} ${(Math.abs(tenths) / 10).toFixed(1)} points`;
}

/**
 * A change of a count (current minus previous): `12` → `"▲ 12 more"`, `-3` → `"▼ 3 fewer"`,
 * `0` → `"no change"`.
 */
export function formatCountChange(change: number): string {
  if (change === 0) return "no change";
  return change > 0 ? `▲ ${formatCount(change)} more` : `▼ ${formatCount(-change)} fewer`;
}

/**
 * A fax number the way people write it: an 11-digit North American number starting with 1 reads
 * `+1 615-555-2919`, a 10-digit one `615-555-2919`. Anything else (other countries, `+` signs,
 * letters) is returned exactly as given, so nothing is guessed; escape it before showing it.
 */
export function formatFaxNumber(value: string): string {
  const nanp = /^(1?)(\d{3})(\d{3})(\d{4})$/.exec(value);
  if (!nanp) return value;
  const [, country, area, exchange, line] = nanp;
  return `${country ? "+1 " : ""}${area}-${exchange}-${line}`;
}

/** `"fax"` / `"faxes"` style agreement: `plural(1, "fax", "faxes")` → `"1 fax"`. */
export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
