/**
 * The command line, read into one plain command. Kept free of heavy imports so that `--help` and
 * usage errors answer at once.
 */
import { parseArgs } from "node:util";
import { suggestWord } from "../command/suggest.ts";
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
      /** `--chart <file>`: also write the report's chart there as a PNG; null without. */
      chart: string | null;
      /** `--mask`: destination numbers shown as `•••-•••-2919`, as Slack shows them when masked. */
      mask: boolean;
    };

const OPTIONS = {
  format: { type: "string", short: "f" },
  tz: { type: "string" },
  sandbox: { type: "boolean" },
  chart: { type: "string" },
  mask: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Reads `argv` (without `node` and the script). Throws `UsageError` for anything it cannot use,
 * with the closest report, option or format when a word looks like a typo of one. The report may
 * come first without `report`: `efax failures yesterday` is `efax report failures yesterday`.
 */
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
  /** `argv` with the token at `index` replaced, as a command to copy. */
  const correctedAt = (index: number, replacement: string): string =>
    commandLine(argv.map((arg, at) => (at === index ? replacement : arg)));

  for (const token of tokens) {
    if (token.kind !== "option") continue;
    if (!(token.name in OPTIONS)) {
      const closest = token.rawName.startsWith("--")
        ? suggestWord(token.name, Object.keys(OPTIONS))
        : null;
      if (closest === null) {
        throw new UsageError(`There is no option ${token.rawName}.`, helpCommand);
      }
      const typed = argv[token.index] ?? token.rawName;
      throw new UsageError(
        `There is no option ${token.rawName}. Did you mean --${closest}?`,
        helpCommand,
        correctedAt(token.index, `--${closest}${typed.slice(token.rawName.length)}`),
      );
    }
    const expectsValue = token.name === "format" || token.name === "tz" || token.name === "chart";
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
  const words = tokens.filter((token) => token.kind === "positional");
  let word: string | undefined;
  let when: string[];
  let wordIndex: number;
  if (command === "report") {
    [word, ...when] = rest;
    wordIndex = words[1]?.index ?? -1;
  } else if (findReport(command)) {
    // The bare form: the report first, without "report".
    [word, ...when] = positionals;
    wordIndex = words[0]?.index ?? -1;
  } else {
    const commands = ["report", "help"];
    const closest = suggestWord(command, [...commands, ...reportWords()]);
    // "report" is also a synonym of summary: a typo of it means the command.
    const suggestion =
      closest === null || commands.includes(closest)
        ? closest
        : (findReport(closest)?.name ?? closest);
    const list = `Reports: ${reportNames()}`;
    throw new UsageError(
      suggestion === null
        ? `There is no report or command "${command}". ${list}.`
        : `There is no report or command "${command}". Did you mean ${suggestion}?`,
      helpCommand,
      suggestion === null ? null : correctedAt(words[0]?.index ?? -1, suggestion),
    );
  }
  if (word === undefined) {
    throw new UsageError(`Name a report: ${reportNames()}.`, helpCommand);
  }
  const report = findReport(word);
  if (!report) {
    const closest = suggestWord(word, reportWords());
    const suggestion = closest === null ? null : (findReport(closest)?.name ?? null);
    throw new UsageError(
      suggestion === null
        ? `There is no report called "${word}". Reports: ${reportNames()}.`
        : `There is no report called "${word}". Did you mean ${suggestion}?`,
      helpCommand,
      suggestion === null ? null : correctedAt(wordIndex, suggestion),
    );
  }
  const format = outputFormat(values.format, helpCommand, (closest) => {
    const token = tokens.find((t) => t.kind === "option" && t.name === "format");
    if (token?.kind !== "option") return null;
    const typed = argv[token.index] ?? "";
    // "--format=jsno" and "-fjsno" are one argument, "--format jsno" two.
    return token.inlineValue === true
      ? correctedAt(token.index, `${token.rawName}${typed.includes("=") ? "=" : ""}${closest}`)
      : correctedAt(token.index + 1, closest);
  });
  return {
    kind: "report",
    name: report.name,
    when: when.join(" "),
    format,
    timeZone: typeof values.tz === "string" ? values.tz : null,
    sandbox: values.sandbox === true,
    chart: typeof values.chart === "string" ? values.chart : null,
    mask: values.mask === true,
  };
}

function outputFormat(
  value: string | boolean | undefined,
  helpCommand: string,
  correctedWith: (format: OutputFormat) => string | null,
): OutputFormat {
  if (value === undefined) return "text";
  const format = OUTPUT_FORMATS.find((f) => f === value);
  if (!format) {
    const closest = OUTPUT_FORMATS.find((f) => f === suggestWord(String(value), OUTPUT_FORMATS));
    const message = `--format must be one of ${OUTPUT_FORMATS.join(", ")}, not "${String(value)}".`;
    if (closest === undefined) throw new UsageError(message, helpCommand);
    throw new UsageError(
      `${message} Did you mean ${closest}?`,
      helpCommand,
      correctedWith(closest),
    );
  }
  return format;
}

/** Every word that names a report: names and synonyms. */
function reportWords(): string[] {
  return REPORTS.flatMap((r) => [r.name, ...r.synonyms]);
}

/** Arguments as one command to copy into a shell, quoted where a shell would split them. */
function commandLine(args: readonly string[]): string {
  const quote = (arg: string): string =>
    /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
  return ["efax", ...args.map(quote)].join(" ");
}

function reportNames(): string {
  return REPORTS.map((r) => r.name).join(", ");
}

function example(option: string): string {
  if (option === "chart") return "--chart failures.png";
  return option === "tz" ? "--tz Europe/Berlin" : "--format json";
}
