import type { ParsedCommand, Subcommand } from "../command/grammar.ts";
import { summarySuggestion } from "../command/suggest.ts";
import { dayInZone, isTimeZone, newestDayOnEarth } from "../dates/calendar.ts";
import { parseWhen } from "../dates/parse-when.ts";
import {
  buildHelpMessage,
  buildLoadingMessage,
  buildReportMessage,
  buildStatusMessage,
  buildUnknownCommandMessage,
  buildUnknownTimeZoneMessage,
  MORE_COMMANDS,
  type ReportAudience,
  type SlackMessage,
} from "../views/index.ts";
import type { ReportRef } from "../views/report-ref.ts";
import { alertsFollowReportTimeZone, runAlertsCommand } from "./alerts/commands.ts";
import { auditMessage, recordChange } from "./audit.ts";
import { planReportChart, showWithChart, uploadChart } from "./chart-images.ts";
import type { Services } from "./context.ts";
import { followReportTimeZone, runDigestCommand } from "./digest/commands.ts";
import { InvalidButtonError, NotAllowedError } from "./errors.ts";
import { type FailureContext, isUserMistake, messageForFailure } from "./failures.ts";
import { logFailure } from "./logging.ts";
import { maskingCommand } from "./privacy.ts";
import { isManager, type Requester, requireManager } from "./requester.ts";
import { loadSettings, saveSettings } from "./settings.ts";
import { resolveTimeZone, type TimeZoneChoice } from "./time-zone.ts";

export { isManager, type Requester, requireManager };

/** A message from the views, or a one-line text notice. */
export type Reply = SlackMessage | { text: string; blocks?: undefined };

/**
 * Where answers go: the command's `response_url`, a thread, a direct message. Each `show`
 * replaces what the delivery showed before (the "Getting …" note, or the message a button was
 * on, when the delivery was made to replace it) unless `replace` says otherwise.
 */
export interface Delivery {
  show(message: Reply, options?: { replace?: boolean }): Promise<void>;
  /** Whether a "Getting …" note is shown while a report is fetched (ephemeral replies). */
  showsProgress: boolean;
  /** Who reads what it shows, which a report message states. */
  audience: ReportAudience;
}

/**
 * What is left for the caller: nothing, or a modal to open with its trigger (each naming the
 * account connected now, masked, when there is one).
 */
export type CommandOutcome =
  | { kind: "done" }
  | { kind: "open-connect"; usernameMasked: string | null }
  | { kind: "open-disconnect"; usernameMasked: string };

const DONE: CommandOutcome = { kind: "done" };

/**
 * Runs a parsed request end to end. Never throws: failures are logged with the workspace and
 * user ids and shown to the person in plain words.
 */
export async function runCommand(
  services: Services,
  requester: Requester,
  parsed: ParsedCommand,
  delivery: Delivery,
): Promise<CommandOutcome> {
  const failure: Partial<FailureContext> = {};
  try {
    switch (parsed.kind) {
      case "unknown":
        await delivery.show(
          buildUnknownCommandMessage({
            word: parsed.word,
            suggestion: parsed.suggestion ?? summarySuggestion(parsed.text, services.now()),
          }),
        );
        return DONE;
      case "report": {
        failure.report = parsed.report;
        const { timeZone } = await requesterZone(services, requester);
        const when = parseWhen(parsed.when, { timeZone, now: services.now() });
        const ref: ReportRef = { name: parsed.report, from: when.from, to: when.to, sample: false };
        failure.ref = ref;
        await showReport(services, requester, ref, delivery, { timeZone });
        return DONE;
      }
      case "timezone":
        await delivery.show(await changeTimeZone(services, requester, parsed.zone));
        return DONE;
      case "mask":
        await delivery.show(await maskingCommand(services, requester, parsed.setting));
        return DONE;
      case "digest":
        await delivery.show(await runDigestCommand(services, requester, parsed));
        return DONE;
      case "alerts":
        await delivery.show(await runAlertsCommand(services, requester, parsed.command));
        return DONE;
      case "subcommand":
        return await runSubcommand(services, requester, parsed.name, delivery);
    }
  } catch (error) {
    await reportFailure(services, requester, delivery, error, failure, "command");
    return DONE;
  }
}

