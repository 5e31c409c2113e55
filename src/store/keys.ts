import { StoreKeyError } from "./errors.ts";

/**
 * The one key builder. Every key starts with {@link KEY_PREFIX}; every workspace's keys live under
 * `efax:<teamId>:` so erasing {@link storeKeys.workspacePrefix} erases that workspace and nothing
 * else. Parts are validated so one workspace can never address another's keys or a glob.
 * Others may add keys here (additively); never build a key by hand elsewhere.
 */
export const KEY_PREFIX = "efax:";

const TEAM_ID = /^[A-Z0-9]{1,32}$/;
const SCOPE = /^[a-z][a-z0-9-]{0,31}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PRINTABLE = /^[\x21-\x7e]{1,200}$/;
const SEPARATOR_OR_GLOB = /[:*?[\]\\]/;

function teamPart(teamId: string): string {
  if (!TEAM_ID.test(teamId)) {
    throw new StoreKeyError("team id", "must be a Slack id: upper-case letters and digits only");
  }
  return teamId;
}

function scopePart(scope: string): string {
  if (!SCOPE.test(scope)) {
    throw new StoreKeyError("scope", "must be a short lower-case word (letters, digits, dashes)");
  }
  return scope;
}

function tokenPart(part: string, value: string): string {
  if (!PRINTABLE.test(value) || SEPARATOR_OR_GLOB.test(value)) {
    throw new StoreKeyError(
      part,
      'must be 1–200 printable characters without spaces, ":" or glob characters (* ? [ ] \\)',
    );
  }
  return value;
}

function dayPart(day: string): string {
  if (!DAY.test(day)) {
    throw new StoreKeyError("day", "must be written YYYY-MM-DD");
  }
  return day;
}

const JOB_NAME = /^[a-z][a-z0-9-]{0,31}$/;

function jobPart(name: string): string {
  if (!JOB_NAME.test(name)) {
    throw new StoreKeyError(
      "job name",
      "must be a short lower-case word (letters, digits, dashes)",
    );
  }
  return name;
}

