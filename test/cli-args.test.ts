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
        "--chart",
        "out/failures.png",
      ]),
    ).toEqual({
      kind: "report",
      name: "failures",
      when: "from nov 1 - nov 7",
      format: "json",
      timeZone: "Europe/Berlin",
      sandbox: true,
      chart: "out/failures.png",
      mask: false,
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
      chart: null,
      mask: false,
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
    [["reprts", "failures"], 'There is no report or command "reprts"'],
    [["yesterday"], 'There is no report or command "yesterday". Reports: overview, numbers'],
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

  it.each([
    [["failures", "yesterday"], "failures", "yesterday"],
    [["fails", "last", "week"], "failures", "last week"],
    [["summary"], "summary", ""],
    [["report", "failures", "yesterday"], "failures", "yesterday"],
  ])("%j names the report with or without the word report", (argv, name, when) => {
    expect(parseCommandLine(argv)).toMatchObject({ kind: "report", name, when });
  });

  it.each([
    [
      ["report", "failrues", "yesterday", "--sandbox"],
      'There is no report called "failrues". Did you mean failures?',
      "efax report failures yesterday --sandbox",
    ],
    [
      ["failrues", "yesterday"],
      'There is no report or command "failrues". Did you mean failures?',
      "efax failures yesterday",
    ],
    [
      ["reprot", "undelivred", "last", "week"],
      'There is no report or command "reprot". Did you mean report?',
      "efax report undelivred last week",
    ],
    [
      ["report", "undelivred", "last", "week"],
      'There is no report called "undelivred". Did you mean failures?',
      "efax report failures last week",
    ],
    [
      ["report", "failures", "--fromat", "json"],
      "There is no option --fromat. Did you mean --format?",
      "efax report failures --format json",
    ],
    [
      ["failures", "--fromat=csv", "nov", "20"],
      "There is no option --fromat. Did you mean --format?",
      "efax failures --format=csv nov 20",
    ],
    [
      ["report", "failures", "--zt", "Europe/Berlin"],
      "There is no option --zt. Did you mean --tz?",
      "efax report failures --tz Europe/Berlin",
    ],
    [
      ["report", "failures", "--sandbx"],
      "There is no option --sandbx. Did you mean --sandbox?",
      "efax report failures --sandbox",
    ],
    [
      ["report", "failures", "--format", "jsno"],
      '--format must be one of text, json, csv, not "jsno". Did you mean json?',
      "efax report failures --format json",
    ],
    [
      ["report", "failures", "-fcvs"],
      '--format must be one of text, json, csv, not "cvs". Did you mean csv?',
      "efax report failures -fcsv",
    ],
    [
      ["report", "failrues", "from", "nov 1", "it's", "--sandbox"],
      'There is no report called "failrues". Did you mean failures?',
      "efax report failures from 'nov 1' 'it'\\''s' --sandbox",
    ],
  ])("%j suggests the closest word and the corrected command", (argv, message, corrected) => {
    const error = captureError(() => parseCommandLine(argv));
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message, corrected });
  });

  it.each([
    [["report", "faxxxes"], 'There is no report called "faxxxes". Reports: overview, numbers'],
    [["report", "failures", "--colour"], "There is no option --colour."],
    [["report", "failures", "-x"], "There is no option -x."],
    [
      ["report", "failures", "--format", "xml"],
      '--format must be one of text, json, csv, not "xml".',
    ],
  ])("%j suggests nothing when nothing is close", (argv, message) => {
    const error = captureError(() => parseCommandLine(argv));
    expect(error).toMatchObject({ corrected: null });
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as Error).message).not.toContain("Did you mean");
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
