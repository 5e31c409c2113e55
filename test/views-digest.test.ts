import { describe, expect, it } from "vitest";
import type { DayRange } from "../src/dates/calendar.ts";
import {
  figuresOfSummary,
  judgeFigures,
  type PeriodFigures,
  samePeriodsBefore,
} from "../src/reports/digest.ts";
import type { SummaryReport } from "../src/reports/model.ts";
import type { SlackMessage } from "../src/views/blocks.ts";
import {
  buildDigestChannelMessage,
  buildDigestFaultNotice,
  buildDigestMessage,
  buildDigestNotAllowedMessage,
  buildDigestOffMessage,
  buildDigestProblemMessage,
  buildDigestSavedMessage,
  buildDigestStatusMessage,
  buildDigestTroubleMessage,
  DIGEST_FAULTS,
  type DigestSettingView,
  digestHomeBlocks,
} from "../src/views/digest.ts";
import { buildHomeView, buildThreadDetails } from "../src/views/index.ts";
import { checkMessage, checkView } from "../src/views/limits.ts";
import {
  emptyReports,
  generatedReports,
  HOSTILE,
  hugeReports,
  tinyReports,
} from "./support/report-fixtures.ts";
import { visibleText } from "./support/view-text.ts";

const setting: DigestSettingView = {
  channelId: "C0FAXOPS1",
  time: "09:00",
  cadence: "weekdays",
  timeZone: "America/Chicago",
  setBy: "U0ADMIN01",
};

function scaled(figures: PeriodFigures, factor: number): PeriodFigures {
  return {
    attempts: Math.round(figures.attempts * factor),
    successes: Math.round(figures.successes * factor),
    failures: Math.round(figures.failures * factor),
    unreached: Math.round(figures.unreached * factor),
    pages: Math.round(figures.pages * factor),
  };
}

/** A digest of `summary` whose earlier weeks had `factors` × its own figures (null: unknown). */
function digest(
  summary: SummaryReport,
  factors: readonly (number | null)[],
  cadence: DigestSettingView["cadence"] = "weekdays",
): SlackMessage {
  const figures = figuresOfSummary(summary);
  const history = factors.map((f) => (f === null ? null : scaled(figures, f)));
  const comparisons = samePeriodsBefore(summary.range);
  return buildDigestMessage({
    summary,
    cadence,
    figures,
    verdicts: judgeFigures(figures, history, comparisons.length > 0 ? daysOf(summary.range) : 1),
    comparedWith: comparisons.filter((_, i) => history[i] !== null),
    setting: { ...setting, cadence },
  });
}

function daysOf(range: DayRange): number {
  return Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
}

const tiny = tinyReports().summary;
const week = generatedReports(
  { from: "2026-11-16", to: "2026-11-22" },
  { rowsPerDay: 400 },
).summary;
const weekend = generatedReports(
  { from: "2026-11-20", to: "2026-11-22" },
  { rowsPerDay: 400 },
).summary;

