/**
 * Everything alerts show: the alert a channel gets (what fired, the figure, the threshold, when it
 * was seen, a button to today's report, Snooze 1 day / Snooze 7 days / Mute this rule), the same
 * message updated in place once it is back to normal, `/efax alerts` with the rules, the channel,
 * snoozes and mutes, the App Home's Alerts section, and the notices around them.
 */
import type { Button, ConversationsSelect, KnownBlock } from "@slack/types";
import {
  ALERT_RULES,
  type AlertRule,
  type AlertsProblem,
  DEFAULT_ALERT_RULES,
} from "../command/alerts.ts";
import type { Day } from "../dates/calendar.ts";
import { formatCount, formatDay, formatFaxNumber, plural } from "../dates/format.ts";
import {
  actions,
  button,
  context,
  fallback,
  header,
  plain,
  type SlackMessage,
  section,
} from "./blocks.ts";
import { ACTION_IDS, alertsRuleActionId, alertUnmuteActionId, BLOCK_IDS, COMMAND } from "./ids.ts";
import { code, dataText, mentionChannel, mentionUser, slackDate } from "./mrkdwn.ts";
import { encodeReportRef } from "./report-ref.ts";

/** A rule's threshold, as stored. */
export interface AlertThresholds {
  rate: { percent: number; minAttempts: number } | null;
  line: { failures: number } | null;
  unreached: boolean;
}

/** What one alert is about, ready to show (a number already masked when the workspace masks). */
export type AlertFacts =
  | {
      rule: "rate";
      /** 0–1. */
      rate: number;
      attempts: number;
      threshold: { percent: number; minAttempts: number };
    }
  | {
      rule: "line";
      did: string;
      failures: number;
      attempts: number;
      threshold: { failures: number };
    }
  | {
      rule: "unreached";
      /** As shown: `•••-•••-2919` in a workspace that masks numbers. */
      number: string;
      attempts: number;
      mainReason: string | null;
      did: string;
    };

/** A snooze or mute, as shown. */
export interface QuietView {
  kind: "snooze" | "mute";
  until: Date | null;
  by: string;
}

/** Plain data for {@link buildAlertMessage}. */
export interface AlertMessageInput {
  facts: AlertFacts;
  /** The local day the alert is about, in `timeZone`. */
  day: Day;
  timeZone: string;
  /** When the condition was first seen. */
  seenAt: Date;
  /** When it was seen back to normal; null while it fires. */
  clearedAt: Date | null;
  /** The rule's snooze or mute, when an admin set one from this message or elsewhere. */
  quiet?: QuietView | null;
}

/** Each rule's name, as alerts and settings say it. */
export const RULE_TITLES: Record<AlertRule, string> = {
  rate: "Success rate",
  line: "Fax lines",
  unreached: "Numbers not reached",
};

const REPORT_OF_RULE: Record<AlertRule, { name: "overview" | "failures"; label: string }> = {
  rate: { name: "overview", label: "Today's overview" },
  line: { name: "overview", label: "Today's lines" },
  unreached: { name: "failures", label: "Today's failures" },
};

/** `90%`, `99.5%`: a threshold as it was typed. */
export function percentText(percent: number): string {
  return `${Number(percent.toFixed(2))}%`;
}

/** A rate to compare with `percent`: one decimal, two when the threshold has decimals. */
function rateText(rate: number, percent: number): string {
  const decimals = Number.isInteger(percent) ? 1 : 2;
  const value = (rate * 100).toFixed(decimals);
  return `${value}%`;
}

