/**
 * Everything a digest puts in front of people: the channel message with yesterday's key figures
 * against the same weekday of the weeks before (its details and CSV go in its thread, built by
 * `buildThreadDetails`), the short message that replaces it when eFax cannot give the figures,
 * the answers to `/efax digest …`, the direct message to the admin when the digest cannot reach
 * its channel, and the App Home's Digest section. Pure.
 */
import type {
  ActionsBlockElement,
  Button,
  ConversationsSelect,
  KnownBlock,
  PlainTextOption,
  StaticSelect,
  Timepicker,
} from "@slack/types";
import type { DigestProblem } from "../command/digest.ts";
import { type Day, type DayRange, rangeLength } from "../dates/calendar.ts";
import {
  formatCount,
  formatPercent,
  formatRange,
  formatShortDay,
  formatWeekday,
} from "../dates/format.ts";
import { type Cadence, coveredDays, formatTimeOfDay } from "../dates/schedule.ts";
import type { Verdict } from "../reports/baseline.ts";
import {
  BETTER_WHEN,
  DIGEST_METRICS,
  type DigestMetric,
  type DigestVerdicts,
  metricOf,
  type PeriodFigures,
} from "../reports/digest.ts";
import type { SummaryReport } from "../reports/model.ts";
import {
  actions,
  button,
  context,
  fallback,
  fields,
  header,
  plain,
  type SlackMessage,
  section,
} from "./blocks.ts";
import { type ChartDisplay, chartBlocks } from "./chart.ts";
import { BETTER, WORSE } from "./figures.ts";
import { ACTION_IDS, APP_DISPLAY_NAME, BLOCK_IDS, COMMAND } from "./ids.ts";
import { code, dataText, escapeText, mentionChannel, mentionUser, slackDate } from "./mrkdwn.ts";
import { hasData } from "./report-parts.ts";

/** A digest's setting, as views show it. */
export interface DigestSettingView {
  channelId: string;
  /** `HH:MM`, 24-hour, on the wall clock of `timeZone`. */
  time: string;
  cadence: Cadence;
  timeZone: string;
  /** Slack user id of the admin who set it: faults are sent to them. */
  setBy: string;
}

/** When the next digest goes out: its local day, and whether that is today with its time past. */
export interface NextDigest {
  day: Day;
  /** Today, and the time has passed: it goes out at the next tick. */
  soon: boolean;
}

/**
 * Why a digest could not reach its channel as usual. The first three still post a short digest
 * saying so; the others keep it from the channel altogether.
 */
export const DIGEST_FAULTS = [
  "not-connected",
  "credentials-rejected",
  "efax-unavailable",
  "not-in-channel",
  "channel-not-found",
  "archived",
  "token-revoked",
  "missing-scope",
  "slack-refused",
] as const;
export type DigestFault = (typeof DIGEST_FAULTS)[number];

/** The words for each schedule, as the setting is stated back. */
const CADENCE_WORDS: Record<Cadence, string> = {
  daily: "every day",
  weekdays: "every weekday",
  weekly: "every Monday",
};

/** What each schedule reports, for the setting's explanation. */
const CADENCE_COVERS: Record<Cadence, string> = {
  daily: "the day before",
  weekdays: "the day before (on Mondays: Friday to Sunday)",
  weekly: "the week before, Monday to Sunday",
};

/** "every weekday at 9:00 in America/Chicago". */
export function scheduleWords(setting: Pick<DigestSettingView, "cadence" | "time" | "timeZone">) {
  return `${CADENCE_WORDS[setting.cadence]} at ${formatTimeOfDay(setting.time)} in ${dataText(setting.timeZone, 64)}`;
}

/** "next: Thu 3 Dec", or "next: today, Thu 3 Dec, shortly (9:00 has passed)". */
export function nextWords(next: NextDigest, time: string): string {
  const day = formatShortDay(next.day);
  return next.soon
    ? `next: today, ${day}, shortly (${formatTimeOfDay(time)} has passed)`
    : `next: ${day}`;
}

/** "every weekday at 9:00 in America/Chicago, next: Thu 3 Dec". */
export function settingSentence(setting: DigestSettingView, next: NextDigest): string {
  return `${scheduleWords(setting)}, ${nextWords(next, setting.time)}`;
}

