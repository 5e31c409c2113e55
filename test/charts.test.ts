/**
 * Charts, end to end: reports made by the real engine, drawn to SVG, rendered to PNG by resvg with
 * the bundled font, decoded again, and checked pixel by pixel against the data (size, opaque
 * background, each series' colour where its values say, weekends, the normal band and the marks of
 * unusual days), and their alt text against the same numbers.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { trendSentence } from "../src/charts/alt-text.ts";
import {
  attemptsChart,
  type Chart,
  COLORS,
  chartFontFiles,
  MAX_ALT_TEXT,
  PAGE_COLORS,
  pagesChart,
  REASON_COLORS,
  rangeChart,
  reasonsChart,
  renderChart,
  renderChartSync,
  sparklineChart,
  weekdayChart,
} from "../src/charts/index.ts";
import { encodePng, encodePngSync } from "../src/charts/png.ts";
import { type Day, eachDay } from "../src/dates/calendar.ts";
import { judgeMetric, type Verdict } from "../src/reports/baseline.ts";
import type { BillableRow, FaxRow } from "../src/reports/model.ts";
import { decodePng, isOpaque, type Picture } from "./support/png.ts";
import { counts, HOSTILE, type ReportSet, reportSet } from "./support/report-fixtures.ts";

/** Tue 1 Dec – Mon 7 Dec 2026: Sat 5 and Sun 6 are the weekend. */
const WEEK = { from: "2026-12-01", to: "2026-12-07" };
const FAILED = [12, 20, 48, 30, 6, 3, 40];
const THROUGH = [100, 110, 90, 120, 20, 10, 130];
const STANDARD = [50, 80, 30, 60, 5, 0, 70];
const FINE = [10, 0, 20, 15, 0, 0, 5];
const INBOUND = [20, 25, 10, 30, 2, 1, 40];

function weekReports(range = WEEK, values = { failed: FAILED, through: THROUGH }): ReportSet {
  const rows: FaxRow[] = [];
  const pages: BillableRow[] = [];
  eachDay(range).forEach((day, i) => {
    const failed = values.failed[i % values.failed.length] ?? 0;
    const busy = Math.ceil((failed * 2) / 3);
    const reasons: Record<string, number> = {};
    if (busy > 0) reasons.Busy = busy;
    if (failed - busy > 0) reasons["No answer"] = failed - busy;
    const through = values.through[i % values.through.length] ?? 0;
    // Two destinations: one that got everything through, one that failed every time.
    rows.push({ day, did: "1", user: "a", destination: "100", counts: counts(through) });
    rows.push({ day, did: "1", user: "a", destination: "200", counts: counts(0, reasons) });
    pages.push({
      day,
      did: "1",
      outbound: { STANDARD: STANDARD[i % 7] ?? 0, FINE: FINE[i % 7] ?? 0 },
      inbound: INBOUND[i % 7] ?? 0,
    });
  });
  return reportSet(range, rows, pages);
}

const picture = (chart: Chart): Picture => decodePng(renderChartSync(chart));

function column(chart: Chart, day: Day) {
  const found = chart.geometry.columns.find((c) => c.day === day);
  if (!found) throw new Error(`no column for ${day}`);
  return found;
}

