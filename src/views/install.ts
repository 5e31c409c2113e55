/**
 * What the installer sees around an install: the page the OAuth redirect answers with (done, or
 * why not and a link to start again), and the welcome direct message the app sends them once it
 * is installed. Pure: plain data in, HTML text or Block Kit out.
 */
import type { KnownBlock } from "@slack/types";
import {
  actions,
  button,
  context,
  fallback,
  header,
  type SlackMessage,
  section,
} from "./blocks.ts";
import { ACTION_IDS, APP_DISPLAY_NAME, COMMAND } from "./ids.ts";
import { escapeMarkup } from "./markup.ts";
import { adminsPhrase, code } from "./mrkdwn.ts";

/** Why an install did not go through, as the failure page words it. */
export type InstallProblem =
  /** The link's state was already used, has expired, was not ours, or the cookie did not match. */
  | "link-unusable"
  /** The person chose Cancel on Slack's page. */
  | "cancelled"
  /** Slack or the store failed to complete it. */
  | "failed";

/** Where the pages send people. */
export interface InstallPageLinks {
  /** The install page that starts a fresh install (a path on this host). */
  startUrl: string;
}

function page(title: string, paragraphs: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeMarkup(title)} · ${APP_DISPLAY_NAME}</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d1c1d}a.button{display:inline-block;padding:.5rem 1rem;border-radius:4px;background:#1f3a5f;color:#fff;text-decoration:none}</style>
</head>
<body>
<h1>${escapeMarkup(title)}</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join("\n")}
</body>
</html>
`;
}

const PROBLEM_TEXT: Record<InstallProblem, { title: string; why: string }> = {
  "link-unusable": {
    title: "This install link can't be used",
    why: "Nothing was installed. Install links work once, for 10 minutes, in the browser that opened them: this one was already used, has expired, or was opened somewhere else.",
  },
  cancelled: {
    title: "The install was cancelled",
    why: "Nothing was installed: the install was cancelled on Slack's page.",
  },
  failed: {
    title: "The install didn't finish",
    why: "Nothing was installed: Slack or this app's storage didn't answer as expected. Try again in a minute.",
  },
};

/** The page a failed OAuth redirect answers with: what happened, and a link to start again. */
export function buildInstallFailedPage(problem: InstallProblem, links: InstallPageLinks): string {
  const text = PROBLEM_TEXT[problem];
  return page(text.title, [
    escapeMarkup(text.why),
    `<a class="button" href="${escapeMarkup(links.startUrl)}">Start the install again</a>`,
  ]);
}

/** The page a completed install answers with; `slackUrl` opens the app in Slack. */
export function buildInstalledPage(options: { teamName: string | null; slackUrl: string }): string {
  const where = options.teamName ? ` in ${escapeMarkup(options.teamName)}` : "";
  return page(`${APP_DISPLAY_NAME} is installed`, [
    `${APP_DISPLAY_NAME} is installed${where}. I sent you a direct message in Slack with the next step.`,
    `<a class="button" href="${escapeMarkup(options.slackUrl)}">Open Slack</a>`,
  ]);
}

/** Plain data for {@link buildWelcomeMessage}. */
export interface WelcomeState {
  /** The installer may connect the eFax account (admin, owner, or `ADMIN_USER_IDS`). */
  canManage: boolean;
  /** People to ask when the installer may not connect it. */
  admins: readonly string[];
}

/** The direct message the installer gets once the app is installed. */
export function buildWelcomeMessage(state: WelcomeState): SlackMessage {
  const blocks: KnownBlock[] = [
    header(`Thanks for installing ${APP_DISPLAY_NAME}`),
    section(
      [
        "I answer one question without leaving Slack: *did our faxes go through?*",
        `• ${code(`${COMMAND} failures yesterday`)} — which numbers kept failing, and why`,
        `• ${code(`${COMMAND} summary last week`)} — attempts, success rate and billable pages`,
        "• *Share to channel* on any result posts it with its details and CSV in a thread",
      ].join("\n"),
    ),
  ];
  if (state.canManage) {
    blocks.push(
      section(
        "*Next step:* connect this workspace's eFax Developer account (its API key, username and password). They are checked with eFax and kept encrypted.",
      ),
      actions([
        button({ text: "Connect eFax account", actionId: ACTION_IDS.connect, style: "primary" }),
      ]),
    );
  } else {
    blocks.push(
      section(
        `*Next step:* ask ${adminsPhrase(state.admins)} to connect the eFax account with ${code(`${COMMAND} connect`)}.`,
      ),
    );
  }
  blocks.push(
    context(
      `Open the app's *Home* tab for yesterday and the last 7 days at a glance (or sample data until an account is connected). ${code(`${COMMAND} help`)} lists everything.`,
    ),
  );
  return {
    text: fallback(
      `Thanks for installing ${APP_DISPLAY_NAME}. ${state.canManage ? "Connect your eFax account to start." : "An admin can connect the eFax account with /efax connect."}`,
    ),
    blocks,
  };
}