describe("the digest message", () => {
  it("flags an unusual day in plain words against the same weekday", () => {
    const figures = { attempts: 9393, successes: 8773, failures: 620, unreached: 97, pages: 1204 };
    const thursday = (attempts: number, failures: number, unreached: number) => ({
      attempts,
      successes: attempts - failures,
      failures,
      unreached,
      pages: 1190,
    });
    const history = [
      thursday(9100, 295, 45),
      thursday(9300, 300, 46),
      thursday(9000, 290, 47),
      thursday(9400, 310, 44),
    ];
    const message = buildDigestMessage({
      summary: tiny,
      cadence: "daily",
      figures,
      verdicts: judgeFigures(figures, history, 1),
      comparedWith: samePeriodsBefore(tiny.range),
      setting,
    });
    const text = visibleText(message);
    expect(text).toContain("# Fax digest · Thu 26 Nov 2026");
    expect(text).toContain(
      "Yesterday: 9,393 fax attempts, 93.4% went through, 97 numbers not reached, 1,204 billable pages.",
    );
    expect(text).toContain("*Unusual for a Thursday*");
    expect(text).toContain("⚠️ *Failed* 620: 2.1× a normal Thursday (usually 298)");
    expect(text).toContain("⚠️ *Numbers not reached* 97: 2.1× a normal Thursday (usually 46)");
    expect(text).toContain(
      "⚠️ *Success rate* 93.4%: 3.4 points lower than a normal Thursday (usually 96.8%)",
    );
    expect(text).not.toContain("*Fax attempts* 9,393:");
    expect(text).toContain("the same Thursday in the 4 weeks before (29 Oct – 19 Nov 2026)");
    expect(text).toContain("Details and the CSV are in the thread");
    expect(text).toContain("<@U0ADMIN01>");
    expect(message.text).toContain("Fax digest · Thu 26 Nov 2026: Yesterday: 9,393 fax attempts");
    expect(checkMessage(message)).toEqual([]);
    expect(text).toMatchSnapshot();
  });

  it("says how many weeks are missing before it flags anything", () => {
    const text = visibleText(digest(tiny, [0.2, null, null, 0.2]));
    expect(text).not.toContain("Unusual");
    expect(text).toContain(
      "Not enough earlier Thursdays on record to say what is normal yet (2 of the 3 needed)",
    );
  });

  it("states a day without faxes, flags it against busy weeks, and has no thread", () => {
    const empty = emptyReports().summary;
    const busy: PeriodFigures = {
      attempts: 900,
      successes: 880,
      failures: 20,
      unreached: 2,
      pages: 700,
    };
    const message = buildDigestMessage({
      summary: empty,
      cadence: "daily",
      figures: figuresOfSummary(empty),
      verdicts: judgeFigures(figuresOfSummary(empty), [busy, busy, busy, busy], 1),
      comparedWith: samePeriodsBefore(empty.range),
      setting,
    });
    const text = visibleText(message);
    expect(text).toContain("Yesterday: 0 fax attempts, 0 numbers not reached, 0 billable pages.");
    expect(text).toContain("▼ *Fax attempts* none, where a normal Sunday has 900");
    expect(text).not.toContain("thread");
    expect(buildThreadDetails(empty)).toEqual([]);
  });

  it("covers a week on Mondays, compared with the weeks before", () => {
    const text = visibleText(digest(week, [1.5, 1.6, 1.4, 1.5], "weekly"));
    expect(text).toContain("# Weekly fax digest · 16–22 Nov 2026");
    expect(text).toContain("Last week:");
    expect(text).toContain("*Unusual for a week*");
    expect(text).toContain("a normal week");
    expect(text).toContain("every Monday at 9:00 in America/Chicago");
  });

  it("covers Friday to Sunday on a weekday digest's Monday", () => {
    const text = visibleText(digest(weekend, [1, 1, 1, 1]));
    expect(text).toContain("# Fax digest · 20–22 Nov 2026");
    expect(text).toContain("Friday to Sunday:");
    expect(text).toContain("same Friday to Sunday in the 4 weeks before");
  });

  it.each([
    ["an ordinary day", () => digest(tiny, [1, 1.1, 0.9, 1])],
    ["a huge hostile day", () => digest(hugeReports().summary, [0.1, 0.1, 0.1, 0.1])],
    ["a week", () => digest(week, [2, 2, 2, 2], "weekly")],
  ])("stays within Slack's limits, thread included: %s", (_, build) => {
    const message = build();
    expect(checkMessage(message)).toEqual([]);
  });

  it("shows hostile data as data", () => {
    const text = JSON.stringify(digest(hugeReports().summary, [1, 1, 1, 1]));
    expect(text).not.toContain(HOSTILE.user);
    expect(text).not.toContain("<!channel>");
  });
});

describe("when eFax cannot give the figures", () => {
  it.each(["efax-unavailable", "credentials-rejected", "not-connected"] as const)(
    "%s: a short digest says so and what to do",
    (trouble) => {
      const message = buildDigestTroubleMessage({
        trouble,
        cadence: "daily",
        range: tiny.range,
        setting,
      });
      expect(checkMessage(message)).toEqual([]);
      const text = visibleText(message);
      expect(text).toContain("No figures this time.");
      expect(text).toContain("*What to do:*");
      expect(text).toMatchSnapshot();
    },
  );
});

