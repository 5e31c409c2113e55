/**
 * One digest, for one workspace and one local day: the report of the days it covers, the same
 * days of the weeks before (kept figures, see `history.ts`), the judgement, the channel post with
 * its details and CSV in the thread, and what to do when any of that cannot happen.
 *
 * - eFax cannot give the figures (down, credentials refused, no account): a short digest says so
 *   and what to do. Never silence.
 * - Slack will not take the post (bot removed, channel archived or gone, token revoked): nothing
 *   is posted; the fault is recorded for the Home and told once to the admin who set the digest.
 *   Public channels the bot is not in are joined first.
 * - Slack or the store briefly unreachable, or the tick's deadline: `retry`, a later tick tries
 *   again the same day. Once the channel post is out, the day is marked posted at once, so a
 *   retry never posts it twice.
 */
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from "@slack/web-api";
import { attemptsChart, type Norms } from "../../charts/index.ts";
import { historyRange, judgeDays, metricByDay } from "../../charts/norms.ts";
import { eachDay, isDay, rangeLength } from "../../dates/calendar.ts";
import { coveredDays } from "../../dates/schedule.ts";
import { isEfaxError } from "../../efax/errors.ts";
import {
  figuresOfSummary,
  judgeFigures,
  type PeriodFigures,
  samePeriodsBefore,
} from "../../reports/digest.ts";
import type { SummaryReport } from "../../reports/model.ts";
import { SealError } from "../../secrets/errors.ts";
import { storeKeys } from "../../store/keys.ts";
import {
  buildDigestMessage,
  buildDigestTroubleMessage,
  type ChartDisplay,
  type DigestFault,
  type DigestTrouble,
  hasReportData,
  type SlackMessage,
} from "../../views/index.ts";
import { inChannel, postThread } from "../channel-posts.ts";
import { type ChartToShow, showWithChart, uploadChart } from "../chart-images.ts";
import { NotConnectedError, NotInChannelError } from "../errors.ts";
import { describeError, logFailure } from "../logging.ts";
import type { RunContext, RunOutcome } from "../schedule/job.ts";
import { parseFault, reportFault } from "./faults.ts";
import { accountTag, comparisonFigures, keptDailyFigures, planHistory } from "./history.ts";
import type { DigestSetting } from "./settings.ts";

/** How long "the digest of this day is posted" is remembered: the day, and a margin. */
export const POSTED_MEMORY_SECONDS = 3 * 86_400;

/** Plain words for a run record (the App Home shows them escaped). */
const FAULT_REASONS: Record<DigestFault, string> = {
  "not-connected": "No eFax account is connected; a short digest said so.",
  "credentials-rejected": "eFax refused the saved account details; a short digest said so.",
  "efax-unavailable": "eFax didn't deliver the figures; a short digest said so.",
  "not-in-channel": "The app is not a member of the digest's private channel.",
  "channel-not-found": "The digest's channel was not found (deleted, or private without the app).",
  archived: "The digest's channel is archived.",
  "token-revoked": "Slack no longer accepts the app's access to this workspace.",
  "missing-scope": "The app's installation lacks a permission the digest needs.",
  "slack-refused": "Slack refused the digest post.",
};

/** Slack's answers to a token it no longer accepts. */
const TOKEN_REFUSED = new Set([
  "token_revoked",
  "invalid_auth",
  "account_inactive",
  "not_authed",
  "token_expired",
  "team_access_not_granted",
]);

/** Slack's answers worth trying again later. */
const SLACK_TRANSIENT = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/** A Slack failure of the post: a fault only a person can fix, or worth a later try. */
type PostFailure = { kind: "fault"; fault: DigestFault } | { kind: "retry"; reason: string };

