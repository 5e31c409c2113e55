/**
 * The alerts' buttons and menus: an alert's report button (today's report, shown only to whoever
 * clicked), Snooze 1 day, Snooze 7 days, Mute this rule, Unmute, and the App Home's Alerts
 * section (channel picker, one-click rules). Every click is acknowledged at once; changes are for
 * admins, checked again here.
 */
import type { App } from "@slack/bolt";
import { ALERT_RULES, type AlertRule } from "../../command/alerts.ts";
import {
  changeAlerts,
  homeChannelChange,
  homeRuleChange,
  unmuteRule,
} from "../../services/alerts/commands.ts";
import { type QuietChoice, quietRule } from "../../services/alerts/quiet.ts";
import type { Services } from "../../services/context.ts";
import { conversationDelivery, responseUrlDelivery } from "../../services/delivery.ts";
import { InvalidButtonError } from "../../services/errors.ts";
import { publishHome } from "../../services/home.ts";
import { type Requester, reportFailure, showReportSafely } from "../../services/requests.ts";
import {
  ACTION_IDS,
  ALERT_UNMUTE_ACTION_PATTERN,
  ALERTS_RULE_ACTION_PATTERN,
} from "../../views/ids.ts";
import { buildQuietNotice, buildUnquietNotice } from "../../views/index.ts";
import { decodeReportRef } from "../../views/report-ref.ts";
import {
  type ActionArgs,
  type ActionHandler,
  answerDelivery,
  onBlockAction,
} from "./block-actions.ts";

function ruleOf(action: ActionArgs["action"]): AlertRule | null {
  const value = action.type === "button" ? action.value : undefined;
  return ALERT_RULES.find((rule) => rule === value) ?? null;
}

const QUIET_CHOICES: readonly [string, QuietChoice][] = [
  [ACTION_IDS.alertSnoozeDay, "snooze-day"],
  [ACTION_IDS.alertSnoozeWeek, "snooze-week"],
  [ACTION_IDS.alertMute, "mute"],
];

/** Registers the alerts' buttons and the App Home's Alerts controls. */
export function register(app: App, services: Services): void {
  const on = (actionId: string | RegExp, handler: ActionHandler) =>
    onBlockAction(app, services, actionId, handler);

  // Today's report, to whoever clicked only: the alert stays as it is for everyone else.
  on(ACTION_IDS.alertReport, async ({ body, action, respond }, requester) => {
    const delivery = body.response_url
      ? responseUrlDelivery(respond, { replacesOriginal: false })
      : conversationDelivery(requester.client, { channel: requester.userId });
    const ref = action.type === "button" ? decodeReportRef(action.value) : null;
    if (!ref) {
      await reportFailure(services, requester, delivery, new InvalidButtonError(), {}, "button");
      return;
    }
    await showReportSafely(services, requester, ref, delivery, "alert report");
  });

  for (const [actionId, choice] of QUIET_CHOICES) {
    on(actionId, async ({ body, action, respond }, requester) => {
      const delivery = answerDelivery(body, respond, requester);
      const rule = ruleOf(action);
      if (!rule) {
        await reportFailure(services, requester, delivery, new InvalidButtonError(), {}, "button");
        return;
      }
      const channelId = body.channel?.id ?? body.container?.channel_id;
      const ts = body.message?.ts ?? body.container?.message_ts;
      try {
        const quiet = await quietRule(
          services,
          requester,
          rule,
          choice,
          typeof channelId === "string" && typeof ts === "string" ? { channelId, ts } : null,
        );
        if (quiet) await delivery.show(buildQuietNotice(rule, quiet), { replace: false });
      } catch (error) {
        await reportFailure(services, requester, delivery, error, {}, "snooze button");
      }
    });
  }

  on(ALERT_UNMUTE_ACTION_PATTERN, async ({ body, action, respond }, requester) => {
    const delivery = answerDelivery(body, respond, requester);
    const rule = ruleOf(action);
    if (!rule) {
      await reportFailure(services, requester, delivery, new InvalidButtonError(), {}, "button");
      return;
    }
    try {
      await unmuteRule(services, requester, rule);
      if (body.view?.type === "home") {
        await publishHome(services, requester, { alertsNotice: buildUnquietNotice(rule).text });
      } else {
        await delivery.show(buildUnquietNotice(rule), { replace: false });
      }
    } catch (error) {
      await reportFailure(services, requester, delivery, error, {}, "unmute button");
    }
  });

  /** A change from the App Home: saved and shown there, or why not. */
  const fromHome = async (
    args: ActionArgs,
    requester: Requester,
    change: Parameters<typeof changeAlerts>[2],
  ) => {
    try {
      const result = await changeAlerts(services, requester, change);
      const notice = "problem" in result ? `⚠️ ${result.problem.text}` : `✅ ${result.saved}`;
      await publishHome(services, requester, { alertsNotice: notice });
    } catch (error) {
      const delivery = answerDelivery(args.body, args.respond, requester);
      await reportFailure(services, requester, delivery, error, {}, "alerts on the Home");
    }
  };

  on(ACTION_IDS.alertsChannel, async (args, requester) => {
    const channel =
      args.action.type === "conversations_select" ? args.action.selected_conversation : null;
    if (!channel || !/^[CG][A-Z0-9]{2,30}$/.test(channel)) return;
    await fromHome(args, requester, homeChannelChange(channel));
  });

  on(ALERTS_RULE_ACTION_PATTERN, async (args, requester) => {
    const rule = ruleOf(args.action);
    const turnOn = args.action.action_id.startsWith("home_alerts_on_");
    if (!rule) return;
    await fromHome(args, requester, homeRuleChange(rule, turnOn));
  });
}
