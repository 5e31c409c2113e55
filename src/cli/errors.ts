/**
 * How the CLI ends: one exit code per outcome (documented in `efax --help`), and the errors that
 * carry them. Messages are printed as they are, without a stack trace.
 */

/**
 * 0 done; 1 a bug in efax; 2 usage (bad report, date, option, missing settings); 3 eFax refused
 * the credentials; 4 eFax failed or could not be reached; 130 stopped with Ctrl-C.
 */
export const EXIT_CODES = {
  ok: 0,
  internal: 1,
  usage: 2,
  credentialsRejected: 3,
  upstream: 4,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** Base of the CLI's own errors; `isCliError` tells them from anything else. */
export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** The command line asks for something efax does not offer (exit 2). */
export class UsageError extends CliError {
  /** What to run for help, e.g. "efax report --help". */
  readonly helpCommand: string;
  /** The command line as typed with a typo corrected ("efax report failures yesterday"), if any. */
  readonly corrected: string | null;

  constructor(message: string, helpCommand = "efax --help", corrected: string | null = null) {
    super(message, EXIT_CODES.usage);
    this.name = "UsageError";
    this.helpCommand = helpCommand;
    this.corrected = corrected;
  }
}

/** Some of `EFAX_API_KEY`, `EFAX_USERNAME`, `EFAX_PASSWORD` are not set (exit 2). */
export class MissingCredentialsError extends CliError {
  readonly missing: string[];

  constructor(missing: string[]) {
    super(
      `eFax credentials are missing: set ${missing.join(", ")} in the environment, or add --sandbox to try the built-in sample data without an account.`,
      EXIT_CODES.usage,
    );
    this.name = "MissingCredentialsError";
    this.missing = missing;
  }
}

/** True for any error the CLI raises itself. */
export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}
