/**
 * The `efax` command: reads the command line, runs it, and turns every outcome into an exit code
 * and a plain-words message on stderr — never a stack trace, never a credential. Only what help
 * and usage errors need is imported up front; the report machinery loads on demand.
 */
import { isTimeZone } from "../dates/calendar.ts";
import { isDateInputError } from "../dates/errors.ts";
import { isEfaxError } from "../efax/errors.ts";
import { parseCommandLine } from "./args.ts";
import { EXIT_CODES, type ExitCode, isCliError, UsageError } from "./errors.ts";
import type { CommandIo } from "./run-command.ts";

export interface CliIo extends CommandIo {
  /** The zone used when `--tz` is not given (the machine's). */
  defaultTimeZone: string;
}

/** Runs `efax` with `argv` (no `node`, no script path) and resolves to its exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    const command = parseCommandLine(argv);
    if (command.kind === "help") {
      const [{ helpText }, { DEFAULT_EFAX_API_URL }] = await Promise.all([
        import("./help.ts"),
        import("../efax/client.ts"),
      ]);
      io.stdout.write(helpText(DEFAULT_EFAX_API_URL));
      return EXIT_CODES.ok;
    }
    const timeZone = command.timeZone ?? io.defaultTimeZone;
    if (!isTimeZone(timeZone)) {
      throw new UsageError(
        `"${timeZone}" is not a time zone. Use an IANA name such as America/New_York, Europe/Berlin or UTC.`,
      );
    }
    const { runReportCommand } = await import("./run-command.ts");
    await runReportCommand(command, timeZone, io);
    return EXIT_CODES.ok;
  } catch (error) {
    return explain(error, io);
  }
}

/** `main` on the real process: argv, environment, clock, streams, Ctrl-C; sets `process.exitCode`. */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(EXIT_CODES.ok);
    process.exitCode = EXIT_CODES.internal;
  });
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once("SIGINT", interrupt);
  try {
    process.exitCode = await main(argv, {
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      now: () => new Date(),
      signal: controller.signal,
      defaultTimeZone: machineTimeZone(),
    });
    if (controller.signal.aborted) process.exitCode = EXIT_CODES.interrupted;
  } finally {
    process.off("SIGINT", interrupt);
  }
}

/** Says what went wrong on stderr, in plain words, and picks the exit code. */
function explain(error: unknown, io: CliIo): ExitCode {
  const say = (text: string): void => {
    io.stderr.write(`${sentence(text)}\n`);
  };
  if (io.signal?.aborted) {
    say("Stopped before the report was complete");
    return EXIT_CODES.interrupted;
  }
  if (isDateInputError(error)) {
    say(error.message);
    io.stderr.write(`Try, for example: ${error.examples.join(", ")}. See efax --help.\n`);
    return EXIT_CODES.usage;
  }
  if (error instanceof UsageError) {
    say(error.message);
    if (error.corrected !== null) io.stderr.write(`  ${error.corrected}\n`);
    io.stderr.write(`See ${error.helpCommand}.\n`);
    return error.exitCode;
  }
  if (isCliError(error)) {
    say(error.message);
    return error.exitCode;
  }
  if (isEfaxError(error)) {
    if (error.code === "credentials-rejected") {
      say(error.message);
      io.stderr.write(
        "Check EFAX_API_KEY, EFAX_USERNAME and EFAX_PASSWORD, or add --sandbox to try the sample data.\n",
      );
      return EXIT_CODES.credentialsRejected;
    }
    say(error.message);
    return EXIT_CODES.upstream;
  }
  const message = error instanceof Error ? error.message : String(error);
  say(`efax stopped on an unexpected error: ${message}`);
  return EXIT_CODES.internal;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function machineTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isTimeZone(zone) ? zone : "UTC";
}
