/**
 * Changing the alerts, from `/efax alerts …` or the App Home: admins only; the channel checked
 * with Slack when it is chosen (a public channel is joined; one the app cannot see, or an
 * archived one, is refused); every change saved, put in the job's index when a channel and a rule
 * are on, recorded in the audit trail, and stated back. Snoozes and mutes come from the alert
 * messages' buttons (`quiet.ts`); ending one is here too.
 */
import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import {
  ALERT_RULES,
  type AlertRule,
  type AlertsCommand,
  DEFAULT_ALERT_RULES,
} from "../../command/alerts.ts";
import {
  type AlertsStatus,
  type AlertThresholds,
  buildAlertsMessage,
  buildAlertsProblemMessage,
  buildErrorMessage,
  percentText,
  type QuietView,
  RULE_TITLES,
  type SlackMessage,
} from "../../views/index.ts";
import { recordChange } from "../audit.ts";
import type { Services } from "../context.ts";
import { describeError } from "../logging.ts";
import { isManager, type Requester, requireManager } from "../requester.ts";
import { loadSettings } from "../settings.ts";
import { resolveTimeZone } from "../time-zone.ts";
import {
  type AlertSettings,
  anyRuleOn,
  clearQuiet,
  loadAlerts,
  loadQuiet,
  type QuietRule,
  storeAlerts,
} from "./settings.ts";

/** A rule's setting in the audit trail's words: `below 90% from 20 attempts`, `off`. */
export function ruleText(rule: AlertRule, rules: AlertThresholds): string {
  switch (rule) {
    case "rate":
      return rules.rate
        ? `below ${percentText(rules.rate.percent)} from ${rules.rate.minAttempts} attempts`
        : "off";
    case "line":
      return rules.line ? `over ${rules.line.failures} failures` : "off";
    case "unreached":
      return rules.unreached ? "on" : "off";
  }
}

function quietView(quiet: QuietRule): QuietView {
  return { kind: quiet.kind, until: quiet.until ? new Date(quiet.until) : null, by: quiet.by };
}

/** The alert settings and snoozes as `/efax alerts` and the Home show them. */
export async function alertsStatus(
  services: Services,
  requester: Requester,
): Promise<AlertsStatus> {
  const [settings, quiet, canManage] = await Promise.all([
    loadAlerts(services.store, requester.teamId),
    loadQuiet(services.store, requester.teamId, services.now()),
    isManager(services, requester).catch(() => false),
  ]);
  const views: AlertsStatus["quiet"] = {};
  for (const rule of ALERT_RULES) {
    const entry = quiet[rule];
    if (entry) views[rule] = quietView(entry);
  }
  return {
    channelId: settings?.channelId ?? null,
    rules: {
      rate: settings?.rate ?? null,
      line: settings?.line ?? null,
      unreached: settings?.unreached ?? false,
    },
    timeZone: settings?.timeZone ?? null,
    quiet: views,
    canManage,
  };
}

/** Why a channel cannot take alerts, found when it is chosen. */
type ChannelProblem = "cannot-see" | "archived";

/** Joins a public channel (a no-op when in it); a private one the app is in is fine. */
async function checkChannel(client: WebClient, channelId: string): Promise<ChannelProblem | null> {
  try {
    await client.conversations.join({ channel: channelId });
    return null;
  } catch (error) {
    if (!(error instanceof WebAPIPlatformError)) throw error;
    switch (error.data.error) {
      case "method_not_supported_for_channel_type":
      case "missing_scope":
        return null;
      case "is_archived":
        return "archived";
      case "channel_not_found":
        return "cannot-see";
      default:
        throw error;
    }
  }
}

function channelProblemMessage(problem: ChannelProblem): SlackMessage {
  return problem === "archived"
    ? buildErrorMessage({
        title: "That channel is archived",
        detail: "Alerts can't be posted there.",
        nextStep: "Choose another channel.",
      })
    : buildErrorMessage({
        title: "I can't see that channel",
        detail: "It is private and I'm not in it, or it no longer exists.",
        nextStep: "Invite me by typing /invite @eFax Reports in the channel, then choose it again.",
      });
}

/** What one change does to the settings, and how it is said. */
type Change =
  | { kind: "channel"; channelId: string }
  | { kind: "rule"; rule: AlertRule; rules: Partial<AlertThresholds> }
  | { kind: "all-off" };

/**
 * Applies `change` (admins only: throws `NotAllowedError`), records each rule or channel that
 * changed in the audit trail, and returns the saved settings with a sentence saying what changed.
 */