/** What a failed post means; null for an error that is not Slack's (thrown on). */
export function classifySlackFailure(error: unknown): PostFailure | null {
  if (error instanceof NotInChannelError) {
    if (error.joinError === "is_archived") return { kind: "fault", fault: "archived" };
    if (error.joinError === "channel_not_found") {
      return { kind: "fault", fault: "channel-not-found" };
    }
    return { kind: "fault", fault: "not-in-channel" };
  }
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    if (SLACK_TRANSIENT.has(code)) return { kind: "retry", reason: `Slack answered ${code}` };
    if (TOKEN_REFUSED.has(code)) return { kind: "fault", fault: "token-revoked" };
    if (code === "is_archived") return { kind: "fault", fault: "archived" };
    if (code === "channel_not_found") return { kind: "fault", fault: "channel-not-found" };
    if (code === "not_in_channel") return { kind: "fault", fault: "not-in-channel" };
    if (code === "missing_scope") return { kind: "fault", fault: "missing-scope" };
    return { kind: "fault", fault: "slack-refused" };
  }
  if (
    error instanceof WebAPIRequestError ||
    error instanceof WebAPIHTTPError ||
    error instanceof WebAPIRateLimitedError
  ) {
    return { kind: "retry", reason: `Slack could not be reached: ${describeError(error)}` };
  }
  return null;
}

/** Why eFax could not give the figures, or null when the failure is not about eFax. */
export function troubleOf(error: unknown): DigestTrouble | null {
  if (error instanceof NotConnectedError) return "not-connected";
  if (error instanceof SealError) return "credentials-rejected";
  if (isEfaxError(error)) {
    return error.code === "credentials-rejected" ? "credentials-rejected" : "efax-unavailable";
  }
  return null;
}

