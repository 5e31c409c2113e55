/**
 * One alert check of one workspace, in one quarter hour of its local day: today's account
 * overview and failures report (one eFax call each at most, the report cache's short life for
 * today being under a quarter hour), the rules applied to them, and for each alert subject (the
 * success rate, a fax line, a number):
 *
 * - firing and not posted today: claimed for the day with `SET NX` (so of any number of checks
 *   exactly one posts it), then posted with its figure, threshold, the time it was seen, a
 *   button to today's report, and Snooze 1 day / Snooze 7 days / Mute this rule; unless its rule
 *   is snoozed or muted, in which case nothing is posted (it posts once the snooze ends, if it
 *   still fires that day);
 * - posted today and no longer firing: the message is updated in place, "back to normal at
 *   14:20"; firing again later the same day updates it back, never a second post.
 *
 * The numbers themselves are needed to tell subjects apart, so the reports are read unmasked;
 * what is posted is masked here when the workspace masks numbers. eFax failing ends the check
 * quietly until the next quarter hour (no retry every minute); Slack refusing the channel is
 * recorded and told once to the admin who set the alerts.
 */
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { Day } from "../../dates/calendar.ts";
import { wallTime } from "../../dates/schedule.ts";
import { type FiringAlert, firingAlerts, todayFigures } from "../../reports/alerts.ts";
import { maskFaxNumber } from "../../reports/mask.ts";
import type { FaxReport } from "../../reports/model.ts";
import { storeKeys } from "../../store/keys.ts";
import {
  type AlertFacts,
  buildAlertMessage,
  buildAlertsFaultNotice,
  type QuietView,
} from "../../views/index.ts";
import type { ReportRef } from "../../views/report-ref.ts";
import type { Services } from "../context.ts";
import { classifySlackFailure, troubleOf } from "../digest/run.ts";
import { describeError, logFailure } from "../logging.ts";
import { masksNumbers } from "../privacy.ts";
import type { RunContext, RunOutcome } from "../schedule/job.ts";
import {
  type AlertSettings,
  type AlertsEntry,
  anyRuleOn,
  loadAlerts,
  loadQuiet,
  type QuietRule,
  rulesOf,
} from "./settings.ts";

/** How long an alert's once-a-day claim is kept: its day, and a margin for zones. */
export const ALERT_CLAIM_SECONDS = 3 * 86_400;

/** New alerts one check posts at most; the rest post at the next checks, still that day. */
export const MAX_NEW_ALERTS_PER_CHECK = 10;

const factsSchema = z.union([
  z.object({
    rule: z.literal("rate"),
    rate: z.number(),
    attempts: z.number(),
    threshold: z.object({ percent: z.number(), minAttempts: z.number() }),
  }),
  z.object({
    rule: z.literal("line"),
    did: z.string(),
    failures: z.number(),
    attempts: z.number(),
    threshold: z.object({ failures: z.number() }),
  }),
  z.object({
    rule: z.literal("unreached"),
    number: z.string(),
    attempts: z.number(),
    mainReason: z.string().nullable(),
    did: z.string(),
  }),
]);

/** A posted alert, as the open map keeps it: enough to update its message in place. */
const openSchema = z.object({
  subject: z.string(),
  channelId: z.string(),
  ts: z.string(),
  day: z.string(),
  timeZone: z.string(),
  seenAt: z.string(),
  state: z.enum(["firing", "cleared"]),
  clearedAt: z.string().nullable(),
  facts: factsSchema,
});
export type OpenAlert = z.infer<typeof openSchema>;

/** A field of the open map: `<day>.<subject>`. */
export function openField(day: Day, subject: string): string {
  return `${day}.${subject}`;
}

/** Reads the open map's entries (damaged ones left out). */
export function parseOpenAlerts(fields: Record<string, unknown>): Map<string, OpenAlert> {
  const open = new Map<string, OpenAlert>();
  for (const [field, value] of Object.entries(fields)) {
    const parsed = openSchema.safeParse(value);
    if (parsed.success) open.set(field, parsed.data);
  }
  return open;
}

/** What an alert shows of what fired, its number masked when the workspace masks numbers. */
function factsOf(alert: FiringAlert, masked: boolean): AlertFacts {
  switch (alert.rule) {
    case "rate":
      return {
        rule: "rate",
        rate: alert.rate,
        attempts: alert.attempts,
        threshold: alert.threshold,
      };
    case "line":
      return {
        rule: "line",
        did: alert.did,
        failures: alert.failures,
        attempts: alert.attempts,
        threshold: alert.threshold,
      };
    case "unreached":
      return {
        rule: "unreached",
        number: masked ? maskFaxNumber(alert.destination) : alert.destination,
        attempts: alert.attempts,
        mainReason: alert.mainReason,
        did: alert.did,
      };
  }
}