/** What a period is compared with: "Thursday", "Friday to Sunday", "week". */
function periodKind(range: DayRange): string {
  const days = rangeLength(range);
  if (days === 1) return formatWeekday(range.from);
  if (days === 7) return "week";
  return `${formatWeekday(range.from)} to ${formatWeekday(range.to)}`;
}

/** "Yesterday", "Last week", "Friday to Sunday": how the digest names what it covers. */
function periodLabel(range: DayRange): string {
  const days = rangeLength(range);
  if (days === 1) return "Yesterday";
  if (days === 7) return "Last week";
  return periodKind(range);
}

const METRIC_LABELS: Record<DigestMetric, string> = {
  attempts: "Fax attempts",
  successRate: "Success rate",
  failures: "Failed",
  unreached: "Numbers not reached",
  pages: "Billable pages",
};

function metricValue(metric: DigestMetric, value: number): string {
  return metric === "successRate" ? formatPercent(value) : formatCount(value);
}

/** ⚠️ for a change for the worse, ✅ for the better, ▲ / ▼ for volumes. */
function verdictMark(metric: DigestMetric, verdict: Verdict): string {
  if (verdict.kind !== "high" && verdict.kind !== "low") return "";
  const better = BETTER_WHEN[metric];
  if (better === "neither") return verdict.kind === "high" ? "▲" : "▼";
  return (verdict.kind === "high") === (better === "higher") ? BETTER : WORSE;
}

function isUnusual(verdict: Verdict | null): verdict is Extract<Verdict, { baseline: unknown }> {
  return verdict !== null && (verdict.kind === "high" || verdict.kind === "low");
}

