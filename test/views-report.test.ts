import { beforeAll, describe, expect, it } from "vitest";
import { formatCount } from "../src/dates/format.ts";
import type { AnyReport } from "../src/reports/model.ts";
import { ACTION_IDS } from "../src/views/ids.ts";
import { checkMessage } from "../src/views/limits.ts";
import { buildReportMessage, buildSharedMessage, buildThreadDetails } from "../src/views/report.ts";
import { decodeReportRef, refOf } from "../src/views/report-ref.ts";
import {
  DAY,
  emptyReports,
  generatedReports,
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
import { buttons, visibleLines, visibleText } from "./support/view-text.ts";

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
      "Failures · Thu 26 Nov 2026: 2 numbers not reached (6 failed faxes).",
    );
  });

  it("shows key figures with the change against the day before", () => {
    const text = visibleText(buildReportMessage(tiny.overview, { today: TODAY }));
    expect(text).toContain("*Fax attempts*\n48 · ▲ 18 more |");
    expect(text).toContain("*Success rate*\n81.3% · ▼ 12.1 points ⚠️");
    expect(text).toContain("*Failed*\n9 · ▲ 7 more ⚠️");
    expect(text).toContain("> ▲▼ vs Wed 25 Nov · ✅ better · ⚠️ worse");
    expect(text).toContain("██████████ *Busy* — 4 (44.4%)");
  });

  it("marks each change good or bad: fewer failures and a higher rate are better, volumes neither", () => {
    const before = { ...tiny.overview.totals, attempts: 60, successes: 30, failures: 30 };
    const better = { ...tiny.overview, previous: { ...before, successRate: 0.5 } };
    const text = visibleText(buildReportMessage(better, { today: TODAY }));
    expect(text).toContain("*Success rate*\n81.3% · ▲ 31.3 points ✅");
    expect(text).toContain("*Failed*\n9 · ▼ 21 fewer ✅");
    expect(text).toContain("*Fax attempts*\n48 · ▼ 12 fewer |");
    const pages = visibleText(buildReportMessage(tiny.billable, { today: TODAY }));
    expect(pages).toContain("*Billable pages*\n1,576 · ▲ 1,436 more |");
    expect(pages).toContain("> ▲▼ vs Wed 25 Nov\n");
    expect(pages).not.toMatch(/✅|⚠️/);
  });

  it("lays key figures out as an even grid of two-line fields", () => {
    const sets = [tiny, tinyReports({ sample: true }), monthReports()];
    for (const set of sets) {
      for (const name of NAMES) {
        for (const message of [
          buildReportMessage(set[name], { today: TODAY }),
          buildSharedMessage(set[name], { sharedBy: "U1" }),
        ]) {
          for (const block of message.blocks) {
            if (block.type !== "section" || !block.fields) continue;
            expect(block.fields.length % 2).toBe(0);
            for (const field of block.fields) {
              const [label = "", ...rest] = field.text.split("\n");
              expect(rest).toHaveLength(1);
              expect(label.length).toBeLessThanOrEqual(26);
            }
          }
        }
      }
    }
  });

  it("writes North American numbers as people do and leaves others as given", () => {
    const text = visibleText(buildReportMessage(tiny.failures, { today: TODAY }));
    expect(text).toContain("from line +1 510-555-0100 · user front-desk");
    expect(text).toContain("*+14155550122* — 4 failed, mostly Busy");
    expect(visibleText(buildReportMessage(tiny.billable, { today: TODAY }))).toContain(
      "1. *+1 510-555-0199* — 1,358 pages: 43 sent, 1,315 received",
    );
  });

  it("puts bars first, all equally long, and draws no sparkline", () => {
    for (const set of [tiny, monthReports()]) {
      for (const name of NAMES) {
        for (const message of everyMessage(set[name])) {
          for (const line of visibleText(message).split("\n")) {
            if (/[█░]/.test(line)) expect(line).toMatch(/^[█░]{10} [^█░]+$/);
            expect(line).not.toMatch(/[▁▂▃▄▅▆▇▏▎▍▌▋▊▉]/);
          }
        }
      }
    }
  });

  it("sums a range up in the channel post by its busiest and quietest day", () => {
    const month = monthReports();
    expect(visibleText(buildSharedMessage(month.overview, { sharedBy: "U1" }))).toMatch(
      /^\*Day by day:\* Most failures on \w{3} \d+ \w{3} \([\d,]+\), fewest on \w{3} \d+ \w{3} \([\d,]+\)$/m,
    );
    expect(visibleText(buildSharedMessage(month.billable, { sharedBy: "U1" }))).toContain(
      "*Day by day:* Most pages on ",
    );
  });

  it("keeps each line of the numbers-not-reached list short enough not to wrap", async () => {
    const sample = await largestSampleDayReports();
    const text = visibleText(buildReportMessage(sample.failures, { today: TODAY }));
    const list = text.split("\n*Why faxes failed*")[0]?.split("*Numbers not reached* —")[1] ?? "";
    const lines = list.split("\n").slice(1);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line.replace(/\*/g, "").length).toBeLessThanOrEqual(72);
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
    const shown = text.match(/^\d+\. \*\+1\d/gm)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(text).toContain(
      `_and ${formatCount(huge.failures.allFailed.count - shown)} more — full list in the CSV_`,
    );
  });

  it("points the shared post's cut lists to the thread, and never points reasons to the CSV", () => {
    const huge = hugeReports();
    const result = visibleText(buildReportMessage(huge.overview, { today: TODAY }));
    expect(result).toMatch(/_and \d+ more reasons, [\d,]+ failures in all_/);
    const shared = visibleText(buildSharedMessage(huge.failures, { sharedBy: "U1" }));
    expect(shared).toMatch(/_and [\d,]+ more — see the thread and its CSV_/);
    expect(shared).toMatch(/_and \d+ more in the thread_/);
    expect(shared).not.toContain("full list in the CSV");
    for (const report of [huge.overview, huge.failures, huge.summary]) {
      for (const message of everyMessage(report)) {
        const reasons = visibleLines(message).filter((l) => l.startsWith("*Why faxes failed*"));
        for (const section of reasons) expect(section).not.toContain("CSV");
      }
    }
  });

  it("labels every thread message of a sample report", () => {
    const sample = generatedReports(
      { from: DAY, to: DAY },
      { rowsPerDay: 20_000, sample: true, topLimit: 500 },
    );
    let messages = 0;
    for (const name of NAMES) {
      for (const detail of buildThreadDetails(sample[name])) {
        messages++;
        expect(visibleText(detail)).toContain("> 🧪 *Sample data*");
        expect(detail.text).toMatch(/^Sample data — Details of /);
      }
    }
    expect(messages).toBeGreaterThan(NAMES.length);
    for (const detail of buildThreadDetails(tiny.failures)) {
      expect(visibleText(detail)).not.toContain("Sample data");
    }
  });

  it("credits who shared, without any ephemeral-only button", () => {
    const shared = buildSharedMessage(tiny.failures, { sharedBy: "U0SHARER" });
    expect(visibleText(shared)).toContain("Shared by <@U0SHARER>");
    expect(buttons(shared)).toEqual([]);
    expect(JSON.stringify(shared)).not.toContain('"actions"');
  });
});