/** Stored facts shown again, masked now if the workspace masks numbers now. */
function shownFacts(facts: AlertFacts, masked: boolean): AlertFacts {
  return facts.rule === "unreached" && masked
    ? { ...facts, number: maskFaxNumber(facts.number) }
    : facts;
}

function quietView(quiet: QuietRule | undefined): QuietView | null {
  if (!quiet) return null;
  return { kind: quiet.kind, until: quiet.until ? new Date(quiet.until) : null, by: quiet.by };
}

const EMPTY_DAY = (kind: FaxReport["kind"], day: Day): FaxReport => ({
  kind,
  range: { from: day, to: day },
  sample: false,
  totals: { attempts: 0, successes: 0, failures: 0, successRate: null, byReason: [] },
  previous: null,
  series: [],
  topDids: { items: [], count: 0 },
  topUsers: { items: [], count: 0 },
  topDestinations: { items: [], count: 0 },
  allFailed: { items: [], count: 0 },
  rows: [],
});

/** Today's two reports (only those the rules need), unmasked, without rankings. */
async function todayReports(
  services: Services,
  teamId: string,
  settings: AlertSettings,
  day: Day,
  signal: AbortSignal,
): Promise<{ overview: FaxReport; failures: FaxReport }> {
  const run = async (name: "overview" | "failures"): Promise<FaxReport> => {
    const ref: ReportRef = { name, from: day, to: day, sample: false };
    const report = await services.reports.run(teamId, ref, {
      previous: false,
      rankings: false,
      mask: false,
      signal,
    });
    if (report.kind === "summary" || report.kind === "billable-pages") {
      throw new Error(`The ${name} report came back as another report.`);
    }
    return report;
  };
  const [overview, failures] = await Promise.all([
    settings.rate || settings.line ? run("overview") : EMPTY_DAY("account-overview", day),
    settings.unreached ? run("failures") : EMPTY_DAY("failures", day),
  ]);
  return { overview, failures };
}

/** Words for a fault that keeps alerts from their channel. */
const FAULT_WORDS: Record<string, string> = {
  "not-in-channel": "the app is not a member of the private alert channel.",
  "channel-not-found": "the alert channel was not found (deleted, or private without the app).",
  archived: "the alert channel is archived.",
  "token-revoked": "Slack no longer accepts the app's access to this workspace.",
  "missing-scope": "the app's installation lacks a permission alerts need.",
  "slack-refused": "Slack refused the alert.",
};

const faultSchema = z.object({ fault: z.string(), channelId: z.string(), at: z.string() });

/** Records the fault and tells the admin who set the alerts, once per fault and channel. */
async function reportFault(
  services: Services,
  client: WebClient,
  teamId: string,
  settings: AlertSettings & { channelId: string },
  fault: string,
): Promise<string> {
  const reason = FAULT_WORDS[fault] ?? "Slack refused the alert.";
  const key = storeKeys.alertsFault(teamId);
  const previous = faultSchema.safeParse(await services.store.get(key));
  await services.store.set(key, {
    fault,
    channelId: settings.channelId,
    at: services.now().toISOString(),
  });
  const told =
    previous.success &&
    previous.data.fault === fault &&
    previous.data.channelId === settings.channelId;
  if (!told) {
    try {
      const notice = buildAlertsFaultNotice({ channelId: settings.channelId, reason });
      await client.chat.postMessage({
        channel: settings.changedBy,
        text: notice.text,
        blocks: notice.blocks,
      });
    } catch (error) {
      logFailure(
        services.logger,
        { action: "telling the admin about an alerts fault", teamId, userId: settings.changedBy },
        error,
      );
    }
  }
  return `Alerts could not be posted: ${reason}`;
}

