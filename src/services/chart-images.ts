/**
 * Charts in Slack. A report's chart is drawn (`charts/`), rendered to PNG off the event loop and
 * uploaded with files upload v2 (`filesUploadV2`: files.getUploadURLExternal, the upload,
 * files.completeUploadExternal) as a file of the app's own, shared with no channel; messages and
 * the Home then show it in an image block that names the file (`slack_file: { id }`). The same
 * picture is uploaded once while it is remembered (by a hash of the chart).
 *
 * Slack finishes processing an upload after completeUploadExternal answers, and until then it
 * refuses blocks naming the file (`invalid_blocks`, "invalid slack file"). So a message with a
 * new chart is tried again after a short wait, twice; if Slack still refuses it, the message goes
 * out with the chart's alt text as a line instead (the trend in words), so the report is never
 * lost. An upload that fails (no `files:write`, Slack down) gives the words at once.
 */
import { createHash } from "node:crypto";
import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import { type Chart, renderChart } from "../charts/index.ts";
import { chartedName, historyRange } from "../charts/norms.ts";
import type { DayRange } from "../dates/calendar.ts";
import { sameWeekdaysBefore } from "../reports/baseline.ts";
import type { ReportName } from "../reports/catalog.ts";
import type { AnyReport } from "../reports/model.ts";
import { storeKeys } from "../store/keys.ts";
import { type ChartDisplay, chartAsText, hasReportData } from "../views/index.ts";
import type { ReportRef } from "../views/report-ref.ts";
import { chartForReport, type HistoryFetch } from "./charts.ts";
import type { Services } from "./context.ts";
import { describeError } from "./logging.ts";

/** Waits before trying a refused chart again: about 3 s in all, then the words instead. */
export const CHART_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000];

/** How long an uploaded chart's file id is reused for the same picture. */
export const CHART_FILE_SECONDS = 24 * 60 * 60;

/** How long a report waits, once it is ready, for what its chart needs before going without. */
export const CHART_WAIT_MS = 10_000;

/**
 * Charts rasterised at once in this process. Each takes a core for tens of milliseconds on
 * libuv's thread pool; one at a time leaves the other core to the event loop, so a burst of
 * reports (hundreds of workspaces asking at nine) never slows down acknowledging Slack.
 */
const RENDERS_AT_ONCE = 1;

/**
 * How long a chart waits for its turn to be rasterised before its report goes out with the
 * chart's words instead: in a burst, answers are not held up behind hundreds of pictures.
 */
export const RENDER_QUEUE_MS = 5_000;

/** A task did not get its turn in time: too many were waiting before it. */
export class QueueFullError extends Error {
  override name = "QueueFullError";
}

/**
 * Runs tasks `atOnce` at a time, in the order given; a task still waiting for its turn after
 * `maxWaitMs` is not run and rejects with {@link QueueFullError}.
 */
export class TurnQueue {
  readonly #atOnce: number;
  readonly #maxWaitMs: number;
  #running = 0;
  readonly #waiting: { start: () => void }[] = [];

  constructor(atOnce: number, maxWaitMs: number) {
    this.#atOnce = atOnce;
    this.#maxWaitMs = maxWaitMs;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#atOnce) await this.#turn();
    else this.#running++;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next.start();
      else this.#running--;
    }
  }

  #turn(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        reject(new QueueFullError(`No turn within ${this.#maxWaitMs} ms`));
      }, this.#maxWaitMs);
      const waiter = {
        start: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.#waiting.push(waiter);
    });
  }
}

const renders = new TurnQueue(RENDERS_AT_ONCE, RENDER_QUEUE_MS);

/** {@link renderChart} in its turn (see {@link RENDERS_AT_ONCE}, {@link RENDER_QUEUE_MS}). */
function renderInTurn(chart: Chart): Promise<Uint8Array> {
  return renders.run(() => renderChart(chart));
}

/** Slack's limit for an uploaded file's alt text. */
const UPLOAD_ALT_TEXT = 1_000;

/** A chart ready for a view, and how to forget its file when Slack will not show it. */
export interface ChartToShow {
  display: ChartDisplay;
  /** Forgets the remembered upload, so the next message uploads the chart again. */
  forget(): Promise<void>;
}

function words(chart: Chart): ChartToShow {
  return {
    display: { kind: "text", altText: chart.altText, title: chart.title },
    forget: async () => {},
  };
}

/**
 * Uploads `chart` as a PNG of the app's own (no channel), or reuses the file of the same picture
 * uploaded before. Never throws: a chart that cannot be uploaded is shown as its words.
 */
