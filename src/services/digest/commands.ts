/**
 * Setting the digest, from `/efax digest …` or the App Home: admins only; the channel checked
 * with Slack (a public channel is joined, so the digest can post its thread's CSV there; one the
 * app cannot see, or an archived one, is refused); the time read in the workspace's report time
 * zone, else in the zone of the admin setting it; the result stated back in words to that admin.
 */
import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import type { DigestCommand } from "../../command/digest.ts";
import { summarySuggestion } from "../../command/suggest.ts";
import {
  type Cadence,
  minutesOf,
  nextPostDay,
  type Schedule,
  wallTime,
} from "../../dates/schedule.ts";
import { storeKeys } from "../../store/keys.ts";
import {
  buildDigestOffMessage,
  buildDigestProblemMessage,
  buildDigestSavedMessage,
  buildDigestStatusMessage,
  type NextDigest,
  type SlackMessage,
} from "../../views/index.ts";
import { recordChange } from "../audit.ts";
import type { Services } from "../context.ts";
import { DigestChannelError, NotAllowedError } from "../errors.ts";
import { describeError } from "../logging.ts";
import { lookupMember, mayManageAccount } from "../members.ts";
import type { LastRun } from "../schedule/job.ts";
import { readLastRuns } from "../schedule/records.ts";
import { loadSettings } from "../settings.ts";
import { resolveTimeZone, type TimeZoneChoice } from "../time-zone.ts";
import { type FaultRecord, loadFault } from "./faults.ts";
import { digestJob } from "./job.ts";
import { type DigestSetting, loadDigest, removeDigest, storeDigest } from "./settings.ts";

/** Who is asking, in which workspace, with the Web API client authorised for it. */
export interface DigestRequester {
  teamId: string;
  userId: string;
  client: WebClient;
}

/** What `/efax digest` and the Home show about a workspace's digest. */
export interface DigestStatus {
  setting: DigestSetting | null;
  next: NextDigest | null;
  fault: FaultRecord | null;
  /** How the last run went, as the tick recorded it. */
  lastRun: { at: Date; outcome: LastRun["outcome"]; text: string } | null;
}

/** When the next digest goes out, seen at `now` (today's, when it has not been posted). */
export async function nextDigest(
  services: Pick<Services, "store">,
  teamId: string,
  schedule: Schedule,
  now: Date,
): Promise<NextDigest> {
  const wall = wallTime(now, schedule.timeZone);
  const posted = await services.store.get(storeKeys.digestPosted(teamId, wall.day));
  const day = nextPostDay(schedule, now, posted !== null);
  return { day, soon: day === wall.day && wall.minutes >= minutesOf(schedule.time) };
}

/** The workspace's digest, when the next one goes out, and what last kept one from its channel. */
export async function digestStatus(
  services: Pick<Services, "store" | "now">,
  teamId: string,
): Promise<DigestStatus> {
  const [setting, fault, runs] = await Promise.all([
    loadDigest(services.store, teamId),
    loadFault(services.store, teamId),
    readLastRuns(services.store, teamId, [digestJob]),
  ]);
  if (setting === null) return { setting: null, next: null, fault: null, lastRun: null };
  const next = await nextDigest(services, teamId, setting, services.now());
  const last = runs[digestJob.name] ?? null;
  return {
    setting,
    next,
    fault: fault?.channelId === setting.channelId ? fault : null,
    lastRun: last && { at: new Date(last.at), outcome: last.outcome, text: last.text },
  };
}

/** Whether the requester may set the digest: workspace admins and owners, and `ADMIN_USER_IDS`. */
export async function mayManageDigest(
  services: Pick<Services, "config">,
  requester: DigestRequester,
): Promise<boolean> {
  const member = await lookupMember(requester.client, requester.userId);
  return mayManageAccount(member, services.config.adminUserIds);
}

async function requireDigestManager(services: Services, requester: DigestRequester) {
  if (!(await mayManageDigest(services, requester))) throw new NotAllowedError("digest");
}

/**
 * Checks that the digest can be posted in `channelId` by joining it: a public channel is joined
 * (a no-op when the app is in it already), a private one the app is in answers that it cannot be
 * joined, which is fine. Throws {@link DigestChannelError} for a channel the app cannot see or an
 * archived one; other Slack failures propagate.
 */
async function checkChannel(client: WebClient, channelId: string): Promise<void> {
  try {
    await client.conversations.join({ channel: channelId });
  } catch (error) {
    if (!(error instanceof WebAPIPlatformError)) throw error;
    switch (error.data.error) {
      case "method_not_supported_for_channel_type":
      case "missing_scope":
        return;
      case "is_archived":
        throw new DigestChannelError(channelId, "archived");
      case "channel_not_found":
        throw new DigestChannelError(channelId, "cannot-see");
      default:
        throw error;
    }
  }
}

