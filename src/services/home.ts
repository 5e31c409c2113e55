/**
 * The App Home tab: publishes at once what needs no eFax call (the account, the run buttons),
 * then the same view with yesterday's summary and the last 7 days filled in, with the week's
 * sparkline (see `chart-images.ts`). Without an account
 * it offers Connect or names whom to ask; "Try sample data" shows everything on the sample data.
 */
import type { HomeView } from "@slack/types";
import { sparklineChart } from "../charts/index.ts";
import { addDays, type Day, dayInZone } from "../dates/calendar.ts";
import type { Cadence } from "../dates/schedule.ts";
import { isEfaxError } from "../efax/errors.ts";
import type { AnyReport, FaxReport, SummaryReport } from "../reports/model.ts";
import {
  type AdminHomeState,
  type AlertsHomeState,
  buildHomeView,
  type DigestHomeState,
  digestOffNotice,
  digestRefusedNotice,
  digestSavedNotice,
  type HomeFigures,
  type HomeProblem,
  type HomeState,
  hasReportData,
  homeProblemText,
} from "../views/index.ts";
import { alertsStatus } from "./alerts/commands.ts";
import { readAudit } from "./audit.ts";
import { type ChartToShow, showWithChart, uploadChart } from "./chart-images.ts";
import type { Services } from "./context.ts";
import { digestStatus, setDigest, turnOffDigest } from "./digest/commands.ts";
import { loadDigest } from "./digest/settings.ts";
import { isUserMistake, messageForFailure } from "./failures.ts";
import { logFailure } from "./logging.ts";
import { loadPrivacy } from "./privacy.ts";
import { isManager, type Requester, requesterZone } from "./requests.ts";
import type { TimeZoneChoice } from "./time-zone.ts";

export interface HomeOptions {
  /** Show the sample-data Home. Default false. */
  sample?: boolean;
  /** The day the date picker and run buttons use. Default yesterday. */
  selectedDay?: Day;
  /** One line in the Digest section, after a change made there. */
  digestNotice?: string;
  /** One line in the Alerts section, after a change made there. */
  alertsNotice?: string;
}

const NO_FIGURES: HomeFigures = { yesterday: null, numbers: null, week: null };

/**
 * Publishes the requester's Home: first without figures (so the tab is never blank while eFax
 * answers), then with them. Failures are logged; a failure to get figures shows as a plain note.
 */
export async function publishHome(
  services: Services,
  requester: Requester,
  options: HomeOptions = {},
): Promise<void> {
  const publish = (view: HomeView) =>
    requester.client.views.publish({ user_id: requester.userId, view });
  const zone = await requesterZone(services, requester);
  const today = dayInZone(services.now(), zone.timeZone);
  const [canManage, account] = await Promise.all([
    isManager(services, requester).catch(() => false),
    services.reports.account(requester.teamId),
  ]);
  const admin = canManage ? await adminState(services, requester.teamId) : null;
  const digest =
    options.sample || account.kind === "none"
      ? null
      : await digestHome(services, requester.teamId, { canManage, zone, options });
  const alerts =
    options.sample || account.kind === "none" || !canManage
      ? null
      : await alertsHome(services, requester, options);
  const base = {
    today,
    canManage,
    admin,
    digest,
    alerts,
    ...(options.selectedDay ? { selectedDay: options.selectedDay } : {}),
  };

  if (!options.sample && account.kind === "none") {
    await publish(
      buildHomeView({ ...base, mode: "not-connected", admins: services.config.adminUserIds }),
    );
    return;
  }
  const described =
    account.kind === "workspace" ? await services.vault.describe(requester.teamId) : null;
  const state = (figures: HomeFigures, problem: string | null): HomeState =>
    options.sample
      ? { ...base, ...figures, mode: "sample", connected: account.kind !== "none" }
      : { ...base, ...figures, mode: "connected", account: described, problem };

  await publish(buildHomeView(state(NO_FIGURES, null)));
  const { figures, problem } = await homeFigures(services, requester, today, options.sample);
  const chart = await weekChart(services, requester, figures.week);
  await showWithChart(services, chart, async (weekChart) => {
    await publish(buildHomeView(state({ ...figures, weekChart }, problem)));
  });
}

/** The week's sparkline, uploaded; none for a week without a fax. */
async function weekChart(
  services: Services,
  requester: Requester,
  week: FaxReport | null,
): Promise<ChartToShow | null> {
  if (week === null || !hasReportData(week)) return null;
  return uploadChart(services, requester.client, requester.teamId, sparklineChart(week));
}

/** The Alerts section's state (admins); a store failure leaves the section out (logged). */
async function alertsHome(
  services: Services,
  requester: Requester,
  options: HomeOptions,
): Promise<AlertsHomeState | null> {
  try {
    return { ...(await alertsStatus(services, requester)), notice: options.alertsNotice ?? null };
  } catch (error) {
    logFailure(services.logger, { action: "home alerts", teamId: requester.teamId }, error);
    return null;
  }
}