function ratioText(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}×` : `${ratio.toFixed(1)}×`;
}

/**
 * One flag in plain words: "Failed: 620, 2.1× a normal Thursday (usually 295)"; a rate states
 * the usual rate; a count whose usual value is 0 says "usually none".
 */
function flagLine(metric: DigestMetric, verdict: Verdict, kind: string): string {
  if (verdict.kind !== "high" && verdict.kind !== "low") return "";
  const mark = verdictMark(metric, verdict);
  const label = METRIC_LABELS[metric];
  const value = metricValue(metric, verdict.value);
  const usual = metricValue(metric, verdict.baseline.median);
  const normal = `a normal ${kind}`;
  if (metric === "successRate") {
    const points = Math.abs(verdict.value - verdict.baseline.median) * 100;
    const way = verdict.kind === "high" ? "higher" : "lower";
    return `${mark} *${label}* ${value}: ${points.toFixed(1)} points ${way} than ${normal} (usually ${usual})`;
  }
  if (verdict.ratio === null) return `${mark} *${label}* ${value}: ${normal} has none`;
  if (verdict.value === 0) return `${mark} *${label}* none, where ${normal} has ${usual}`;
  if (verdict.ratio >= 1.5) {
    return `${mark} *${label}* ${value}: ${ratioText(verdict.ratio)} ${normal} (usually ${usual})`;
  }
  const gap = formatCount(Math.abs(verdict.value - verdict.baseline.median));
  const way = verdict.kind === "high" ? "more" : "fewer";
  return `${mark} *${label}* ${value}: ${gap} ${way} than ${normal} (usually ${usual})`;
}

/** One field of the grid: the value, its mark, and what is usual when known. */
function figureField(metric: DigestMetric, figures: PeriodFigures, verdict: Verdict | null) {
  const value = metricOf(figures, metric);
  const label = `*${METRIC_LABELS[metric]}*`;
  if (value === null) return `${label}\n—`;
  const shown = metricValue(metric, value);
  if (verdict === null || verdict.kind === "unknown") return `${label}\n${shown}`;
  const mark = verdictMark(metric, verdict);
  const usual = metricValue(metric, verdict.baseline.median);
  return `${label}\n${shown}${mark ? ` ${mark}` : ""} · usually ${usual}`;
}

/** The digest message's input: the report of the period, its figures and their verdicts. */
export interface DigestMessageInput {
  /** The summary over the period the digest covers (its range is the period). */
  summary: SummaryReport;
  cadence: Cadence;
  /** The period's figures, as judged. */
  figures: PeriodFigures;
  verdicts: DigestVerdicts;
  /** The same period of the earlier weeks that are on record, nearest first. */
  comparedWith: readonly DayRange[];
  setting: DigestSettingView;
  /** The weekly digest's chart of its days (or its words); none by default. */
  chart?: ChartDisplay | null;
}

function headline(range: DayRange, figures: PeriodFigures): string {
  const rate = metricOf(figures, "successRate");
  const parts = [
    `${formatCount(figures.attempts)} fax ${figures.attempts === 1 ? "attempt" : "attempts"}`,
    ...(rate === null ? [] : [`${formatPercent(rate)} went through`]),
    `${formatCount(figures.unreached)} ${figures.unreached === 1 ? "number" : "numbers"} not reached`,
    `${formatCount(figures.pages)} billable ${figures.pages === 1 ? "page" : "pages"}`,
  ];
  return `${periodLabel(range)}: ${parts.join(", ")}.`;
}

function digestTitle(cadence: Cadence, range: DayRange): string {
  return `${cadence === "weekly" ? "Weekly fax digest" : "Fax digest"} · ${formatRange(range)}`;
}

function comparisonNote(range: DayRange, comparedWith: readonly DayRange[]): string {
  const kind = periodKind(range);
  if (comparedWith.length < 3) {
    return `Not enough earlier ${kind === "week" ? "weeks" : `${kind}s`} on record to say what is normal yet (${comparedWith.length} of the 3 needed); flags start once there are.`;
  }
  const first = comparedWith.at(-1);
  const last = comparedWith[0];
  const span = first && last ? ` (${formatRange({ from: first.from, to: last.to })})` : "";
  return `“Usually” is the median of the same ${kind === "week" ? "week" : kind} in the ${comparedWith.length} weeks before${span}.`;
}

function closingNote(input: { setting: DigestSettingView; details: boolean }): string {
  const details = input.details ? "Details and the CSV are in the thread 🧵 · " : "";
  return `${details}Digest set by ${mentionUser(input.setting.setBy)}: ${scheduleWords(input.setting)}. Admins change it with ${code(`${COMMAND} digest`)}.`;
}

/** The figures, flags and comparison of a digest, in the order a reader meets them. */
function digestBody(input: DigestMessageInput): KnownBlock[] {
  const range = input.summary.range;
  const kind = periodKind(range);
  const flags = DIGEST_METRICS.flatMap((metric) => {
    const verdict = input.verdicts[metric];
    return isUnusual(verdict) ? [flagLine(metric, verdict, kind)] : [];
  });
  const blocks: KnownBlock[] = [section(`*${escapeText(headline(range, input.figures))}*`)];
  if (flags.length > 0) {
    blocks.push(section(`*Unusual for a ${kind}*\n${flags.join("\n")}`));
  }
  if (hasData(input.summary)) {
    blocks.push(
      fields(
        DIGEST_METRICS.map((metric) =>
          figureField(metric, input.figures, input.verdicts[metric] ?? null),
        ),
      ),
    );
  }
  blocks.push(context(comparisonNote(range, input.comparedWith)));
  return blocks;
}

/**
 * The weekly digest's extra parts, after the figures: the place for a chart of the week. Empty
 * for now; a day digest has none.
 */
/** What only a weekly digest has: the chart of its days, each judged against its weekday. */
function weeklyExtras(input: DigestMessageInput): KnownBlock[] {
  return chartBlocks(input.chart);
}

/**
 * The channel message of a digest: a title with the exact days, one sentence with the key
 * figures, the unusual ones flagged in plain words ("⚠️ Failed 620: 2.1× a normal Thursday
 * (usually 295)"), each figure against what is usual, what "usual" means, and who set the digest.
 * Its details and the CSV go in its thread (`buildThreadDetails` of the same summary).
 */
export function buildDigestMessage(input: DigestMessageInput): SlackMessage {
  const range = input.summary.range;
  const details = hasData(input.summary);
  const blocks: KnownBlock[] = [
    header(digestTitle(input.cadence, range)),
    ...digestBody(input),
    ...(input.cadence === "weekly" ? weeklyExtras(input) : []),
    context(closingNote({ setting: input.setting, details })),
  ];
  return {
    text: fallback(`${digestTitle(input.cadence, range)}: ${headline(range, input.figures)}`),
    blocks,
  };
}

/** Why a digest could not get its figures from eFax. */
export type DigestTrouble = Extract<
  DigestFault,
  "not-connected" | "credentials-rejected" | "efax-unavailable"
>;

/** `/efax summary 2026-11-26`, or `… from 2026-11-20 to 2026-11-22`: the digest's days on demand. */
function summaryCommand(range: DayRange): string {
  const when = range.from === range.to ? range.from : `from ${range.from} to ${range.to}`;
  return code(`${COMMAND} summary ${when}`);
}

function troubleText(trouble: DigestTrouble, range: DayRange): { what: string; todo: string } {
  switch (trouble) {
    case "efax-unavailable":
      return {
        what: "eFax didn't deliver the figures: its reporting service failed or didn't answer, even after a few tries.",
        todo: `Nothing to fix here. For the figures, run ${summaryCommand(range)} later.`,
      };
    case "credentials-rejected":
      return {
        what: "eFax didn't accept the saved account details; they may have been changed in eFax.",
        todo: `A workspace admin connects the account again with ${code(`${COMMAND} connect`)}.`,
      };
    case "not-connected":
      return {
        what: "No eFax account is connected to this workspace.",
        todo: `A workspace admin connects one with ${code(`${COMMAND} connect`)}, or turns the digest off with ${code(`${COMMAND} digest off`)}.`,
      };
  }
}

/** The short digest posted instead of the figures when eFax cannot give them: never silence. */
export function buildDigestTroubleMessage(input: {
  trouble: DigestTrouble;
  cadence: Cadence;
  range: DayRange;
  setting: DigestSettingView;
}): SlackMessage {
  const { what, todo } = troubleText(input.trouble, input.range);
  const title = digestTitle(input.cadence, input.range);
  return {
    text: fallback(`${title}: no figures this time. ${what}`),
    blocks: [
      header(title),
      section(`⚠️ *No figures this time.* ${what}`),
      section(`*What to do:* ${todo}`),
      context(closingNote({ setting: input.setting, details: false })),
    ],
  };
}

/** A fault in plain words, and what the admin who set the digest can do about it. */
export function faultText(
  fault: DigestFault,
  channelId: string,
  range: DayRange,
): { what: string; todo: string } {
  const channel = mentionChannel(channelId);
  const invite = code(`/invite @${APP_DISPLAY_NAME}`);
  const elsewhere = `or choose another channel with ${code(`${COMMAND} digest #channel 9:00`)}`;
  switch (fault) {
    case "not-in-channel":
      return {
        what: `I'm not a member of ${channel}, which is private (I may have been removed).`,
        todo: `Invite me by typing ${invite} in ${channel}, ${elsewhere}.`,
      };
    case "channel-not-found":
      return {
        what: `I can't find ${channel}: it was deleted, or it is private and I'm not in it.`,
        todo: `If it is private, invite me by typing ${invite} in it; ${elsewhere}.`,
      };
    case "archived":
      return {
        what: `${channel} is archived, so nothing can be posted there.`,
        todo: `Choose another channel with ${code(`${COMMAND} digest #channel 9:00`)}, or unarchive it.`,
      };
    case "token-revoked":
      return {
        what: "Slack no longer accepts this app's access to the workspace.",
        todo: `Ask whoever runs this app to install ${APP_DISPLAY_NAME} again.`,
      };
    case "missing-scope":
      return {
        what: "This app's installation lacks a permission the digest needs.",
        todo: `Ask whoever runs this app to reinstall ${APP_DISPLAY_NAME} from its current manifest.`,
      };
    case "slack-refused":
      return {
        what: `Slack refused to post the digest in ${channel}.`,
        todo: `Try another channel with ${code(`${COMMAND} digest #channel 9:00`)}; if it keeps happening, tell whoever runs this app.`,
      };
    case "efax-unavailable":
    case "credentials-rejected":
    case "not-connected": {
      const trouble = troubleText(fault, range);
      return {
        what: `${trouble.what} A short digest saying so went to ${channel}.`,
        todo: trouble.todo,
      };
    }
  }
}

