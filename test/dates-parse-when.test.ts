import { afterEach, describe, expect, it } from "vitest";
import { rangeLength } from "../src/dates/calendar.ts";
import { DATE_EXAMPLES, type DateInputReason, isDateInputError } from "../src/dates/errors.ts";
import { parseWhen } from "../src/dates/parse-when.ts";

/** A moment and a zone: what "today" is for the person asking. */
interface Asked {
  name: string;
  now: string;
  timeZone: string;
}

/** Thu 26 Nov 2026, 10:00 in New York. */
const NY_THU = {
  name: "Thu 26 Nov 2026 in New York",
  now: "2026-11-26T15:00:00Z",
  timeZone: "America/New_York",
};
/** 11:30 UTC: already Fri 27 Nov 01:30 in Kiritimati (UTC+14), still Thu 26 Nov 00:30 in Pago Pago (UTC−11). */
const KIRITIMATI = {
  name: "Fri 27 Nov 01:30 in Kiritimati",
  now: "2026-11-26T11:30:00Z",
  timeZone: "Pacific/Kiritimati",
};
const PAGO_PAGO = {
  name: "Thu 26 Nov 00:30 in Pago Pago",
  now: "2026-11-26T11:30:00Z",
  timeZone: "Pacific/Pago_Pago",
};
/** One minute before midnight at each edge: still the 26th. */
const KIRITIMATI_LATE = {
  name: "Thu 26 Nov 23:59 in Kiritimati",
  now: "2026-11-26T09:59:00Z",
  timeZone: "Pacific/Kiritimati",
};
const PAGO_PAGO_LATE = {
  name: "Thu 26 Nov 23:59 in Pago Pago",
  now: "2026-11-27T10:59:00Z",
  timeZone: "Pacific/Pago_Pago",
};
/** New York springs forward on Sun 8 Mar 2026; 00:30 EDT on Mon 9 Mar is 04:30 UTC. */
const NY_SPRING = {
  name: "Mon 9 Mar 2026 00:30 EDT",
  now: "2026-03-09T04:30:00Z",
  timeZone: "America/New_York",
};
const NY_SPRING_EVE = {
  name: "Sun 8 Mar 2026 23:30 EDT",
  now: "2026-03-09T03:30:00Z",
  timeZone: "America/New_York",
};
/** New York falls back on Sun 1 Nov 2026; 23:30 EST that evening is 04:30 UTC on the 2nd. */
const NY_FALL = {
  name: "Sun 1 Nov 2026 23:30 EST",
  now: "2026-11-02T04:30:00Z",
  timeZone: "America/New_York",
};
const NY_FALL_NEXT = {
  name: "Mon 2 Nov 2026 00:30 EST",
  now: "2026-11-02T05:30:00Z",
  timeZone: "America/New_York",
};
/** Berlin springs forward on Sun 29 Mar 2026 and falls back on Sun 25 Oct 2026. */
const BERLIN_SPRING = {
  name: "Mon 30 Mar 2026 00:30 CEST",
  now: "2026-03-29T22:30:00Z",
  timeZone: "Europe/Berlin",
};
const BERLIN_FALL = {
  name: "Sun 25 Oct 2026 23:30 CET",
  now: "2026-10-25T22:30:00Z",
  timeZone: "Europe/Berlin",
};
/** Year boundary. */
const JAN_5 = {
  name: "Tue 5 Jan 2027 in Berlin",
  now: "2027-01-05T12:00:00Z",
  timeZone: "Europe/Berlin",
};
const JAN_1 = {
  name: "Fri 1 Jan 2027 00:10 in Tokyo",
  now: "2026-12-31T15:10:00Z",
  timeZone: "Asia/Tokyo",
};
const JAN_3 = { name: "Sun 3 Jan 2027 in UTC", now: "2027-01-03T20:00:00Z", timeZone: "UTC" };
/** Leap days. */
const LEAP_MAR_1 = { name: "Wed 1 Mar 2028 in UTC", now: "2028-03-01T08:00:00Z", timeZone: "UTC" };
const LEAP_MAR_5 = { name: "Sun 5 Mar 2028 in UTC", now: "2028-03-05T08:00:00Z", timeZone: "UTC" };
const NON_LEAP = { name: "Tue 1 Jun 2027 in UTC", now: "2027-06-01T08:00:00Z", timeZone: "UTC" };

type Row = [Asked, string, string, string, string?];

