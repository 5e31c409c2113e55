/**
 * Work the app does for a workspace on its own, without being asked: a digest every morning,
 * alert checks through the day. Each kind is a {@link ScheduledJob}; one tick (the same code for
 * the local timer, Vercel Cron and QStash) asks every job which workspaces have a run due, claims
 * each run in the store so that it happens exactly once, runs it, and records how it went.
 *
 * A job owns its settings and its index (which workspaces have it set up); the tick owns claims,
 * leases, retries, deadlines, fan-out and the record of the last run.
 */
import type { WebClient } from "@slack/web-api";
import type { StoredValue } from "../../store/types.ts";
import type { Services } from "../context.ts";

/** One run of a job for one workspace. */
export interface DueRun {
  /**
   * Names the run within its workspace and job, and makes it once-only: at most one run with
   * this id ever completes. A daily digest uses its local day (`2026-12-03`), so a tick that
   * comes late on the same day still finds it due, and a day missed entirely is not caught up
   * the day after. 1–200 printable characters without spaces, `:` or glob characters (it is part
   * of a store key). The record that a run is done or failed is kept for
   * `RUN_RECORD_TTL_SECONDS` (8 days, services/schedule/runner.ts): an id must not come due
   * again later than that.
   */
  id: string;
}

/** How a run ended, as the job saw it. */
export type RunOutcome =
  /** Done: it posted (or decided there was nothing to post). `note` is for the App Home. */
  | { kind: "done"; note?: string }
  /**
   * Failed in a way a later tick may fix (Slack or the store briefly unreachable): the claim is
   * released and the run is due again at the next tick, until the job's day is over.
   */
  | { kind: "retry"; reason: string }
  /**
   * Failed in a way only a person can fix (the bot removed from the channel, the channel
   * archived, the token revoked): recorded, not retried; the job tells the admin once.
   */
  | { kind: "failed"; reason: string };

/**
 * How a job's last run ended for a workspace, as the tick records it (store key
 * `storeKeys.jobLastRun`) and the App Home shows it: `readLastRuns` in
 * services/schedule/records.ts reads it.
 */
export interface LastRun {
  /** The run's id (`DueRun.id`). */
  runId: string;
  /** `retry` when it will be tried again at a later tick (its `text` says why it was not done). */
  outcome: RunOutcome["kind"];
  /** The outcome's `note` (done) or `reason` (retry, failed); empty when the job gave none. */
  text: string;
  /** When the run ended, ISO 8601. */
  at: string;
  /** How long the run took, in milliseconds. */
  tookMs: number;
}

/** What a run gets from the tick. */
export interface RunContext<Entry> {
  services: Services;
  teamId: string;
  /** The index entry the run was found due from. */
  entry: Entry;
  run: DueRun;
  /** Web API client authorised for the workspace (its bot token). */
  client: WebClient;
  /**
   * Aborted when the tick's deadline passes (or shortly before the run's lease ends); stop soon
   * after and return `retry`. A run still going a few seconds later is left to its lease: a later
   * tick takes it over once the lease has expired.
   */
  signal: AbortSignal;
}

/** A kind of scheduled work (see the module comment). */
export interface ScheduledJob<Entry extends StoredValue = StoredValue> {
  /** Short lower-case name for store keys, logs and fan-out messages: `digest`, `alerts`. */
  name: string;
  /**
   * The store map (`Store.setField`, field = team id) of the workspaces that have this job set
   * up, each with what `dueRun` needs (time, zone, cadence…). The job writes it when an admin
   * changes its settings; uninstalling a workspace removes its field.
   */
  indexKey: string;
  /** Reads an index entry; null for a damaged one (logged and skipped). */
  parseEntry(value: StoredValue): Entry | null;
  /** The run due at `now` for this workspace, or null when none is. Pure. */
  dueRun(entry: Entry, now: Date): DueRun | null;
  /**
   * Does the run. Throwing counts as `retry` with the error described (never its secrets),
   * except Slack's answers that the token no longer works (`invalid_auth`, `token_revoked`, …),
   * which count as `failed`.
   */
  run(context: RunContext<Entry>): Promise<RunOutcome>;
  /**
   * How long a claimed run may take before another tick may take it over, in seconds: longer
   * than a run ever takes, short enough that a crashed run is retried the same hour.
   */
  leaseSeconds: number;
  /**
   * How long a done or failed run is remembered, in seconds: longer than its id stays due. A job
   * whose ids are due only briefly (an alert check's quarter hour) keeps its records for less
   * than the default `RUN_RECORD_TTL_SECONDS` (8 days), so its many runs leave few records.
   */
  recordSeconds?: number;
}
