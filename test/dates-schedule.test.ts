import { describe, expect, it } from "vitest";
import {
  coveredDays,
  dueDay,
  formatTimeOfDay,
  nextPostDay,
  postsOn,
  type Schedule,
  wallTime,
} from "../src/dates/schedule.ts";
import { digestJob } from "../src/services/digest/job.ts";

const MINUTE = 60_000;

/**
 * Ticks every `everyMinutes` from `fromUtc` to `toUtc`, as a scheduler would: a run is due when
 * `dueRun` says so and its id has not completed. Returns each run with the tick that ran it.
 */
function simulate(
  schedule: Schedule,
  fromUtc: string,
  toUtc: string,
  everyMinutes = 1,
  skip: (at: Date) => boolean = () => false,
): { id: string; at: string }[] {
  const entry = { ...schedule, channelId: "C0FAXOPS1", setBy: "U0ADMIN01", setAt: fromUtc };
  const done = new Set<string>();
  const runs: { id: string; at: string }[] = [];
  for (let t = Date.parse(fromUtc); t <= Date.parse(toUtc); t += everyMinutes * MINUTE) {
    const now = new Date(t);
    if (skip(now)) continue;
    const run = digestJob.dueRun(entry, now);
    if (run === null || done.has(run.id)) continue;
    done.add(run.id);
    runs.push({ id: run.id, at: now.toISOString() });
  }
  return runs;
}

describe("the wall clock of a zone", () => {
  it.each([
    ["2026-03-08T06:59:00Z", "America/New_York", "2026-03-08", 1 * 60 + 59],
    ["2026-03-08T07:00:00Z", "America/New_York", "2026-03-08", 3 * 60],
    ["2026-11-01T05:30:00Z", "America/New_York", "2026-11-01", 1 * 60 + 30],
    ["2026-11-01T06:30:00Z", "America/New_York", "2026-11-01", 1 * 60 + 30],
    ["2026-12-02T19:00:00Z", "Pacific/Kiritimati", "2026-12-03", 9 * 60],
    ["2026-12-03T00:00:00Z", "UTC", "2026-12-03", 0],
  ])("%s in %s is %s, minute %i", (at, zone, day, minutes) => {
    expect(wallTime(new Date(at), zone)).toEqual({ day, minutes });
  });
});

