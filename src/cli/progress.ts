/**
 * "Fetching 7 days… 3/14" on stderr while a report is fetched, so stdout stays clean for pipes.
 * In a terminal one line is redrawn in place and erased at the end; otherwise (logs, CI) a line is
 * written at the start, at each quarter and at the end, and only for ranges of several days.
 */
import { plural } from "../dates/format.ts";

/** Where progress goes: stderr, or anything with `write` and `isTTY`. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  /** Called by `runReport` with (0, total) first, then after each upstream call. */
  update(done: number, total: number): void;
  /** Erases the in-place line; call once the report is fetched or has failed. */
  finish(): void;
}

const SILENT: Progress = { update: () => {}, finish: () => {} };

/** A progress reporter for fetching `days` days, or a silent one when none should be shown. */
export function createProgress(stream: ProgressStream, days: number): Progress {
  const live = stream.isTTY === true;
  if (!live && days <= 1) return SILENT;
  const what = `Fetching ${plural(days, "day", "days")}…`;
  if (live) {
    let shown = "";
    return {
      update(done, total) {
        const text = `${what} ${done}/${total}`;
        stream.write(`\r${text.padEnd(shown.length)}`);
        shown = text;
      },
      finish() {
        if (shown) stream.write(`\r${" ".repeat(shown.length)}\r`);
        shown = "";
      },
    };
  }
  let quarter = -1;
  return {
    update(done, total) {
      const reached = total === 0 ? 4 : Math.floor((done * 4) / total);
      if (reached === quarter) return;
      quarter = reached;
      stream.write(`${what} ${done}/${total}\n`);
    },
    finish() {},
  };
}
