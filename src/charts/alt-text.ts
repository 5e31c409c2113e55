/**
 * The words of a chart's alt text, computed from the same numbers it draws: how a metric moved over
 * the range, the worst day, weekends against weekdays, and the days outside their same-weekday
 * normal range. Everything a sighted reader gets from the picture, a screen reader gets here.
 */
import type { Day } from "../dates/calendar.ts";
import { formatCount, formatShortDay, formatWeekday } from "../dates/format.ts";
import { dateName, isWeekend } from "./days.ts";
import { type Judged, judgedOn, MAX_ALT_TEXT, type Norms } from "./types.ts";

export interface DayValue {
  day: Day;
  value: number;
}

/** Ranges this long compare their first and last weeks instead of their first and last days. */
const WEEKS_FROM = 14;

/** A count, or an average of counts: whole from 10 up, one decimal below. */
export function amount(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 10) return formatCount(value);
  return value.toFixed(1);
}

/** `1–7 Dec`, `28 Nov – 4 Dec`. */
export function dayRange(a: Day, b: Day): string {
  const [aDate, aMonth] = dateName(a).split(" ");
  const bName = dateName(b);
  return aMonth === bName.split(" ")[1] ? `${aDate}–${bName}` : `${dateName(a)} – ${bName}`;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * How `what` (plural, "failures") moved. On ranges of two weeks or more: between the averages of
 * the first and the last seven days, which hold the same weekdays ("Failures rose from 12 to 48 a
 * day between the first week (1–7 Dec) and the last (22–28 Dec)"). On shorter ranges: between the
 * first and the last day, weekdays only when the range also has weekend days, since those are
 * quieter by nature and described on their own ("On weekdays, failures rose from 12 on Tue 1 Dec
 * to 48 on Fri 4 Dec"). A change under a tenth (and under 1) "held steady".
 */
export function trendSentence(what: string, series: readonly DayValue[]): string {
  if (series.length < 2) return "";
  if (series.length >= WEEKS_FROM) return weeklyTrend(what, series);
  const weekdays = series.filter((d) => !isWeekend(d.day));
  const mixed = weekdays.length > 0 && weekdays.length < series.length;
  const days = mixed ? weekdays : series;
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last || first === last) return "";
  const lead = mixed ? `On weekdays, ${what}` : capitalise(what);
  const at = (d: DayValue) => `${amount(d.value)} on ${formatShortDay(d.day)}`;
  if (steady(first.value, last.value)) return `${lead} held steady: ${at(first)}, ${at(last)}`;
  return `${lead} ${last.value > first.value ? "rose" : "fell"} from ${at(first)} to ${at(last)}`;
}

function weeklyTrend(what: string, series: readonly DayValue[]): string {
  const head = series.slice(0, 7);
  const tail = series.slice(-7);
  const from = mean(head.map((d) => d.value));
  const to = mean(tail.map((d) => d.value));
  const [a, b] = [head[0], head.at(-1)];
  const [c, d] = [tail[0], tail.at(-1)];
  if (!a || !b || !c || !d) return "";
  const when = ` between the first week (${dayRange(a.day, b.day)}) and the last (${dayRange(c.day, d.day)})`;
  if (steady(from, to)) {
    return `${capitalise(what)} held steady at about ${amount(round1((from + to) / 2))} a day${when}`;
  }
  const moved = to > from ? "rose" : "fell";
  return `${capitalise(what)} ${moved} from ${amount(round1(from))} to ${amount(round1(to))} a day${when}`;
}

function steady(from: number, to: number): boolean {
  return Math.abs(to - from) < Math.max(1, 0.1 * Math.max(from, to));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The day with the highest value (the earliest of ties), or undefined when every value is 0. */
export function peakDay(series: readonly DayValue[]): DayValue | undefined {
  let best: DayValue | undefined;
  for (const entry of series) if (entry.value > (best?.value ?? 0)) best = entry;
  return best;
}

/**
 * "Weekends (shaded) averaged 8 attempts a day, weekdays 180", when the range has both and
 * anything happened; else "".
 */
export function weekendSentence(what: string, series: readonly DayValue[]): string {
  const weekend = series.filter((d) => isWeekend(d.day)).map((d) => d.value);
  const weekdays = series.filter((d) => !isWeekend(d.day)).map((d) => d.value);
  if (weekend.length === 0 || weekdays.length === 0) return "";
  const a = mean(weekend);
  const b = mean(weekdays);
  if (a === 0 && b === 0) return "";
  return `Weekends (shaded) averaged ${amount(round1(a))} ${what} a day, weekdays ${amount(round1(b))}`;
}

/**
 * "3.7 times the usual 14 for a Thursday" for an unusually high day, "against the usual 14 for a
 * Thursday" otherwise.
 */
export function againstUsual(day: Day, verdict: Judged): string {
  const { median } = verdict.baseline;
  const usual = `the usual ${amount(round1(median))} for a ${formatWeekday(day)}`;
  if (verdict.kind === "high" && verdict.ratio !== null && verdict.ratio >= 1.1) {
    return `${verdict.ratio.toFixed(1)} times ${usual}`;
  }
  return `against ${usual}`;
}

const LISTED_UNUSUAL = 6;

/**
 * "Unusually high against the same weekday over the four weeks before: Thu 3 Dec (52 failures,
 * 3.7 times the usual 14 for a Thursday). Unusually low: …", or "" without such days.
 */
export function unusualSentences(
  what: string,
  series: readonly DayValue[],
  norms: Norms | undefined,
): string[] {
  if (!norms) return [];
  const sentences: string[] = [];
  let first = true;
  for (const verdict of ["high", "low"] as const) {
    const days = series.filter((d) => judgedOn(norms, d.day)?.kind === verdict);
    if (days.length === 0) continue;
    const listed = days.slice(0, LISTED_UNUSUAL).map((d) => {
      const judged = judgedOn(norms, d.day) as Judged;
      return `${formatShortDay(d.day)} (${formatCount(d.value)} ${what}, ${againstUsual(d.day, judged)})`;
    });
    const more = days.length - listed.length;
    if (more > 0) listed.push(`${more} more`);
    const word = verdict === "high" ? "Unusually high" : "Unusually low";
    const context = first ? " against the same weekday over the four weeks before" : "";
    sentences.push(`${word}${context}: ${joinList(listed)}`);
    first = false;
  }
  return sentences;
}

/** `a`, `a and b`, `a, b and c`. */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Sentences joined, each ending in a full stop, cut to Slack's alt-text limit. */
export function sentences(parts: readonly string[]): string {
  const text = parts
    .filter((p) => p !== "")
    .map((p) => (/[.!?]$/.test(p) ? p : `${p}.`))
    .join(" ");
  return text.length <= MAX_ALT_TEXT ? text : `${text.slice(0, MAX_ALT_TEXT - 1)}…`;
}