async function runSubcommand(
  services: Services,
  requester: Requester,
  name: Subcommand,
  delivery: Delivery,
): Promise<CommandOutcome> {
  switch (name) {
    case "help":
      await delivery.show(buildHelpMessage({ extra: MORE_COMMANDS }));
      return DONE;
    case "status":
      await delivery.show(await statusMessage(services, requester));
      return DONE;
    case "audit":
      await delivery.show(await auditMessage(services, requester));
      return DONE;
    case "connect": {
      const usernameMasked = await accountForModal(services, requester, "connect");
      return { kind: "open-connect", usernameMasked };
    }
    case "disconnect": {
      const usernameMasked = await accountForModal(services, requester, "disconnect");
      if (usernameMasked !== null) return { kind: "open-disconnect", usernameMasked };
      await delivery.show(await statusMessage(services, requester));
      return DONE;
    }
  }
}

/** A report not ready after this long gets a "Getting …" note (where the delivery shows one). */
export const PROGRESS_AFTER_MS = 1_000;

/**
 * Runs the report `ref` names and shows it. Where the delivery shows progress and the report
 * takes longer than {@link PROGRESS_AFTER_MS}, a "Getting …" note comes first and the result
 * replaces it; quick reports arrive in one post. Starting the report and building its message each
 * wait a turn of the event loop (`services.turns`), so other requests' acknowledgements go first.
 * A range comes with its chart, a single day only when it is unusual for its weekday
 * (`chart-images.ts`: uploaded, then shown, or its words when Slack will not show it).
 * Used by commands and buttons; throws on failure.
 */
export async function showReport(
  services: Services,
  requester: Requester,
  ref: ReportRef,
  delivery: Delivery,
  options: { timeZone?: string } = {},
): Promise<void> {
  const timeZone = options.timeZone ?? (await requesterZone(services, requester)).timeZone;
  // A button may name a day that has begun where it was made (an alert about today in the
  // workspace's zone) but not yet where the person clicking is: only a day that has begun
  // nowhere is refused, and the report then reads as that day so far.
  if (ref.to > newestDayOnEarth(services.now())) throw new InvalidButtonError();
  let today = dayInZone(services.now(), timeZone);
  if (ref.to > today) today = ref.to;
  let progress: Promise<void> | null = null;
  const timer = delivery.showsProgress
    ? setTimeout(() => {
        progress = delivery.show(buildLoadingMessage(ref)).catch((error: unknown) => {
          logFailure(
            services.logger,
            { action: "progress note", teamId: requester.teamId, userId: requester.userId },
            error,
          );
        });
      }, PROGRESS_AFTER_MS)
    : null;
  try {
    const chartOf = planReportChart(services, requester.teamId, ref);
    await services.turns.take();
    const report = await services.reports.run(requester.teamId, ref);
    const drawn = await chartOf(report);
    const chart = drawn && (await uploadChart(services, requester.client, requester.teamId, drawn));
    clearTimeout(timer ?? undefined);
    await progress;
    await services.turns.take();
    await showWithChart(services, chart, (shown) =>
      delivery.show(
        buildReportMessage(report, { today, audience: delivery.audience, chart: shown }),
      ),
    );
  } finally {
    clearTimeout(timer ?? undefined);
    await progress;
  }
}

/** {@link showReport} for listeners: failures are logged and explained, never thrown. */
export async function showReportSafely(
  services: Services,
  requester: Requester,
  ref: ReportRef,
  delivery: Delivery,
  action: string,
): Promise<void> {
  try {
    await showReport(services, requester, ref, delivery);
  } catch (error) {
    await reportFailure(services, requester, delivery, error, { report: ref.name, ref }, action);
  }
}

const PERSONAL_ZONE_WORDS = new Set(["off", "none", "personal", "mine", "reset"]);

/**
 * `/efax timezone …`: shows the status without a zone; admins set the workspace's report time
 * zone (an IANA name, any case) or clear it with `off`.
 */
