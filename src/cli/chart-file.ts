/**
 * `efax report … --chart <file>`: the PNG Slack would show with the report, written to a file.
 * A range is drawn day by day with each day's same-weekday normal range; a single day against the
 * same weekday of the four weeks before it. Where the file cannot be written is found out before
 * anything is fetched, and said in plain words (exit 2); where it was written goes to stderr.
 */
import { constants } from "node:fs";
import { access, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { renderChartSync } from "../charts/index.ts";
import type { ReportSource } from "../efax/types.ts";
import { systemCode } from "../files.ts";
import type { AnyReport } from "../reports/model.ts";
import { runReport } from "../reports/run.ts";
import { chartForReport } from "../services/charts.ts";
import { CliError, EXIT_CODES } from "./errors.ts";

/** The file cannot be written: exit 2, with what to do instead. */
export class ChartPathError extends CliError {
  constructor(file: string, why: string) {
    super(
      `Cannot write the chart to ${file}: ${why}. Give --chart a file in a folder you can write to, such as --chart chart.png`,
      EXIT_CODES.usage,
    );
    this.name = "ChartPathError";
  }
}

function why(error: unknown): string {
  switch (systemCode(error)) {
    case "ENOENT":
      return "its folder does not exist";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "that is a folder";
    case "EROFS":
      return "the file system is read-only";
    case "ENOTDIR":
      return "part of the path is not a folder";
    case "ENOSPC":
      return "the disk is full";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Throws {@link ChartPathError} unless `file` could be created or replaced. */
export async function checkChartPath(file: string): Promise<void> {
  const target = resolve(file);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new ChartPathError(file, "that is a folder");
  try {
    if (!existing) {
      const folder = await stat(dirname(target));
      if (!folder.isDirectory()) throw new ChartPathError(file, "part of the path is not a folder");
    }
    await access(existing ? target : dirname(target), constants.W_OK);
  } catch (error) {
    if (error instanceof ChartPathError) throw error;
    throw new ChartPathError(file, why(error));
  }
}

/** Draws `report`'s chart, writes it to `file` and says so on stderr. */
export async function writeChartFile(
  report: AnyReport,
  source: ReportSource,
  file: string,
  io: { stderr: { write(text: string): unknown }; signal?: AbortSignal },
): Promise<void> {
  const { chart, historyError } = await chartForReport(
    report,
    (name, range) =>
      runReport(source, name, range, {
        previous: false,
        rankings: false,
        sample: report.sample,
        ...(io.signal ? { signal: io.signal } : {}),
      }),
    { singleDay: "always" },
  );
  if (historyError !== null && (chart === null || io.signal?.aborted)) throw historyError;
  if (!chart) {
    io.stderr.write("No chart: too few earlier days to compare this day with.\n");
    return;
  }
  if (historyError !== null) {
    const reason = historyError instanceof Error ? historyError.message : String(historyError);
    io.stderr.write(
      `The four weeks before could not be fetched (${reason}), so the chart shows no normal range.\n`,
    );
  }
  const png = renderChartSync(chart);
  try {
    await writeFile(file, png);
  } catch (error) {
    throw new ChartPathError(file, why(error));
  }
  io.stderr.write(
    `Chart written to ${resolve(file)} (PNG, ${chart.width * 2}×${chart.height * 2}).\n`,
  );
}
