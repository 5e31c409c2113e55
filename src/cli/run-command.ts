/**
 * `efax report …` once the command line is read: dates → source (eFax or sample data) → report
 * engine → the chosen output on stdout, progress on stderr. Loaded only for this command, so
 * `--help` never pays for chrono-node, zod or the engine.
 */
import { rangeLength } from "../dates/calendar.ts";
import { parseWhen } from "../dates/parse-when.ts";
import { createEfaxClient, DEFAULT_EFAX_API_URL } from "../efax/client.ts";
import { createSampleSource } from "../efax/sandbox.ts";
import type { EfaxCredentials, ReportSource } from "../efax/types.ts";
import { csvFiles } from "../reports/csv.ts";
import { maskDestinations } from "../reports/mask.ts";
import type { AnyReport } from "../reports/model.ts";
import { runReport } from "../reports/run.ts";
import type { CliCommand } from "./args.ts";
import { MissingCredentialsError, UsageError } from "./errors.ts";
import { createProgress } from "./progress.ts";
import { writeReportJson } from "./render-json.ts";
import { reportText } from "./render-text.ts";
import { createStyle, useEmphasis } from "./style.ts";

/** What the command reads from and writes to; `main` binds the real process. */
export interface CommandIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  now: () => Date;
  /** Aborts the upstream calls (Ctrl-C). */
  signal?: AbortSignal;
}

const CREDENTIAL_VARIABLES = ["EFAX_API_KEY", "EFAX_USERNAME", "EFAX_PASSWORD"] as const;

/**
 * Runs one report and prints it. Throws `DateInputError`, `UsageError`,
 * `MissingCredentialsError` or the source's `EfaxError`; `main` turns them into exit codes.
 */
export async function runReportCommand(
  command: Extract<CliCommand, { kind: "report" }>,
  timeZone: string,
  io: CommandIo,
): Promise<void> {
  const when = parseWhen(command.when, { timeZone, now: io.now() });
  const source = command.sandbox ? createSampleSource() : liveSource(io.env);
  const chartFile = command.chart ? await import("./chart-file.ts") : null;
  if (command.chart) await chartFile?.checkChartPath(command.chart);
  const progress = createProgress(io.stderr, rangeLength(when));
  let report: AnyReport;
  try {
    report = await runReport(source, command.name, when, {
      previous: false,
      // JSON and CSV print totals and rows only.
      rankings: command.format === "text",
      sample: command.sandbox,
      signal: io.signal,
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.finish();
  }
  if (command.mask) report = maskDestinations(report);

  switch (command.format) {
    case "json":
      writeReportJson(report, (text) => io.stdout.write(text));
      break;
    case "csv":
      io.stdout.write(csvOutput(report));
      break;
    case "text": {
      const style = createStyle(useEmphasis(io.stdout.isTTY, io.env));
      io.stdout.write(reportText(report, { label: when.label, timeZone, style }));
      break;
    }
  }
  if (command.chart) await chartFile?.writeChartFile(report, source, command.chart, io);
}

/** One CSV file as is; several (summary) each after a `# <file name>` line, a blank line between. */
export function csvOutput(report: AnyReport): string {
  const files = csvFiles(report);
  if (files.length === 1 && files[0]) return files[0].content;
  return files.map((file) => `# ${file.filename}\r\n${file.content}`).join("\r\n");
}

function liveSource(env: CommandIo["env"]): ReportSource {
  return createEfaxClient({ credentials: credentialsFrom(env), baseUrl: apiUrlFrom(env) });
}

function credentialsFrom(env: CommandIo["env"]): EfaxCredentials {
  const missing = CREDENTIAL_VARIABLES.filter((name) => !env[name]);
  const [apiKey, username, password] = CREDENTIAL_VARIABLES.map((name) => env[name]);
  if (missing.length > 0 || !apiKey || !username || !password) {
    throw new MissingCredentialsError([...missing]);
  }
  return { apiKey, username, password };
}

function apiUrlFrom(env: CommandIo["env"]): string | undefined {
  const value = env.EFAX_API_URL?.trim();
  if (!value) return undefined;
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new UsageError(
      `EFAX_API_URL must be an http(s) URL such as ${DEFAULT_EFAX_API_URL}, not "${value}".`,
    );
  }
  return value;
}