async function changeTimeZone(
  services: Services,
  requester: Requester,
  typed: string,
): Promise<Reply> {
  const wanted = typed.trim();
  if (wanted === "") return statusMessage(services, requester);
  await requireManager(services, requester, "timezone");
  let timeZone: string | null = null;
  if (!PERSONAL_ZONE_WORDS.has(wanted.toLowerCase())) {
    timeZone = canonicalZone(wanted);
    if (timeZone === null) return buildUnknownTimeZoneMessage({ typed: wanted });
  }
  const before = await loadSettings(services.store, requester.teamId);
  await saveSettings(services.store, requester.teamId, { ...before, timeZone });
  if (before.timeZone !== timeZone) {
    await recordChange(services, requester.teamId, requester.userId, {
      what: "Report time zone",
      from: before.timeZone ?? "each person's own",
      to: timeZone ?? "each person's own",
    });
  }
  await followReportTimeZone(services, requester.client, requester.teamId);
  await alertsFollowReportTimeZone(services, requester.client, requester.teamId);
  return statusMessage(services, requester);
}

/** The IANA spelling of a zone typed in any case (`europe/paris` → `Europe/Paris`), or null. */
function canonicalZone(typed: string): string | null {
  const lower = typed.toLowerCase();
  const listed = Intl.supportedValuesOf("timeZone").find((zone) => zone.toLowerCase() === lower);
  if (listed) return listed;
  return isTimeZone(typed) ? typed : null;
}

/** The status message: account, report days, storage, and what the asker may do. */
export async function statusMessage(
  services: Services,
  requester: Requester,
): Promise<SlackMessage> {
  const [account, settings, zone, canManage] = await Promise.all([
    services.vault.describe(requester.teamId),
    loadSettings(services.store, requester.teamId),
    requesterZone(services, requester),
    isManager(services, requester),
  ]);
  return buildStatusMessage({
    account,
    usesServerAccount: account === null && services.config.efax.defaultCredentials !== null,
    reportTimeZone: settings.timeZone,
    userTimeZone: zone.source === "member" ? zone.timeZone : null,
    store: services.config.store.driver,
    canManage,
  });
}

/**
 * Before the Connect or disconnect modal opens: checks that the requester may manage the account
 * (throws {@link NotAllowedError}) and names the account connected now, masked, or null.
 */
export async function accountForModal(
  services: Services,
  requester: Requester,
  action: "connect" | "disconnect",
): Promise<string | null> {
  await requireManager(services, requester, action);
  return (await services.vault.describe(requester.teamId))?.usernameMasked ?? null;
}

/**
 * Logs a failure caught at the edge (as an error unless it is the person's own mistake) and
 * explains it to them; a failure to deliver the explanation is logged too, never thrown.
 */
export async function reportFailure(
  services: Services,
  requester: Requester,
  delivery: Delivery,
  error: unknown,
  context: Partial<FailureContext>,
  action: string,
): Promise<void> {
  const where = { action, teamId: requester.teamId, userId: requester.userId };
  if (isUserMistake(error)) {
    const kind = error instanceof Error ? error.name : typeof error;
    services.logger.info(
      `${action} refused (team=${requester.teamId} user=${requester.userId}): ${kind}`,
    );
  } else {
    logFailure(services.logger, where, error);
  }
  try {
    const message = await messageForFailure(error, {
      canManage: () => isManager(services, requester),
      admins: services.config.adminUserIds,
      ...(requester.channelId ? { channelId: requester.channelId } : {}),
      ...context,
    });
    await delivery.show(message);
  } catch (deliveryError) {
    logFailure(
      services.logger,
      { ...where, action: `${action} (telling the user)` },
      deliveryError,
    );
  }
}

/** The calendar the requester's dates are read on (see `resolveTimeZone`). */
export function requesterZone(services: Services, requester: Requester): Promise<TimeZoneChoice> {
  return resolveTimeZone(
    { store: services.store, client: requester.client, logger: services.logger },
    requester.teamId,
    requester.userId,
  );
}
