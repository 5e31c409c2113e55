/**
 * One run of one job for one workspace, exactly once: the tick (and the fan-out worker) call
 * {@link claimAndRun} for every run they find due.
 *
 * Each run has one record in the store, `storeKeys.jobRun(team, job, run id)`:
 *
 * - absent: not run yet (or released for a retry);
 * - `claimed`: a tick is running it. Created with `SET NX` and a TTL of the job's lease, so two
 *   ticks at once (or a retried tick, or two processes) cannot both claim it, and a run whose
 *   process died is free again once the lease expires;
 * - `done` / `failed`: it ran (the side effect happened, or only a person can fix what stopped
 *   it). Written over the claim after the run, kept {@link RUN_RECORD_TTL_SECONDS}, so a later
 *   tick the same day, or one retried an hour later, finds it and does nothing.
 *
 * A run that returns `retry` (or throws) deletes its own claim, so the next tick runs it again.
 * A run that outlives its lease may be run a second time by a later tick: the lease is the
 * promise, so jobs pick leases longer than a run ever takes, and the tick asks a run to stop
 * (its `signal`) before its lease ends.
 */
import { randomUUID } from "node:crypto";
import { storeKeys } from "../../store/keys.ts";
import type { StoredValue } from "../../store/types.ts";
import type { Services } from "../context.ts";
import { describeError } from "../logging.ts";
import { isRevokedTokenError, isWorkspaceNotAuthorized } from "../slack-clients.ts";
import type { DueRun, LastRun, RunOutcome, ScheduledJob } from "./job.ts";

/** How long a done or failed run is remembered: a week and a day. */
export const RUN_RECORD_TTL_SECONDS = 8 * 86_400;

/** How long a workspace's last run of a job is kept for its App Home when no run follows. */
export const LAST_RUN_TTL_SECONDS = 35 * 86_400;

/** What the run record holds. */
export interface RunRecord extends StoredValue {
  state: "claimed" | "done" | "failed";
  /** Which claim: a random id per claim, so a run releases only its own. */
  claim: string;
  /** When it was claimed or finished, ISO 8601. */
  at: string;
}

/** A run found due: which job, which workspace, the index entry and the run. */
export interface RunTarget<Entry extends StoredValue = StoredValue> {
  job: ScheduledJob<Entry>;
  teamId: string;
  entry: Entry;
  run: DueRun;
}

/** How a call to {@link claimAndRun} went. */
export type RunResult =
  /** Someone else has it: claimed by another tick, or already done or failed. Nothing done. */
  | { kind: "held" }
  /** It ran (or could not start) and ended so; recorded. */
  | { kind: RunOutcome["kind"]; text: string; tookMs: number }
  /** It did not return in time: abandoned to its lease, which a later tick takes over. */
  | { kind: "overran" }
  /** The store failed while claiming: nothing was done; the next tick tries again. */
  | { kind: "error"; text: string };

export interface RunLimits {
  /** Monotonic clock in milliseconds (deadlines are real time, not the injected `now`). */
  clock: () => number;
  /** When (on `clock`) the run is asked to stop through its signal. */
  stopAt: number;
  /** How long a run asked to stop may still take before it is abandoned to its lease. */
  graceMs: number;
  /** The caller's own signal (shutting down): aborts the run's signal too. */
  signal?: AbortSignal | undefined;
}

/** Milliseconds a run's signal fires before its lease ends, at most. */
const LEASE_MARGIN_MS = 10_000;
/** Attempts at recording a finished run: losing that record could let a later tick run it again. */
const RECORD_ATTEMPTS = 3;

/** True when `value` is a run record that says the run needs nothing more (done or failed). */
export function isFinished(value: StoredValue | null): boolean {
  return value?.state === "done" || value?.state === "failed";
}

/**
 * Claims the run, runs it with an authorised Slack client, records how it ended (the run record
 * and the workspace's last run), and never throws: every failure is a result, logged.
 */