/** Posts the digest (joining a public channel first when needed); returns the post's ts. */
async function post(client: WebClient, channelId: string, message: SlackMessage): Promise<string> {
  return inChannel(client, channelId, async () => {
    const posted = await client.chat.postMessage({
      channel: channelId,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return posted.ts ?? "";
  });
}

/**
 * The weekly digest's chart: faxes per day over its week, each day's failures judged against the
 * same weekday of the four weeks before with the daily figures the digest keeps (no eFax call of
 * its own), uploaded. None for a week without a fax; never throws.
 */
async function weeklyChart(input: {
  services: RunContext<DigestSetting>["services"];
  client: WebClient;
  teamId: string;
  summary: SummaryReport;
  account: string | null;
}): Promise<ChartToShow | null> {
  const { services, client, teamId, summary } = input;
  if (!hasReportData(summary)) return null;
  const week = summary.overview;
  let norms: Norms | undefined;
  try {
    if (input.account !== null) {
      const before = eachDay(historyRange(week.range));
      const kept = await keptDailyFigures(services, teamId, before, input.account);
      const values = new Map([...kept].map(([day, figures]) => [day, figures.failures]));
      for (const [day, failures] of metricByDay(week)) values.set(day, failures);
      norms = judgeDays("failures", values, eachDay(week.range));
    }
  } catch (error) {
    services.logger.warn(
      `Could not read the kept daily figures for the digest chart of team ${teamId}: ${describeError(error)}`,
    );
  }
  return uploadChart(services, client, teamId, attemptsChart(week, norms ? { norms } : {}));
}

/** Runs the digest of the local day `context.run.id` (see the module comment). */
export async function runDigest(context: RunContext<DigestSetting>): Promise<RunOutcome> {
  const { services, teamId, entry: setting, client, signal } = context;
  const day = context.run.id;
  if (!isDay(day)) return { kind: "failed", reason: `The run id ${day} is not a day.` };
  const range = coveredDays(setting.cadence, day);
  const plan = planHistory(teamId, range, samePeriodsBefore(range));
  const postedKey = storeKeys.digestPosted(teamId, day);
  const [posted, storedFault, ...stored] = await services.store.getMany([
    postedKey,
    storeKeys.digestFault(teamId),
    ...plan.keys,
  ]);
  if (posted) return { kind: "done", note: "Already posted." };
  const previousFault = parseFault(storedFault ?? null);

  const fault = async (kind: DigestFault) =>
    reportFault(services, client, {
      teamId,
      setting,
      fault: kind,
      day,
      range,
      previous: previousFault,
    });

  /**
   * Posts the message `build` makes (with `chart`, or its words while Slack will not show it:
   * see `showWithChart`); a Slack fault is recorded and told, a passing failure retried.
   */
  const publish = async (
    build: (chart: ChartDisplay | null) => SlackMessage,
    chart: ChartToShow | null = null,
  ): Promise<{ ts: string } | { outcome: RunOutcome }> => {
    try {
      let ts = "";
      await showWithChart(services, chart, async (shown) => {
        ts = await post(client, setting.channelId, build(shown));
      });
      await services.store.set(postedKey, { ts }, { ttlSeconds: POSTED_MEMORY_SECONDS });
      return { ts };
    } catch (error) {
      const failure = classifySlackFailure(error);
      if (failure === null) throw error;
      if (failure.kind === "retry") return { outcome: { kind: "retry", reason: failure.reason } };
      await fault(failure.fault);
      return { outcome: { kind: "failed", reason: FAULT_REASONS[failure.fault] } };
    }
  };

  let summary: SummaryReport;
  try {
    const report = await services.reports.run(
      teamId,
      { name: "summary", from: range.from, to: range.to, sample: false },
      { previous: false, signal },
    );
    if (report.kind !== "summary")
      throw new Error("The summary report came back as another report.");
    summary = report;
  } catch (error) {
    if (signal.aborted) return { kind: "retry", reason: "The tick's time ran out." };
    const trouble = troubleOf(error);
    if (trouble === null) throw error;
    logFailure(services.logger, { action: "digest report", teamId }, error);
    const published = await publish(() =>
      buildDigestTroubleMessage({ trouble, cadence: setting.cadence, range, setting }),
    );
    if ("outcome" in published) return published.outcome;
    await fault(trouble);
    return trouble === "efax-unavailable"
      ? { kind: "done", note: FAULT_REASONS[trouble] }
      : { kind: "failed", reason: FAULT_REASONS[trouble] };
  }

  const figures = figuresOfSummary(summary);
  let history: (PeriodFigures | null)[] = plan.comparisons.map(() => null);
  let account: string | null = null;
  try {
    const found = await services.reports.account(teamId);
    account = accountTag(found.kind === "none" ? "" : found.credentials.username);
    history = await comparisonFigures(services, {
      teamId,
      plan,
      stored,
      account,
      current: summary,
      currentFigures: figures,
      signal,
    });
  } catch (error) {
    if (signal.aborted) return { kind: "retry", reason: "The tick's time ran out." };
    logFailure(services.logger, { action: "digest comparisons", teamId }, error);
  }
  const comparedWith = plan.comparisons.filter((_, i) => history[i] !== null);
  const chart =
    setting.cadence === "weekly"
      ? await weeklyChart({ services, client, teamId, summary, account })
      : null;
  const published = await publish(
    (shown) =>
      buildDigestMessage({
        summary,
        cadence: setting.cadence,
        figures,
        verdicts: judgeFigures(figures, history, rangeLength(range)),
        comparedWith,
        setting,
        chart: shown,
      }),
    chart,
  );
  if ("outcome" in published) return published.outcome;

  let note = "Posted.";
  try {
    await postThread(client, setting.channelId, published.ts, summary);
  } catch (error) {
    logFailure(services.logger, { action: "digest thread", teamId }, error);
    note = "Posted; its details and CSV could not be added to the thread.";
  }
  if (previousFault !== null) {
    await services.store.delete(storeKeys.digestFault(teamId)).catch((error: unknown) => {
      services.logger.warn(
        `Could not clear the digest fault of team ${teamId}: ${describeError(error)}`,
      );
    });
  }
  return { kind: "done", note };
}