describe("rankings say what the report can see", () => {
  const tiny = tinyReports();
  const allFailed = /\ball [\d,]+ failed\b/;
  const week = generatedReports({ from: "2026-11-20", to: DAY }, { rowsPerDay: 300 });

  it("a failures-report ranking never says all N failed, on a day or over a range", async () => {
    const sample = await largestSampleDayReports();
    for (const report of [tiny.failures, sample.failures, week.failures, monthReports().failures]) {
      for (const message of everyMessage(report))
        expect(visibleText(message)).not.toMatch(allFailed);
    }
    const text = visibleText(buildReportMessage(sample.failures, { today: TODAY }));
    expect(text).toMatch(/^1\. \*[^*]+\* — [\d,]+ faxes to numbers that never got through$/m);
  });

  it("words failures over a range as 'on the days they were reported'", () => {
    const text = visibleText(buildReportMessage(week.failures, { today: TODAY }));
    expect(text).toContain(
      "*Numbers not reached* — on each day they were reported, no fax to them got through",
    );
    expect(text).toContain("days it got through aren't in this report");
    expect(text).toMatch(/— [\d,]+ faxes to numbers that got nothing through that day$/m);
    expect(text).not.toContain("never got through");
  });

  it("the number overview counts only faxes to numbers with failures", () => {
    const text = visibleText(buildReportMessage(tiny.numbers, { today: TODAY }));
    expect(text).toContain("1. *+1 510-555-0100* — 5 failed, of 17 to numbers with failures");
    expect(text).toContain("*+14155550122* — all 4 failed");
    const range = visibleText(buildReportMessage(week.numbers, { today: TODAY }));
    expect(range).toContain("counting the days each had a failure");
    expect(range).not.toMatch(allFailed);
  });

  it("the account overview, which sees every fax, says how many of all failed", () => {
    const text = visibleText(buildReportMessage(tiny.overview, { today: TODAY }));
    expect(text).toContain("1. *front-desk* — 5 of 17 failed");
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

describe("who can read the result", () => {
  const tiny = tinyReports();

  it("tells the requester of an ephemeral answer that only they see it (the default)", () => {
    const message = buildReportMessage(tiny.failures, { today: TODAY });
    expect(buildReportMessage(tiny.failures, { today: TODAY, audience: "requester" })).toEqual(
      message,
    );
    expect(visibleText(message)).toContain("Only you can see this.");
  });

  it("does not claim a reply in a channel's thread is private, and still offers Share", () => {
    const message = buildReportMessage(tiny.failures, { today: TODAY, audience: "channel-thread" });
    const text = visibleText(message);
    expect(text).not.toContain("Only you can see this");
    expect(text).toContain("Everyone in this channel can read this reply.");
    expect(text).toContain("posts the report as a new message in the channel");
    expect(buttons(message).map((b) => b.actionId)).toEqual([
      ACTION_IDS.share,
      ACTION_IDS.csv,
      ACTION_IDS.previous,
      ACTION_IDS.next,
    ]);
    expect(checkMessage(message)).toEqual([]);
  });

  it("leaves Share out of a direct message, which has no channel to share to", () => {
    const message = buildReportMessage(tiny.failures, { today: TODAY, audience: "direct-message" });
    const text = visibleText(message);
    expect(text).not.toContain("Only you can see this");
    expect(text).toContain("To show a report to a channel, run `/efax` there");
    expect(buttons(message).map((b) => b.actionId)).toEqual([
      ACTION_IDS.csv,
      ACTION_IDS.previous,
      ACTION_IDS.next,
    ]);
    expect(checkMessage(message)).toEqual([]);
  });

  it("words an empty day's note without the details it does not have", () => {
    const empty = emptyReports().overview;
    const text = visibleText(
      buildReportMessage(empty, { today: TODAY, audience: "channel-thread" }),
    );
    expect(text).toContain("posts the report as a new message in the channel.");
    expect(text).not.toContain("CSV in a thread");
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

describe("a report's chart", () => {
  const month = monthReports();
  const image = {
    kind: "image" as const,
    fileId: "F0CHART0001",
    altText: "Faxes per day, 27 Oct – 26 Nov 2026: 120 attempts.",
    title: "Faxes per day",
  };

  it("sits under the heading in the answer and in the channel post, within Slack's limits", () => {
    for (const message of [
      buildReportMessage(month.overview, { today: TODAY, chart: image }),
      buildSharedMessage(month.overview, { sharedBy: "U0SHARER", chart: image }),
    ]) {
      expect(message.blocks[0]?.type).toBe("header");
      expect(message.blocks[1]).toEqual({
        type: "image",
        slack_file: { id: "F0CHART0001" },
        alt_text: image.altText,
      });
      expect(checkMessage(message)).toEqual([]);
    }
  });

  it("becomes its words, escaped, when Slack will not show it", () => {
    const words = { kind: "text" as const, altText: `Failures: ${HOSTILE.user}`, title: "t" };
    const message = buildReportMessage(month.failures, { today: TODAY, chart: words });
    expect(message.blocks.some((b) => b.type === "image")).toBe(false);
    expect(visibleText(message)).toContain("📈 Failures: &lt;!channel&gt; &amp; &lt;@U0BOSS&gt;");
    expect(checkMessage(message)).toEqual([]);
  });
});