/**
 * The direct message to the admin who set the digest when it could not reach its channel as
 * usual: what happened, on which day, and what to do. Sent once per fault, not every day.
 */
export function buildDigestFaultNotice(input: {
  fault: DigestFault;
  setting: DigestSettingView;
  range: DayRange;
}): SlackMessage {
  const { what, todo } = faultText(input.fault, input.setting.channelId, input.range);
  const period = formatRange(input.range);
  const title = `Your fax digest for ${period} didn't reach ${mentionChannel(input.setting.channelId)} as usual`;
  return {
    text: fallback(`Your fax digest for ${period} didn't reach its channel as usual.`),
    blocks: [
      section(`⚠️ *${title}*\n${what}`),
      section(`*What to do:* ${todo}`),
      context(
        `You set this digest (${scheduleWords(input.setting)}). I'll tell you once; ${code(`${COMMAND} digest`)} and the app's Home tab show how it stands.`,
      ),
    ],
  };
}

/** What `/efax digest` shows, and what the Home shows about a fault. */
export interface DigestStatusInput {
  setting: DigestSettingView | null;
  next: NextDigest | null;
  canManage: boolean;
  /** The fault that last kept the digest from its channel, when it has not got through since. */
  fault?: { fault: DigestFault; day: Day } | null;
  /** The last run as the scheduler recorded it, when there is one. */
  lastRun?: { at: Date; outcome: "done" | "retry" | "failed"; text: string } | null;
}