/** What a digest is set to. */
export interface DigestChoice {
  channelId: string;
  /** `HH:MM`, 24-hour. */
  time: string;
  cadence: Cadence;
}

/** A digest just set, as its confirmation states it. */
export interface DigestSaved {
  setting: DigestSetting;
  next: NextDigest;
  zoneSource: TimeZoneChoice["source"];
}

/**
 * Sets the workspace's digest (admins only: throws {@link NotAllowedError}); checks the channel
 * first (throws {@link DigestChannelError}). A fault recorded for the previous setting is
 * forgotten: the next digest starts afresh.
 */
export async function setDigest(
  services: Services,
  requester: DigestRequester,
  choice: DigestChoice,
): Promise<DigestSaved> {
  await requireDigestManager(services, requester);
  await checkChannel(requester.client, choice.channelId);
  const before = await loadDigest(services.store, requester.teamId);
  const zone = await resolveTimeZone(
    { store: services.store, client: requester.client, logger: services.logger },
    requester.teamId,
    requester.userId,
  );
  const setting: DigestSetting = {
    channelId: choice.channelId,
    time: choice.time,
    cadence: choice.cadence,
    timeZone: zone.timeZone,
    setBy: requester.userId,
    setAt: services.now().toISOString(),
  };
  await storeDigest(services.store, requester.teamId, setting);
  await services.store.delete(storeKeys.digestFault(requester.teamId));
  await recordChange(services, requester.teamId, requester.userId, {
    what: "Digest",
    from: before && digestText(before),
    to: digestText(setting),
  });
  const next = await nextDigest(services, requester.teamId, setting, services.now());
  return { setting, next, zoneSource: zone.source };
}

/** Turns the digest off (admins only); true when one was set. */
export async function turnOffDigest(
  services: Services,
  requester: DigestRequester,
): Promise<boolean> {
  await requireDigestManager(services, requester);
  const before = await loadDigest(services.store, requester.teamId);
  const was = await removeDigest(services.store, requester.teamId);
  if (before) {
    await recordChange(services, requester.teamId, requester.userId, {
      what: "Digest",
      from: digestText(before),
      to: null,
    });
  }
  return was;
}

/** A digest as the audit trail words it: `daily at 09:00 America/Chicago, #C0123`. */
function digestText(setting: DigestSetting): string {
  return `${setting.cadence} at ${setting.time} ${setting.timeZone}, #${setting.channelId}`;
}

/**
 * After the workspace's report time zone changed: the digest follows it (or, when it was
 * cleared, the zone of the admin who set the digest). Failures are logged: the digest keeps its
 * zone until it is set again.
 */
export async function followReportTimeZone(
  services: Services,
  client: WebClient,
  teamId: string,
): Promise<void> {
  try {
    const setting = await loadDigest(services.store, teamId);
    if (setting === null) return;
    const settings = await loadSettings(services.store, teamId);
    const timeZone =
      settings.timeZone ??
      (
        await resolveTimeZone(
          { store: services.store, client, logger: services.logger },
          teamId,
          setting.setBy,
        )
      ).timeZone;
    if (timeZone === setting.timeZone) return;
    await storeDigest(services.store, teamId, { ...setting, timeZone });
  } catch (error) {
    services.logger.warn(
      `Could not move the digest of team ${teamId} to the new report time zone: ${describeError(error)}`,
    );
  }
}

/**
 * `/efax digest …`: shows the setting, sets it or turns it off, and answers in words. Throws
 * {@link NotAllowedError} and {@link DigestChannelError} for the caller to explain.
 */
export async function runDigestCommand(
  services: Services,
  requester: DigestRequester,
  parsed: { command: DigestCommand; text: string },
): Promise<SlackMessage> {
  const { command } = parsed;
  switch (command.action) {
    case "show": {
      const [status, canManage] = await Promise.all([
        digestStatus(services, requester.teamId),
        mayManageDigest(services, requester).catch(() => false),
      ]);
      return buildDigestStatusMessage({ ...status, canManage });
    }
    case "off":
      return buildDigestOffMessage({ was: await turnOffDigest(services, requester) });
    case "set": {
      const saved = await setDigest(services, requester, {
        channelId: command.channel.id,
        time: command.time,
        cadence: command.cadence,
      });
      return buildDigestSavedMessage(saved);
    }
    case "invalid":
      return buildDigestProblemMessage({
        problem: command.problem,
        suggestion: summarySuggestion(parsed.text, services.now()),
      });
  }
}