/** [asked, typed, from, to, label?] */
const ROWS: Row[] = [
  [NY_THU, "", "2026-11-25", "2026-11-25", "yesterday"],
  [NY_THU, "   ", "2026-11-25", "2026-11-25", "yesterday"],
  [NY_THU, "today", "2026-11-26", "2026-11-26", "today"],
  [NY_THU, "yesterday", "2026-11-25", "2026-11-25", "yesterday"],
  [NY_THU, "Yesterday", "2026-11-25", "2026-11-25", "yesterday"],
  [NY_THU, "the day before yesterday", "2026-11-24", "2026-11-24", "Tue 24 Nov 2026"],
  [NY_THU, "2 days ago", "2026-11-24", "2026-11-24", "Tue 24 Nov 2026"],
  [NY_THU, "a week ago", "2026-11-19", "2026-11-19"],
  [NY_THU, "friday", "2026-11-20", "2026-11-20", "Fri 20 Nov 2026"],
  [NY_THU, "fri", "2026-11-20", "2026-11-20"],
  [NY_THU, "last friday", "2026-11-20", "2026-11-20"],
  [NY_THU, "thursday", "2026-11-26", "2026-11-26"],
  [NY_THU, "last thursday", "2026-11-19", "2026-11-19"],
  [NY_THU, "this monday", "2026-11-23", "2026-11-23"],
  [NY_THU, "on monday", "2026-11-23", "2026-11-23"],
  [NY_THU, "nov 20", "2026-11-20", "2026-11-20", "Fri 20 Nov 2026"],
  [NY_THU, "Nov 20.", "2026-11-20", "2026-11-20"],
  [NY_THU, "20 nov", "2026-11-20", "2026-11-20"],
  [NY_THU, "november 20th", "2026-11-20", "2026-11-20"],
  [NY_THU, "2026-11-20", "2026-11-20", "2026-11-20"],
  [NY_THU, "11/20", "2026-11-20", "2026-11-20"],
  [NY_THU, "11/20/2025", "2025-11-20", "2025-11-20"],
  [NY_THU, "nov 20, 2025", "2025-11-20", "2025-11-20"],
  [NY_THU, "nov 20 at 3pm", "2026-11-20", "2026-11-20"],
  [NY_THU, "nov 30", "2025-11-30", "2025-11-30", "Sun 30 Nov 2025"],
  [NY_THU, "last week", "2026-11-16", "2026-11-22", "last week"],
  [NY_THU, "this week", "2026-11-23", "2026-11-26", "this week"],
  [NY_THU, "past 7 days", "2026-11-20", "2026-11-26", "past 7 days"],
  [NY_THU, "last 7 days", "2026-11-20", "2026-11-26", "past 7 days"],
  [NY_THU, "for the past week", "2026-11-20", "2026-11-26", "past 7 days"],
  [NY_THU, "past 2 weeks", "2026-11-13", "2026-11-26", "past 2 weeks"],
  [NY_THU, "last three days", "2026-11-24", "2026-11-26", "past 3 days"],
  [NY_THU, "last month", "2026-10-01", "2026-10-31", "last month"],
  [NY_THU, "this month", "2026-11-01", "2026-11-26", "this month"],
  [NY_THU, "october", "2026-10-01", "2026-10-31", "1–31 Oct 2026"],
  [NY_THU, "november", "2026-11-01", "2026-11-26"],
  [NY_THU, "nov 2025", "2025-11-01", "2025-11-30"],
  [NY_THU, "from nov 1 to nov 7", "2026-11-01", "2026-11-07", "1–7 Nov 2026"],
  [NY_THU, "nov 1 - nov 7", "2026-11-01", "2026-11-07"],
  [NY_THU, "nov 1–7", "2026-11-01", "2026-11-07"],
  [NY_THU, "from 1 nov to 7 nov", "2026-11-01", "2026-11-07"],
  [NY_THU, "between nov 1 and nov 7", "2026-11-01", "2026-11-07"],
  [NY_THU, "11/1-11/7", "2026-11-01", "2026-11-07"],
  [NY_THU, "2026-11-01 to 2026-11-07", "2026-11-01", "2026-11-07"],
  [NY_THU, "2026-11-07 to 2026-11-01", "2026-11-01", "2026-11-07"],
  // A day without a year, then an ISO day (chrono-node used to read "nov 20 to 2026-11-25" as "nov -25").
  [NY_THU, "nov 20 to 2026-11-25", "2026-11-20", "2026-11-25"],
  [NY_THU, "nov 1 to 2026-11-07", "2026-11-01", "2026-11-07"],
  [NY_THU, "dec 20 to 2026-01-05", "2025-12-20", "2026-01-05"],
  [NY_THU, "from 2026-11-01 through nov 7", "2026-11-01", "2026-11-07"],
  [NY_THU, "nov 7 to nov 1", "2026-11-01", "2026-11-07"],
  [NY_THU, "nov 1 to yesterday", "2026-11-01", "2026-11-25"],
  [NY_THU, "yesterday to today", "2026-11-25", "2026-11-26", "25–26 Nov 2026"],
  [NY_THU, "since nov 20", "2026-11-20", "2026-11-26"],
  [NY_THU, "monday to wednesday", "2026-11-23", "2026-11-25"],
  [NY_THU, "friday to monday", "2026-11-20", "2026-11-23"],
  [NY_THU, "oct 20 to nov 3", "2026-10-20", "2026-11-03", "20 Oct – 3 Nov 2026"],

  [KIRITIMATI, "today", "2026-11-27", "2026-11-27"],
  [KIRITIMATI, "", "2026-11-26", "2026-11-26"],
  [KIRITIMATI, "friday", "2026-11-27", "2026-11-27"],
  [KIRITIMATI, "2026-11-27", "2026-11-27", "2026-11-27"],
  [KIRITIMATI, "this week", "2026-11-23", "2026-11-27"],
  [KIRITIMATI, "past 7 days", "2026-11-21", "2026-11-27"],
  [PAGO_PAGO, "today", "2026-11-26", "2026-11-26"],
  [PAGO_PAGO, "", "2026-11-25", "2026-11-25"],
  [PAGO_PAGO, "friday", "2026-11-20", "2026-11-20"],
  [PAGO_PAGO, "this week", "2026-11-23", "2026-11-26"],
  [KIRITIMATI_LATE, "today", "2026-11-26", "2026-11-26"],
  [PAGO_PAGO_LATE, "today", "2026-11-26", "2026-11-26"],
  [PAGO_PAGO_LATE, "2026-11-26", "2026-11-26", "2026-11-26"],

  [NY_SPRING, "yesterday", "2026-03-08", "2026-03-08"],
  [NY_SPRING, "today", "2026-03-09", "2026-03-09"],
  [NY_SPRING, "last week", "2026-03-02", "2026-03-08"],
  [NY_SPRING, "2 days ago", "2026-03-07", "2026-03-07"],
  [NY_SPRING_EVE, "today", "2026-03-08", "2026-03-08"],
  [NY_SPRING_EVE, "sunday", "2026-03-08", "2026-03-08"],
  [NY_FALL, "today", "2026-11-01", "2026-11-01"],
  [NY_FALL, "yesterday", "2026-10-31", "2026-10-31"],
  [NY_FALL, "last month", "2026-10-01", "2026-10-31"],
  [NY_FALL_NEXT, "yesterday", "2026-11-01", "2026-11-01"],
  [NY_FALL_NEXT, "past 7 days", "2026-10-27", "2026-11-02"],
  [BERLIN_SPRING, "yesterday", "2026-03-29", "2026-03-29"],
  [BERLIN_SPRING, "this week", "2026-03-30", "2026-03-30"],
  [BERLIN_SPRING, "last week", "2026-03-23", "2026-03-29"],
  [BERLIN_FALL, "today", "2026-10-25", "2026-10-25"],
  [BERLIN_FALL, "this week", "2026-10-19", "2026-10-25"],
  [BERLIN_FALL, "sunday", "2026-10-25", "2026-10-25"],
  [BERLIN_FALL, "last sunday", "2026-10-18", "2026-10-18"],

  [JAN_5, "dec 28 to jan 3", "2026-12-28", "2027-01-03", "28 Dec 2026 – 3 Jan 2027"],
  [JAN_5, "28 dec - 3 jan", "2026-12-28", "2027-01-03"],
  [JAN_5, "dec 28 2026 to jan 3", "2026-12-28", "2027-01-03"],
  [JAN_5, "dec 28", "2026-12-28", "2026-12-28"],
  [JAN_5, "last week", "2026-12-28", "2027-01-03"],
  [JAN_5, "last month", "2026-12-01", "2026-12-31"],
  [JAN_5, "this month", "2027-01-01", "2027-01-05"],
  [JAN_5, "december", "2026-12-01", "2026-12-31"],
  [JAN_1, "yesterday", "2026-12-31", "2026-12-31"],
  [JAN_1, "today", "2027-01-01", "2027-01-01"],
  [JAN_1, "this month", "2027-01-01", "2027-01-01"],
  [JAN_1, "this year", "2027-01-01", "2027-01-01"],
  [JAN_1, "last month", "2026-12-01", "2026-12-31"],
  [JAN_3, "past 7 days", "2026-12-28", "2027-01-03"],

  [LEAP_MAR_1, "yesterday", "2028-02-29", "2028-02-29"],
  [LEAP_MAR_1, "feb 29", "2028-02-29", "2028-02-29"],
  [LEAP_MAR_1, "2028-02-29", "2028-02-29", "2028-02-29"],
  [LEAP_MAR_1, "last month", "2028-02-01", "2028-02-29"],
  [LEAP_MAR_5, "feb 28 to mar 1", "2028-02-28", "2028-03-01"],
  [NON_LEAP, "feb 29", "2024-02-29", "2024-02-29"],
  [NON_LEAP, "29th of february", "2024-02-29", "2024-02-29"],
];