describe("messages about the setting", () => {
  const next = { day: "2026-12-03", soon: false };
  const messages: Record<string, SlackMessage> = {
    "status, set": buildDigestStatusMessage({ setting, next, canManage: true }),
    "status, set, member, with a fault": buildDigestStatusMessage({
      setting,
      next,
      canManage: false,
      fault: { fault: "archived", day: "2026-12-02" },
    }),
    "status, not set": buildDigestStatusMessage({ setting: null, next: null, canManage: true }),
    saved: buildDigestSavedMessage({ setting, next, zoneSource: "workspace" }),
    "saved after its time": buildDigestSavedMessage({
      setting: { ...setting, cadence: "daily", time: "17:30", timeZone: "Pacific/Kiritimati" },
      next: { day: "2026-12-03", soon: true },
      zoneSource: "member",
    }),
    off: buildDigestOffMessage({ was: true }),
    "off, none": buildDigestOffMessage({ was: false }),
    "bare channel": buildDigestProblemMessage({
      problem: { kind: "bare-channel", name: "fax-ops" },
    }),
    "no channel": buildDigestProblemMessage({ problem: { kind: "no-channel" } }),
    "two channels": buildDigestProblemMessage({ problem: { kind: "two-channels" } }),
    "no time": buildDigestProblemMessage({ problem: { kind: "no-time" } }),
    "bad time": buildDigestProblemMessage({ problem: { kind: "bad-time", typed: "25:00" } }),
    "a date": buildDigestProblemMessage({
      problem: { kind: "unknown-word", typed: "last" },
      suggestion: "summary last week",
    }),
    "cannot see channel": buildDigestChannelMessage({ problem: "cannot-see", channelId: "G0PRIV" }),
    "archived channel": buildDigestChannelMessage({ problem: "archived", channelId: "C0OLD" }),
    "not allowed": buildDigestNotAllowedMessage({ admins: ["U0ADMIN01"] }),
    ...Object.fromEntries(
      DIGEST_FAULTS.map((fault) => [
        `fault notice: ${fault}`,
        buildDigestFaultNotice({ fault, setting, range: tiny.range }),
      ]),
    ),
  };

  it.each(Object.entries(messages))("%s", (_label, message) => {
    expect(checkMessage(message)).toEqual([]);
    expect(message.text.trim().length).toBeGreaterThan(10);
    expect(visibleText(message)).toMatchSnapshot();
  });

  it("states the setting back in words", () => {
    expect(visibleText(messages.saved ?? { blocks: [] })).toContain(
      "every weekday at 9:00 in America/Chicago, next: Thu 3 Dec",
    );
    expect(visibleText(messages["bare channel"] ?? { blocks: [] })).toContain("should_escape");
  });
});

describe("the App Home's Digest section", () => {
  const zone = { timeZone: "America/Chicago", source: "workspace" as const };
  const home = (blocks: ReturnType<typeof digestHomeBlocks>) => ({ type: "home", blocks });

  it.each([
    ["admin, set", { setting, next: { day: "2026-12-03", soon: false }, canManage: true, zone }],
    ["admin, not set", { setting: null, next: null, canManage: true, zone }],
    [
      "admin, set, a fault and a last run",
      {
        setting,
        next: { day: "2026-12-03", soon: true },
        canManage: true,
        zone,
        fault: { fault: "not-in-channel" as const, day: "2026-12-02" },
        lastRun: {
          at: new Date("2026-12-02T15:00:05Z"),
          outcome: "failed" as const,
          text: "Not a member <!channel>",
        },
        notice: "✅ Saved.",
      },
    ],
    ["member, set", { setting, next: { day: "2026-12-03", soon: false }, canManage: false, zone }],
  ])("%s", (_label, state) => {
    const blocks = digestHomeBlocks(state);
    expect(checkView(home(blocks))).toEqual([]);
    expect(visibleText({ blocks })).toMatchSnapshot();
  });
});

describe("the whole App Home with the Digest section", () => {
  it("stays within a view's limits with every section full", () => {
    const longWeek = generatedReports(
      { from: "2026-11-20", to: "2026-11-26" },
      { rowsPerDay: 2000, hostileNames: true },
    ).overview;
    const view = buildHomeView({
      mode: "connected",
      today: "2026-11-27",
      canManage: true,
      account: { usernameMasked: "ac…ic", connectedBy: "U0ADMIN01", connectedAt: new Date() },
      yesterday: hugeReports().summary,
      week: longWeek,
      problem: "eFax didn't answer in time for part of the week.",
      digest: {
        setting,
        next: { day: "2026-11-30", soon: false },
        canManage: true,
        zone: { timeZone: "America/Chicago", source: "member" },
        fault: { fault: "channel-not-found", day: "2026-11-27" },
        lastRun: { at: new Date(), outcome: "failed", text: "x".repeat(5000) },
        notice: "✅ Saved.",
      },
      admin: {
        masked: true,
        audit: Array.from({ length: 50 }, (_, i) => ({
          at: new Date(Date.UTC(2026, 10, 1 + (i % 28))).toISOString(),
          by: "U0ADMIN01",
          what: "Digest",
          from: "C0FAXOPS1",
          to: `<!channel> ${"y".repeat(400)}`,
        })),
      },
    });
    expect(checkView(view)).toEqual([]);
    expect(visibleText(view)).toContain("*Digest* · <#C0FAXOPS1>");
  });
});
