/**
 * Why a date or range typed by a person could not be used. Each message is shown as is (Slack
 * ephemeral reply, CLI stderr), so it quotes what was typed and says what would work instead;
 * `examples` are inputs that do parse, to show next to the message.
 */

export type DateInputReason = "not-understood" | "future" | "too-long";

/** Inputs that always parse, for help texts and error replies. */
export const DATE_EXAMPLES: readonly string[] = [
  "yesterday",
  "today",
  "last friday",
  "nov 20",
  "2026-11-20",
  "last week",
  "this week",
  "past 7 days",
  "this month",
  "last month",
  "from nov 1 to nov 7",
  "2 days ago",
];

/** Base class of the three failures; `isDateInputError` tells them from programming errors. */
export class DateInputError extends Error {
  readonly reason: DateInputReason;
  /** What the person typed, as given. */
  readonly input: string;
  readonly examples: string[];

  constructor(
    reason: DateInputReason,
    input: string,
    message: string,
    examples: readonly string[],
  ) {
    super(message);
    this.name = "DateInputError";
    this.reason = reason;
    this.input = input;
    this.examples = [...examples];
  }
}

/** Words that are not a day or a range of days, or trailing words chrono-node would have ignored. */
export class DateNotUnderstoodError extends DateInputError {
  /** The words that could not be read (the whole input when nothing was). */
  readonly unread: string;

  /** `unread` is null when nothing of `input` could be read. */
  constructor(input: string, unread: string | null, detail?: string) {
    const typed = input.trim();
    const whole = unread === null || unread.toLowerCase() === typed.toLowerCase();
    const what = whole ? `"${typed}"` : `"${unread}" in "${typed}"`;
    super(
      "not-understood",
      input,
      `I couldn't understand ${what} as a day or a range of days${detail ? `: ${detail}` : ""}.`,
      DATE_EXAMPLES,
    );
    this.name = "DateNotUnderstoodError";
    this.unread = unread ?? typed;
  }
}

/** The day or range reaches past today in the person's time zone; reports are about the past. */
export class FutureDateError extends DateInputError {
  constructor(input: string, message: string) {
    super("future", input, message, ["today", "yesterday", "this week", "this month"]);
    this.name = "FutureDateError";
  }
}

/** The range is longer than the limit (31 days by default). */
export class RangeTooLongError extends DateInputError {
  readonly days: number;
  readonly maxDays: number;

  constructor(input: string, message: string, days: number, maxDays: number) {
    super("too-long", input, message, ["last week", "past 7 days", "last month", "this month"]);
    this.name = "RangeTooLongError";
    this.days = days;
    this.maxDays = maxDays;
  }
}

/** True for any of the three date input failures. */
export function isDateInputError(error: unknown): error is DateInputError {
  return error instanceof DateInputError;
}