describe("rendering", () => {
  it("draws at twice the chart size, opaque, on the card's background", () => {
    const chart = attemptsChart(weekReports().overview);
    const png = picture(chart);
    expect([png.width, png.height]).toEqual([chart.width * 2, chart.height * 2]);
    expect(isOpaque(png)).toBe(true);
    // Inside the card, above the plot and right of the title: background.
    expect(png.at(chart.width / 2, 5)).toBe(COLORS.background);
    // The border.
    expect(png.atPixel(0, 0)).toBe(COLORS.border);
  });

  it("writes its text with the bundled font, not the machine's", () => {
    const files = chartFontFiles();
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(existsSync(file)).toBe(true);
      expect(file.endsWith(".ttf")).toBe(true);
      // TrueType outlines: resvg reads no WOFF2.
      expect(readFileSync(file).readUInt32BE(0)).toBe(0x00010000);
    }
    // The title is drawn (system fonts are off, so without the bundled file it would be blank).
    const png = picture(attemptsChart(weekReports().overview));
    const title = { left: 16, top: 10, right: 130, bottom: 30 };
    expect(png.countIn(title, COLORS.text)).toBeGreaterThan(150);
  });

  it("renders the same bytes every time, on the event loop or off it", async () => {
    const chart = attemptsChart(weekReports().overview);
    const a = renderChartSync(chart);
    const b = await renderChart(chart);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe("PNG files", () => {
  it("hold exactly the pixels given, and refuse a buffer of the wrong size", async () => {
    const pixels = Uint8Array.of(255, 0, 0, 255, 0, 114, 178, 255);
    for (const png of [encodePngSync(2, 1, pixels), await encodePng(2, 1, pixels)]) {
      const decoded = decodePng(png, 1);
      expect([decoded.width, decoded.height]).toEqual([2, 1]);
      expect([decoded.atPixel(0, 0), decoded.atPixel(1, 0)]).toEqual(["#FF0000", "#0072B2"]);
      expect(isOpaque(decoded)).toBe(true);
    }
    expect(() => encodePngSync(3, 1, pixels)).toThrow("8 bytes are not 3×1 RGBA pixels");
  });
});

describe("faxes per day", () => {
  const chart = attemptsChart(weekReports().overview);
  const png = picture(chart);

  it("stacks failures under the faxes that went through, as tall as the data says", () => {
    const { plot } = chart.geometry;
    const worst = column(chart, "2026-12-03"); // 48 failed
    const calm = column(chart, "2026-12-01"); // 12 failed
    const failedWorst = png.countInColumn(worst.x, plot.top, plot.bottom, COLORS.failures);
    const failedCalm = png.countInColumn(calm.x, plot.top, plot.bottom, COLORS.failures);
    expect(failedWorst).toBeGreaterThan(failedCalm * 3);
    expect(failedWorst / failedCalm).toBeCloseTo(48 / 12, 0);
    // Went-through pixels sit on top of the failures, reaching the bar's top.
    const blueTop = png.topOf(worst.x, COLORS.successes);
    const redTop = png.topOf(worst.x, COLORS.failures);
    expect(blueTop).not.toBeNull();
    expect(redTop).not.toBeNull();
    expect(blueTop as number).toBeLessThan(redTop as number);
    expect(Math.abs((blueTop as number) - worst.top)).toBeLessThanOrEqual(1);
    // Monday (170 attempts) reaches higher than Thursday (138).
    const monday = column(chart, "2026-12-07");
    expect(monday.top).toBeLessThan(worst.top);
    expect(png.topOf(monday.x, COLORS.successes) as number).toBeLessThan(blueTop as number);
  });

  it("shades the weekend and draws the success rate", () => {
    const { plot, rate } = chart.geometry;
    const saturday = column(chart, "2026-12-05");
    const friday = column(chart, "2026-12-04");
    const y = plot.top + 3;
    expect(png.at(saturday.x, y)).toBe(COLORS.weekend);
    expect(png.at(friday.x, y)).not.toBe(COLORS.weekend);
    expect(rate).toBeDefined();
    const panel = {
      left: plot.left,
      right: plot.right,
      top: rate?.top ?? 0,
      bottom: rate?.bottom ?? 0,
    };
    expect(png.countIn(panel, COLORS.ink)).toBeGreaterThan(200);
  });

  it("says the trend, the worst day and the weekend in its alt text", () => {
    expect(chart.altText).toBe(
      "Faxes per day, 1–7 Dec 2026: 739 attempts, 580 went through (78.5%) and 159 failed. " +
        "On weekdays, failures rose from 12 on Tue 1 Dec to 40 on Mon 7 Dec. " +
        "The worst day was Thu 3 Dec, with 48 failures of 138 attempts (65.2% went through). " +
        "Weekends (shaded) averaged 20 attempts a day, weekdays 140.",
    );
  });
});

describe("failures by reason", () => {
  const reports = weekReports();

  it("gives each reason its colour, the most frequent at the bottom", () => {
    const chart = reasonsChart(reports.numbers);
    const png = picture(chart);
    const { plot } = chart.geometry;
    const thursday = column(chart, "2026-12-03"); // Busy 32, No answer 16
    const busy = png.countInColumn(thursday.x, plot.top, plot.bottom, REASON_COLORS[0]);
    const noAnswer = png.countInColumn(thursday.x, plot.top, plot.bottom, REASON_COLORS[1]);
    expect(busy / noAnswer).toBeCloseTo(2, 0);
    expect(png.at(thursday.x, plot.bottom - 2)).toBe(REASON_COLORS[0]);
    expect(png.topOf(thursday.x, REASON_COLORS[1]) as number).toBeLessThan(
      png.topOf(thursday.x, REASON_COLORS[0]) as number,
    );
    expect(chart.altText).toContain("Most common reasons: Busy 107 (67.3%), No answer 52 (32.7%)");
    expect(chart.altText).toContain(
      "The worst day was Thu 3 Dec, with 48 failures, mostly Busy (32)",
    );
  });

  it("titles the failures report for the numbers it holds", () => {
    const chart = rangeChart(reports.failures);
    expect(chart?.kind).toBe("reasons");
    expect(chart?.title).toBe("Failures to numbers not reached");
    expect(chart?.altText).toContain("failed faxes to numbers no fax got through to");
  });

  it("keeps names from eFax as text, cut to fit the legend", () => {
    const rows: FaxRow[] = eachDay(WEEK).map((day) => ({
      day,
      did: "1",
      user: "a",
      destination: "2",
      counts: counts(0, { [HOSTILE.reason]: 3, "</text><script>&": 1 }),
    }));
    const chart = reasonsChart(reportSet(WEEK, rows, []).numbers);
    expect(chart.svg).not.toContain("<script>");
    expect(chart.svg).toContain("&lt;/text&gt;&lt;script&gt;&amp;");
    const png = picture(chart);
    expect(png.width).toBe(960);
    expect(chart.altText.length).toBeLessThanOrEqual(MAX_ALT_TEXT);
  });
});

describe("billable pages per day", () => {
  it("stacks STANDARD, FINE and inbound pages", () => {
    const chart = pagesChart(weekReports().billable);
    const png = picture(chart);
    const { plot } = chart.geometry;
    const thursday = column(chart, "2026-12-03"); // 30 STANDARD, 20 FINE, 10 inbound
    const height = (color: string) => png.countInColumn(thursday.x, plot.top, plot.bottom, color);
    expect(height(PAGE_COLORS.STANDARD) / height(PAGE_COLORS.FINE)).toBeCloseTo(1.5, 0);
    expect(height(PAGE_COLORS.FINE) / height(PAGE_COLORS.inbound)).toBeCloseTo(2, 0);
    expect(png.at(thursday.x, plot.bottom - 2)).toBe(PAGE_COLORS.STANDARD);
    // Sunday: no outbound at all, one inbound page.
    const sunday = column(chart, "2026-12-06");
    expect(png.countInColumn(sunday.x, plot.top, plot.bottom, PAGE_COLORS.STANDARD)).toBe(0);
    expect(chart.altText).toContain(
      "473 pages, 295 outbound in STANDARD, 50 in FINE and 128 inbound",
    );
    expect(chart.altText).toContain(
      "On weekdays, pages rose from 80 on Tue 1 Dec to 115 on Mon 7 Dec",
    );
    expect(chart.altText).toContain("The busiest day was Mon 7 Dec, with 115 pages");
  });
});

describe("unusual days", () => {
  // Each day's failures judged against the same weekday of the four weeks before.
  const norms = new Map<Day, Verdict>([
    ["2026-12-01", judgeMetric("failures", 12, [12, 10, 14, 12])],
    ["2026-12-02", judgeMetric("failures", 20, [20, 18, 22, 21])],
    ["2026-12-03", judgeMetric("failures", 48, [14, 12, 16, 13])],
    ["2026-12-04", judgeMetric("failures", 30, [29, 31])],
    ["2026-12-07", judgeMetric("failures", 40, [60, 62, 58, 61])],
  ]);
  const chart = attemptsChart(weekReports().overview, { norms });
  const png = picture(chart);

  it("draws each day's normal range beside its bar and marks the days outside it", () => {
    const tuesday = column(chart, "2026-12-01");
    const { plot } = chart.geometry;
    const beside = tuesday.x + tuesday.barWidth / 2 + 2;
    const band = png.countInColumn(beside, plot.top, plot.bottom, COLORS.band);
    expect(band).toBeGreaterThan(0);
    // No band on Friday, with too few Fridays on record to say what is normal.
    const friday = column(chart, "2026-12-04");
    const fridayBeside = friday.x + friday.barWidth / 2 + 2;
    expect(png.countInColumn(fridayBeside, plot.top, plot.bottom, COLORS.band)).toBe(0);
    // A mark above Thursday's bar; none above Tuesday's.
    const thursday = column(chart, "2026-12-03");
    expect(
      png.countInColumn(thursday.x, thursday.top - 16, thursday.top - 2, COLORS.ink),
    ).toBeGreaterThan(4);
    expect(png.countInColumn(tuesday.x, tuesday.top - 16, tuesday.top - 2, COLORS.ink)).toBe(0);
    const monday = column(chart, "2026-12-07");
    expect(png.countInColumn(monday.x, plot.top - 20, monday.top - 2, COLORS.ink)).toBeGreaterThan(
      4,
    );
  });

  it("names them in the alt text with how far they are from usual", () => {
    expect(chart.altText).toContain(
      "Unusually high against the same weekday over the four weeks before: Thu 3 Dec (48 failures, 3.6 times the usual 14 for a Thursday).",
    );
    expect(chart.altText).toContain(
      "Unusually low: Mon 7 Dec (40 failures, against the usual 61 for a Monday).",
    );
  });

  it("stays within Slack's alt-text limit with an unusual day every day for a month", () => {
    const month = { from: "2026-11-01", to: "2026-11-30" };
    const high: Verdict = {
      kind: "high",
      value: 5,
      baseline: { median: 1, mad: 0, days: 4, low: 0, high: 1 },
      ratio: 5,
    };
    const all = new Map(eachDay(month).map((day) => [day, high]));
    const long = reasonsChart(weekReports(month).numbers, { norms: all });
    expect(long.altText.length).toBeLessThanOrEqual(MAX_ALT_TEXT);
    expect(long.altText).toContain("and 24 more");
  });
});

describe("trend in words", () => {
  const series = (values: number[], from = "2026-12-01") =>
    eachDay({ from, to: eachDay({ from, to: "2027-12-31" })[values.length - 1] ?? from }).map(
      (day, i) => ({ day, value: values[i] ?? 0 }),
    );

  it("compares the first and last day on short ranges", () => {
    expect(trendSentence("failures", series([12, 30, 48]))).toBe(
      "Failures rose from 12 on Tue 1 Dec to 48 on Thu 3 Dec",
    );
    expect(trendSentence("pages", series([40, 10]))).toBe(
      "Pages fell from 40 on Tue 1 Dec to 10 on Wed 2 Dec",
    );
    expect(trendSentence("failures", series([20, 90, 21]))).toBe(
      "Failures held steady: 20 on Tue 1 Dec, 21 on Thu 3 Dec",
    );
  });

  it("leaves the weekend out of a short range's comparison", () => {
    // Thu 3 – Mon 7 Dec: the first and last weekdays are Thu and Mon.
    expect(trendSentence("failures", series([10, 12, 1, 1, 30], "2026-12-03"))).toBe(
      "On weekdays, failures rose from 10 on Thu 3 Dec to 30 on Mon 7 Dec",
    );
  });

  it("compares the first and last weeks on ranges of two weeks or more", () => {
    const values = [...Array(7).fill(12), ...Array(7).fill(48)];
    expect(trendSentence("failures", series(values))).toBe(
      "Failures rose from 12 to 48 a day between the first week (1–7 Dec) and the last (8–14 Dec)",
    );
  });
});

describe("which chart a report gets", () => {
  it("draws ranges only; a single day has no trend", () => {
    const one = weekReports({ from: "2026-12-03", to: "2026-12-03" });
    expect(rangeChart(one.overview)).toBeNull();
    const week = weekReports();
    expect(rangeChart(week.overview)?.kind).toBe("attempts");
    expect(rangeChart(week.summary)?.kind).toBe("attempts");
    expect(rangeChart(week.numbers)?.kind).toBe("reasons");
    expect(rangeChart(week.billable)?.kind).toBe("pages");
    expect(rangeChart(week.billable)?.filename).toBe("efax-pages-2026-12-01-to-2026-12-07.png");
  });

  it("labels sample data in the picture's subtitle and the alt text", () => {
    const rows: FaxRow[] = [
      { day: "2026-12-01", did: "1", user: "a", destination: "2", counts: counts(3) },
    ];
    const sample = reportSet(WEEK, rows, [], { sample: true }).overview;
    const chart = attemptsChart(sample);
    expect(chart.svg).toContain("Sample data · 1–7 Dec 2026");
    expect(chart.altText).toMatch(/^Faxes per day, 1–7 Dec 2026 \(sample data\):/);
  });

  it("says so when nothing happened", () => {
    const empty = reportSet(WEEK, [], []).overview;
    const chart = attemptsChart(empty);
    expect(chart.altText).toBe(
      "Faxes per day, 1–7 Dec 2026: no faxes were sent on any of these days.",
    );
    expect(chart.svg).toContain("No faxes on these days");
  });
});

describe("the App Home sparkline", () => {
  it("draws a point per day at its height and lists every day in the alt text", () => {
    const chart = sparklineChart(weekReports().overview);
    const png = picture(chart);
    expect([png.width, png.height]).toEqual([960, 360]);
    expect(isOpaque(png)).toBe(true);
    const points = chart.geometry.columns;
    expect(points).toHaveLength(7);
    for (const point of points) expect(png.at(point.x, point.top)).toBe(COLORS.failures);
    const thursday = column(chart, "2026-12-03");
    const tuesday = column(chart, "2026-12-01");
    expect(thursday.top).toBeLessThan(tuesday.top);
    expect(chart.altText).toBe(
      "Failed faxes on each of the last 7 days, 1–7 Dec 2026: 12 on Tue 1 Dec, 20 on Wed 2 Dec, " +
        "48 on Thu 3 Dec, 30 on Fri 4 Dec, 6 on Sat 5 Dec, 3 on Sun 6 Dec and 40 on Mon 7 Dec. " +
        "Most on Thu 3 Dec (48).",
    );
  });
});

describe("a single day against the same weekdays before", () => {
  it("draws the day beside the four before it, with the normal range", () => {
    const chart = weekdayChart({
      metric: "failures",
      day: "2026-12-03",
      verdict: judgeMetric("failures", 52, [16, 12, 14, 10]) as Exclude<
        Verdict,
        { kind: "unknown" }
      >,
      history: [
        { day: "2026-11-12", value: 14 },
        { day: "2026-11-05", value: 10 },
        { day: "2026-11-19", value: 12 },
        { day: "2026-11-26", value: 16 },
      ],
      sample: false,
    });
    const png = picture(chart);
    const { plot } = chart.geometry;
    expect(chart.geometry.columns.map((c) => c.day)).toEqual([
      "2026-11-05",
      "2026-11-12",
      "2026-11-19",
      "2026-11-26",
      "2026-12-03",
    ]);
    const day = column(chart, "2026-12-03");
    const before = column(chart, "2026-11-26");
    const red = png.countInColumn(day.x, plot.top, plot.bottom, COLORS.failures);
    const grey = png.countInColumn(before.x, plot.top, plot.bottom, COLORS.other);
    expect(red / grey).toBeCloseTo(52 / 16, 0);
    expect(
      png.countInColumn(before.x + before.barWidth / 2 + 2, plot.top, plot.bottom, COLORS.band),
    ).toBeGreaterThan(0);
    expect(chart.altText).toBe(
      "Failures on Thu 3 Dec 2026: 52, unusually high: 4.0 times the usual 13 for a Thursday " +
        "(normal range 3 to 23). The Thursdays before: 10 on Thu 5 Nov, 14 on Thu 12 Nov, " +
        "12 on Thu 19 Nov and 16 on Thu 26 Nov.",
    );
  });
});
