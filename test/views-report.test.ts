import { beforeAll, describe, expect, it } from "vitest";
import { formatCount } from "../src/dates/format.ts";
import type { AnyReport } from "../src/reports/model.ts";
import { ACTION_IDS } from "../src/slack/ids.ts";
import { decodeReportRef, refOf } from "../src/slack/report-ref.ts";
import { checkMessage } from "../src/slack/views/limits.ts";
import {
  buildReportMessage,
  buildSharedMessage,
  buildThreadDetails,
} from "../src/slack/views/report.ts";
import {
  DAY,
  emptyReports,
  HOSTILE,
  hostileReports,
  hugeReports,
  largestSampleDayReports,
  monthReports,
  type ReportSet,
  sampleReports,
  TODAY,
  tinyReports,
} from "./support/report-fixtures.ts";
import { buttons, visibleText } from "./support/view-text.ts";

const NAMES = ["overview", "numbers", "failures", "billable", "summary"] as const;

function each(set: ReportSet): [string, AnyReport][] {
  return NAMES.map((name) => [name, set[name]]);
}

function everyMessage(report: AnyReport, today = TODAY) {
  return [
    buildReportMessage(report, { today }),
    buildSharedMessage(report, { sharedBy: "U0SHARER" }),
    ...buildThreadDetails(report),
  ];
}

describe("report messages look the same every time", () => {
  const tiny = tinyReports();
  it.each(each(tiny))("%s: result, shared post and thread", (_name, report) => {
    expect(buildReportMessage(report, { today: TODAY })).toMatchSnapshot("result");
    expect(buildSharedMessage(report, { sharedBy: "U0SHARER" })).toMatchSnapshot("shared");
    expect(buildThreadDetails(report)).toMatchSnapshot("thread");
  });

  it.each(each(emptyReports()))("%s on an empty day", (_name, report) => {
    expect(buildReportMessage(report, { today: TODAY })).toMatchSnapshot();
  });

  it("summary over 31 days", () => {
    const month = monthReports();
    expect(visibleText(buildReportMessage(month.summary, { today: TODAY }))).toMatchSnapshot();
  });
});

describe("every report view stays inside Slack's limits", () => {
  const sets: Record<string, () => ReportSet | Promise<ReportSet>> = {
    "a tiny day": () => tinyReports(),
    "a tiny day on sample data": () => tinyReports({ sample: true }),
    "an empty day": emptyReports,
    "hostile names": hostileReports,
    "a 31-day range": monthReports,
    "a 100k-row day with long names and reasons": hugeReports,
    "the largest sample day": largestSampleDayReports,
    "a 100k-row sample day": () =>
      sampleReports({ from: DAY, to: DAY }, { destinationsPerDay: 100_000 }),
  };

  for (const [label, make] of Object.entries(sets)) {
    describe(label, () => {
      let set: ReportSet;
      beforeAll(async () => {
        set = await make();
      });

      it.each(NAMES)("%s", (name) => {
        const report = set[name];
        const all = everyMessage(report);
        for (const message of all) expect(checkMessage(message)).toEqual([]);
        expect(buildThreadDetails(report).length).toBeLessThanOrEqual(3);
      });
    });
  }
});