/** `14:15`, on the clock of `timeZone`. */
export function clockText(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

function what(facts: AlertFacts): string {
  switch (facts.rule) {
    case "rate":
      return `Success rate below ${percentText(facts.threshold.percent)}`;
    case "line":
      return `Fax line ${dataText(formatFaxNumber(facts.did), 32)}: over ${plural(facts.threshold.failures, "failure", "failures")}`;
    case "unreached":
      return `No fax got through to ${dataText(formatFaxNumber(facts.number), 32)}`;
  }
}

function figure(facts: AlertFacts): string {
  switch (facts.rule) {
    case "rate":
      return `*${rateText(facts.rate, facts.threshold.percent)}* of ${plural(facts.attempts, "fax attempt", "fax attempts")} went through today (alert below ${percentText(facts.threshold.percent)}, from ${formatCount(facts.threshold.minAttempts)} attempts).`;
    case "line":
      return `*${plural(facts.failures, "failed attempt", "failed attempts")}* of ${formatCount(facts.attempts)} today (alert over ${formatCount(facts.threshold.failures)}).`;
    case "unreached": {
      const why = facts.mainReason ? `, mostly ${dataText(facts.mainReason, 60)}` : "";
      const from = facts.did ? ` from line ${dataText(formatFaxNumber(facts.did), 32)}` : "";
      return `*Every attempt failed today*: ${plural(facts.attempts, "attempt", "attempts")}${why}${from}.`;
    }
  }
}

/** The text of a snooze or mute, as alerts and settings show it. */
export function quietText(quiet: QuietView): string {
  if (quiet.kind === "mute") {
    return `🔕 Muted by ${mentionUser(quiet.by)}: posts nothing until it is unmuted.`;
  }
  const until = quiet.until ? ` until ${slackDate(quiet.until)}` : "";
  return `😴 Snoozed by ${mentionUser(quiet.by)}${until}: posts nothing until then.`;
}

/** The alert's buttons: today's report, then Snooze 1 day, Snooze 7 days, Mute this rule. */
function alertButtons(facts: AlertFacts, day: Day): Button[] {
  const report = REPORT_OF_RULE[facts.rule];
  return [
    button({
      text: report.label,
      actionId: ACTION_IDS.alertReport,
      value: encodeReportRef({ name: report.name, from: day, to: day, sample: false }),
    }),
    button({ text: "Snooze 1 day", actionId: ACTION_IDS.alertSnoozeDay, value: facts.rule }),
    button({ text: "Snooze 7 days", actionId: ACTION_IDS.alertSnoozeWeek, value: facts.rule }),
    button({ text: "Mute this rule", actionId: ACTION_IDS.alertMute, value: facts.rule }),
  ];
}

/** An alert as its channel sees it: firing, or updated in place once back to normal. */
export function buildAlertMessage(input: AlertMessageInput): SlackMessage {
  const { facts, timeZone } = input;
  const seen = clockText(input.seenAt, timeZone);
  const title = what(facts);
  const blocks: KnownBlock[] = [];
  let text: string;
  if (input.clearedAt === null) {
    blocks.push(section(`🚨 *${title}*\n${figure(facts)}\nSeen at ${seen}.`));
    text = `Alert: ${title}. Seen at ${seen}.`;
  } else {
    const back = clockText(input.clearedAt, timeZone);
    blocks.push(
      section(`✅ *Back to normal at ${back}* · ${title}\nFirst seen at ${seen}: ${figure(facts)}`),
    );
    text = `Back to normal at ${back}: ${title}.`;
  }
  blocks.push(actions(alertButtons(facts, input.day)));
  const quiet = input.quiet ? [quietText(input.quiet)] : [];
  blocks.push(
    context(
      ...quiet,
      `${RULE_TITLES[facts.rule]} alert · ${formatDay(input.day)}, times in ${dataText(timeZone, 40)}. Posted once a day; updated here when it is back to normal.`,
    ),
  );
  return { text: fallback(text.replace(/\*/g, "")), blocks };
}

/** The alert settings, as `/efax alerts` and the App Home state them. */
export interface AlertsStatus {
  channelId: string | null;
  rules: AlertThresholds;
  timeZone: string | null;
  quiet: Partial<Record<AlertRule, QuietView>>;
  /** The asker may change them (admins). */
  canManage: boolean;
}

function ruleLine(rule: AlertRule, rules: AlertThresholds): string {
  switch (rule) {
    case "rate":
      return rules.rate
        ? `*Success rate* below ${percentText(rules.rate.percent)}, from ${plural(rules.rate.minAttempts, "attempt", "attempts")} a day`
        : `*Success rate* off · ${code(`${COMMAND} alerts rate 90 min 20`)}`;
    case "line":
      return rules.line
        ? `*Fax lines* over ${plural(rules.line.failures, "failure", "failures")} a day on one line`
        : `*Fax lines* off · ${code(`${COMMAND} alerts line 20`)}`;
    case "unreached":
      return rules.unreached
        ? "*Numbers not reached* on: a number no fax got through to all day"
        : `*Numbers not reached* off · ${code(`${COMMAND} alerts unreached on`)}`;
  }
}

function anyOn(rules: AlertThresholds): boolean {
  return rules.rate !== null || rules.line !== null || rules.unreached;
}

function statusLines(status: AlertsStatus): string[] {
  const lines = ALERT_RULES.map((rule) => {
    const quiet = status.quiet[rule];
    return `• ${ruleLine(rule, status.rules)}${quiet ? `\n   ${quietText(quiet)}` : ""}`;
  });
  const where = status.channelId
    ? `Alerts go to ${mentionChannel(status.channelId)}.`
    : `⚠️ No channel is chosen yet: ${code(`${COMMAND} alerts #channel`)}. Nothing is checked until one is.`;
  return [where, ...lines];
}

function unmuteButtons(status: AlertsStatus): Button[] {
  if (!status.canManage) return [];
  return ALERT_RULES.filter((rule) => status.quiet[rule]).map((rule) =>
    button({
      text: `${status.quiet[rule]?.kind === "mute" ? "Unmute" : "End snooze"}: ${RULE_TITLES[rule]}`,
      actionId: alertUnmuteActionId(rule),
      value: rule,
    }),
  );
}

/** `/efax alerts` (and the answer to every change): the rules, channel, snoozes and mutes. */
export function buildAlertsMessage(
  status: AlertsStatus,
  saved: string | null = null,
): SlackMessage {
  const blocks: KnownBlock[] = [header("Alerts")];
  if (saved) blocks.push(section(`✅ ${saved}`));
  blocks.push(section(statusLines(status).join("\n")));
  const unmute = unmuteButtons(status);
  if (unmute.length > 0) blocks.push(actions(unmute));
  const zone = status.timeZone ? ` "Today" is counted in ${dataText(status.timeZone, 40)}.` : "";
  blocks.push(
    context(
      status.canManage
        ? `Checked every 15 minutes; each alert posts once a day and is updated when it is back to normal.${zone} Set them with ${code(`${COMMAND} alerts rate 99.5 min 20`)}, ${code(`${COMMAND} alerts line 20`)}, ${code(`${COMMAND} alerts unreached on`)}, ${code(`${COMMAND} alerts off`)}.`
        : `Workspace admins set the alerts.${zone}`,
    ),
  );
  const summary = status.channelId
    ? `Alerts go to #${status.channelId}; ${anyOn(status.rules) ? "some rules are on" : "every rule is off"}.`
    : "No alert channel is chosen yet.";
  return { text: fallback(saved ? `${saved} ${summary}` : summary), blocks };
}

const PROBLEM_WORDS: Record<AlertsProblem["kind"], string> = {
  "bare-channel": "I can't tell which channel that is",
  "bad-percent": "The success rate needs a percent from 0 to 100",
  "bad-min": "The minimum needs a whole number of attempts",
  "bad-failures": "The line rule needs a whole number of failures",
  "bad-switch": "Numbers not reached is on or off",
  unknown: "I couldn't read that",
};

/** `/efax alerts …` that could not be read: what was wrong and what works. */
export function buildAlertsProblemMessage(problem: AlertsProblem): SlackMessage {
  const typed =
    problem.kind === "bare-channel"
      ? `#${problem.name}`
      : "typed" in problem && problem.typed
        ? problem.typed
        : null;
  const detail =
    problem.kind === "bare-channel"
      ? "Pick the channel from Slack's list as you type # so it becomes a link."
      : typed
        ? `“${dataText(typed, 60)}” didn't fit.`
        : "Something was missing.";
  const examples = [
    "alerts #fax-ops",
    "alerts rate 90",
    "alerts rate 99.5 min 50",
    "alerts line 20",
    "alerts unreached on",
    "alerts rate off",
    "alerts line off",
    "alerts off",
  ].map((words) => code(`${COMMAND} ${words}`));
  return {
    text: fallback(`${PROBLEM_WORDS[problem.kind]}. Type /efax alerts for the rules.`),
    blocks: [
      section(`⚠️ *${PROBLEM_WORDS[problem.kind]}.* ${detail}`),
      context(`Try ${examples.join(" · ")}`),
    ],
  };
}

/** After Snooze or Mute on an alert: what it does now, to the admin who clicked. */
export function buildQuietNotice(rule: AlertRule, quiet: QuietView): SlackMessage {
  const line = `${RULE_TITLES[rule]} alerts: ${quietText(quiet)} Undo it from the App Home or ${COMMAND} alerts.`;
  return { text: fallback(line.replace(/<[^>]*>/g, "")), blocks: [section(line)] };
}

/** After Unmute: the rule posts again. */
export function buildUnquietNotice(rule: AlertRule): SlackMessage {
  const line = `🔔 ${RULE_TITLES[rule]} alerts post again.`;
  return { text: fallback(line), blocks: [section(line)] };
}

/** Why alerts could not be posted, to the admin who set them, once. */
export function buildAlertsFaultNotice(input: { channelId: string; reason: string }): SlackMessage {
  const channel = mentionChannel(input.channelId);
  return {
    text: fallback(`Alerts could not be posted to the alert channel: ${input.reason}`),
    blocks: [
      section(`⚠️ *Alerts could not be posted to ${channel}.*\n${dataText(input.reason, 300)}`),
      section(
        `*What to do:* invite ${code("@eFax Reports")} to the channel, or choose another with ${code(`${COMMAND} alerts #channel`)}. Checks go on meanwhile and post as soon as they can.`,
      ),
    ],
  };
}

/** Plain data for the App Home's Alerts section. */
export interface AlertsHomeState extends AlertsStatus {
  /** One line after a change from the Home. */
  notice?: string | null;
}

function ruleButton(rule: AlertRule, rules: AlertThresholds): Button {
  const on =
    rule === "rate" ? rules.rate !== null : rule === "line" ? rules.line !== null : rules.unreached;
  if (on) {
    return button({
      text: `Turn off: ${RULE_TITLES[rule]}`,
      actionId: alertsRuleActionId(rule, false),
      value: rule,
    });
  }
  const label = {
    rate: `Alert below ${percentText(DEFAULT_ALERT_RULES.rate.percent)} success`,
    line: `Alert over ${DEFAULT_ALERT_RULES.line.failures} failures on a line`,
    unreached: "Alert on numbers not reached",
  }[rule];
  return button({ text: label, actionId: alertsRuleActionId(rule, true), value: rule });
}

/** The App Home's Alerts section (admins): the rules, the channel picker, one-click defaults. */
export function alertsHomeBlocks(state: AlertsHomeState): KnownBlock[] {
  const blocks: KnownBlock[] = [section(`*Alerts*\n${statusLines(state).join("\n")}`)];
  if (state.notice) blocks.push(section(state.notice));
  if (!state.canManage) {
    blocks.push(context("Workspace admins set the alerts."));
    return blocks;
  }
  const channel: ConversationsSelect = {
    type: "conversations_select",
    action_id: ACTION_IDS.alertsChannel,
    placeholder: plain("Alert channel", 150),
    filter: { include: ["public", "private"], exclude_bot_users: true },
    ...(state.channelId ? { initial_conversation: state.channelId } : {}),
  };
  blocks.push(
    actions(
      [channel, ...ALERT_RULES.map((rule) => ruleButton(rule, state.rules))],
      BLOCK_IDS.homeAlerts,
    ),
  );
  const unmute = unmuteButtons(state);
  if (unmute.length > 0) blocks.push(actions(unmute));
  blocks.push(
    context(
      `Suggested: below ${percentText(DEFAULT_ALERT_RULES.rate.percent)} success from ${DEFAULT_ALERT_RULES.rate.minAttempts} attempts, over ${DEFAULT_ALERT_RULES.line.failures} failures on a line, numbers not reached. Other thresholds: ${code(`${COMMAND} alerts rate 95 min 50`)}. Only admins see these controls.`,
    ),
  );
  return blocks;
}
