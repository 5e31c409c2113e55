/**
 * Connecting and disconnecting a workspace's eFax account. Credentials are checked with a real
 * eFax call before anything is saved, within a deadline short enough for Slack's 3-second rule on
 * modal submissions; nothing is saved unless eFax accepted them and the store took them.
 */
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { addDays, dayInZone } from "../dates/calendar.ts";
import { type EfaxErrorCode, isEfaxError } from "../efax/errors.ts";
import type { EfaxCredentials } from "../efax/types.ts";
import { maskUsername } from "../secrets/vault.ts";
import { isStoreError } from "../store/errors.ts";
import { BLOCK_IDS, type ConnectField } from "../views/ids.ts";
import { buildConnectModal, buildDisconnectConfirm, type ConnectProblem } from "../views/index.ts";
import { recordChange } from "./audit.ts";
import type { Services } from "./context.ts";
import { logFailure } from "./logging.ts";
import { clientFor } from "./reports.ts";
import {
  type CommandOutcome,
  type Delivery,
  isManager,
  type Requester,
  reportFailure,
  requireManager,
} from "./requests.ts";

/** Longest wait for eFax while checking new credentials: the modal must be answered within 3 s. */
export const CONNECT_CHECK_MS = 2_000;

/**
 * Opens the Connect modal; call first thing, the trigger expires 3 s after the click. With
 * `replacing` (the masked username of the account connected now) it says the new account
 * replaces that one.
 */
export async function openConnectModal(
  client: WebClient,
  triggerId: string,
  replacing: string | null,
): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: buildConnectModal(replacing === null ? {} : { replacing }),
  });
}

/** Opens the confirmation that precedes a disconnect. */
export async function openDisconnectConfirm(
  client: WebClient,
  triggerId: string,
  usernameMasked: string | null,
): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: buildDisconnectConfirm(usernameMasked ? { usernameMasked } : {}),
  });
}

/** The three fields of a submitted Connect modal, or which one was left empty. */
export type SubmittedCredentials =
  | { ok: true; credentials: EfaxCredentials }
  | { ok: false; problem: ConnectProblem };

const stateValues = z.record(z.string(), z.record(z.string(), z.unknown()));

const inputValue = z
  .object({ value: z.string().nullish() })
  .transform((input) => input.value ?? "")
  .catch("");

/** Reads the three fields of a submitted Connect modal (`view.state.values`). */
export function readSubmittedCredentials(values: unknown): SubmittedCredentials {
  const blocks = stateValues.safeParse(values);
  const field = (name: ConnectField): string =>
    inputValue.parse(blocks.success ? blocks.data[BLOCK_IDS[name]]?.[BLOCK_IDS[name]] : undefined);
  const apiKey = field("apiKey").trim();
  const username = field("username").trim();
  const password = field("password");
  if (apiKey === "") return { ok: false, problem: "missing-api-key" };
  if (username === "") return { ok: false, problem: "missing-username" };
  if (password === "") return { ok: false, problem: "missing-password" };
  return { ok: true, credentials: { apiKey, username, password } };
}

/** The outcome of a connect attempt: saved, or why not. */
export type ConnectResult =
  | { ok: true; usernameMasked: string }
  | { ok: false; problem: ConnectProblem };

const CHECK_FAILURES: Partial<Record<EfaxErrorCode, ConnectProblem>> = {
  "credentials-rejected": "rejected",
  timeout: "slow",
  aborted: "slow",
  throttled: "throttled",
  upstream: "unreachable",
  network: "unreachable",
  "malformed-body": "not-a-report",
  "unexpected-shape": "not-a-report",
};

/**
 * Checks `credentials` with one billable-pages request for yesterday (UTC) within `deadlineMs`,
 * then seals and saves them for the workspace. Never throws: every failure becomes a message.
 * The API key and password are hidden from the log while the attempt runs and forgotten after it
 * (a saved account is hidden again whenever the report service loads it).
 */
export function connectAccount(
  services: Services,
  teamId: string,
  userId: string,
  credentials: EfaxCredentials,
  deadlineMs = CONNECT_CHECK_MS,
): Promise<ConnectResult> {
  return services.logger.hideWhile([credentials.apiKey, credentials.password], () =>
    checkAndSave(services, teamId, userId, credentials, deadlineMs),
  );
}

