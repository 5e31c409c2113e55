import { describe, expect, it } from "vitest";
import type { FaxCounts } from "../src/efax/types.ts";
import { csvCell, csvFiles } from "../src/reports/csv.ts";
import type { BillableReport, FaxReport, SummaryReport } from "../src/reports/model.ts";
import { billableRows, faxRows } from "../src/reports/normalize.ts";
import { summarizeBillable, summarizeFax } from "../src/reports/summarize.ts";

function counts(success: number, total: number, reasons: Record<string, number> = {}): FaxCounts {
  return { success, total, failures: total - success, reasons };
}

const DAY = "2026-11-26";

function failuresReport(): FaxReport {
  const rows = faxRows("failures", DAY, {
    "5550000001": {
      "Smith, John": { "15550000001": counts(0, 3, { Busy: 2, "Line cut": 1 }) },
      ann: { "15550000002": counts(0, 1) },
    },
  });
  return summarizeFax("failures", { from: DAY, to: DAY }, new Map([[DAY, rows]]));
}

function billableReport(from: string, to: string): BillableReport {
  const rows = billableRows(DAY, {
    "5550000002": { outbound: { STANDARD: 78, FINE: 24 }, inbound: 116 },
    "5550000001": { outbound: { SUPERFINE: 3, STANDARD: 43, COLOR: 1 }, inbound: 1315 },
  });
  return summarizeBillable({ from, to }, new Map([[DAY, rows]]));
}

describe("csvFiles", () => {
  it("writes a fax report with every count and one column per reason, known ones first", () => {
    const [file, ...others] = csvFiles(failuresReport());
    expect(others).toEqual([]);
    expect(file?.filename).toBe("efax-failures-2026-11-26.csv");
    expect(file?.content).toBe(
      "date,did,user,destination,attempts,successes,failures,Busy,Call placement error," +
        "Fax transmission failed,No answer,No dial tone,Unspecified failure,Line cut\r\n" +
        '2026-11-26,5550000001,"Smith, John",15550000001,3,0,3,2,0,0,0,0,0,1\r\n' +
        "2026-11-26,5550000001,ann,15550000002,1,0,1,0,0,0,0,0,0,0\r\n",
    );
  });

  it("has no destination column in the account overview, and names a range by its two days", () => {
    const rows = faxRows("account-overview", DAY, {
      "5550000001": { ann: counts(2, 3, { "No answer": 1 }) },
    });
    const report = summarizeFax(
      "account-overview",
      { from: "2026-11-20", to: DAY },
      new Map([[DAY, rows]]),
    );
    expect(csvFiles(report)).toEqual([
      {
        filename: "efax-account-overview-2026-11-20_2026-11-26.csv",
        content:
          "date,did,user,attempts,successes,failures,Busy,Call placement error," +
          "Fax transmission failed,No answer,No dial tone,Unspecified failure\r\n" +
          "2026-11-26,5550000001,ann,3,2,1,0,0,0,1,0,0\r\n",
      },
    ]);
  });

  it("writes billable pages with STANDARD and FINE first, other resolutions by name, and sums", () => {
    expect(csvFiles(billableReport(DAY, DAY))).toEqual([
      {
        filename: "efax-billable-pages-2026-11-26.csv",
        content:
          "date,did,STANDARD,FINE,COLOR,SUPERFINE,outbound_total,inbound,total\r\n" +
          "2026-11-26,5550000001,43,0,1,3,47,1315,1362\r\n" +
          "2026-11-26,5550000002,78,24,0,0,102,116,218\r\n",
      },
    ]);
  });

  it("writes a header only for a range without data", () => {
    const report = summarizeFax("number-overview", { from: DAY, to: DAY }, new Map());
    expect(csvFiles(report)[0]?.content).toBe(
      "date,did,user,destination,attempts,successes,failures,Busy,Call placement error," +
        "Fax transmission failed,No answer,No dial tone,Unspecified failure\r\n",
    );
  });

  it("gives the summary one file per upstream report", () => {
    const range = { from: "2026-11-01", to: "2026-11-07" };
    const summary: SummaryReport = {
      kind: "summary",
      range,
      sample: true,
      overview: summarizeFax("account-overview", range, new Map()),
      failures: summarizeFax("failures", range, new Map()),
      billable: summarizeBillable(range, new Map()),
    };
    expect(csvFiles(summary).map((file) => file.filename)).toEqual([
      "efax-account-overview-2026-11-01_2026-11-07.csv",
      "efax-failures-2026-11-01_2026-11-07.csv",
      "efax-billable-pages-2026-11-01_2026-11-07.csv",
    ]);
    expect(csvFiles(summary)[2]?.content).toBe(
      "date,did,STANDARD,FINE,outbound_total,inbound,total\r\n",
    );
  });

  it("neutralises usernames, numbers and reasons a spreadsheet would run as formulas", () => {
    const rows = faxRows("number-overview", DAY, {
      "+15550000001": {
        '=HYPERLINK("http://x","y")': { "@SUM(A1)": counts(0, 1, { "=cmd|' /C calc'!A0": 1 }) },
        "-2+3": { "\tx": counts(1, 1) },
      },
    });
    const report = summarizeFax("number-overview", { from: DAY, to: DAY }, new Map([[DAY, rows]]));
    const lines = csvFiles(report)[0]?.content.split("\r\n");
    expect(lines?.[0]?.endsWith(",Unspecified failure,'=cmd|' /C calc'!A0")).toBe(true);
    expect(lines?.[1]).toBe("2026-11-26,'+15550000001,'-2+3,'\tx,1,1,0,0,0,0,0,0,0,0");
    expect(lines?.[2]).toBe(
      `2026-11-26,'+15550000001,"'=HYPERLINK(""http://x"",""y"")",'@SUM(A1),1,0,1,0,0,0,0,0,0,1`,
    );
  });
});

describe("csvCell", () => {
  it("quotes fields holding a comma, a quote, CR or LF, doubling quotes (RFC 4180)", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvCell("")).toBe("");
  });

  it("prefixes a single quote to text starting with = + - @ tab or CR, and quotes it when needed", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@x")).toBe("'@x");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe('"\'\rx"');
    expect(csvCell("=A1,B1")).toBe('"\'=A1,B1"');
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("writes counts as bare numbers", () => {
    expect(csvCell(0)).toBe("0");
    expect(csvCell(1315)).toBe("1315");
  });
});