type ErrorRow = [Asked, string, DateInputReason, string[], number?];

/** [asked, typed, reason, words the message must contain, maxDays?] */
const ERRORS: ErrorRow[] = [
  [NY_THU, "banana", "not-understood", ['"banana"']],
  [NY_THU, "nov 20 banana", "not-understood", ['"banana" in "nov 20 banana"']],
  [NY_THU, "2026-11-20 please", "not-understood", ['"please"']],
  [NY_THU, "nov 20 to", "not-understood", ['"to"']],
  [NY_THU, "nov 1 nov 7", "not-understood", ['"to"']],
  [NY_THU, "nov 1 and nov 7", "not-understood", ['"and"']],
  [NY_THU, "nov 1 and nov 3 and nov 5", "not-understood", ["one day or one range"]],
  [NY_THU, "3pm", "not-understood", ['"3pm"', "time of day"]],
  [NY_THU, "2026-02-30", "not-understood", ['"2026-02-30"', "no such day"]],
  [NON_LEAP, "2027-02-29", "not-understood", ["no such day"]],
  [NY_THU, "past 0 days", "not-understood", ["at least 1"]],
  [NY_THU, "tomorrow", "future", ["Fri 27 Nov 2026", "America/New_York", "Thu 26 Nov 2026"]],
  [NY_THU, "2026-11-27", "future", ["Fri 27 Nov 2026"]],
  [NY_THU, "this friday", "future", ["Fri 27 Nov 2026"]],
  [NY_THU, "next week", "future", ["Sun 6 Dec 2026"]],
  [NY_THU, "from nov 20 to nov 30", "future", ["Mon 30 Nov 2026"]],
  [PAGO_PAGO, "2026-11-27", "future", ["Pacific/Pago_Pago", "Thu 26 Nov 2026"]],
  [NY_THU, "past 40 days", "too-long", ["40 days", "at most 31 days"]],
  [NY_THU, "last year", "too-long", ["365 days", "1 Jan – 31 Dec 2025"]],
  [NY_THU, "from sep 1 to nov 1", "too-long", ["62 days"]],
  [NY_THU, "last month", "too-long", ["31 days", "at most 7 days"], 7],
];

