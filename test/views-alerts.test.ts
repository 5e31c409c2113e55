import { describe, expect, it } from "vitest";
import {
  type AlertFacts,
  alertsHomeBlocks,
  buildAlertMessage,
  buildAlertsMessage,
  buildAlertsProblemMessage,
} from "../src/views/alerts.ts";
import { checkMessage, checkView } from "../src/views/limits.ts";
import { visibleText } from "./support/view-text.ts";

const SEEN = new Date("2026-12-03T16:15:00Z");
const FACTS: AlertFacts[] = [
  { rule: "rate", rate: 0.843, attempts: 312, threshold: { percent: 90, minAttempts: 20 } },
  { rule: "line", did: "13125550178", failures: 41, attempts: 90, threshold: { failures: 40 } },
  {
    rule: "unreached",
    number: "•••-•••-2919",
    attempts: 6,
    mainReason: "<!channel> Busy",
    did: "13125550178",
  },
];
const QUIET = {
  rate: { kind: "mute" as const, until: null, by: "U0ADMIN001" },
  line: { kind: "snooze" as const, until: new Date("2026-12-04T16:15:00Z"), by: "U0ADMIN001" },
  unreached: { kind: "snooze" as const, until: new Date("2026-12-10T16:15:00Z"), by: "U0ADMIN002" },
};

describe("alert views", () => {
  it.each(FACTS)("an alert ($rule) fits Slack's limits firing, cleared and snoozed", (facts) => {
    for (const clearedAt of [null, new Date("2026-12-03T17:20:00Z")]) {
      const message = buildAlertMessage({
        facts,
        day: "2026-12-03",
        timeZone: "America/Chicago",
        seenAt: SEEN,
        clearedAt,
        quiet: QUIET.line,
      });
      expect(checkMessage(message)).toEqual([]);
      const text = visibleText(message);
      expect(text).toMatch(/[Ss]een at 10:15/);
      if (clearedAt) expect(text).toContain("Back to normal at 11:20");
      expect(text).not.toContain("<!channel>");
    }
  });

  it("shows data as data: a reason cannot ping the channel", () => {
    const message = buildAlertMessage({
      facts: FACTS[2] as AlertFacts,
      day: "2026-12-03",
      timeZone: "America/Chicago",
      seenAt: SEEN,
      clearedAt: null,
    });
    expect(visibleText(message)).toContain("&lt;!channel&gt; Busy");
  });

  it("lists every rule, snooze and mute with one Unmute per rule, within limits", () => {
    const status = {
      channelId: "C0ALERTS01",
      rules: {
        rate: { percent: 99.5, minAttempts: 50 },
        line: { failures: 20 },
        unreached: true,
      },
      timeZone: "America/Chicago",
      quiet: QUIET,
      canManage: true,
    };
    const message = buildAlertsMessage(status, "Saved.");
    expect(checkMessage(message)).toEqual([]);
    const text = visibleText(message);
    expect(text).toContain("below 99.5%, from 50 attempts a day");
    expect(text).toContain(
      "[Unmute: Success rate] [End snooze: Fax lines] [End snooze: Numbers not reached]",
    );
    const view = {
      type: "home" as const,
      blocks: alertsHomeBlocks({ ...status, notice: "✅ Saved." }),
    };
    expect(checkView(view)).toEqual([]);
    const off = {
      ...status,
      rules: { rate: null, line: null, unreached: false },
      quiet: {},
      channelId: null,
    };
    expect(checkView({ type: "home", blocks: alertsHomeBlocks(off) })).toEqual([]);
    expect(visibleText({ blocks: alertsHomeBlocks(off) })).toContain("No channel is chosen yet");
  });

  it("explains a command it could not read, with examples", () => {
    const message = buildAlertsProblemMessage({ kind: "bad-percent", typed: "ninety" });
    expect(checkMessage(message)).toEqual([]);
    expect(visibleText(message)).toContain("“ninety” didn't fit.");
    expect(visibleText(message)).toContain("/efax alerts rate 99.5 min 50");
  });
});
