/** What the health check says about scheduled runs: who may tick, and fan-out. Never a secret. */
import type { Config } from "../config.ts";

/**
 * `tick`: `ready` when CRON_SECRET or QStash's keys let a scheduler call `/api/cron/tick`;
 * `timer_only` under `npm start` without them (its own timer still ticks every minute);
 * `not_configured` on Vercel without them (nothing ticks there), with `tickProblem` saying what
 * to set.
 */
export function scheduleHealth(config: Config, onVercel: boolean): Record<string, unknown> {
  const { cronSecret, qstashSigningKeys, fanOut } = config.schedule;
  const callers = [cronSecret ? "CRON_SECRET" : null, qstashSigningKeys ? "QStash" : null].filter(
    (caller): caller is string => caller !== null,
  );
  const tick = callers.length > 0 ? "ready" : onVercel ? "not_configured" : "timer_only";
  return {
    tick,
    tickCallers: callers,
    fanOut: fanOut ? "qstash" : "off",
    ...(tick === "not_configured"
      ? {
          tickProblem:
            "Nothing can tick, so no digest goes out: set CRON_SECRET (Vercel Cron) or QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY (a QStash schedule). See README › Run on a schedule.",
        }
      : {}),
  };
}
