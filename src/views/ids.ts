/**
 * Every identifier Slack sends back to the app: the command name, `action_id`s, `callback_id`s and
 * the block ids of modal inputs. Views put them in, listeners match on them; neither spells one
 * out by hand, so a rename cannot leave a button without a handler.
 */
import type { ReportName } from "../reports/catalog.ts";

/** The slash command, as declared in `manifest.yml`. */
export const COMMAND = "/efax";

/** The bot's display name, as people type it in mentions and invitations. */
export const APP_DISPLAY_NAME = "eFax Reports";

/**
 * `action_id`s. Every report button's `value` is an `encodeReportRef` string; decode it with
 * `decodeReportRef` and reject the click when that returns null.
 */
export const ACTION_IDS = {
  /** Report message: post the report to the channel, details and CSV in its thread. */
  share: "report_share",
  /** Report message: upload the full report as CSV. */
  csv: "report_csv",
  /** Report message: the day (or period of the same length) before; replaces the message. */
  previous: "report_previous",
  /** Report message: the day (or period) after; never offered when it would reach the future. */
  next: "report_next",
  /** Report message overflow menu: the same days in another report; the option value is a ref. */
  switchReport: "report_switch",
  /** A button whose value is a ref to run and show (e.g. "Show sample data" on an error). */
  runReport: "report_run",
  /** Opens the Connect modal (admins only; the listener checks again). */
  connect: "account_connect",
  /** Opens the disconnect confirmation (admins only; the listener checks again). */
  disconnect: "account_disconnect",
  /** App Home: show the sample-data Home. */
  trySample: "home_try_sample",
  /** App Home: leave the sample-data Home. */
  exitSample: "home_exit_sample",
  /** App Home: the date picker next to the run buttons. */
  homeDate: "home_date",
  /**
   * An alert's report button: shows today's report to whoever clicks (only to them); the value
   * is an `encodeReportRef` string.
   */
  alertReport: "alert_report",
  /** An alert: snooze its rule for a day (admins); the value is the rule. */
  alertSnoozeDay: "alert_snooze_day",
  /** An alert: snooze its rule for 7 days (admins); the value is the rule. */
  alertSnoozeWeek: "alert_snooze_week",
  /** An alert: mute its rule until unmuted (admins); the value is the rule. */
  alertMute: "alert_mute",

  /** App Home, Alerts section: the channel picker; choosing one saves it (admins). */
  alertsChannel: "home_alerts_channel",
  /** App Home (admins): mask destination numbers in this workspace. */
  maskOn: "privacy_mask_on",
  /** App Home (admins): show destination numbers in full again. */
  maskOff: "privacy_mask_off",
  /** App Home, Digest section: the channel picker (read on Save). */
  digestChannel: "home_digest_channel",
  /** App Home, Digest section: the time picker (read on Save). */
  digestTime: "home_digest_time",
  /** App Home, Digest section: daily, weekdays or weekly (read on Save). */
  digestCadence: "home_digest_cadence",
  /** App Home, Digest section: saves the three pickers as the digest (admins; checked again). */
  digestSave: "home_digest_save",
  /** App Home, Digest section: turns the digest off (admins; checked again). */
  digestOff: "home_digest_off",
} as const;

/** Any of the fixed action ids (the Home run buttons use {@link homeRunActionId}). */
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

const HOME_RUN_PREFIX = "home_run_";

/**
 * `action_id` of the App Home button that runs one report (they share an actions block, so each
 * needs its own id). The button's value is a ref for the day the Home shows; a day picked in the
 * date picker (`view.state.values[BLOCK_IDS.homeDate][ACTION_IDS.homeDate].selected_date`)
 * takes precedence.
 */
export function homeRunActionId(name: ReportName): string {
  return `${HOME_RUN_PREFIX}${name}`;
}

/** Alert rules, as action ids name them. */
type AlertRuleName = "rate" | "line" | "unreached";

/**
 * `action_id` of the App Home button that turns an alert rule on (with its suggested threshold)
 * or off; the buttons share an actions block, so each rule has its own. The value is the rule.
 */
export function alertsRuleActionId(rule: AlertRuleName, on: boolean): string {
  return `home_alerts_${on ? "on" : "off"}_${rule}`;
}

/** Matches every {@link alertsRuleActionId}. */
export const ALERTS_RULE_ACTION_PATTERN = /^home_alerts_(on|off)_(rate|line|unreached)$/;

/**
 * `action_id` of the button that ends a rule's snooze or mute (App Home and `/efax alerts`,
 * admins); one per rule, as they share a block. The value is the rule.
 */
export function alertUnmuteActionId(rule: AlertRuleName): string {
  return `alert_unmute_${rule}`;
}

/** Matches every {@link alertUnmuteActionId}. */
export const ALERT_UNMUTE_ACTION_PATTERN = /^alert_unmute_(rate|line|unreached)$/;

/** Matches every {@link homeRunActionId}, for one `app.action(...)` registration. */
export const HOME_RUN_ACTION_PATTERN = /^home_run_[a-z]+$/;

/** `callback_id`s of modals. */
export const CALLBACK_IDS = {
  connect: "efax_connect",
  disconnectConfirm: "efax_disconnect_confirm",
} as const;

/** Block ids whose values a listener reads; each input's element uses the same string as action id. */
export const BLOCK_IDS = {
  apiKey: "connect_api_key",
  username: "connect_username",
  password: "connect_password",
  homeDate: "home_date",
  /** App Home: the Digest section's pickers and buttons; Save reads the pickers' state here. */
  homeDigest: "home_digest",
  /** App Home: the Alerts section's channel picker and rule buttons. */
  homeAlerts: "home_alerts",
} as const;

/** The input blocks of the Connect modal, keyed the way `connectErrors` and listeners name them. */
export type ConnectField = "apiKey" | "username" | "password";
