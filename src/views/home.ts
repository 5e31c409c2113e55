/**
 * The App Home tab: how faxing went yesterday and over the last week at a glance, with buttons to
 * run any report for any day. Without an account it explains the app, offers Connect (admins) or
 * names whom to ask, and lets anyone try everything on sample data, clearly labelled.
 */
import type { Datepicker, HomeView, KnownBlock } from "@slack/types";
import { addDays, type Day } from "../dates/calendar.ts";
import { formatDay, formatRange } from "../dates/format.ts";
import { REPORTS } from "../reports/catalog.ts";
import type { FaxReport, SummaryReport } from "../reports/model.ts";
import { type AdminHomeState, adminHomeBlocks } from "./admin.ts";
import { type AlertsHomeState, alertsHomeBlocks } from "./alerts.ts";
import { actions, button, context, divider, fields, header, plain, section } from "./blocks.ts";
import { type ChartDisplay, chartBlocks } from "./chart.ts";
import { type DigestHomeState, digestHomeBlocks } from "./digest.ts";
import { changeLegend, faxFigures, pageFigures, summaryFigures } from "./figures.ts";
import { ACTION_IDS, BLOCK_IDS, COMMAND, homeRunActionId } from "./ids.ts";
import { faxSeriesLines } from "./lists.ts";
import { adminsPhrase, code, dataText } from "./mrkdwn.ts";
import { hasData, SAMPLE_NOTE } from "./report-parts.ts";
import { encodeReportRef } from "./report-ref.ts";
import { type AccountSummary, accountButtons, connectedLine } from "./status.ts";

/** The admin section at the end of a Home, when the viewer is an admin and it was given. */
function adminBlocks(state: HomeBase): KnownBlock[] {
  if (!state.canManage || !state.admin) return [];
  return [divider(), ...adminHomeBlocks(state.admin)];
}

interface HomeBase {
  /** The viewer's today, in the zone reports use for them: "yesterday" and the picker follow it. */
  today: Day;
  /** The viewer may connect, change or disconnect the account. */
  canManage: boolean;
  /** The day the date picker shows and the run buttons use; default yesterday. */
  selectedDay?: Day;
  /**
   * The workspace's settings an admin looks after (masking, the latest changes), shown at the end
   * of the connected and not-connected Home when `canManage`. Default: not shown.
   */
  admin?: AdminHomeState | null;
  /** The Digest section (connected Homes only); left out when not given. */
  digest?: DigestHomeState | null;
  /** The Alerts section (connected Homes, admins only); left out when not given. */
  alerts?: AlertsHomeState | null;
}

/** The figures a dashboard shows; any of them may be missing when eFax could not deliver. */
export interface HomeFigures {
  /** Yesterday's summary (overview, failures, billable pages). */
  yesterday: SummaryReport | null;
  /** Yesterday's number overview, for its key figures. Optional. */
  numbers?: FaxReport | null;
  /** The account overview over the 7 days ending yesterday, for the per-day series. */
  week: FaxReport | null;
  /** The week's sparkline (failures per day), above the day-by-day lines. Optional. */
  weekChart?: ChartDisplay | null;
}

/** An account is connected: figures from it. */
export interface ConnectedHome extends HomeBase, HomeFigures {
  mode: "connected";
  /** Who connected which account; null when the server's `EFAX_*` settings provide it. */
  account: AccountSummary | null;
  /** Plain words on why figures are missing, e.g. "eFax didn't answer in time." */
  problem?: string | null;
}

/** Why the Home could not show figures: eFax refused the saved account, eFax failed, or else. */
export type HomeProblem = "credentials-rejected" | "efax-unavailable" | "unavailable";

/** A {@link HomeProblem} in plain words, for {@link ConnectedHome}'s `problem`. */
export function homeProblemText(problem: HomeProblem): string {
  switch (problem) {
    case "credentials-rejected":
      return "eFax didn't accept the saved account details, so no figures can be shown. A workspace admin can connect the account again.";
    case "efax-unavailable":
      return "eFax couldn't deliver the figures just now. Open this tab again in a few minutes.";
    case "unavailable":
      return "The figures couldn't be loaded just now. Open this tab again in a few minutes.";
  }
}

/** No account: explain, offer Connect or name an admin, offer sample data. */
export interface NotConnectedHome extends HomeBase {
  mode: "not-connected";
  /** Slack user ids of people who can connect, named to those who cannot. */
  admins: readonly string[];
}

/** Everything on the sample data, labelled as such. */
export interface SampleHome extends HomeBase, HomeFigures {
  mode: "sample";
  /** A real account is connected too (then no Connect button is offered). */
  connected: boolean;
}

/** Plain data for {@link buildHomeView}. */
export type HomeState = ConnectedHome | NotConnectedHome | SampleHome;

function runBlocks(day: Day, sample: boolean): KnownBlock[] {
  const picker: Datepicker = {
    type: "datepicker",
    action_id: ACTION_IDS.homeDate,
    initial_date: day,
    placeholder: plain("Pick a day", 150),
  };
  return [
    section(`*Run a report* for ${formatDay(day)}${sample ? " (sample data)" : ""}`),
    actions(
      [
        ...REPORTS.map((r) =>
          button({
            text: r.title,
            actionId: homeRunActionId(r.name),
            value: encodeReportRef({ name: r.name, from: day, to: day, sample }),
            style: r.name === "summary" ? "primary" : undefined,
          }),
        ),
        picker,
      ],
      BLOCK_IDS.homeDate,
    ),
    context(
      `Or type ${code(`${COMMAND} failures last week`)} in any channel. ${code(`${COMMAND} help`)} lists everything.`,
    ),
  ];
}

