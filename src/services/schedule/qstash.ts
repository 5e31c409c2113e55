/**
 * Fan-out through Upstash QStash: a tick publishes one message per due run to the worker route
 * (`APP_URL` + `/api/cron/run`), which QStash delivers signed, retrying a delivery that fails
 * (the worker answers 503 for a run to retry) with its backoff.
 *
 * Deduplication: QStash enqueues a message once per `Upstash-Deduplication-Id` (and remembers
 * ids for 90 days). The id names the job, the workspace and the run, and the tick's 5-minute
 * window: ticks of the same window (two at once, a retried tick) publish a run once, while a tick
 * of a later window can publish a run again that is still not done (it was released for a retry,
 * or its message went to the dead-letter queue). A run published twice still runs once: the
 * worker claims it, as the tick would.
 */
import { Client } from "@upstash/qstash";
import type { RunDispatcher, RunMessage } from "./tick.ts";

/** Width of the window a run is published once in, in seconds. */
export const FANOUT_WINDOW_SECONDS = 300;
/** Messages per QStash batch request. */
const BATCH_SIZE = 100;
/** Deliveries QStash retries after the first (at about 12 s, 2.5 min and 30 min). */
export const FANOUT_RETRIES = 3;
/**
 * Runs QStash delivers at once, at most (its flow control, keyed by the worker's host): enough
 * to finish thousands of runs in minutes, few enough that the store and eFax are not flooded.
 */
export const FANOUT_PARALLELISM = 32;

export interface QStashDispatcherOptions {
  token: string;
  /** QStash's API (`QSTASH_URL`). */
  apiUrl: string;
  /** Where QStash delivers each run: the worker route. */
  workerUrl: string;
  /** Clock (the app's), for the deduplication window. */
  now: () => Date;
}

/** The deduplication id of a run's message in the window containing `at`. */
export function deduplicationId(message: RunMessage, at: Date): string {
  const window = Math.floor(at.getTime() / (FANOUT_WINDOW_SECONDS * 1000));
  const safe = (part: string) => part.replace(/[^A-Za-z0-9_-]/g, "_");
  return [message.job, message.teamId, safe(message.runId), String(window)].join(".");
}

export function createQStashDispatcher(options: QStashDispatcherOptions): RunDispatcher {
  const client = new Client({
    token: options.token,
    baseUrl: options.apiUrl,
    enableTelemetry: false,
    devMode: false,
    retry: { retries: 2, backoff: (attempt) => 100 * 2 ** attempt },
  });
  const flowKey = `efax-runs-${new URL(options.workerUrl).host.replace(/[^A-Za-z0-9]/g, "-")}`;
  return {
    async publish(messages) {
      const at = options.now();
      for (let start = 0; start < messages.length; start += BATCH_SIZE) {
        await client.batchJSON(
          messages.slice(start, start + BATCH_SIZE).map((message) => ({
            url: options.workerUrl,
            body: message,
            deduplicationId: deduplicationId(message, at),
            retries: FANOUT_RETRIES,
            flowControl: { key: flowKey, parallelism: FANOUT_PARALLELISM },
          })),
        );
      }
    },
  };
}