describe("when a digest is due (ticks every minute over whole local days)", () => {
  it.each([
    // America/New_York springs forward at 2:00 on 8 March 2026: 2:30 never happens.
    [
      "New York, spring forward, 2:30 (skipped)",
      "America/New_York",
      "02:30",
      "2026-03-08T05:00:00Z",
      "2026-03-09T04:59:00Z",
      "2026-03-08T07:00:00.000Z",
    ],
    [
      "New York, spring forward, 9:00",
      "America/New_York",
      "09:00",
      "2026-03-08T05:00:00Z",
      "2026-03-09T04:59:00Z",
      "2026-03-08T13:00:00.000Z",
    ],
    // …and falls back at 2:00 on 1 November 2026: 1:30 happens twice.
    [
      "New York, fall back, 1:30 (twice)",
      "America/New_York",
      "01:30",
      "2026-11-01T04:00:00Z",
      "2026-11-02T04:59:00Z",
      "2026-11-01T05:30:00.000Z",
    ],
    [
      "New York, fall back, 9:00",
      "America/New_York",
      "09:00",
      "2026-11-01T04:00:00Z",
      "2026-11-02T04:59:00Z",
      "2026-11-01T14:00:00.000Z",
    ],
    // Europe/Berlin springs forward at 2:00 on 29 March 2026 and falls back at 3:00 on 25 October.
    [
      "Berlin, spring forward, 2:30 (skipped)",
      "Europe/Berlin",
      "02:30",
      "2026-03-28T23:00:00Z",
      "2026-03-29T21:59:00Z",
      "2026-03-29T01:00:00.000Z",
    ],
    [
      "Berlin, fall back, 2:30 (twice)",
      "Europe/Berlin",
      "02:30",
      "2026-10-24T22:00:00Z",
      "2026-10-25T22:59:00Z",
      "2026-10-25T00:30:00.000Z",
    ],
    [
      "Berlin, fall back, 9:00",
      "Europe/Berlin",
      "09:00",
      "2026-10-24T22:00:00Z",
      "2026-10-25T22:59:00Z",
      "2026-10-25T08:00:00.000Z",
    ],
    // Kiritimati is UTC+14: its 9:00 is 19:00 UTC the day before.
    [
      "Kiritimati, 9:00",
      "Pacific/Kiritimati",
      "09:00",
      "2026-12-02T10:00:00Z",
      "2026-12-03T09:59:00Z",
      "2026-12-02T19:00:00.000Z",
    ],
  ])("%s goes out once, at the first tick at or after it", (_, timeZone, time, from, to, first) => {
    const runs = simulate({ time, cadence: "daily", timeZone }, from, to);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.at).toBe(first);
  });

  it("names the run after the local day, so both 1:30s of a fall-back night are the same run", () => {
    const schedule: Schedule = { time: "01:30", cadence: "daily", timeZone: "America/New_York" };
    expect(dueDay(schedule, new Date("2026-11-01T05:30:00Z"))).toBe("2026-11-01");
    expect(dueDay(schedule, new Date("2026-11-01T06:30:00Z"))).toBe("2026-11-01");
    expect(dueDay(schedule, new Date("2026-11-01T05:29:00Z"))).toBeNull();
  });

  it("runs a Kiritimati digest on its own day, a day ahead of UTC", () => {
    const schedule: Schedule = { time: "09:00", cadence: "daily", timeZone: "Pacific/Kiritimati" };
    expect(dueDay(schedule, new Date("2026-12-02T18:59:00Z"))).toBeNull();
    expect(dueDay(schedule, new Date("2026-12-02T19:00:00Z"))).toBe("2026-12-03");
    expect(coveredDays("daily", "2026-12-03")).toEqual({ from: "2026-12-02", to: "2026-12-02" });
  });

  it("posts today at the next tick when set after its time (9:00, set at 11:00)", () => {
    const schedule: Schedule = { time: "09:00", cadence: "daily", timeZone: "America/Chicago" };
    // 11:00 in Chicago on Thu 3 Dec 2026 is 17:00 UTC.
    expect(dueDay(schedule, new Date("2026-12-03T17:00:00Z"))).toBe("2026-12-03");
  });

  it("catches up missed ticks the same day, never the days before", () => {
    const schedule: Schedule = { time: "09:00", cadence: "daily", timeZone: "Europe/Berlin" };
    // Down from 7:00 to 15:00 Berlin time on 3 Dec, and all of 4 Dec.
    const down = (at: Date) =>
      (at >= new Date("2026-12-03T06:00:00Z") && at < new Date("2026-12-03T14:00:00Z")) ||
      (at >= new Date("2026-12-03T23:00:00Z") && at < new Date("2026-12-04T23:00:00Z"));
    const runs = simulate(schedule, "2026-12-02T23:00:00Z", "2026-12-05T22:59:00Z", 5, down);
    expect(runs).toEqual([
      { id: "2026-12-03", at: "2026-12-03T14:00:00.000Z" },
      { id: "2026-12-05", at: "2026-12-05T08:00:00.000Z" },
    ]);
  });

  it("keeps to its days: weekdays Monday to Friday, weekly on Mondays", () => {
    const week = (cadence: Schedule["cadence"]) =>
      simulate(
        { time: "09:00", cadence, timeZone: "UTC" },
        "2026-11-30T00:00:00Z",
        "2026-12-06T23:59:00Z",
        15,
      ).map((run) => run.id);
    expect(week("daily")).toHaveLength(7);
    expect(week("weekdays")).toEqual([
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
    ]);
    expect(week("weekly")).toEqual(["2026-11-30"]);
    expect(postsOn("weekdays", "2026-12-05")).toBe(false);
  });

  it("is never due with a damaged time", () => {
    expect(dueDay({ time: "9", cadence: "daily", timeZone: "UTC" }, new Date())).toBeNull();
  });
});

describe("what a digest covers and when the next one goes", () => {
  it.each([
    ["daily", "2026-12-03", "2026-12-02", "2026-12-02"],
    ["daily", "2026-11-30", "2026-11-29", "2026-11-29"],
    ["weekdays", "2026-12-03", "2026-12-02", "2026-12-02"],
    ["weekdays", "2026-11-30", "2026-11-27", "2026-11-29"],
    ["weekly", "2026-11-30", "2026-11-23", "2026-11-29"],
  ] as const)("a %s digest on %s covers %s to %s", (cadence, day, from, to) => {
    expect(coveredDays(cadence, day)).toEqual({ from, to });
  });

  it("names the next posting day", () => {
    const weekdays: Schedule = { time: "09:00", cadence: "weekdays", timeZone: "America/Chicago" };
    // Wed 2 Dec 2026, 20:00 in Chicago: today's has gone out.
    expect(nextPostDay(weekdays, new Date("2026-12-03T02:00:00Z"), true)).toBe("2026-12-03");
    // Fri 4 Dec, after it went out: Monday.
    expect(nextPostDay(weekdays, new Date("2026-12-04T20:00:00Z"), true)).toBe("2026-12-07");
    // Fri 4 Dec, not yet out: today.
    expect(nextPostDay(weekdays, new Date("2026-12-04T20:00:00Z"), false)).toBe("2026-12-04");
    const weekly: Schedule = { ...weekdays, cadence: "weekly" };
    expect(nextPostDay(weekly, new Date("2026-12-03T20:00:00Z"), false)).toBe("2026-12-07");
  });

  it("writes times the way people read them", () => {
    expect(formatTimeOfDay("09:00")).toBe("9:00");
    expect(formatTimeOfDay("17:30")).toBe("17:30");
    expect(formatTimeOfDay("00:05")).toBe("0:05");
  });
});
