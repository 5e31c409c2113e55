/**
 * What a normal day looks like, and whether a day was not one. Fax traffic follows the week (a
 * Monday is not a Saturday), so a day is compared with the same weekday of the weeks before it:
 * the median of those days, and how far they usually stray from it (the median absolute
 * deviation, MAD). Medians shrug off one odd week, which a mean would not. A day is unusual when
 * it lies further from the median than both several typical deviations and a minimum absolute
 * change (so that 3 failures against a usual 1 is not news), and no day is called unusual before
 * there are enough weeks to know what usual is. Digests, charts and alerts all use this one rule.
 */
import { addDays, type Day } from "../dates/calendar.ts";

/** How many earlier same weekdays a day is compared with. */
export const BASELINE_WEEKS = 4;

/** With fewer same weekdays than this on record, no day is called unusual. */
export const MIN_BASELINE_DAYS = 3;

/**
 * The MAD times this estimates the standard deviation of normally distributed values, so a
 * spread of 3 means "about three standard deviations".
 */
const MAD_TO_DEVIATION = 1.4826;

/** How far from the median a value must be to count as unusual. */
export interface UnusualRule {
  /** Multiples of the (scaled) median absolute deviation. Default 3. */
  spread?: number;
  /** The smallest distance from the median that counts, whatever the deviation (e.g. 10 faxes). */
  minChange: number;
  /** Values cannot go below this (0 for counts and rates): the band stops there. */
  floor?: number;
  /** Values cannot go above this (1 for a rate): the band stops there. */
  ceiling?: number;
}

/** The metrics the app judges, each with its rule. Rates are fractions (0.934), not percents. */
export const UNUSUAL_RULES = {
  /** Fax attempts in a day. */
  attempts: { minChange: 25, floor: 0 },
  /** Failed attempts in a day. */
  failures: { minChange: 10, floor: 0 },
  /** Share of attempts that went through: 2 points at least. */
  successRate: { minChange: 0.02, floor: 0, ceiling: 1 },
  /** Destination numbers not reached at all. */
  unreached: { minChange: 5, floor: 0 },
  /** Billable pages (outbound and inbound) in a day. */
  pages: { minChange: 50, floor: 0 },
} as const satisfies Record<string, UnusualRule>;

export type JudgedMetric = keyof typeof UNUSUAL_RULES;

/** The usual value of a metric on a weekday, and the band of values that are not unusual. */
export interface Baseline {
  /** Median of the same weekdays on record. */
  median: number;
  /** Their median absolute deviation from it. */
  mad: number;
  /** How many same weekdays it was computed from. */
  days: number;
  /** Values from `low` to `high` (inclusive) are normal. */
  low: number;
  high: number;
}

/** A value judged against its baseline. */
export type Verdict =
  | {
      kind: "normal" | "high" | "low";
      value: number;
      baseline: Baseline;
      /** `value` / median, or null when the median is 0. */
      ratio: number | null;
    }
  /** Too few same weekdays on record to say. */
  | { kind: "unknown"; value: number; days: number };

/** The same weekday in each of the `weeks` weeks before `day`, nearest first. */
export function sameWeekdaysBefore(day: Day, weeks: number = BASELINE_WEEKS): Day[] {
  return Array.from({ length: weeks }, (_, index) => addDays(day, -7 * (index + 1)));
}

/** The median of `values` (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/**
 * The baseline of `history`: the metric on the same weekdays before (days without data left
 * out, not counted as zero). Null with fewer than {@link MIN_BASELINE_DAYS} of them.
 */
export function baselineOf(history: readonly number[], rule: UnusualRule): Baseline | null {
  const known = history.filter(Number.isFinite);
  if (known.length < MIN_BASELINE_DAYS) return null;
  const middle = median(known);
  const mad = median(known.map((value) => Math.abs(value - middle)));
  const reach = Math.max((rule.spread ?? 3) * MAD_TO_DEVIATION * mad, rule.minChange);
  return {
    median: middle,
    mad,
    days: known.length,
    low: Math.max(middle - reach, rule.floor ?? Number.NEGATIVE_INFINITY),
    high: Math.min(middle + reach, rule.ceiling ?? Number.POSITIVE_INFINITY),
  };
}

/** Judges `value` against the same weekdays before it (see {@link baselineOf}). */
export function judge(value: number, history: readonly number[], rule: UnusualRule): Verdict {
  const baseline = baselineOf(history, rule);
  if (baseline === null) {
    return { kind: "unknown", value, days: history.filter(Number.isFinite).length };
  }
  const kind = value > baseline.high ? "high" : value < baseline.low ? "low" : "normal";
  const ratio = baseline.median === 0 ? null : value / baseline.median;
  return { kind, value, baseline, ratio };
}

/** {@link judge} with the app's rule for `metric`. */
export function judgeMetric(
  metric: JudgedMetric,
  value: number,
  history: readonly number[],
): Verdict {
  return judge(value, history, UNUSUAL_RULES[metric]);
}
