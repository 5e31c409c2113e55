/**
 * Turns for work that can wait a moment: what a Slack request does after Slack has been answered
 * (finding the person's time zone, starting the eFax requests, building and posting the report).
 *
 * Node reads the requests waiting on open connections, and accepts one waiting connection, only
 * between runs of JavaScript, once per turn of the event loop. When many requests' report work is
 * ready at once it would otherwise run back to back, and a new `/efax` would wait for all of it
 * before its acknowledgement (which Slack needs within 3 seconds) could even be read. Work that
 * takes a turn resumes after the loop has come round, in the order it asked; each round resumes
 * waiting work for about `budgetMs`, then lets the loop come round again. Nothing is skipped or
 * reordered within one piece of work: it only waits its turn.
 */

/**
 * Default time a round resumes waiting work before the loop comes round again: half a
 * millisecond. Short rounds keep each loop turn short (the load test's acknowledgements were
 * fastest with 0.25–0.5 ms, and slower with 1, 2 and 4 ms); a round always resumes at least one
 * piece of work, so nothing waits for ever.
 */
export const DEFAULT_TURN_BUDGET_MS = 0.5;

export interface Turns {
  /** Resolves after the event loop has come round, once the work that asked before has resumed. */
  take(): Promise<void>;
}

export interface TurnsOptions {
  /** How long one round resumes waiting work. Default {@link DEFAULT_TURN_BUDGET_MS}. */
  budgetMs?: number;
  /** Clock in milliseconds. Default `performance.now`. */
  now?: () => number;
  /** Runs `start` once the event loop has come round. Default `setImmediate`. */
  nextRound?: (start: () => void) => void;
}

/**
 * Creates a queue of turns. One per process is right (the event loop is the process's), which
 * {@link backgroundTurns} is; separate queues would each take a full budget per round.
 */
export function createTurns(options: TurnsOptions = {}): Turns {
  const budgetMs = options.budgetMs ?? DEFAULT_TURN_BUDGET_MS;
  const now = options.now ?? (() => performance.now());
  const nextRound =
    options.nextRound ??
    ((start: () => void) => {
      setImmediate(start);
    });
  const waiting: (() => void)[] = [];
  let roundRequested = false;
  let roundEndsAt = 0;

  const requestRound = () => {
    if (roundRequested) return;
    roundRequested = true;
    nextRound(startRound);
  };

  const startRound = () => {
    roundRequested = false;
    roundEndsAt = now() + budgetMs;
    resumeNext();
  };

  const resumeNext = () => {
    if (waiting.length === 0) return;
    if (now() >= roundEndsAt) {
      requestRound();
      return;
    }
    waiting.shift()?.();
    queueMicrotask(afterResumed);
  };

  // The resumed work runs as microtasks, each await on a settled promise queueing the next. A
  // next-tick callback queued from a microtask runs once the microtask queue is empty, so the
  // budget is checked after that work has run up to its next real wait (I/O or a timer).
  const afterResumed = () => {
    process.nextTick(resumeNext);
  };

  return {
    take() {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        requestRound();
      });
    },
  };
}

/** The process's turns, shared by the receiver and the report pipeline. */
export const backgroundTurns: Turns = createTurns();
