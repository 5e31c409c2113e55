/**
 * Keeping views inside Slack's limits by showing fewer rows rather than failing: a list gets a
 * budget of rows and characters, shows what fits, and ends with a line saying how many more there
 * are and where to find them (the CSV, or the thread of a shared post). Rendering stops once the
 * budget is spent, so a 100k-item list costs no more than a short one.
 */
import type { SectionBlock } from "@slack/types";
import { formatCount } from "../dates/format.ts";
import { section } from "./blocks.ts";
import { SLACK_LIMITS } from "./limits.ts";

/** A list and its budget for {@link fitList}. */
export interface FitOptions<T> {
  items: readonly T[];
  /** How many there are in all; more than `items.length` when the list was cut before. */
  total: number;
  render: (item: T, index: number) => string;
  maxItems: number;
  /** Characters for all lines together, newlines and the "more" line included. */
  maxChars: number;
  /** The closing line when rows are left out; default {@link moreInCsv}. */
  more?: (omitted: number) => string;
}

/** The lines to show (the "more" line included) and how many rows were shown or left out. */
export interface FittedList {
  lines: string[];
  shown: number;
  omitted: number;
}

/** `_and 1,234 more — full list in the CSV_`: for lists whose every entry the CSV holds. */
export function moreInCsv(omitted: number): string {
  return `_and ${formatCount(omitted)} more — full list in the CSV_`;
}

/** `_and 2 more in the thread_`: for a short list the shared post's thread shows in full. */
export function moreInThread(omitted: number): string {
  return `_and ${formatCount(omitted)} more in the thread_`;
}

/**
 * `_and 92 more — see the thread and its CSV_`: for a long list of the shared post, which its
 * thread continues and its CSV holds in full.
 */
export function moreInThreadAndCsv(omitted: number): string {
  return `_and ${formatCount(omitted)} more — see the thread and its CSV_`;
}

/** The rows of a list that fit its budget, closed by a "more" line when any are left out. */
export function fitList<T>(options: FitOptions<T>): FittedList {
  const more = options.more ?? moreInCsv;
  const total = Math.max(options.total, options.items.length);
  const reserve = more(total).length + 1;
  const lines: string[] = [];
  let used = 0;
  const limit = Math.min(options.maxItems, options.items.length);
  for (let i = 0; i < limit; i++) {
    const item = options.items[i];
    if (item === undefined) break;
    const line = options.render(item, i);
    const cost = line.length + (lines.length > 0 ? 1 : 0);
    const remaining = total - (lines.length + 1);
    const needed = used + cost + (remaining > 0 ? reserve : 0);
    if (needed > options.maxChars) break;
    lines.push(line);
    used += cost;
  }
  const omitted = total - lines.length;
  if (omitted > 0) lines.push(more(omitted));
  return { lines, shown: lines.length - (omitted > 0 ? 1 : 0), omitted };
}

/**
 * A titled list as section blocks of at most `maxChars` characters each (default just under the
 * section limit): the first carries the title, lines are never split.
 */
export function listSections(
  title: string,
  lines: readonly string[],
  maxChars: number = SLACK_LIMITS.sectionText - 100,
): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  let current = title;
  for (const line of lines) {
    if (current.length + 1 + line.length > maxChars && current !== "") {
      blocks.push(section(current));
      current = line;
    } else {
      current = current === "" ? line : `${current}\n${line}`;
    }
  }
  if (current !== "") blocks.push(section(current));
  return blocks;
}