async function checkAndSave(
  services: Services,
  teamId: string,
  userId: string,
  credentials: EfaxCredentials,
  deadlineMs: number,
): Promise<ConnectResult> {
  const where = { action: "connect check", teamId, userId };
  const budget = Math.max(250, deadlineMs);
  const day = addDays(dayInZone(services.now(), "UTC"), -1);
  try {
    await clientFor(services.efax, credentials, {
      timeoutMs: budget,
      deadlineMs: budget,
      maxAttempts: 1,
    }).fetchReport("billable-pages", day, { signal: AbortSignal.timeout(budget) });
  } catch (error) {
    const problem = isEfaxError(error) ? CHECK_FAILURES[error.code] : undefined;
    if (problem !== "rejected") logFailure(services.logger, where, error);
    return { ok: false, problem: problem ?? "unchecked" };
  }
  const usernameMasked = maskUsername(credentials.username);
  let replaced: string | null;
  try {
    replaced = (await services.vault.describe(teamId))?.usernameMasked ?? null;
    await services.vault.save(teamId, credentials, {
      connectedBy: userId,
      connectedAt: services.now(),
    });
  } catch (error) {
    logFailure(services.logger, { ...where, action: "connect save" }, error);
    return { ok: false, problem: isStoreError(error) ? "store-unavailable" : "save-failed" };
  }
  await recordChange(services, teamId, userId, {
    what: "eFax account",
    from: replaced,
    to: usernameMasked,
  });
  return { ok: true, usernameMasked };
}

/** Time a modal submission may take before Slack has surely been answered (3 s, less latency). */
export const MODAL_ANSWER_MS = 2_400;

/**
 * A submitted Connect modal, end to end: the submitter must be an admin (asked again, whoever
 * opened the modal), the fields filled, eFax must accept the credentials within what is left of
 * {@link MODAL_ANSWER_MS} since `startedAt`, and the store must take them. Never throws.
 */
export async function connectFromModal(
  services: Services,
  requester: Requester,
  values: unknown,
  startedAt: number,
): Promise<ConnectResult> {
  const where = {
    action: "connect submission",
    teamId: requester.teamId,
    userId: requester.userId,
  };
  try {
    if (!(await isManager(services, requester))) return { ok: false, problem: "not-allowed" };
    const submitted = readSubmittedCredentials(values);
    if (!submitted.ok) return submitted;
    const left = MODAL_ANSWER_MS - (Date.now() - startedAt) - 300;
    return await connectAccount(
      services,
      requester.teamId,
      requester.userId,
      submitted.credentials,
      Math.min(CONNECT_CHECK_MS, left),
    );
  } catch (error) {
    logFailure(services.logger, where, error);
    return { ok: false, problem: "internal" };
  }
}

/**
 * Erases the workspace's eFax account once the requester is found, again, to be allowed to
 * (whoever opened the confirmation). Throws `NotAllowedError`; store failures propagate.
 */
export async function disconnectAccount(services: Services, requester: Requester): Promise<void> {
  await requireManager(services, requester, "disconnect");
  const removed = await services.vault.describe(requester.teamId);
  await services.vault.remove(requester.teamId);
  if (removed) {
    await recordChange(services, requester.teamId, requester.userId, {
      what: "eFax account",
      from: removed.usernameMasked,
      to: null,
    });
  }
}

/**
 * Opens the modal a command asked for (Connect, or the disconnect confirmation) with the request's
 * trigger; a failure (an expired trigger, Slack down) is logged and explained.
 */
export async function openRequestedModal(
  services: Services,
  requester: Requester,
  outcome: CommandOutcome,
  triggerId: string,
  delivery: Delivery,
): Promise<void> {
  try {
    if (outcome.kind === "open-connect") {
      await openConnectModal(requester.client, triggerId, outcome.usernameMasked);
    }
    if (outcome.kind === "open-disconnect") {
      await openDisconnectConfirm(requester.client, triggerId, outcome.usernameMasked);
    }
  } catch (error) {
    await reportFailure(services, requester, delivery, error, {}, "opening a modal");
  }
}
