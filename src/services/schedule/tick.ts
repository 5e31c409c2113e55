/**
 * The tick: the one function every caller runs (the local timer, Vercel Cron, a QStash schedule).
 * For each job it reads the job's index (one `HGETALL`), asks the job which workspaces have a run
 * due at `services.now()`, drops the runs already done or in progress (one `MGET` of their run
 * records), then either runs the rest here, a bounded number at a time, until its deadline, or,
 * with a dispatcher (QStash fan-out), publishes one message per run to the worker route, which
 * claims and runs it exactly as the tick would (`runDispatched`). Runs not started before the
 * deadline are left for the next tick. Exactly once comes from the claims (runner.ts), never from
 * the callers: two ticks at once, a retried tick and a duplicated message all run a run once.
 */
import { performance } from "node:perf_hooks";
import { storeKeys } from "../../store/keys.ts";
import type { StoredValue } from "../../store/types.ts";
import type { Services } from "../context.ts";
import { describeError } from "../logging.ts";
import type { ScheduledJob } from "./job.ts";
import { SCHEDULED_JOBS } from "./jobs.ts";
import { claimAndRun, isFinished, type RunLimits, type RunTarget } from "./runner.ts";

/** One run handed to the fan-out worker: which job, workspace and run, and the index entry. */
export interface RunMessage {
  job: string;
  teamId: string;
  runId: string;
  /** The job's index entry as the tick read it (the worker reads no index). */
  entry: StoredValue;
}

/** Hands runs over to be run elsewhere (QStash fan-out). */
export interface RunDispatcher {
  /** Publishes one message per run; resolves once all are accepted, throws if some were not. */
  publish(messages: readonly RunMessage[]): Promise<void>;
}

export interface TickOptions {
  /** The jobs to tick. Default: every job in `SCHEDULED_JOBS`. */
  jobs?: readonly ScheduledJob[];
  /** Runs at once, at most. Default {@link DEFAULT_TICK_CONCURRENCY}. */
  concurrency?: number;
  /** No run starts later than this many milliseconds after the tick began. Default 40 s. */
  startWithinMs?: number;
  /** Runs still going this many milliseconds after the tick began are asked to stop. Default 50 s. */
  stopAfterMs?: number;
  /** How long a run asked to stop may take before it is left to its lease. Default 5 s. */
  graceMs?: number;
  /** Stops the tick early (the process is shutting down): nothing new starts, runs are asked to stop. */
  signal?: AbortSignal;
  /** Publish due runs instead of running them here (fan-out). Default: run them here. */
  dispatcher?: RunDispatcher | null;
  /** Who ticked, for the log line: `timer`, `cron`, `qstash`, `http`. */
  trigger?: string;
  /** Monotonic clock in milliseconds for the deadlines. Default `performance.now`. */
  clock?: () => number;
}

/** What a tick did, counted in runs. */
export interface TickSummary {
  /** Runs due now, over every job. */
  due: number;
  /** Due runs already done or failed earlier (their record is there): skipped. */
  alreadyDone: number;
  /** Due runs claimed by another tick, still in their lease: skipped. */
  inProgress: number;
  /** Runs this tick claimed and started. */
  claimed: number;
  done: number;
  /** Runs that ended with `retry`: released for the next tick. */
  retried: number;
  failed: number;
  /** Runs that did not return in time: left to their lease. */
  overran: number;
  /** Runs not started before the deadline: left for the next tick. */
  left: number;
  /** Runs handed to the fan-out worker. */
  published: number;
  /** Failures of the tick itself: an unreadable index or entry, a store error on a claim. */
  errors: number;
  /** Wall time of the tick, in milliseconds. */
  tookMs: number;
}

/** Default number of runs a tick runs at once: runs mostly wait on Slack and eFax. */
export const DEFAULT_TICK_CONCURRENCY = 16;
export const DEFAULT_START_WITHIN_MS = 40_000;
export const DEFAULT_STOP_AFTER_MS = 50_000;
export const DEFAULT_GRACE_MS = 5_000;
/** Run records read per `MGET`. */
const READ_BATCH = 500;

