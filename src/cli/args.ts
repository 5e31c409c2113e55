/**
 * The command line, read into one plain command. Kept free of heavy imports so that `--help` and
 * usage errors answer at once.
 */
import { parseArgs } from "node:util";
import { findReport, REPORTS, type ReportName } from "../reports/catalog.ts";
import { UsageError } from "./errors.ts";

export const OUTPUT_FORMATS = ["text", "json", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type CliCommand =
  | { kind: "help" }
  | {
      kind: "report";
      name: ReportName;
      /** The date words as typed, joined by spaces; empty means yesterday. */
      when: string;
      format: OutputFormat;
      /** `--tz`, or null for the machine's zone. */
      timeZone: string | null;
      sandbox: boolean;
    };

const OPTIONS = {
  format: { type: "string", short: "f" },
  tz: { type: "string" },
  sandbox: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Reads `argv` (without `node` and the script). Throws `UsageError` for anything it cannot use. */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  const { values, positionals, tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const [command, ...rest] = positionals;
  const helpCommand = command === "report" ? "efax report --help" : "efax --help";

  for (const token of tokens) {
    if (token.kind !== "option") continue;
    if (!(token.name in OPTIONS)) {
      throw new UsageError(`There is no option ${token.rawName}.`, helpCommand);
    }
    const expectsValue = token.name === "format" || token.name === "tz";
    if (expectsValue && token.value === undefined) {
      throw new UsageError(
        `${token.rawName} needs a value, as in ${example(token.name)}.`,
        helpCommand,
      );
    }
    if (!expectsValue && token.value !== undefined) {
      throw new UsageError(`${token.rawName} takes no value.`, helpCommand);
    }
  }

  if (command === undefined || command === "help" || values.help === true) return { kind: "help" };
  if (command !== "report") {
    throw new UsageError(
      `There is no command "${command}". The command is "efax report <report> [when]".`,
    );
  }
  const [word, ...when] = rest;
  if (word === undefined) {
    throw new UsageError(`Name a report: ${reportNames()}.`, helpCommand);
  }
  const report = findReport(word);
  if (!report) {
    throw new UsageError(
      `There is no report called "${word}". Reports: ${reportNames()}.`,
      helpCommand,
    );
  }
  return {
    kind: "report",
    name: report.name,
    when: when.join(" "),
    format: outputFormat(values.format, helpCommand),
    timeZone: typeof values.tz === "string" ? values.tz : null,
    sandbox: values.sandbox === true,
  };
}

function outputFormat(value: string | boolean | undefined, helpCommand: string): OutputFormat {
  if (value === undefined) return "text";
  const format = OUTPUT_FORMATS.find((f) => f === value);
  if (!format) {
    throw new UsageError(
      `--format must be one of ${OUTPUT_FORMATS.join(", ")}, not "${String(value)}".`,
      helpCommand,
    );
  }
  return format;
}

function reportNames(): string {
  return REPORTS.map((r) => r.name).join(", ");
}

function example(option: string): string {
  return option === "tz" ? "--tz Europe/Berlin" : "--format json";
}