/** Runs one check (see the module comment). */
export async function runAlertCheck(context: RunContext<AlertsEntry>): Promise<RunOutcome> {
  const { services, teamId, client, signal } = context;
  const { store } = services;
  const now = services.now();
  const settings = await loadAlerts(store, teamId);
  if (settings === null || settings.channelId === null || !anyRuleOn(settings)) {
    return { kind: "done", note: "No alert rule is on." };
  }
  const channelId = settings.channelId;
  const day = wallTime(now, settings.timeZone).day;
  const [quiet, openFields, masked] = await Promise.all([
    loadQuiet(store, teamId, now),
    store.getFields(storeKeys.alertsOpen(teamId)),
    masksNumbers(store, teamId),
  ]);
  const open = parseOpenAlerts(openFields);

  let firing: FiringAlert[];
  try {
    const { overview, failures } = await todayReports(services, teamId, settings, day, signal);
    firing = firingAlerts(rulesOf(settings), todayFigures(overview, failures));
  } catch (error) {
    if (signal.aborted) return { kind: "retry", reason: "The tick's time ran out." };
    const trouble = troubleOf(error);
    if (trouble === null) throw error;
    logFailure(services.logger, { action: "alert check", teamId }, error);
    // Not every minute: the next quarter hour checks again.
    return { kind: "done", note: `No check: eFax could not give today's figures (${trouble}).` };
  }
  const bySubject = new Map(firing.map((alert) => [alert.subject, alert]));
  const ruleOn = {
    rate: settings.rate !== null,
    line: settings.line !== null,
    unreached: settings.unreached,
  };

  // Alerts of earlier days are done with: their messages stay as they are.
  const earlier = [...open.keys()].filter((field) => !field.startsWith(`${day}.`));
  for (const field of earlier) {
    await store.deleteField(storeKeys.alertsOpen(teamId), field);
    open.delete(field);
  }

  const update = async (alert: OpenAlert, next: OpenAlert) => {
    const message = buildAlertMessage({
      facts: shownFacts(next.facts, masked),
      day: next.day,
      timeZone: next.timeZone,
      seenAt: new Date(next.seenAt),
      clearedAt: next.clearedAt ? new Date(next.clearedAt) : null,
      quiet: quietView(quiet[next.facts.rule]),
    });
    await client.chat.update({
      channel: alert.channelId,
      ts: alert.ts,
      text: message.text,
      blocks: message.blocks,
    });
    await store.setField(storeKeys.alertsOpen(teamId), openField(day, alert.subject), {
      ...next,
    });
  };

  let cleared = 0;
  let again = 0;
  for (const alert of open.values()) {
    if (!ruleOn[alert.facts.rule]) continue;
    const fires = bySubject.get(alert.subject);
    try {
      if (alert.state === "firing" && !fires) {
        await update(alert, { ...alert, state: "cleared", clearedAt: now.toISOString() });
        cleared += 1;
      } else if (alert.state === "cleared" && fires) {
        await update(alert, { ...alert, state: "firing", clearedAt: null });
        again += 1;
      }
    } catch (error) {
      logFailure(services.logger, { action: "updating an alert", teamId }, error);
    }
  }

  let posted = 0;
  let held = 0;
  let left = 0;
  for (const alert of firing) {
    if (open.has(openField(day, alert.subject))) continue;
    if (quiet[alert.rule]) {
      held += 1;
      continue;
    }
    if (posted >= MAX_NEW_ALERTS_PER_CHECK) {
      left += 1;
      continue;
    }
    const claimKey = storeKeys.alertPosted(teamId, day, alert.subject);
    const claimed = await store.setIfAbsent(
      claimKey,
      { at: now.toISOString() },
      { ttlSeconds: ALERT_CLAIM_SECONDS },
    );
    if (!claimed) continue;
    const facts = factsOf(alert, masked);
    const message = buildAlertMessage({
      facts,
      day,
      timeZone: settings.timeZone,
      seenAt: now,
      clearedAt: null,
    });
    let ts: string;
    try {
      const result = await client.chat.postMessage({
        channel: channelId,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      ts = result.ts ?? "";
    } catch (error) {
      await store.delete(claimKey).catch((cleanup: unknown) => {
        services.logger.warn(
          `Could not release an alert's claim of team ${teamId}: ${describeError(cleanup)}`,
        );
      });
      const failure = classifySlackFailure(error);
      if (failure === null) throw error;
      if (failure.kind === "retry") return { kind: "retry", reason: failure.reason };
      const reason = await reportFault(
        services,
        client,
        teamId,
        { ...settings, channelId },
        failure.fault,
      );
      return { kind: "failed", reason };
    }
    const record: OpenAlert = {
      subject: alert.subject,
      channelId,
      ts,
      day,
      timeZone: settings.timeZone,
      seenAt: now.toISOString(),
      state: "firing",
      clearedAt: null,
      facts,
    };
    await store.setField(storeKeys.alertsOpen(teamId), openField(day, alert.subject), {
      ...record,
    });
    posted += 1;
  }
  if (posted > 0) await store.delete(storeKeys.alertsFault(teamId)).catch(() => {});

  const parts = [
    `${firing.length} firing`,
    `${posted} posted`,
    ...(cleared > 0 ? [`${cleared} back to normal`] : []),
    ...(again > 0 ? [`${again} firing again`] : []),
    ...(held > 0 ? [`${held} held by a snooze or mute`] : []),
    ...(left > 0 ? [`${left} left for the next check`] : []),
  ];
  return { kind: "done", note: `Checked: ${parts.join(", ")}.` };
}