export async function uploadChart(
  services: Services,
  client: WebClient,
  teamId: string,
  chart: Chart,
): Promise<ChartToShow> {
  const hash = createHash("sha256").update(chart.svg).digest("hex").slice(0, 40);
  const key = storeKeys.chartFile(teamId, hash);
  const forget = () =>
    services.store.delete(key).catch((error: unknown) => {
      services.logger.warn(`Could not forget a chart's file: ${describeError(error)}`);
    });
  const image = (fileId: string): ChartToShow => ({
    display: { kind: "image", fileId, altText: chart.altText, title: chart.title },
    forget,
  });
  try {
    const kept = await services.store.get<{ fileId?: unknown }>(key).catch(() => null);
    if (typeof kept?.fileId === "string") return image(kept.fileId);
    const png = await renderInTurn(chart);
    const uploaded = await client.filesUploadV2({
      file: Buffer.from(png.buffer, png.byteOffset, png.byteLength),
      filename: chart.filename,
      title: chart.title,
      alt_text: chart.altText.slice(0, UPLOAD_ALT_TEXT),
    });
    const fileId = uploaded.files?.[0]?.files?.[0]?.id;
    if (typeof fileId !== "string") throw new Error("Slack named no file for the uploaded chart");
    await services.store
      .set(key, { fileId }, { ttlSeconds: CHART_FILE_SECONDS })
      .catch((error: unknown) => {
        services.logger.warn(`Could not remember a chart's file: ${describeError(error)}`);
      });
    return image(fileId);
  } catch (error) {
    services.logger.warn(
      `Could not upload a chart for team ${teamId}, showing it in words: ${describeError(error)}`,
    );
    return words(chart);
  }
}

/**
 * Bolt's `ErrorCode.RespondError`, written out: importing Bolt here would load all of it into the
 * scheduled digests, which never answer a response_url.
 */
const BOLT_RESPOND_ERROR = "slack_bolt_respond_error";

/** Texts Slack attaches to a refusal, where it names what it refused. */
function details(error: WebAPIPlatformError): string {
  const data = error.data as { errors?: unknown; response_metadata?: { messages?: unknown } };
  return JSON.stringify([data.errors ?? null, data.response_metadata?.messages ?? null]);
}

/**
 * True when Slack refused a message or view because of its image: a Web API `invalid_blocks` (or
 * `invalid_arguments` for views) that names a `slack_file`, or says nothing more; or a
 * response_url answering 400 or 404, which gives no reason Bolt passes on.
 */
export function isImageRefused(error: unknown): boolean {
  if (error instanceof WebAPIPlatformError) {
    if (error.data.error !== "invalid_blocks" && error.data.error !== "invalid_arguments") {
      return false;
    }
    const said = details(error);
    return said.includes("slack_file") || said === "[null,null]";
  }
  if (error instanceof Error && Reflect.get(error, "code") === BOLT_RESPOND_ERROR) {
    const status = Reflect.get(error, "statusCode");
    return status === 400 || status === 404;
  }
  return false;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Shows something with `chart` through `show`. While Slack refuses the image (a file still being
 * processed), waits and tries again (`services.chartRetryDelaysMs`); then shows it with the
 * chart's words instead and forgets the file. Any other failure is thrown, as `show`'s would be.
 */
export async function showWithChart(
  services: Services,
  chart: ChartToShow | null,
  show: (chart: ChartDisplay | null) => Promise<void>,
): Promise<void> {
  if (chart === null || chart.display.kind === "text") {
    await show(chart?.display ?? null);
    return;
  }
  const delays = services.chartRetryDelaysMs ?? CHART_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await show(chart.display);
      return;
    } catch (error) {
      if (!isImageRefused(error)) throw error;
      const delay = delays[attempt];
      if (delay === undefined) {
        services.logger.warn(
          `Slack would not show a chart after ${attempt + 1} tries; showing it in words: ${describeError(error)}`,
        );
        break;
      }
      await sleep(delay);
    }
  }
  await chart.forget();
  await show(chartAsText(chart.display));
}

/**
 * Starts fetching what the chart of `ref` needs (the four weeks before a range; the same weekday
 * of those weeks before a single day) alongside the report itself, and returns the function that
 * draws the chart once the report is in: null for an empty report, a single day that is normal
 * for its weekday, or when the weeks before are not there within {@link CHART_WAIT_MS} (the
 * report then goes without a chart rather than waiting). Never throws.
 */
export function planReportChart(
  services: Services,
  teamId: string,
  ref: ReportRef,
): (report: AnyReport) => Promise<Chart | null> {
  const runs = new Map<string, Promise<AnyReport>>();
  const fetchHistory: HistoryFetch = (name: ReportName, range: DayRange) => {
    const key = `${name}:${range.from}:${range.to}`;
    let run = runs.get(key);
    if (!run) {
      run = services.reports.run(
        teamId,
        { name, ...range, sample: ref.sample },
        { previous: false },
      );
      // Awaited later, or never when the report itself fails: not an unhandled rejection.
      run.catch(() => {});
      runs.set(key, run);
    }
    return run;
  };
  const name = chartedName(ref.name);
  if (ref.from === ref.to) {
    for (const day of sameWeekdaysBefore(ref.from)) fetchHistory(name, { from: day, to: day });
  } else {
    fetchHistory(name, historyRange(ref));
  }
  return async (report) => {
    if (!hasReportData(report)) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), CHART_WAIT_MS);
    });
    try {
      const drawn = chartForReport(report, fetchHistory, { singleDay: "when-unusual" }).then(
        ({ chart, historyError }) => {
          if (historyError !== null) {
            services.logger.warn(
              `The weeks before a report could not be fetched for its chart (team ${teamId}): ${describeError(historyError)}`,
            );
          }
          return chart;
        },
      );
      return await Promise.race([drawn, late]);
    } catch (error) {
      services.logger.warn(
        `Could not draw a report's chart (team ${teamId}): ${describeError(error)}`,
      );
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
}