const EXAMPLE = `${COMMAND} digest #fax-ops 9:00 weekdays`;

function manageHint(canManage: boolean, set: boolean): string {
  if (!canManage) return `Workspace admins set the digest with ${code(`${COMMAND} digest`)}.`;
  return set
    ? `Change it with ${code(EXAMPLE)} (daily, weekdays or weekly), or stop it with ${code(`${COMMAND} digest off`)}. The app's Home tab has the same settings.`
    : `Set one with ${code(EXAMPLE)}: a channel, a time, and daily, weekdays or weekly. The app's Home tab has the same settings.`;
}

function faultLine(fault: NonNullable<DigestStatusInput["fault"]>, setting: DigestSettingView) {
  const range = coveredDays(setting.cadence, fault.day);
  const { what, todo } = faultText(fault.fault, setting.channelId, range);
  return `⚠️ *The digest of ${formatShortDay(fault.day)} didn't go out as usual.* ${what} ${todo}`;
}

/** `/efax digest`: the digest's setting in words, the next one, any fault, and how to change it. */
export function buildDigestStatusMessage(input: DigestStatusInput): SlackMessage {
  const { setting, next } = input;
  if (setting === null || next === null) {
    return {
      text: fallback("No digest is set."),
      blocks: [
        section(
          "*No digest is set.* A digest posts yesterday's key figures to a channel every morning, with the details and the CSV in its thread.",
        ),
        context(manageHint(input.canManage, false)),
      ],
    };
  }
  const line = `*Digest:* ${mentionChannel(setting.channelId)}, ${settingSentence(setting, next)}. It reports ${CADENCE_COVERS[setting.cadence]}.`;
  const blocks: KnownBlock[] = [section(line)];
  if (input.fault) blocks.push(section(faultLine(input.fault, setting)));
  if (input.lastRun) blocks.push(context(lastRunLine(input.lastRun)));
  blocks.push(
    context(`Set by ${mentionUser(setting.setBy)}. ${manageHint(input.canManage, true)}`),
  );
  return {
    text: fallback(`Digest: ${scheduleWords(setting)}, ${nextWords(next, setting.time)}.`),
    blocks,
  };
}

/** The confirmation to the admin who set a digest (never posted in the channel). */
export function buildDigestSavedMessage(input: {
  setting: DigestSettingView;
  next: NextDigest;
  zoneSource: "workspace" | "member" | "fallback";
}): SlackMessage {
  const { setting, next } = input;
  const zone =
    input.zoneSource === "workspace"
      ? "the workspace's report time zone"
      : input.zoneSource === "member"
        ? "your Slack time zone"
        : "UTC, as neither the workspace nor your profile names a time zone";
  const sentence = settingSentence(setting, next);
  return {
    text: fallback(`Digest set: ${scheduleWords(setting)}.`),
    blocks: [
      section(`✅ *Digest set:* ${mentionChannel(setting.channelId)}, ${sentence}.`),
      context(
        `It reports ${CADENCE_COVERS[setting.cadence]}, with the details and the CSV in its thread. The time is read in ${zone}. Stop it with ${code(`${COMMAND} digest off`)}.`,
      ),
    ],
  };
}

