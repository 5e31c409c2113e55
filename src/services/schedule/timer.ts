/**
 * The in-process timer behind `npm start`: a tick at start (to catch up after a stop), then one
 * at the start of every minute.
 *
 * Several processes may share one store (the SQLite file, or Upstash): each minute, the process
 * whose `SET NX` creates that minute's key (`storeKeys.tickMinute`, kept 2 minutes) ticks, and
 * the others skip it. A per-minute key needs no leader, no renewal and no hand-over: a process
 * that dies simply does not take the next minute, and another one does. Should two processes
 * tick close together anyway (clocks a minute apart, or a tick that runs into the next minute),
 * nothing runs twice: each run is claimed on its own (runner.ts). The lease only saves the
 * store the duplicate reads.
 */
import { storeKeys } from "../../store/keys.ts";
import type { Services } from "../context.ts";
import { describeError } from "../logging.ts";

/** How long a minute's key lives: past the minute, so a slow clock cannot take it again. */
const MINUTE_LEASE_SECONDS = 120;

export type TimerTickResult =
  /** This process ticked. */
  | "ticked"
  /** Another process has this minute. */
  | "taken"
  /** This process's previous tick is still running. */
  | "busy"
  /** The store could not be asked (logged); the next minute tries again. */
  | "unavailable"
  /** The timer is stopped. */
  | "stopped";

export interface TickTimer {
  /** True when the timer ticks every minute by itself (`run`). */
  readonly running: boolean;
  /** Ticks now unless another process has this minute (tests drive the timer with this). */
  tickNow(): Promise<TimerTickResult>;
  /** Stops the timer, asks a tick in progress to stop, and waits for it. */
  stop(): Promise<void>;
}

export interface TickTimerOptions {
  services: Pick<Services, "store" | "logger" | "now">;
  /** One tick; `signal` fires when the timer stops. Its failures are logged, never thrown. */
  tick: (signal: AbortSignal) => Promise<unknown>;
  /** Start the minute timer (default true); false leaves ticking to `tickNow`. */
  run?: boolean;
  /** Identifies this process in the minute's key. Default: the process id. */
  owner?: string;
}

/** The minute of `at` as a key part: `2026-12-03T0900Z`. */
export function minuteOf(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 13)}${iso.slice(14, 16)}Z`;
}

export function startTickTimer(options: TickTimerOptions): TickTimer {
  const { services } = options;
  const owner = options.owner ?? `pid ${process.pid}`;
  const controller = new AbortController();
  let running: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  let busy = false;
  const tickNow = async (): Promise<TimerTickResult> => {
    if (stopped) return "stopped";
    if (busy) {
      services.logger.debug("The previous tick is still running; this minute is skipped.");
      return "busy";
    }
    busy = true;
    try {
      const minute = minuteOf(services.now());
      let mine: boolean;
      try {
        mine = await services.store.setIfAbsent(
          storeKeys.tickMinute(minute),
          { owner, at: services.now().toISOString() },
          { ttlSeconds: MINUTE_LEASE_SECONDS },
        );
      } catch (error) {
        services.logger.warn(
          `The timer could not reach the store to tick; it tries again next minute: ${describeError(error)}`,
        );
        return "unavailable";
      }
      if (!mine) return "taken";
      running = options.tick(controller.signal).catch((error: unknown) => {
        services.logger.error(`The tick failed: ${describeError(error)}`);
      });
      await running;
      return "ticked";
    } finally {
      running = null;
      busy = false;
    }
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      void tickNow().finally(() => {
        if (!stopped) schedule(60_000 - (Date.now() % 60_000));
      });
    }, delayMs);
    timer.unref();
  };
  const run = options.run ?? true;
  if (run) schedule(0);

  return {
    running: run,
    tickNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      controller.abort();
      await running;
    },
  };
}
