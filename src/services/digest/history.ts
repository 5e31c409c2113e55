/**
 * The key figures of past periods, kept per workspace so that a digest compares yesterday with
 * the same weekday of the four weeks before without asking eFax for those weeks every morning.
 *
 * A record holds one period's figures (a day, or the several days a digest covers), about a
 * hundred bytes, for six weeks. The first digest of a workspace fetches every day of the four
 * weeks before what it covers, once, and keeps each day's figures: whichever weekday the next
 * digests cover, their earlier weeks are then on record, and each later digest fetches only the
 * days it covers. Records name the eFax account they came from (a hash of its username), so after
 * a reconnect to another account the weeks are fetched again.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { addDays, type Day, type DayRange, eachDay } from "../../dates/calendar.ts";
import { BASELINE_WEEKS } from "../../reports/baseline.ts";
import { figuresOfPeriods, type PeriodFigures } from "../../reports/digest.ts";
import type { SummaryReport } from "../../reports/model.ts";
import { storeKeys } from "../../store/keys.ts";
import type { StoredValue } from "../../store/types.ts";
import type { Services } from "../context.ts";
import { describeError } from "../logging.ts";

/** How long a period's figures are kept: four weeks of comparisons after a week's digest, and more. */
export const FIGURES_TTL_SECONDS = 42 * 86_400;

/** Days before a digest's period whose figures are kept on record. */
export const WINDOW_DAYS = 7 * BASELINE_WEEKS;

const recordSchema = z.object({
  account: z.string(),
  attempts: z.number(),
  successes: z.number(),
  failures: z.number(),
  unreached: z.number(),
  pages: z.number(),
});

/** The hash records are filed under for an eFax account. */
export function accountTag(username: string): string {
  return createHash("sha256").update(`efax-figures:${username}`).digest("hex").slice(0, 32);
}

function keyOf(teamId: string, range: DayRange): string {
  return storeKeys.periodFigures(teamId, range.from, range.to);
}

function single(day: Day): DayRange {
  return { from: day, to: day };
}

/** The records a digest over `range` reads: its comparisons, and each day of the window. */
export interface HistoryPlan {
  /** The same period in each earlier week, nearest first. */
  comparisons: readonly DayRange[];
  /** Every period to look up: the window's days first, then multi-day comparisons. */
  periods: readonly DayRange[];
  keys: readonly string[];
}

/** What to read for a digest over `range` compared with `comparisons`. */
export function planHistory(
  teamId: string,
  range: DayRange,
  comparisons: readonly DayRange[],
): HistoryPlan {
  const window = eachDay({ from: addDays(range.from, -WINDOW_DAYS), to: addDays(range.from, -1) });
  const periods: DayRange[] = window.map(single);
  const seen = new Set(periods.map((p) => `${p.from}:${p.to}`));
  for (const period of comparisons) {
    if (!seen.has(`${period.from}:${period.to}`)) periods.push(period);
  }
  return { comparisons, periods, keys: periods.map((p) => keyOf(teamId, p)) };
}

/**
 * The kept figures of each of `days` on record for `account` (those `comparisonFigures` found or
 * kept), by day: the weekly digest's chart judges each day of its week with them.
 */
export async function keptDailyFigures(
  services: Pick<Services, "store">,
  teamId: string,
  days: readonly Day[],
  account: string,
): Promise<Map<Day, PeriodFigures>> {
  const stored = await services.store.getMany(days.map((day) => keyOf(teamId, single(day))));
  const figures = new Map<Day, PeriodFigures>();
  days.forEach((day, i) => {
    const parsed = recordSchema.safeParse(stored[i]);
    if (!parsed.success || parsed.data.account !== account) return;
    const { account: _, ...kept } = parsed.data;
    figures.set(day, kept);
  });
  return figures;
}

/**
 * The figures of each comparison period: read from `stored` (the values of `plan.keys`, in
 * order), and for what is missing fetched from eFax in one run over the missing days (their
 * bodies are not kept: only the figures are; numbers are counted unmasked, since masking can make
 * two numbers look alike), then kept. The figures of the digest's own period
 * (`current`, and each of its days) are kept too, for the digests to come. A failure to fetch or
 * keep is logged and leaves those periods unknown: the digest then judges with fewer weeks.
 */
export async function comparisonFigures(
  services: Pick<Services, "store" | "reports" | "logger">,
  input: {
    teamId: string;
    plan: HistoryPlan;
    stored: readonly (StoredValue | null)[];
    account: string;
    current: SummaryReport;
    currentFigures: PeriodFigures;
    signal: AbortSignal;
  },
): Promise<(PeriodFigures | null)[]> {
  const { teamId, plan, account } = input;
  const known = new Map<string, PeriodFigures>();
  plan.periods.forEach((period, i) => {
    const parsed = recordSchema.safeParse(input.stored[i]);
    if (parsed.success && parsed.data.account === account) {
      const { account: _, ...figures } = parsed.data;
      known.set(`${period.from}:${period.to}`, figures);
    }
  });
  const missing = plan.periods.filter((p) => !known.has(`${p.from}:${p.to}`));
  const keep: [DayRange, PeriodFigures][] = [];

  if (missing.length > 0) {
    const ends = missing.flatMap((p) => [p.from, p.to]).sort();
    const from = ends[0] ?? "";
    const to = ends.at(-1) ?? "";
    try {
      const report = await services.reports.run(
        teamId,
        { name: "summary", from, to, sample: false },
        { previous: false, rankings: false, keep: false, mask: false, signal: input.signal },
      );
      if (report.kind === "summary") {
        figuresOfPeriods(report, missing).forEach((figures, i) => {
          const period = missing[i];
          if (period === undefined) return;
          known.set(`${period.from}:${period.to}`, figures);
          keep.push([period, figures]);
        });
      }
    } catch (error) {
      if (input.signal.aborted) throw error;
      services.logger.warn(
        `Could not fetch the earlier weeks for the digest of team ${teamId} (${from} to ${to}); comparing with fewer: ${describeError(error)}`,
      );
    }
  }

  const range = input.current.range;
  keep.push([range, input.currentFigures]);
  const days = eachDay(range);
  if (days.length > 1) {
    try {
      // Each day's numbers not reached need the numbers themselves, which a masked report no
      // longer tells apart: the same days again, unmasked, from the bodies just kept.
      const plain = await services.reports.run(
        teamId,
        { name: "summary", from: range.from, to: range.to, sample: false },
        { previous: false, rankings: false, mask: false, signal: input.signal },
      );
      if (plain.kind === "summary") {
        figuresOfPeriods(plain, days.map(single)).forEach((figures, i) => {
          const day = days[i];
          if (day !== undefined) keep.push([single(day), figures]);
        });
      }
    } catch (error) {
      if (input.signal.aborted) throw error;
      services.logger.warn(
        `Could not keep the daily digest figures of team ${teamId} for ${range.from} to ${range.to}: ${describeError(error)}`,
      );
    }
  }
  await Promise.all(
    keep.map(([period, figures]) =>
      services.store
        .set(keyOf(teamId, period), { account, ...figures }, { ttlSeconds: FIGURES_TTL_SECONDS })
        .catch((error: unknown) => {
          services.logger.warn(
            `Could not keep the digest figures of team ${teamId} for ${period.from}–${period.to}: ${describeError(error)}`,
          );
        }),
    ),
  );
  return plan.comparisons.map((p) => known.get(`${p.from}:${p.to}`) ?? null);
}