function yesterdayBlocks(figures: HomeFigures, day: Day, everyReport: boolean): KnownBlock[] {
  const summary = figures.yesterday;
  if (summary === null) return [];
  const blocks: KnownBlock[] = [section(`*Yesterday · ${formatDay(day)}*`)];
  if (!hasData(summary)) {
    blocks.push(section(`No faxes were sent and no pages were billed on ${formatDay(day)}.`));
    return blocks;
  }
  if (!everyReport) {
    blocks.push(fields(summaryFigures(summary)));
  } else {
    blocks.push(section("*Account overview*"), fields(faxFigures(summary.overview)));
    if (figures.numbers) {
      blocks.push(section("*Number overview*"), fields(faxFigures(figures.numbers)));
    }
    blocks.push(
      section("*Failures*"),
      fields(faxFigures(summary.failures)),
      section("*Billable pages*"),
      fields(pageFigures(summary.billable)),
    );
  }
  if (summary.overview.previous !== null) {
    blocks.push(context(changeLegend(summary.range, true)));
  }
  return blocks;
}

/** The week bar first, one line per day: failures against the worst day, then the rate. */
function weekBlocks(week: FaxReport | null, chart?: ChartDisplay | null): KnownBlock[] {
  if (week === null) return [];
  return [
    ...chartBlocks(chart),
    section(
      `*Last 7 days · ${formatRange(week.range)}* — bars show failures\n${faxSeriesLines(week).join("\n")}`,
    ),
  ];
}

/** Yesterday and the week, or a "getting them" note while none has arrived and nothing failed. */
function figureBlocks(
  figures: HomeFigures,
  yesterday: Day,
  everyReport: boolean,
  failed: boolean,
): KnownBlock[] {
  if (figures.yesterday === null && figures.week === null && !failed) {
    return [context(`⏳ Getting the figures for ${formatDay(yesterday)} and the week before…`)];
  }
  return [
    ...yesterdayBlocks(figures, yesterday, everyReport),
    ...weekBlocks(figures.week, figures.weekChart),
  ];
}

function connectedHome(state: ConnectedHome): KnownBlock[] {
  const yesterday = addDays(state.today, -1);
  const blocks: KnownBlock[] = [header(ACTIVITY), context(connectedLine(state.account)), divider()];
  if (state.problem) blocks.push(section(`⚠️ ${dataText(state.problem, 500)}`));
  blocks.push(
    ...figureBlocks(state, yesterday, false, Boolean(state.problem)),
    divider(),
    ...runBlocks(state.selectedDay ?? yesterday, false),
  );
  if (state.digest) blocks.push(divider(), ...digestHomeBlocks(state.digest));
  if (state.alerts && state.canManage) blocks.push(divider(), ...alertsHomeBlocks(state.alerts));
  if (state.canManage) {
    blocks.push(
      divider(),
      actions([
        ...accountButtons({ connected: true, disconnectable: state.account !== null }),
        button({ text: "Try sample data", actionId: ACTION_IDS.trySample }),
      ]),
      context("Only workspace admins see these buttons."),
    );
  }
  blocks.push(...adminBlocks(state));
  return blocks;
}

/** The Home's title: what it shows, not the app's name, which Slack shows above it already. */
const ACTIVITY = "Fax activity";

const WHAT_IT_DOES = [
  "See how your faxes are doing without leaving Slack:",
  "• *Failures* — which numbers keep failing, and why",
  "• *Every day at a glance* — attempts, success rate and billable pages",
  "• *Share* a report to a channel and talk it over in its thread",
].join("\n");

function notConnectedHome(state: NotConnectedHome): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header("Your fax activity, in Slack"),
    section(WHAT_IT_DOES),
    divider(),
    section("⚠️ *No eFax account is connected yet.*"),
  ];
  if (state.canManage) {
    blocks.push(
      section(
        "Connect this workspace's eFax Developer account: you'll need its API key, username and password. It takes a minute.",
      ),
      actions([
        button({ text: "Connect eFax account", actionId: ACTION_IDS.connect, style: "primary" }),
        button({ text: "Try with sample data", actionId: ACTION_IDS.trySample }),
      ]),
    );
  } else {
    blocks.push(
      section(
        `Ask ${adminsPhrase(state.admins)} to connect it with ${code(`${COMMAND} connect`)}.`,
      ),
      actions([
        button({ text: "Try with sample data", actionId: ACTION_IDS.trySample, style: "primary" }),
      ]),
    );
  }
  blocks.push(context(`${code(`${COMMAND} help`)} lists everything the app understands.`));
  blocks.push(...adminBlocks(state));
  return blocks;
}

function sampleHome(state: SampleHome): KnownBlock[] {
  const yesterday = addDays(state.today, -1);
  const buttons = [button({ text: "Leave sample data", actionId: ACTION_IDS.exitSample })];
  if (state.canManage && !state.connected) {
    buttons.unshift(
      button({ text: "Connect eFax account", actionId: ACTION_IDS.connect, style: "primary" }),
    );
  }
  return [
    header(`${ACTIVITY} — sample data`),
    context(SAMPLE_NOTE),
    actions(buttons),
    divider(),
    ...figureBlocks(state, yesterday, true, false),
    divider(),
    ...runBlocks(state.selectedDay ?? yesterday, true),
  ];
}

/** The Home tab for `state`; stays far inside the 100-block and 250 kB limits. */
export function buildHomeView(state: HomeState): HomeView {
  const blocks =
    state.mode === "connected"
      ? connectedHome(state)
      : state.mode === "sample"
        ? sampleHome(state)
        : notConnectedHome(state);
  return { type: "home", blocks };
}