describe("parseWhen", () => {
  it.each(ROWS)("%#: %o %j", (asked, text, from, to, label) => {
    const result = parseWhen(text, { timeZone: asked.timeZone, now: new Date(asked.now) });
    expect({ from: result.from, to: result.to }).toEqual({ from, to });
    if (label !== undefined) expect(result.label).toBe(label);
  });

  it.each(ERRORS)("%#: %o %j is refused", (asked, text, reason, words, maxDays) => {
    const error = catchError(() =>
      parseWhen(text, { timeZone: asked.timeZone, now: new Date(asked.now), maxDays }),
    );
    if (!isDateInputError(error)) throw new Error(`expected a DateInputError for "${text}"`);
    expect(error.reason).toBe(reason);
    for (const word of words) expect(error.message).toContain(word);
    expect(error.examples.length).toBeGreaterThan(0);
  });

  it("names how many days were asked and the limit", () => {
    const error = catchError(() =>
      parseWhen("past 40 days", { timeZone: "UTC", now: new Date("2026-11-26T12:00:00Z") }),
    );
    expect(error).toMatchObject({ reason: "too-long", days: 40, maxDays: 31 });
  });

  it("offers only examples that work", () => {
    for (const asked of [NY_THU, KIRITIMATI, PAGO_PAGO, JAN_1, LEAP_MAR_1]) {
      for (const example of DATE_EXAMPLES) {
        const range = parseWhen(example, { timeZone: asked.timeZone, now: new Date(asked.now) });
        expect(rangeLength(range)).toBeGreaterThan(0);
      }
    }
  });

  it("allows a range of exactly maxDays, ending today", () => {
    const range = parseWhen("past 31 days", {
      timeZone: "UTC",
      now: new Date("2026-11-26T12:00:00Z"),
    });
    expect(rangeLength(range)).toBe(31);
    expect(range.to).toBe("2026-11-26");
  });

  it("refuses an unknown time zone as a caller error, not a date error", () => {
    const error = catchError(() =>
      parseWhen("today", { timeZone: "Mars/Olympus", now: new Date() }),
    );
    expect(error).toBeInstanceOf(RangeError);
    expect(isDateInputError(error)).toBe(false);
  });
});

describe("parseWhen whatever zone the process runs in", () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(["UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago"])(
    "gives the same days with TZ=%s",
    (zone) => {
      process.env.TZ = zone;
      for (const [asked, text, from, to] of ROWS) {
        const result = parseWhen(text, { timeZone: asked.timeZone, now: new Date(asked.now) });
        expect({ text, zone: asked.name, from: result.from, to: result.to }).toEqual({
          text,
          zone: asked.name,
          from,
          to,
        });
      }
    },
  );
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