/** What the admin section shows: masking and the latest changes. */
async function adminState(services: Services, teamId: string): Promise<AdminHomeState> {
  const [privacy, audit] = await Promise.all([
    loadPrivacy(services.store, teamId),
    readAudit(services.store, teamId),
  ]);
  return { masked: privacy.maskNumbers, audit };
}

/**
 * The Digest section's state: the setting, the next digest, any fault; a store failure leaves
 * the section out (logged) rather than the whole Home.
 */
async function digestHome(
  services: Services,
  teamId: string,
  input: { canManage: boolean; zone: TimeZoneChoice; options: HomeOptions },
): Promise<DigestHomeState | null> {
  try {
    const status = await digestStatus(services, teamId);
    return {
      ...status,
      canManage: input.canManage,
      zone: { timeZone: input.zone.timeZone, source: input.zone.source },
      notice: input.options.digestNotice ?? null,
    };
  } catch (error) {
    logFailure(services.logger, { action: "home digest", teamId }, error);
    return null;
  }
}

async function homeFigures(
  services: Services,
  requester: Requester,
  today: Day,
  sample = false,
): Promise<{ figures: HomeFigures; problem: string | null }> {
  const yesterday = addDays(today, -1);
  const day = { from: yesterday, to: yesterday, sample };
  const run = (ref: Parameters<Services["reports"]["run"]>[1], previous = true) =>
    services.reports.run(requester.teamId, ref, { previous });
  const [summary, numbers, week] = await Promise.allSettled([
    run({ ...day, name: "summary" }),
    sample ? run({ ...day, name: "numbers" }) : Promise.resolve(null),
    run({ name: "overview", from: addDays(yesterday, -6), to: yesterday, sample }, false),
  ]);
  const failed = [summary, numbers, week].find((r) => r.status === "rejected");
  let problem: string | null = null;
  if (failed?.status === "rejected") {
    logFailure(
      services.logger,
      { action: "home figures", teamId: requester.teamId, userId: requester.userId },
      failed.reason,
    );
    problem = homeProblemText(problemOf(failed.reason));
  }
  return {
    figures: {
      yesterday: summary.status === "fulfilled" && isSummary(summary.value) ? summary.value : null,
      numbers: numbers.status === "fulfilled" && isFax(numbers.value) ? numbers.value : null,
      week: week.status === "fulfilled" && isFax(week.value) ? week.value : null,
    },
    problem,
  };
}

function problemOf(error: unknown): HomeProblem {
  if (isEfaxError(error) && error.code === "credentials-rejected") return "credentials-rejected";
  return isEfaxError(error) ? "efax-unavailable" : "unavailable";
}

function isSummary(report: AnyReport | null): report is SummaryReport {
  return report !== null && report.kind === "summary";
}

function isFax(report: AnyReport | null): report is FaxReport {
  return report !== null && report.kind !== "summary" && report.kind !== "billable-pages";
}

/** What the Home's Digest controls held when Save was clicked; null where Slack sent nothing. */
export interface DigestPicks {
  channelId: string | null;
  /** `HH:MM`. */
  time: string | null;
  cadence: Cadence | null;
}

/**
 * Save in the Home's Digest section: sets the digest from the pickers (what Slack did not send
 * keeps the current setting, else 9:00 on weekdays) and republishes the Home with what happened,
 * or why not, in the section.
 */
export async function saveDigestFromHome(
  services: Services,
  requester: Requester,
  picks: DigestPicks,
): Promise<void> {
  let notice: string;
  try {
    const current = await loadDigest(services.store, requester.teamId);
    const channelId = picks.channelId ?? current?.channelId ?? null;
    if (channelId === null) {
      notice = "⚠️ Pick the channel the digest goes to, then click Start digest.";
    } else {
      const saved = await setDigest(services, requester, {
        channelId,
        time: picks.time ?? current?.time ?? "09:00",
        cadence: picks.cadence ?? current?.cadence ?? "weekdays",
      });
      notice = digestSavedNotice(saved.setting, saved.next);
    }
  } catch (error) {
    notice = await refusalNotice(services, requester, error, "saving the digest from the Home");
  }
  await publishHome(services, requester, { digestNotice: notice });
}

/** Turn off in the Home's Digest section, then the Home again with what happened. */
export async function turnOffDigestFromHome(
  services: Services,
  requester: Requester,
): Promise<void> {
  let notice: string;
  try {
    await turnOffDigest(services, requester);
    notice = digestOffNotice();
  } catch (error) {
    notice = await refusalNotice(
      services,
      requester,
      error,
      "turning the digest off from the Home",
    );
  }
  await publishHome(services, requester, { digestNotice: notice });
}

/** Why a change from the Home was not made, in one line; logged unless it is the person's own. */
async function refusalNotice(
  services: Services,
  requester: Requester,
  error: unknown,
  action: string,
): Promise<string> {
  if (!isUserMistake(error)) {
    logFailure(
      services.logger,
      { action, teamId: requester.teamId, userId: requester.userId },
      error,
    );
  }
  const message = await messageForFailure(error, {
    canManage: () => isManager(services, requester),
    admins: services.config.adminUserIds,
  });
  return digestRefusedNotice(message);
}
