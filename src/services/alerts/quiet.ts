/**
 * Snooze 1 day, Snooze 7 days and Mute this rule, from the buttons on every alert: admins only,
 * each click handled once (a double click, or Slack delivering it twice, snoozes once and records
 * one line in the audit trail), the rule quiet until the snooze ends or it is unmuted, and the
 * alert the click came from updated in place to say so.
 */
import type { AlertRule } from "../../command/alerts.ts";
import { formatDay } from "../../dates/format.ts";
import { wallTime } from "../../dates/schedule.ts";
import { maskFaxNumber } from "../../reports/mask.ts";
import { storeKeys } from "../../store/keys.ts";
import { buildAlertMessage, clockText, type QuietView, RULE_TITLES } from "../../views/index.ts";
import { recordChange } from "../audit.ts";
import type { Services } from "../context.ts";
import { firstTime, onceId } from "../dedup.ts";
import { logFailure } from "../logging.ts";
import { masksNumbers } from "../privacy.ts";
import { type Requester, requireManager } from "../requester.ts";
import { parseOpenAlerts } from "./run.ts";
import { loadAlerts, type QuietRule, setQuiet } from "./settings.ts";

/** What a button asks for. */
export type QuietChoice = "snooze-day" | "snooze-week" | "mute";

/** How long a click is remembered, so its repeats do nothing. */
export const QUIET_CLICK_SECONDS = 600;

const SNOOZE_MS: Record<Exclude<QuietChoice, "mute">, number> = {
  "snooze-day": 86_400_000,
  "snooze-week": 7 * 86_400_000,
};

/** The alert message a click came from, when it came from one. */
export interface ClickedAlert {
  channelId: string;
  ts: string;
}

/**
 * Snoozes or mutes `rule` (admins: throws `NotAllowedError`). Returns the quiet now in force, or
 * null when this click was a repeat of one already handled.
 */
export async function quietRule(
  services: Services,
  requester: Requester,
  rule: AlertRule,
  choice: QuietChoice,
  clicked: ClickedAlert | null,
): Promise<QuietView | null> {
  await requireManager(services, requester, "snooze");
  if (clicked) {
    const first = await firstTime(
      services.store,
      requester.teamId,
      "alert-click",
      onceId(clicked.channelId, clicked.ts, rule, choice),
      QUIET_CLICK_SECONDS,
    );
    if (!first) return null;
  }
  const now = services.now();
  const until = choice === "mute" ? null : new Date(now.getTime() + SNOOZE_MS[choice]);
  const quiet: QuietRule = {
    kind: choice === "mute" ? "mute" : "snooze",
    until: until?.toISOString() ?? null,
    by: requester.userId,
    at: now.toISOString(),
  };
  await setQuiet(services.store, requester.teamId, rule, quiet);
  const settings = await loadAlerts(services.store, requester.teamId);
  const zone = settings?.timeZone ?? "UTC";
  const untilText = until
    ? `until ${formatDay(wallTime(until, zone).day)} ${clockText(until, zone)} ${zone}`
    : null;
  await recordChange(services, requester.teamId, requester.userId, {
    what: `Alert ${quiet.kind}: ${RULE_TITLES[rule].toLowerCase()}`,
    from: null,
    to:
      choice === "mute" ? "muted" : `${choice === "snooze-day" ? "1 day" : "7 days"}, ${untilText}`,
  });
  const view: QuietView = { kind: quiet.kind, until, by: requester.userId };
  if (clicked) await markAlert(services, requester, clicked, view);
  return view;
}

/** Updates the clicked alert to show its rule's snooze or mute; failures are logged. */
async function markAlert(
  services: Services,
  requester: Requester,
  clicked: ClickedAlert,
  quiet: QuietView,
): Promise<void> {
  try {
    const open = parseOpenAlerts(
      await services.store.getFields(storeKeys.alertsOpen(requester.teamId)),
    );
    const alert = [...open.values()].find(
      (candidate) => candidate.ts === clicked.ts && candidate.channelId === clicked.channelId,
    );
    if (!alert) return;
    const masked = await masksNumbers(services.store, requester.teamId);
    const facts =
      alert.facts.rule === "unreached" && masked
        ? { ...alert.facts, number: maskFaxNumber(alert.facts.number) }
        : alert.facts;
    const message = buildAlertMessage({
      facts,
      day: alert.day,
      timeZone: alert.timeZone,
      seenAt: new Date(alert.seenAt),
      clearedAt: alert.clearedAt ? new Date(alert.clearedAt) : null,
      quiet,
    });
    await requester.client.chat.update({
      channel: alert.channelId,
      ts: alert.ts,
      text: message.text,
      blocks: message.blocks,
    });
  } catch (error) {
    logFailure(
      services.logger,
      { action: "marking an alert snoozed", teamId: requester.teamId, userId: requester.userId },
      error,
    );
  }
}
