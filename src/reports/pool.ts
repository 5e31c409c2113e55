/**
 * A bounded pool of async tasks that stops at the first failure: no new task starts after one
 * fails or after the caller aborts, and the tasks still running are told through their signal.
 */
import { InvalidOptionError } from "./errors.ts";

/**
 * Runs `task` once per item, at most `concurrency` at a time, in item order. Each task gets a
 * signal that aborts when the caller's `signal` does or when another task has failed. Resolves
 * when every task succeeded; otherwise rejects, once the tasks already running have settled,
 * with the first task's error unchanged, or with the caller's abort reason when no task failed.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, signal: AbortSignal) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidOptionError(
      `Cannot fetch reports ${concurrency} at a time: the concurrency must be a whole number of at least 1.`,
    );
  }
  signal?.throwIfAborted();
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", forwardAbort, { once: true });
  const pending = items[Symbol.iterator]();
  const errors: unknown[] = [];

  const worker = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      const next = pending.next();
      if (next.done) return;
      try {
        await task(next.value, controller.signal);
      } catch (error) {
        errors.push(error);
        controller.abort();
      }
    }
  };

  try {
    const workers = Math.min(concurrency, items.length);
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    signal?.removeEventListener("abort", forwardAbort);
  }
  if (errors.length > 0) throw errors[0];
  signal?.throwIfAborted();
}