/** After `/efax digest off`. `was` is false when no digest was set. */
export function buildDigestOffMessage(input: { was: boolean }): SlackMessage {
  const line = input.was
    ? "Digest turned off. Nothing more will be posted on a schedule."
    : "No digest was set, so nothing changed.";
  return {
    text: fallback(line),
    blocks: [section(line), context(`Set one again with ${code(EXAMPLE)}.`)],
  };
}

function digestError(title: string, detail: string, nextStep: string): SlackMessage {
  return {
    text: fallback(`${title}. ${nextStep}`),
    blocks: [
      section(`⚠️ *${title}*\n${detail}`),
      section(`*What to do:* ${nextStep}`),
      context(
        `Try ${[EXAMPLE, `${COMMAND} digest off`, `${COMMAND} digest`].map(code).join(" · ")}`,
      ),
    ],
  };
}

/** The words after `/efax digest` could not be used; `suggestion` is e.g. `summary last week`. */
export function buildDigestProblemMessage(input: {
  problem: DigestProblem;
  suggestion?: string | null;
}): SlackMessage {
  const { problem } = input;
  const hint = input.suggestion ? ` Did you mean ${code(`${COMMAND} ${input.suggestion}`)}?` : "";
  switch (problem.kind) {
    case "bare-channel":
      return digestError(
        "I couldn't tell which channel that is",
        `Slack sent “#${escapeText(problem.name.slice(0, 80))}” as plain text, not as a channel, because the app's /efax command is set up without “Escape channels, users, and links”.`,
        `Pick the channel in the Digest section of the app's Home tab instead, or ask whoever runs this app to update it from the current manifest (should_escape: true).`,
      );
    case "no-channel":
      return digestError(
        "Which channel should the digest go to?",
        "Name a channel: type # and pick it from Slack's list.",
        `For example ${code(EXAMPLE)}.`,
      );
    case "two-channels":
      return digestError(
        "A digest goes to one channel",
        "You named two.",
        `Name one channel, for example ${code(EXAMPLE)}.`,
      );
    case "no-time":
      return digestError(
        "At what time should the digest go out?",
        "Add a time such as 9, 9:00, 9am or 17:30.",
        `For example ${code(EXAMPLE)}.`,
      );
    case "bad-time":
      return digestError(
        "I couldn't read that time",
        `“${escapeText(problem.typed.slice(0, 40))}” is not a time of day.`,
        "Write it like 9, 9:00, 9am, 5:30pm or 17:30.",
      );
    case "unknown-word":
      return digestError(
        `I don't know “${escapeText(problem.typed.slice(0, 40))}” here`,
        `A digest takes a channel (type # and pick it), a time, and daily, weekdays or weekly.${hint}`,
        `For example ${code(EXAMPLE)}.`,
      );
  }
}

/** Why a channel cannot take the digest, found when it is set. */
export type DigestChannelProblem = "cannot-see" | "archived";

/** The channel named for the digest cannot take it. */
export function buildDigestChannelMessage(input: {
  problem: DigestChannelProblem;
  channelId: string;
}): SlackMessage {
  const channel = mentionChannel(input.channelId);
  if (input.problem === "archived") {
    return digestError(
      "That channel is archived",
      `Nothing can be posted in ${channel}.`,
      "Choose another channel.",
    );
  }
  return digestError(
    "I can't see that channel",
    `${channel} is private and I'm not in it, or it no longer exists.`,
    `Invite me by typing ${code(`/invite @${APP_DISPLAY_NAME}`)} in the channel, then set the digest again.`,
  );
}

/** Someone who is not an admin tried to set or stop the digest. */
export function buildDigestNotAllowedMessage(input: { admins?: readonly string[] }): SlackMessage {
  const admins = (input.admins ?? []).slice(0, 3).map(mentionUser);
  const ask =
    admins.length > 0
      ? `a workspace admin (for example ${admins.join(", ")})`
      : "a workspace admin";
  return digestError(
    "Only workspace admins can set or stop the digest",
    `${code(`${COMMAND} digest`)} shows how it is set to everyone.`,
    `Ask ${ask}.`,
  );
}