describe("what a person reads", () => {
  const tiny = tinyReports();

  it("names the report and the exact day in the header and the notification", () => {
    const message = buildReportMessage(tiny.failures, { today: TODAY });
    expect(visibleText(message)).toMatch(/^# Failures · Thu 26 Nov 2026\n/);
    expect(message.text).toBe(
      "Failures · Thu 26 Nov 2026: 2 destination numbers where every fax failed (6 failed attempts).",
    );
  });

  it("shows key figures with the change against the day before", () => {
    const text = visibleText(buildReportMessage(tiny.overview, { today: TODAY }));
    expect(text).toContain("*Fax attempts*\n48\n_▲ 18_");
    expect(text).toContain("*Success rate*\n81.3%\n_▼ 12.1 pts_");
    expect(text).toContain("Changes ▲ ▼ compare with Wed 25 Nov 2026.");
    expect(text).toContain("██████████ *Busy* — 4 (44.4%)");
  });

  it("labels sample data, and only sample data", () => {
    const sample = tinyReports({ sample: true });
    for (const name of NAMES) {
      expect(visibleText(buildReportMessage(sample[name], { today: TODAY }))).toContain(
        "*Sample data*",
      );
      expect(visibleText(buildSharedMessage(sample[name], { sharedBy: "U1" }))).toContain(
        "*Sample data*",
      );
      expect(buildReportMessage(sample[name], { today: TODAY }).text).toMatch(/^Sample data — /);
      expect(visibleText(buildReportMessage(tiny[name], { today: TODAY }))).not.toContain(
        "Sample data",
      );
    }
  });

  it("says kindly that nothing happened on an empty day, without a CSV to download", () => {
    const empty = emptyReports();
    const message = buildReportMessage(empty.overview, { today: TODAY });
    expect(visibleText(message)).toContain("No faxes were sent on Sun 22 Nov 2026.");
    expect(visibleText(message)).toContain("Weekends are often quiet.");
    expect(buttons(message).map((b) => b.actionId)).not.toContain(ACTION_IDS.csv);
    expect(buildThreadDetails(empty.overview)).toEqual([]);
  });

  it("ends long lists with how many more are in the CSV", () => {
    const huge = hugeReports();
    const text = visibleText(buildReportMessage(huge.failures, { today: TODAY }));
    const shown = text.match(/^\d+\. \*\+1/gm)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(text).toContain(
      `_and ${formatCount(huge.failures.allFailed.count - shown)} more — full list in the CSV_`,
    );
  });

  it("credits who shared, without any ephemeral-only button", () => {
    const shared = buildSharedMessage(tiny.failures, { sharedBy: "U0SHARER" });
    expect(visibleText(shared)).toContain("Shared by <@U0SHARER>");
    expect(buttons(shared)).toEqual([]);
    expect(JSON.stringify(shared)).not.toContain('"actions"');
  });
});

describe("buttons", () => {
  const tiny = tinyReports();

  it("carry refs that rebuild the report, the day before and the day after", () => {
    const message = buildReportMessage(tiny.failures, { today: TODAY });
    const byAction = Object.fromEntries(
      buttons(message).map((b) => [b.actionId, decodeReportRef(b.value)]),
    );
    const ref = refOf(tiny.failures);
    expect(byAction[ACTION_IDS.share]).toEqual(ref);
    expect(byAction[ACTION_IDS.csv]).toEqual(ref);
    expect(byAction[ACTION_IDS.previous]).toEqual({ ...ref, from: "2026-11-25", to: "2026-11-25" });
    expect(byAction[ACTION_IDS.next]).toEqual({ ...ref, from: "2026-11-27", to: "2026-11-27" });
  });

  it("offer no next day when the report is for today", () => {
    const message = buildReportMessage(tiny.failures, { today: DAY });
    expect(buttons(message).map((b) => b.actionId)).not.toContain(ACTION_IDS.next);
    expect(visibleText(message)).not.toContain("Next day");
  });

  it("move by the range's length for ranges", () => {
    const month = monthReports();
    const labels = buttons(buildReportMessage(month.overview, { today: "2026-12-31" })).map(
      (b) => b.text,
    );
    expect(labels).toContain("◀ Previous 31 days");
    expect(labels).toContain("Next 31 days ▶");
  });

  it("offer the other four reports for the same days", () => {
    const message = buildReportMessage(tiny.failures, { today: TODAY });
    const select = JSON.stringify(message.blocks);
    const values = [...select.matchAll(/"value":"(r1\|[^"]+)"/g)].map((m) => decodeReportRef(m[1]));
    const names = values.filter((v) => v !== null).map((v) => v.name);
    expect(new Set(names)).toEqual(
      new Set(["failures", "overview", "numbers", "billable", "summary"]),
    );
    for (const v of values) expect(v).toMatchObject({ sample: false });
  });

  it("keep sample refs on sample data", () => {
    const sample = tinyReports({ sample: true });
    for (const b of buttons(buildReportMessage(sample.billable, { today: TODAY }))) {
      expect(decodeReportRef(b.value)?.sample).toBe(true);
    }
  });
});

describe("data is shown, never obeyed", () => {
  const allowedAngles = /<(@U[A-Z0-9]+|#C[A-Z0-9]+|!date\^\d+\^[^|>]+\|[^>]+)>/g;

  it.each(NAMES)("%s: no raw mention, link or markup from eFax data", (name) => {
    const report = hostileReports()[name];
    for (const message of everyMessage(report)) {
      const json = JSON.stringify(message);
      const stripped = json.replace(allowedAngles, "");
      expect(stripped).not.toMatch(/[<>]/);
      expect(json).not.toContain("<!channel>");
      expect(json).not.toContain("<!here>");
      expect(json).not.toContain("<@U0BOSS>");
      expect(json).not.toContain("<https://evil.example");
    }
  });

  it("escapes rather than drops the hostile names", () => {
    const text = visibleText(buildReportMessage(hostileReports().failures, { today: TODAY }));
    expect(text).toContain("&lt;!channel&gt; &amp; &lt;@U0BOSS&gt;");
    expect(text).toContain("&lt;https://evil.example|click me&gt;");
    expect(text).not.toContain(HOSTILE.destination);
    expect(text).toContain("+1 (555) &lt;b&gt;0100&lt;/b&gt; new line");
  });

  it("does not mention a sharer id that is not a Slack id", () => {
    const shared = buildSharedMessage(tinyReports().overview, { sharedBy: "<!channel>" });
    expect(visibleText(shared)).toContain("Shared by &lt;!channel&gt;");
  });
});