export async function claimAndRun(
  services: Services,
  target: RunTarget,
  limits: RunLimits,
): Promise<RunResult> {
  const { job, teamId, run } = target;
  const { store, logger } = services;
  const claim = randomUUID();
  const what = `${job.name} run ${run.id} of team ${teamId}`;
  let key: string;
  try {
    key = storeKeys.jobRun(teamId, job.name, run.id);
    const record: RunRecord = { state: "claimed", claim, at: services.now().toISOString() };
    const claimed = await store
      .setIfAbsent(key, record, { ttlSeconds: job.leaseSeconds })
      .catch(async (error: unknown) => {
        // A claim whose answer was lost (a timeout) may still have been made: ours if the
        // record holds our claim id, or the run would wait out a lease for nothing.
        const current = await store.get<RunRecord>(key).catch(() => null);
        if (current?.claim === claim) return true;
        throw error;
      });
    if (!claimed) return { kind: "held" };
  } catch (error) {
    const text = describeError(error);
    logger.warn(`Could not claim the ${what}; the next tick tries again: ${text}`);
    return { kind: "error", text };
  }

  const started = limits.clock();
  const stopAt = Math.min(
    limits.stopAt,
    started + job.leaseSeconds * 1000 - Math.min(LEASE_MARGIN_MS, job.leaseSeconds * 100),
  );
  const controller = new AbortController();
  const stopTimer = setTimeout(() => controller.abort(), Math.max(0, stopAt - started));
  const onOuterAbort = () => controller.abort();
  limits.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (limits.signal?.aborted) controller.abort();

  let giveUpTimer: NodeJS.Timeout | undefined;
  const overran = new Promise<"overran">((resolve) => {
    const giveUp = () => {
      giveUpTimer = setTimeout(() => resolve("overran"), limits.graceMs);
    };
    if (controller.signal.aborted) giveUp();
    else controller.signal.addEventListener("abort", giveUp, { once: true });
  });

  const running = execute(services, target, controller.signal);
  let outcome: RunOutcome | "overran";
  try {
    outcome = await Promise.race([running, overran]);
  } finally {
    clearTimeout(stopTimer);
    clearTimeout(giveUpTimer);
    limits.signal?.removeEventListener("abort", onOuterAbort);
  }
  if (outcome === "overran") {
    logger.error(
      `The ${what} did not stop within ${limits.graceMs} ms of being asked; a later tick takes it over when its ${job.leaseSeconds} s lease expires.`,
    );
    // Should it still end while this process lives, its record spares a second run.
    void running.then((late) => finish(services, target, key, claim, late, limits, started));
    return { kind: "overran" };
  }
  return finish(services, target, key, claim, outcome, limits, started);
}

async function finish(
  services: Services,
  target: RunTarget,
  key: string,
  claim: string,
  outcome: RunOutcome,
  limits: RunLimits,
  started: number,
): Promise<RunResult> {
  const { logger } = services;
  const what = `${target.job.name} run ${target.run.id} of team ${target.teamId}`;
  const tookMs = Math.round(limits.clock() - started);
  const text = outcome.kind === "done" ? (outcome.note ?? "") : outcome.reason;
  await record(services, key, claim, outcome, what, target.job.recordSeconds);
  await recordLastRun(services, target, { outcome: outcome.kind, text, tookMs }, what);
  if (outcome.kind === "done") logger.debug(`The ${what} is done (${tookMs} ms).`);
  else if (outcome.kind === "failed") logger.warn(`The ${what} failed: ${text}`);
  else logger.warn(`The ${what} will be tried again at the next tick: ${text}`);
  return { kind: outcome.kind, text, tookMs };
}

/** Resolves the client and runs the job; a throw becomes an outcome. */
async function execute(
  services: Services,
  target: RunTarget,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const { job, teamId, entry, run } = target;
  try {
    const client = await services.clientFor(teamId);
    return await job.run({ services, teamId, entry, run, client, signal });
  } catch (error) {
    if (isWorkspaceNotAuthorized(error)) return { kind: "failed", reason: error.message };
    if (isRevokedTokenError(error)) {
      return {
        kind: "failed",
        reason: `Slack no longer accepts the app's token in this workspace (${describeError(error)}): install the app again.`,
      };
    }
    return { kind: "retry", reason: describeError(error) };
  }
}

/** Writes done/failed over the claim, or releases the claim for a retry. */
async function record(
  services: Services,
  key: string,
  claim: string,
  outcome: RunOutcome,
  what: string,
  recordSeconds: number = RUN_RECORD_TTL_SECONDS,
): Promise<void> {
  const { store, logger } = services;
  if (outcome.kind === "retry") {
    try {
      // Only our own claim: after a lease expired, the key may be another tick's claim now.
      const current = await store.get<RunRecord>(key);
      if (current?.claim === claim && current.state === "claimed") await store.delete(key);
    } catch (error) {
      logger.warn(
        `Could not release the claim on the ${what}; it is retried when its lease expires: ${describeError(error)}`,
      );
    }
    return;
  }
  const finished: RunRecord = { state: outcome.kind, claim, at: services.now().toISOString() };
  for (let attempt = 1; ; attempt += 1) {
    try {
      await store.set(key, finished, { ttlSeconds: recordSeconds });
      return;
    } catch (error) {
      if (attempt >= RECORD_ATTEMPTS) {
        logger.error(
          `The ${what} ran, but could not be recorded as ${outcome.kind}; if the store stays unreachable until its lease expires, a later tick may run it again: ${describeError(error)}`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * 4 ** (attempt - 1)));
    }
  }
}

async function recordLastRun(
  services: Services,
  target: RunTarget,
  ended: Pick<LastRun, "outcome" | "text" | "tookMs">,
  what: string,
): Promise<void> {
  const last: LastRun = {
    runId: target.run.id,
    ...ended,
    at: services.now().toISOString(),
  };
  try {
    await services.store.set(
      storeKeys.jobLastRun(target.teamId, target.job.name),
      { ...last },
      {
        ttlSeconds: LAST_RUN_TTL_SECONDS,
      },
    );
  } catch (error) {
    services.logger.warn(`Could not record how the ${what} went: ${describeError(error)}`);
  }
}