/** What the App Home's Digest section shows. */
export interface DigestHomeState extends DigestStatusInput {
  /** The zone the time is read in when an admin sets one now, and where it comes from. */
  zone: { timeZone: string; source: "workspace" | "member" | "fallback" };
  /** One line after a Save or Turn off from the Home: what happened, or why not. */
  notice?: string | null;
}

const CADENCE_OPTIONS: Record<Cadence, string> = {
  daily: "Every day",
  weekdays: "Weekdays (Mon–Fri)",
  weekly: "Weekly (Mondays)",
};

function cadenceOption(cadence: Cadence): PlainTextOption {
  return { text: plain(CADENCE_OPTIONS[cadence], 75), value: cadence };
}

function digestControls(state: DigestHomeState): ActionsBlockElement[] {
  const setting = state.setting;
  const channel: ConversationsSelect = {
    type: "conversations_select",
    action_id: ACTION_IDS.digestChannel,
    placeholder: plain("Pick a channel", 150),
    filter: { include: ["public", "private"], exclude_bot_users: true },
    ...(setting ? { initial_conversation: setting.channelId } : {}),
  };
  const time: Timepicker = {
    type: "timepicker",
    action_id: ACTION_IDS.digestTime,
    placeholder: plain("Time", 150),
    initial_time: setting?.time ?? "09:00",
  };
  const cadence: StaticSelect = {
    type: "static_select",
    action_id: ACTION_IDS.digestCadence,
    placeholder: plain("How often", 150),
    options: (["daily", "weekdays", "weekly"] as const).map(cadenceOption),
    initial_option: cadenceOption(setting?.cadence ?? "weekdays"),
  };
  const buttons: Button[] = [
    button({
      text: setting ? "Save digest" : "Start digest",
      actionId: ACTION_IDS.digestSave,
      style: "primary",
    }),
  ];
  if (setting) buttons.push(button({ text: "Turn off", actionId: ACTION_IDS.digestOff }));
  return [channel, time, cadence, ...buttons];
}

function lastRunLine(lastRun: NonNullable<DigestStatusInput["lastRun"]>): string {
  const mark = lastRun.outcome === "done" ? "✅" : "⚠️";
  return `${mark} Last run ${slackDate(lastRun.at)}: ${dataText(lastRun.text, 300)}`;
}

/**
 * The App Home's Digest section: the setting in words with the next digest and any fault; for
 * admins a channel picker, a time picker, the schedule, Save and Turn off; for others, who to ask.
 */
export function digestHomeBlocks(state: DigestHomeState): KnownBlock[] {
  const { setting, next } = state;
  const blocks: KnownBlock[] = [];
  if (setting && next) {
    blocks.push(
      section(
        `*Digest* · ${mentionChannel(setting.channelId)}, ${settingSentence(setting, next)}. It reports ${CADENCE_COVERS[setting.cadence]}.`,
      ),
    );
  } else {
    blocks.push(
      section(
        "*Digest* · Not set. A digest posts yesterday's key figures to a channel every morning, flags an unusual day, and puts the details and the CSV in its thread.",
      ),
    );
  }
  if (setting && state.fault) blocks.push(section(faultLine(state.fault, setting)));
  if (state.lastRun) blocks.push(context(lastRunLine(state.lastRun)));
  if (state.notice) blocks.push(section(state.notice));
  if (state.canManage) {
    blocks.push(actions(digestControls(state), BLOCK_IDS.homeDigest));
    const zone = dataText(state.zone.timeZone, 64);
    const source =
      state.zone.source === "workspace"
        ? "the workspace's report time zone"
        : state.zone.source === "member"
          ? "your Slack time zone"
          : "no zone is set, so UTC";
    blocks.push(
      context(`Only workspace admins see these controls. Times are in ${zone} (${source}).`),
    );
  } else {
    blocks.push(context(manageHint(false, setting !== null)));
  }
  return blocks;
}

/** The notice line after saving the digest from the Home. */
export function digestSavedNotice(setting: DigestSettingView, next: NextDigest): string {
  return `✅ Saved: ${mentionChannel(setting.channelId)}, ${settingSentence(setting, next)}.`;
}

/** The notice line after a Save from the Home that could not be done. */
export function digestRefusedNotice(message: SlackMessage): string {
  return `⚠️ ${message.text}`;
}

/** The notice line after turning the digest off from the Home. */
export function digestOffNotice(): string {
  return "Digest turned off.";
}