/** Every key the app stores. */
export const storeKeys = {
  /** `efax:<teamId>:` — everything of one workspace; erase it with `deleteByPrefix`. */
  workspacePrefix(teamId: string): string {
    return `${KEY_PREFIX}${teamPart(teamId)}:`;
  },
  /** The workspace's eFax account, sealed (see `src/secrets/vault.ts`). */
  credentials(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}credentials`;
  },
  /** Workspace settings: report time zone, digest schedules. */
  settings(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}settings`;
  },
  /** The OAuth installation (bot token sealed) of a workspace or an Enterprise Grid org. */
  installation(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}installation`;
  },
  /**
   * A once-marker: `setIfAbsent` on it (with a TTL) lets exactly one delivery of an event or one
   * click of a button do its work. `scope` is e.g. `event` or `action`; `id` the event id,
   * trigger id or action timestamp.
   */
  once(teamId: string, scope: string, id: string): string {
    return `${storeKeys.workspacePrefix(teamId)}once:${scopePart(scope)}:${tokenPart("id", id)}`;
  },
  /** Marks a report as shared to a channel, so a second click on Share posts nothing. */
  sharedReport(teamId: string, shareId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}shared:${tokenPart("share id", shareId)}`;
  },
  /** A member's time zone from `users.info`, cached so a command needs no Slack lookup. */
  memberTimeZone(teamId: string, userId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}member-tz:${tokenPart("user id", userId)}`;
  },
  /**
   * A scheduled job's index: a map of team id → what the job needs to know when a run is due
   * (`ScheduledJob.indexKey`). Outside every workspace's prefix (one map for all workspaces), so
   * erasing a workspace removes its field explicitly. Lower case, so never a team id.
   */
  jobIndex(job: string): string {
    return `${KEY_PREFIX}jobs:${jobPart(job)}`;
  },
  /**
   * One run of a scheduled job (`job`, run id e.g. `2026-12-03`) for a workspace: claimed with a
   * lease while it runs, then done or failed for a week, so it never runs twice.
   */
  jobRun(teamId: string, job: string, runId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}job:${jobPart(job)}:run:${tokenPart("run id", runId)}`;
  },
  /** How a scheduled job's last run went for a workspace, for the App Home. */
  jobLastRun(teamId: string, job: string): string {
    return `${storeKeys.workspacePrefix(teamId)}job:${jobPart(job)}:last`;
  },
  /**
   * The in-process timer's lease on one minute (`2026-12-03T09:00Z`): the process that creates it
   * ticks that minute, so several processes on one store tick once. Lower case, never a team id.
   */
  tickMinute(minute: string): string {
    return `${KEY_PREFIX}tick:${tokenPart("minute", minute)}`;
  },
  /**
   * The Slack file a chart was uploaded as, by a hash of the chart's picture, so the same chart
   * (the Home opened again, a report shown twice) is uploaded once while it is kept.
   */
  chartFile(teamId: string, chartHash: string): string {
    return `${storeKeys.workspacePrefix(teamId)}chart:${tokenPart("chart hash", chartHash)}`;
  },
  /** One upstream report (kind, e.g. `failures`) for one day, cached per workspace. */
  reportCache(teamId: string, kind: string, day: string): string {
    return `${storeKeys.workspacePrefix(teamId)}report:${scopePart(kind)}:${dayPart(day)}`;
  },
  /** The workspace's digest: channel, time, schedule, time zone, who set it. */
  digest(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}digest`;
  },
  /** What last kept the digest from its channel, until a digest gets through again. */
  digestFault(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}digest-fault`;
  },
  /** Marks the digest of one local day as posted, so no retry posts it again. */
  digestPosted(teamId: string, day: string): string {
    return `${storeKeys.workspacePrefix(teamId)}digest-posted:${dayPart(day)}`;
  },
  /** The key figures of a period (one day, or several) as a digest compares them, kept weeks. */
  periodFigures(teamId: string, from: string, to: string): string {
    return `${storeKeys.workspacePrefix(teamId)}figures:${dayPart(from)}:${dayPart(to)}`;
  },
  /**
   * An OAuth `state` the install page issued, with the install options it carries; it expires
   * with the state. Outside every workspace: no workspace exists yet when it is issued.
   */
  oauthState(stateId: string): string {
    return `${KEY_PREFIX}oauth-state:${tokenPart("state id", stateId)}`;
  },
  /**
   * Marks an OAuth `state` as used (`setIfAbsent`), kept until the state would have expired
   * anyway, so the same state never completes a second install.
   */
  oauthStateUsed(stateId: string): string {
    return `${KEY_PREFIX}oauth-state-used:${tokenPart("state id", stateId)}`;
  },
  /**
   * The workspaces of an Enterprise Grid org that used the org-wide install (a map, field =
   * team id), so uninstalling from the org erases each of them. Under the org's own prefix.
   */
  orgWorkspaces(enterpriseId: string): string {
    return `${storeKeys.workspacePrefix(enterpriseId)}org-workspaces`;
  },
  /** Which Enterprise Grid org's installation serves a workspace (an org-wide install). */
  workspaceOrg(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}org`;
  },
  /** The workspace's privacy settings: whether destination numbers are masked. */
  privacy(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}privacy`;
  },
  /** The workspace's audit trail: a capped list of admin changes, newest first. */
  audit(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}audit`;
  },
  /** The workspace's alert rules: channel, thresholds, time zone, who changed them last. */
  alerts(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}alerts`;
  },
  /** Snoozed and muted alert rules: a map, field = rule (`rate`, `line`, `unreached`). */
  alertsQuiet(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}alerts-quiet`;
  },
  /**
   * The alerts posted on recent days and how they stand (firing, back to normal): a map, field =
   * `<day>.<subject>`, so a check reads them all in one call and updates them in place.
   */
  alertsOpen(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}alerts-open`;
  },
  /**
   * Claims one alert (`subject`: a rule, a line, a number's hash) for one local day with
   * `setIfAbsent`, so of any number of checks exactly one posts it that day.
   */
  alertPosted(teamId: string, day: string, subject: string): string {
    return `${storeKeys.workspacePrefix(teamId)}alert:${dayPart(day)}:${tokenPart("subject", subject)}`;
  },
  /** What last kept alerts from their channel, until one gets through again. */
  alertsFault(teamId: string): string {
    return `${storeKeys.workspacePrefix(teamId)}alerts-fault`;
  },
  /** Read by `GET /healthz` to see that the store answers; never written. */
  health(): string {
    return `${KEY_PREFIX}health`;
  },
} as const;
