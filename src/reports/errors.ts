/**
 * Errors the report engine raises itself. Upstream failures are not wrapped: they reach the
 * caller as the source's own typed errors (`EfaxError`).
 */

/** Base of the engine's own errors; `isReportError` tells them apart from anything else. */
export class ReportError extends Error {
  override name = "ReportError";
}

/** True for any error raised by the report engine itself. */
export function isReportError(error: unknown): error is ReportError {
  return error instanceof ReportError;
}

/** The days asked for are not an inclusive range of real calendar days. */
export class InvalidRangeError extends ReportError {
  override name = "InvalidRangeError";
}

/** An option is outside what the engine accepts (e.g. a concurrency below 1). */
export class InvalidOptionError extends ReportError {
  override name = "InvalidOptionError";
}
