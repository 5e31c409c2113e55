/**
 * The App Home tab: publishes at once what needs no eFax call (the account, the run buttons),
 * then the same view with yesterday's summary and the last 7 days filled in, with the week's
 * sparkline (see `chart-images.ts`). Without an account
 * it offers Connect or names whom to ask; "Try sample data" shows everything on the sample data.
 */
import type { HomeView } from "@slack/types";
import { sparklineChart } from "../charts/index.ts";
import { addDays, type Day, dayInZone } from "../dates/calendar.ts";
import { isEfaxError } from "../efax/errors.ts";
import type { AnyReport, FaxReport, SummaryReport } from "../reports/model.ts";
import {
  type AdminHomeState,
  buildHomeView,
  type HomeFigures,
  type HomeProblem,
  type HomeState,
  hasReportData,
  homeProblemText,
} from "../views/index.ts";
import { readAudit } from "./audit.ts";
import { type ChartToShow, showWithChart, uploadChart } from "./chart-images.ts";
import type { Services } from "./context.ts";
import { logFailure } from "./logging.ts";
import { loadPrivacy } from "./privacy.ts";
import { isManager, type Requester, requesterZone } from "./requests.ts";

export interface HomeOptions {
  /** Show the sample-data Home. Default false. */
  sample?: boolean;
  /** The day the date picker and run buttons use. Default yesterday. */
  selectedDay?: Day;
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
  const { timeZone } = await requesterZone(services, requester);
  const today = dayInZone(services.now(), timeZone);
  const [canManage, account] = await Promise.all([
    isManager(services, requester).catch(() => false),
    services.reports.account(requester.teamId),
  ]);
  const admin = canManage ? await adminState(services, requester.teamId) : null;
  const base = {
    today,
    canManage,
    admin,
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

/** What the admin section shows: masking and the latest changes. */
async function adminState(services: Services, teamId: string): Promise<AdminHomeState> {
  const [privacy, audit] = await Promise.all([
    loadPrivacy(services.store, teamId),
    readAudit(services.store, teamId),
  ]);
  return { masked: privacy.maskNumbers, audit };
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
