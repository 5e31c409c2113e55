import { describe, expect, it } from "vitest";
import { createProgress } from "../src/cli/progress.ts";
import { reportJson, writeReportJson } from "../src/cli/render-json.ts";
import { csvOutput } from "../src/cli/run-command.ts";
import { createStyle, useEmphasis } from "../src/cli/style.ts";
import { formatTable } from "../src/cli/table.ts";
import {
  emptyReports,
  hostileReports,
  hugeReports,
  monthReports,
  tinyReports,
} from "./support/report-fixtures.ts";

/** A stderr stand-in that keeps what was written. */
function recorder(isTTY: boolean): { write(text: string): boolean; isTTY: boolean; text: string } {
  return {
    isTTY,
    text: "",
    write(text: string) {
      this.text += text;
      return true;
    },
  };
}

describe("progress on stderr", () => {
  it("redraws one line in a terminal and erases it at the end, even for one day", () => {
    const stream = recorder(true);
    const progress = createProgress(stream, 1);
    progress.update(0, 2);
    progress.update(1, 2);
    progress.update(2, 2);
    progress.finish();
    const last = "Fetching 1 day… 2/2";
    expect(stream.text).toBe(
      `\rFetching 1 day… 0/2\rFetching 1 day… 1/2\r${last}\r${" ".repeat(last.length)}\r`,
    );
  });

  it("writes a few whole lines to a log for a range", () => {
    const stream = recorder(false);
    const progress = createProgress(stream, 7);
    for (let done = 0; done <= 14; done++) progress.update(done, 14);
    progress.finish();
    expect(stream.text.split("\n")).toEqual([
      "Fetching 7 days… 0/14",
      "Fetching 7 days… 4/14",
      "Fetching 7 days… 7/14",
      "Fetching 7 days… 11/14",
      "Fetching 7 days… 14/14",
      "",
    ]);
  });

  it("stays quiet in a log for a single day", () => {
    const stream = recorder(false);
    const progress = createProgress(stream, 1);
    progress.update(0, 1);
    progress.update(1, 1);
    progress.finish();
    expect(stream.text).toBe("");
  });
});

describe("emphasis", () => {
  it("is used only in a terminal, and never with NO_COLOR or TERM=dumb", () => {
    expect(useEmphasis(true, {})).toBe(true);
    expect(useEmphasis(undefined, {})).toBe(false);
    expect(useEmphasis(false, {})).toBe(false);
    expect(useEmphasis(true, { NO_COLOR: "1" })).toBe(false);
    expect(useEmphasis(true, { NO_COLOR: "" })).toBe(true);
    expect(useEmphasis(true, { TERM: "dumb" })).toBe(false);
    expect(createStyle(false).title("Failures")).toBe("Failures");
    expect(createStyle(true).title("Failures")).toBe("\u001b[1mFailures\u001b[22m");
  });
});

describe("tables", () => {
  it("pads columns to the widest cell and right-aligns numbers", () => {
    expect(
      formatTable(
        [{ title: "DID" }, { title: "Failures", align: "right" }],
        [
          ["15105550100", "1,234"],
          ["1", "5"],
        ],
      ),
    ).toEqual(["  DID          Failures", "  15105550100     1,234", "  1                   5"]);
  });
});

describe("CSV output", () => {
  it("prints a single report's file as is", () => {
    const { failures } = tinyReports();
    const text = csvOutput(failures);
    expect(text.startsWith("date,did,user,destination,")).toBe(true);
    expect(text).not.toContain("# ");
  });

  it("names each of the summary's files before its content", () => {
    const text = csvOutput(tinyReports().summary);
    const parts = text.split(/\r\n(?=# )/);
    expect(parts.map((part) => part.split("\r\n")[0])).toEqual([
      "# efax-account-overview-2026-11-26.csv",
      "# efax-failures-2026-11-26.csv",
      "# efax-billable-pages-2026-11-26.csv",
    ]);
    for (const part of parts.slice(0, -1)) expect(part.endsWith("\r\n")).toBe(true);
  });
});

describe("JSON output", () => {
  const pieces = (report: Parameters<typeof writeReportJson>[0]): string[] => {
    const written: string[] = [];
    writeReportJson(report, (text) => written.push(text));
    return written;
  };

  it.each([
    ["tiny", tinyReports],
    ["empty", emptyReports],
    ["hostile", hostileReports],
    ["31-day", monthReports],
  ])(
    "prints exactly JSON.stringify of the documented object, then a newline: %s reports",
    (_, set) => {
      for (const report of Object.values(set())) {
        expect(pieces(report).join("")).toBe(`${JSON.stringify(reportJson(report))}\n`);
      }
    },
  );

  it("streams a 100k-row day in pieces of about 64 kB, text unchanged", () => {
    const { numbers } = hugeReports();
    const written = pieces(numbers);
    expect(written.join("")).toBe(`${JSON.stringify(reportJson(numbers))}\n`);
    expect(written.length).toBeGreaterThan(100);
    expect(Math.max(...written.map((piece) => piece.length))).toBeLessThan(80 * 1024);
  });
});
