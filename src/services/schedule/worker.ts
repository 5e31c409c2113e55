/**
 * The fan-out worker: one run handed over by a tick through QStash (`RunMessage`), claimed and
 * run exactly as the tick would run it (runner.ts), so a message QStash delivers twice, or a run
 * a tick also runs, still runs once.
 */
import { z } from "zod";
import type { Services } from "../context.ts";
import type { ScheduledJob } from "./job.ts";
import { SCHEDULED_JOBS } from "./jobs.ts";
import { claimAndRun, type RunResult } from "./runner.ts";
import { DEFAULT_GRACE_MS, DEFAULT_STOP_AFTER_MS, type RunMessage } from "./tick.ts";

const runMessageSchema = z.object({
  job: z.string().min(1).max(32),
  teamId: z.string().min(1).max(32),
  runId: z.string().min(1).max(200),
  entry: z.record(z.string(), z.unknown()),
});

/** Reads a worker message from its JSON text; null when it is not one. */
export function parseRunMessage(text: string): RunMessage | null {
  try {
    const parsed = runMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** What became of a handed-over run. */
export type DispatchedResult =
  | RunResult
  /** The job is unknown here, or its entry unreadable: nothing to run. */
  | { kind: "unknown"; text: string }
  /** The run is no longer due (its day is over, or the schedule changed): nothing run. */
  | { kind: "not-due" };

export interface WorkerOptions {
  jobs?: readonly ScheduledJob[];
  stopAfterMs?: number;
  graceMs?: number;
  clock?: () => number;
  signal?: AbortSignal;
}

/**
 * Runs one handed-over run if it is still due at `services.now()` (a message QStash retries the
 * next day finds its day over), claiming it first; never throws.
 */
export async function runDispatched(
  services: Services,
  message: RunMessage,
  options: WorkerOptions = {},
): Promise<DispatchedResult> {
  const job = (options.jobs ?? SCHEDULED_JOBS).find((candidate) => candidate.name === message.job);
  if (!job) return { kind: "unknown", text: `no job is called ${message.job}` };
  let entry: ReturnType<typeof job.parseEntry>;
  let due: ReturnType<typeof job.dueRun>;
  try {
    entry = job.parseEntry(message.entry);
    due = entry === null ? null : job.dueRun(entry, services.now());
  } catch {
    entry = null;
    due = null;
  }
  if (entry === null) return { kind: "unknown", text: `an unreadable ${job.name} entry` };
  if (due?.id !== message.runId) return { kind: "not-due" };
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  return claimAndRun(
    services,
    { job, teamId: message.teamId, entry, run: due },
    {
      clock,
      stopAt: started + (options.stopAfterMs ?? DEFAULT_STOP_AFTER_MS),
      graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
      signal: options.signal,
    },
  );
}
