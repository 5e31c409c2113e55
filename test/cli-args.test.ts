import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../src/cli/args.ts";
import { UsageError } from "../src/cli/errors.ts";

describe("parseCommandLine", () => {
  it("reads a report, its date words and options", () => {
    expect(
      parseCommandLine([
        "report",
        "failed",
        "from",
        "nov",
        "1",
        "-",
        "nov",
        "7",
        "--format",
        "json",
        "--tz",
        "Europe/Berlin",
        "--sandbox",
      ]),
    ).toEqual({
      kind: "report",
      name: "failures",
      when: "from nov 1 - nov 7",
      format: "json",
      timeZone: "Europe/Berlin",
      sandbox: true,
    });
  });

  it("defaults to text, the machine's zone, live data and yesterday", () => {
    expect(parseCommandLine(["report", "pages"])).toEqual({
      kind: "report",
      name: "billable",
      when: "",
      format: "text",
      timeZone: null,
      sandbox: false,
    });
  });

  it("accepts options anywhere and in --name=value form", () => {
    expect(
      parseCommandLine(["--sandbox", "report", "-f", "csv", "summary", "last", "week", "--tz=UTC"]),
    ).toMatchObject({
      name: "summary",
      when: "last week",
      format: "csv",
      timeZone: "UTC",
      sandbox: true,
    });
  });

  it.each([
    [[]],
    [["--help"]],
    [["-h"]],
    [["help"]],
    [["report", "--help"]],
    [["report", "failures", "-h"]],
  ])("%j asks for help", (argv) => {
    expect(parseCommandLine(argv)).toEqual({ kind: "help" });
  });

  it.each([
    [["report", "faxes"], 'There is no report called "faxes"'],
    [["report"], "Name a report: overview, numbers, failures, billable, summary"],
    [["reports", "failures"], 'There is no command "reports"'],
    [["report", "failures", "--colour"], "There is no option --colour"],
    [["report", "failures", "--format"], "--format needs a value"],
    [
      ["report", "failures", "--format", "xml"],
      '--format must be one of text, json, csv, not "xml"',
    ],
    [["report", "failures", "--sandbox=yes"], "--sandbox takes no value"],
  ])("%j is a usage error", (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
