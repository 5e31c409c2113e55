/**
 * The receiver in front of the app on every HTTP entry point (`npm start`, the Vercel function):
 * requests every listener acknowledges with nothing are answered as soon as their signature is
 * verified, and the work after an answer waits its turn. It loads neither Bolt nor a listener, so
 * an entry point can create it first, answer with it, and load the app behind it (`attach`). When
 * the app then cannot start, a command answered that way is told so at its `response_url`.
 */
import { backgroundTurns, type Turns } from "../services/turns.ts";
import { acknowledgedWithNothing } from "./listeners/index.ts";
import { createSlackReceiver, type ReceiverLogger, type SlackReceiver } from "./receiver.ts";

export interface AppReceiverOptions {
  signingSecret: string;
  /** Default: the Bolt App's logger once it is attached (console before). */
  logger?: ReceiverLogger;
  /** Turns the work after an answer waits for. Default: the process's `backgroundTurns`. */
  turns?: Turns;
  /** Creates the app on this receiver when a request first needs it (see `createSlackReceiver`). */
  attach?: () => Promise<unknown>;
}

/** The app's receiver: `createSlackReceiver` with the app's choices of what to answer at once. */
export function createAppReceiver(options: AppReceiverOptions): SlackReceiver {
  const turns = options.turns ?? backgroundTurns;
  return createSlackReceiver({
    signingSecret: options.signingSecret,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.attach ? { attach: options.attach } : {}),
    afterAck: () => turns.take(),
    answersAtOnce: acknowledgedWithNothing,
    unattached: tellAppUnavailable,
  });
}

/** How long telling someone that the app could not start may take. */
const UNAVAILABLE_NOTICE_TIMEOUT_MS = 10_000;

/**
 * Tells whoever sent a request answered at once (a slash command: it has a `response_url`) that
 * the app could not start, so it did not run; events have no one to tell. Loads what it needs only
 * then.
 */
async function tellAppUnavailable(body: Record<string, unknown>): Promise<void> {
  const url = body.response_url;
  if (typeof url !== "string" || !URL.canParse(url)) return;
  const [{ postToResponseUrl }, { buildAppUnavailableMessage }] = await Promise.all([
    import("../services/delivery.ts"),
    import("../views/index.ts"),
  ]);
  await postToResponseUrl(url, buildAppUnavailableMessage(), {
    timeoutMs: UNAVAILABLE_NOTICE_TIMEOUT_MS,
  });
}
