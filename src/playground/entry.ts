/**
 * When `npm start` opens the playground, and what it says first. Kept apart from the playground
 * itself so `npm start` loads the playground only when it opens it.
 */
import type { ConfigError } from "../config.ts";

/** Slack settings: any of them means the person wants Slack, not the playground. */
export const SLACK_SETTINGS = [
  "SLACK_SIGNING_SECRET",
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_CLIENT_ID",
  "SLACK_CLIENT_SECRET",
  "SLACK_STATE_SECRET",
] as const;

/** True when the environment names no Slack setting at all (blank counts as unset). */
export function wantsPlayground(env: Record<string, string | undefined>): boolean {
  return SLACK_SETTINGS.every((name) => (env[name] ?? "").trim() === "");
}

/**
 * What `npm start` prints before opening the playground: the settings that would connect the app
 * to Slack (the configuration's own words, fix and README section), then what comes instead.
 */
export function formatPlaygroundNotice(error: ConfigError): string {
  const slack = error.issues.filter((issue) =>
    issue.variables.some((name) => name.startsWith("SLACK_")),
  );
  const blocks = slack.map(
    (issue) => `  ✗ ${issue.problem}\n    Fix: ${issue.fix}\n    See: ${issue.readme}`,
  );
  return [
    "eFax Reports for Slack is not connected to Slack yet.",
    "",
    ...blocks,
    "",
    "Meanwhile, here is the playground: a page that looks like a Slack channel, where the app answers /efax and mentions as it would in Slack.",
  ].join("\n");
}