/** A tick that could not read anything (the store is unreachable for every job). */
export class TickUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The tick could not read the schedule from the store: ${describeError(cause)}`);
    this.name = "TickUnavailableError";
  }
}

/**
 * Runs one tick (see the module comment). Never throws for one workspace's failure; throws
 * {@link TickUnavailableError} only when no job's index could be read at all (the store is down),
 * which callers answer with 503.
 */
export async function runTick(services: Services, options: TickOptions = {}): Promise<TickSummary> {
  const clock = options.clock ?? (() => performance.now());
  const began = clock();
  const jobs = options.jobs ?? SCHEDULED_JOBS;
  const summary: TickSummary = {
    due: 0,
    alreadyDone: 0,
    inProgress: 0,
    claimed: 0,
    done: 0,
    retried: 0,
    failed: 0,
    overran: 0,
    left: 0,
    published: 0,
    errors: 0,
    tookMs: 0,
  };

  const { targets, unreadable, indexError } = await findDue(services, jobs, summary);
  if (jobs.length > 0 && unreadable === jobs.length) throw new TickUnavailableError(indexError);
  summary.due = targets.length;
  const pending = await withoutFinished(services, targets, summary);

  if (options.dispatcher && pending.length > 0) {
    await publish(services, options.dispatcher, pending, summary);
  } else {
    const limits: RunLimits = {
      clock,
      stopAt: began + (options.stopAfterMs ?? DEFAULT_STOP_AFTER_MS),
      graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
      signal: options.signal,
    };
    const startUntil = began + (options.startWithinMs ?? DEFAULT_START_WITHIN_MS);
    await eachBounded(pending, options.concurrency ?? DEFAULT_TICK_CONCURRENCY, async (target) => {
      if (clock() >= startUntil || options.signal?.aborted) {
        summary.left += 1;
        return;
      }
      count(summary, await claimAndRun(services, target, limits));
    });
  }

  summary.tookMs = Math.round(clock() - began);
  const line = describeTick(summary, options.trigger ?? "tick");
  // A tick with nothing due says so at debug level only: the timer ticks every minute.
  if (summary.due === 0 && summary.errors === 0) services.logger.debug(line);
  else services.logger.info(line);
  return summary;
}

/** Every run due now, job by job; an unreadable index or entry is counted and skipped. */
async function findDue(
  services: Services,
  jobs: readonly ScheduledJob[],
  summary: TickSummary,
): Promise<{ targets: RunTarget[]; unreadable: number; indexError: unknown }> {
  const now = services.now();
  const targets: RunTarget[] = [];
  let unreadable = 0;
  let indexError: unknown = null;
  for (const job of jobs) {
    let index: Record<string, StoredValue>;
    try {
      index = await services.store.getFields(job.indexKey);
    } catch (error) {
      unreadable += 1;
      indexError = error;
      summary.errors += 1;
      services.logger.error(
        `The tick could not read the ${job.name} index: ${describeError(error)}`,
      );
      continue;
    }
    let damaged = 0;
    for (const [teamId, value] of Object.entries(index)) {
      try {
        const entry = job.parseEntry(value);
        if (entry === null) {
          damaged += 1;
          continue;
        }
        const run = job.dueRun(entry, now);
        if (run === null) continue;
        storeKeys.jobRun(teamId, job.name, run.id); // throws for an id no key can hold
        targets.push({ job, teamId, entry, run });
      } catch (error) {
        damaged += 1;
        services.logger.error(
          `The ${job.name} job could not tell whether team ${teamId} has a run due: ${describeError(error)}`,
        );
      }
    }
    if (damaged > 0) {
      summary.errors += damaged;
      services.logger.warn(`Skipped ${damaged} unreadable ${job.name} index entries.`);
    }
  }
  return { targets, unreadable, indexError };
}

/**
 * Drops the runs whose record says done or failed (counted), and those claimed by another tick.
 * When the records cannot be read, every run goes on to its claim, which decides alone.
 */
async function withoutFinished(
  services: Services,
  targets: readonly RunTarget[],
  summary: TickSummary,
): Promise<RunTarget[]> {
  const pending: RunTarget[] = [];
  for (let start = 0; start < targets.length; start += READ_BATCH) {
    const batch = targets.slice(start, start + READ_BATCH);
    let records: (StoredValue | null)[];
    try {
      records = await services.store.getMany(
        batch.map((target) => storeKeys.jobRun(target.teamId, target.job.name, target.run.id)),
      );
    } catch (error) {
      services.logger.warn(
        `The tick could not read ${batch.length} run records; their claims decide: ${describeError(error)}`,
      );
      pending.push(...batch);
      continue;
    }
    batch.forEach((target, index) => {
      const record = records[index] ?? null;
      if (isFinished(record)) summary.alreadyDone += 1;
      else if (record !== null) summary.inProgress += 1;
      else pending.push(target);
    });
  }
  return pending;
}

async function publish(
  services: Services,
  dispatcher: RunDispatcher,
  pending: readonly RunTarget[],
  summary: TickSummary,
): Promise<void> {
  const messages = pending.map(
    (target): RunMessage => ({
      job: target.job.name,
      teamId: target.teamId,
      runId: target.run.id,
      entry: target.entry,
    }),
  );
  try {
    await dispatcher.publish(messages);
    summary.published += messages.length;
  } catch (error) {
    summary.errors += 1;
    summary.left += messages.length;
    services.logger.error(
      `The tick could not hand ${messages.length} runs to QStash; the next tick tries again: ${describeError(error)}`,
    );
  }
}

function count(summary: TickSummary, result: Awaited<ReturnType<typeof claimAndRun>>): void {
  switch (result.kind) {
    case "held":
      summary.inProgress += 1;
      return;
    case "error":
      summary.errors += 1;
      return;
    case "overran":
      summary.claimed += 1;
      summary.overran += 1;
      return;
    case "done":
      summary.claimed += 1;
      summary.done += 1;
      return;
    case "retry":
      summary.claimed += 1;
      summary.retried += 1;
      return;
    case "failed":
      summary.claimed += 1;
      summary.failed += 1;
      return;
  }
}

/** Runs `work` over `items`, at most `limit` at once, in order. */
async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** The tick's one log line. */
export function describeTick(summary: TickSummary, trigger: string): string {
  const parts = [
    `${summary.due} due`,
    summary.published > 0 ? `${summary.published} handed to QStash` : null,
    summary.claimed > 0
      ? `${summary.claimed} run: ${summary.done} done, ${summary.retried} to retry, ${summary.failed} failed${summary.overran > 0 ? `, ${summary.overran} overran` : ""}`
      : null,
    summary.alreadyDone > 0 ? `${summary.alreadyDone} already done` : null,
    summary.inProgress > 0 ? `${summary.inProgress} in progress elsewhere` : null,
    summary.left > 0 ? `${summary.left} left for the next tick` : null,
    summary.errors > 0 ? `${summary.errors} errors` : null,
  ].filter((part): part is string => part !== null);
  return `Tick (${trigger}): ${parts.join("; ")}; ${summary.tookMs} ms.`;
}