export async function changeAlerts(
  services: Services,
  requester: Requester,
  change: Change,
): Promise<{ saved: string; settings: AlertSettings } | { problem: SlackMessage }> {
  await requireManager(services, requester, "alerts");
  if (change.kind === "channel") {
    const problem = await checkChannel(requester.client, change.channelId);
    if (problem) return { problem: channelProblemMessage(problem) };
  }
  const zone = await resolveTimeZone(
    { store: services.store, client: requester.client, logger: services.logger },
    requester.teamId,
    requester.userId,
  );
  const before = (await loadAlerts(services.store, requester.teamId)) ?? {
    channelId: null,
    rate: null,
    line: null,
    unreached: false,
    timeZone: zone.timeZone,
    changedBy: requester.userId,
    changedAt: services.now().toISOString(),
  };
  const after: AlertSettings = {
    ...before,
    timeZone: zone.timeZone,
    changedBy: requester.userId,
    changedAt: services.now().toISOString(),
  };
  if (change.kind === "channel") after.channelId = change.channelId;
  if (change.kind === "rule") Object.assign(after, change.rules);
  if (change.kind === "all-off") {
    after.rate = null;
    after.line = null;
    after.unreached = false;
  }
  await storeAlerts(services.store, requester.teamId, after);

  const record = (what: string, from: string | null, to: string | null) =>
    recordChange(services, requester.teamId, requester.userId, { what, from, to });
  if (before.channelId !== after.channelId) {
    await record(
      "Alert channel",
      before.channelId && `#${before.channelId}`,
      after.channelId && `#${after.channelId}`,
    );
  }
  const changed: AlertRule[] = [];
  for (const rule of ALERT_RULES) {
    const from = ruleText(rule, before);
    const to = ruleText(rule, after);
    if (from === to) continue;
    changed.push(rule);
    await record(`Alert: ${RULE_TITLES[rule].toLowerCase()}`, from, to);
  }
  return { saved: savedSentence(change, after, changed), settings: after };
}

function savedSentence(change: Change, after: AlertSettings, changed: AlertRule[]): string {
  const later = anyRuleOn(after) ? "" : " No rule is on yet.";
  if (change.kind === "channel") return `Alerts go to <#${change.channelId}>.${later}`;
  if (change.kind === "all-off") {
    return changed.length > 0 ? "Every alert rule is off." : "Every alert rule was off already.";
  }
  const rule = change.rule;
  const title = RULE_TITLES[rule];
  const state = ruleText(rule, after);
  const noChannel =
    after.channelId === null && anyRuleOn(after)
      ? " Choose a channel for them with /efax alerts #channel: nothing is checked until then."
      : "";
  return state === "off"
    ? `${title} alerts are off.`
    : `${title} alerts: ${state === "on" ? "on" : state}.${noChannel}`;
}

/** Ends a rule's snooze or mute (admins), recorded in the audit trail; false when none was on. */
export async function unmuteRule(
  services: Services,
  requester: Requester,
  rule: AlertRule,
): Promise<boolean> {
  await requireManager(services, requester, "snooze");
  const was = await clearQuiet(services.store, requester.teamId, rule, services.now());
  if (was === null) return false;
  await recordChange(services, requester.teamId, requester.userId, {
    what: `Alert ${was.kind}: ${RULE_TITLES[rule].toLowerCase()}`,
    from: was.kind === "mute" ? "muted" : `snoozed until ${was.until ?? "?"}`,
    to: null,
  });
  return true;
}

/** `/efax alerts …`: shows the alerts, or changes them (admins) and shows them changed. */
export async function runAlertsCommand(
  services: Services,
  requester: Requester,
  command: AlertsCommand,
): Promise<SlackMessage> {
  let change: Change;
  switch (command.action) {
    case "show":
      return buildAlertsMessage(await alertsStatus(services, requester));
    case "invalid":
      return buildAlertsProblemMessage(command.problem);
    case "channel":
      change = { kind: "channel", channelId: command.channel.id };
      break;
    case "rate":
      change = {
        kind: "rule",
        rule: "rate",
        rules: { rate: { percent: command.percent, minAttempts: command.minAttempts } },
      };
      break;
    case "line":
      change = { kind: "rule", rule: "line", rules: { line: { failures: command.failures } } };
      break;
    case "unreached":
      change = { kind: "rule", rule: "unreached", rules: { unreached: command.on } };
      break;
    case "rule-off":
      change = { kind: "rule", rule: command.rule, rules: { [command.rule]: null } };
      break;
    case "off":
      change = { kind: "all-off" };
      break;
  }
  const result = await changeAlerts(services, requester, change);
  if ("problem" in result) return result.problem;
  return buildAlertsMessage(await alertsStatus(services, requester), result.saved);
}

/** The Home's one-click change: a rule on with its suggested threshold, or off. */
export function homeRuleChange(rule: AlertRule, on: boolean): Change {
  if (!on) {
    return {
      kind: "rule",
      rule,
      rules: rule === "unreached" ? { unreached: false } : { [rule]: null },
    };
  }
  const rules: Partial<AlertThresholds> =
    rule === "rate"
      ? { rate: { ...DEFAULT_ALERT_RULES.rate } }
      : rule === "line"
        ? { line: { ...DEFAULT_ALERT_RULES.line } }
        : { unreached: true };
  return { kind: "rule", rule, rules };
}

/** The Home's channel picker. */
export function homeChannelChange(channelId: string): Change {
  return { kind: "channel", channelId };
}

/**
 * After the workspace's report time zone changed: alerts count "today" in it (or, once cleared,
 * in the zone of the admin who changed them last). Failures are logged.
 */
export async function alertsFollowReportTimeZone(
  services: Services,
  client: WebClient,
  teamId: string,
): Promise<void> {
  try {
    const settings = await loadAlerts(services.store, teamId);
    if (settings === null) return;
    const workspace = (await loadSettings(services.store, teamId)).timeZone;
    const timeZone =
      workspace ??
      (
        await resolveTimeZone(
          { store: services.store, client, logger: services.logger },
          teamId,
          settings.changedBy,
        )
      ).timeZone;
    if (timeZone === settings.timeZone) return;
    await storeAlerts(services.store, teamId, { ...settings, timeZone });
  } catch (error) {
    services.logger.warn(
      `Could not move the alerts of team ${teamId} to the new report time zone: ${describeError(error)}`,
    );
  }
}
