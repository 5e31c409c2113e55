/**
 * What a person reads when something did not work: what happened in plain words, and what to do
 * next. One generic builder plus the common cases, so every listener says the same thing the same
 * way and none shows a stack trace, an upstream body or a secret.
 */
import type { ActionsBlockElement, KnownBlock } from "@slack/types";
import type { ReportName } from "../reports/catalog.ts";
import { actions, button, context, fallback, type SlackMessage, section } from "./blocks.ts";
import { ACTION_IDS, APP_DISPLAY_NAME, COMMAND } from "./ids.ts";
import { type ConnectProblem, connectProblemText } from "./modals.ts";
import { adminsPhrase, code, escapeText, mentionChannel } from "./mrkdwn.ts";
import { encodeReportRef, type ReportRef } from "./report-ref.ts";

/** The parts of an error message, all plain text (escaped here). */
export interface ErrorContent {
  /** What went wrong, short: "I couldn't read that date". */
  title: string;
  /** Why, or what exactly was not understood. */
  detail: string;
  /** What the person can do now. */
  nextStep: string;
  /** Things to type that would work, shown as code. */
  examples?: readonly string[];
}

interface ErrorParts {
  title: string;
  detail: string;
  nextStep: string;
  examples?: readonly string[];
  buttons?: ActionsBlockElement[];
}

/** Builds from mrkdwn parts: callers escape data first. */
function errorMessage(parts: ErrorParts, plainFallback: string): SlackMessage {
  const blocks: KnownBlock[] = [
    section(`⚠️ *${parts.title}*\n${parts.detail}`),
    section(`*What to do:* ${parts.nextStep}`),
  ];
  if (parts.examples && parts.examples.length > 0) {
    blocks.push(context(`Try ${parts.examples.slice(0, 8).map(code).join(" · ")}`));
  }
  if (parts.buttons && parts.buttons.length > 0) blocks.push(actions(parts.buttons));
  return { text: fallback(plainFallback), blocks };
}

/** A plain-words error: title, detail, next step and optional examples; all text is escaped. */
export function buildErrorMessage(content: ErrorContent): SlackMessage {
  return errorMessage(
    {
      title: escapeText(content.title),
      detail: escapeText(content.detail),
      nextStep: escapeText(content.nextStep),
      examples: content.examples,
    },
    escapeText(`${content.title}. ${content.nextStep}`),
  );
}

/** The date part of a request could not be used; `error` is a `DateInputError` (or alike). */
export function buildDateErrorMessage(options: {
  error: { message: string; examples: readonly string[] };
  report?: ReportName;
}): SlackMessage {
  const report = options.report ?? "failures";
  return errorMessage(
    {
      title: "I couldn't use that date",
      detail: escapeText(options.error.message),
      nextStep:
        "Put a day or a range of up to 31 days after the report, or leave it out for yesterday.",
      examples: options.error.examples.slice(0, 4).map((e) => `${COMMAND} ${report} ${e}`),
    },
    escapeText(options.error.message),
  );
}

/** Who may connect an account, and whether the person asking is one of them. */
export interface AdminContext {
  /** The person asking may connect or disconnect the account. */
  canManage: boolean;
  /** Slack user ids of people who can, to name when the asker cannot. */
  admins?: readonly string[];
}

/**
 * No eFax account is connected: admins get a Connect button, others learn whom to ask; everyone
 * may look at the same report on sample data (`sample`, when given).
 */
export function buildNotConnectedMessage(
  options: AdminContext & { sample?: ReportRef },
): SlackMessage {
  const buttons: ActionsBlockElement[] = [];
  if (options.canManage) {
    buttons.push(
      button({ text: "Connect eFax account", actionId: ACTION_IDS.connect, style: "primary" }),
    );
  }
  if (options.sample) {
    buttons.push(
      button({
        text: "Show sample data",
        actionId: ACTION_IDS.runReport,
        value: encodeReportRef({ ...options.sample, sample: true }),
      }),
    );
  }
  const nextStep = options.canManage
    ? `Connect your eFax Developer account with ${code(`${COMMAND} connect`)} or the button below. You'll need its API key, username and password.`
    : `Ask ${adminsPhrase(options.admins ?? [])} to connect one with ${code(`${COMMAND} connect`)}.`;
  return errorMessage(
    {
      title: "No eFax account is connected yet",
      detail: "Reports need this workspace's eFax Developer account.",
      nextStep: options.sample
        ? `${nextStep} Meanwhile, see how reports look on sample data.`
        : nextStep,
      buttons,
    },
    "No eFax account is connected yet.",
  );
}

/** The saved credentials were refused by eFax (changed password, revoked key). */
export function buildCredentialsRejectedMessage(options: AdminContext): SlackMessage {
  return errorMessage(
    {
      title: "eFax didn't accept the saved account details",
      detail:
        "The API key, username or password connected to this workspace no longer works. It may have been changed in eFax.",
      nextStep: options.canManage
        ? `Connect the account again with ${code(`${COMMAND} connect`)} or the button below.`
        : `Ask ${adminsPhrase(options.admins ?? [])} to connect it again with ${code(`${COMMAND} connect`)}.`,
      buttons: options.canManage
        ? [button({ text: "Connect again", actionId: ACTION_IDS.connect, style: "primary" })]
        : [],
    },
    "eFax didn't accept the saved account details.",
  );
}

/** Why eFax could not deliver a report. */
export type EfaxTrouble = "down" | "slow" | "busy" | "unreadable";

const EFAX_TROUBLE: Record<EfaxTrouble, { title: string; detail: string }> = {
  down: {
    title: "eFax isn't answering right now",
    detail: "The eFax reporting service answered with an error, even after a few tries.",
  },
  slow: {
    title: "eFax is taking too long",
    detail: "The eFax reporting service didn't answer in time, even after a few tries.",
  },
  busy: {
    title: "eFax asked us to slow down",
    detail: "The eFax reporting service is limiting how many reports can be fetched right now.",
  },
  unreadable: {
    title: "eFax sent a report I couldn't read",
    detail: "The eFax reporting service answered, but not with a report.",
  },
};

/** eFax is down, slow, throttling or sent something unreadable: nothing to fix but to wait. */
export function buildEfaxUnavailableMessage(trouble: EfaxTrouble): SlackMessage {
  const { title, detail } = EFAX_TROUBLE[trouble];
  return errorMessage(
    {
      title,
      detail,
      nextStep:
        "Try again in a few minutes. If it keeps happening for hours, the eFax Developer support team can tell you more.",
    },
    `${title}. Try again in a few minutes.`,
  );
}

/** The app's own storage (Redis) could not be reached: nothing was saved or changed. */
export function buildStoreUnavailableMessage(): SlackMessage {
  return errorMessage(
    {
      title: "I can't reach my storage right now",
      detail: "Nothing was saved or changed.",
      nextStep:
        "Try again in a few minutes. If it keeps happening, tell whoever runs this app: its storage may be down.",
    },
    "I can't reach my storage right now. Nothing was saved or changed; try again in a few minutes.",
  );
}

/**
 * Slack refused a post. `error` is Slack's error code (`not_in_channel`, `channel_not_found`,
 * `is_archived`, …); `channelId` the channel it was about.
 */
export function buildSlackRefusedMessage(options: {
  error: string;
  channelId?: string;
}): SlackMessage {
  const channel = options.channelId ? mentionChannel(options.channelId) : "this channel";
  const invite = code(`/invite @${APP_DISPLAY_NAME}`);
  switch (options.error) {
    case "not_in_channel":
    case "channel_not_found":
      return errorMessage(
        {
          title: "I can't post in this channel",
          detail: `I'm not a member of ${channel}. Private channels need an invitation.`,
          nextStep: `Invite me by typing ${invite} in ${channel}, then click *Share to channel* again.`,
        },
        `I can't post in this channel: invite @${APP_DISPLAY_NAME} with /invite, then share again.`,
      );
    case "is_archived":
      return errorMessage(
        {
          title: "This channel is archived",
          detail: `Nothing can be posted in ${channel}.`,
          nextStep: "Share the report in another channel.",
        },
        "This channel is archived; share the report in another channel.",
      );
    case "ratelimited":
      return errorMessage(
        {
          title: "Slack is busy",
          detail: "Slack asked me to post less often for a moment.",
          nextStep: "Try again in a minute.",
        },
        "Slack is busy. Try again in a minute.",
      );
    default:
      return errorMessage(
        {
          title: "Slack didn't let me post that",
          detail: `Slack answered ${code(options.error)}.`,
          nextStep:
            "Try again, or in another channel. If it keeps happening, tell whoever runs this app.",
        },
        "Slack didn't let me post that.",
      );
  }
}

/** A first word the grammar does not know, with the closest known word when there is one. */
export function buildUnknownCommandMessage(options: {
  word: string;
  suggestion?: string | null;
}): SlackMessage {
  const word = escapeText(options.word.slice(0, 60));
  return errorMessage(
    {
      title: `I don't know “${word}”`,
      detail: options.suggestion
        ? `Did you mean ${code(`${COMMAND} ${options.suggestion}`)}?`
        : "It isn't a report or a command I understand.",
      nextStep: `Type ${code(`${COMMAND} help`)} to see everything I can do.`,
      examples: [
        `${COMMAND} failures yesterday`,
        `${COMMAND} summary last week`,
        `${COMMAND} help`,
      ],
    },
    options.suggestion
      ? `I don't know "${word}". Did you mean ${COMMAND} ${escapeText(options.suggestion)}?`
      : `I don't know "${word}". Type ${COMMAND} help.`,
  );
}

/** Someone who is not an admin tried to connect, change or disconnect the account. */
export function buildNotAllowedMessage(options: {
  action: "connect" | "disconnect";
  admins?: readonly string[];
}): SlackMessage {
  const verb = options.action === "connect" ? "connect or change" : "disconnect";
  return errorMessage(
    {
      title: `Only workspace admins can ${verb} the eFax account`,
      detail: "Anyone can run reports; the account itself is looked after by admins.",
      nextStep: `Ask ${adminsPhrase(options.admins ?? [])}.`,
    },
    `Only workspace admins can ${verb} the eFax account.`,
  );
}

/**
 * Someone who is not an admin tried an admin-only setting; `what` completes "Only workspace
 * admins can …", e.g. "change the alerts".
 */
export function buildSettingNotAllowedMessage(options: {
  what: string;
  admins?: readonly string[];
}): SlackMessage {
  const what = escapeText(options.what);
  return errorMessage(
    {
      title: `Only workspace admins can ${what}`,
      detail: "Anyone can run reports; the workspace's settings are looked after by admins.",
      nextStep: `Ask ${adminsPhrase(options.admins ?? [])}.`,
    },
    `Only workspace admins can ${what}.`,
  );
}

/** A report button whose value was missing, tampered with or too old to use. */
export function buildStaleButtonMessage(): SlackMessage {
  return errorMessage(
    {
      title: "That button no longer works",
      detail: "It didn't say which report to show.",
      nextStep: `Run the report again, e.g. ${code(`${COMMAND} failures yesterday`)}.`,
    },
    "That button no longer works. Run the report again.",
  );
}

/**
 * Slack gave this workspace's request, but the app holds no access to it: in a multi-workspace
 * install its installation is missing (removed, revoked, or lost); with one bot token, Slack
 * refused that token.
 */
export function buildNotInstalledMessage(options: { install: "oauth" | "token" }): SlackMessage {
  if (options.install === "oauth") {
    return errorMessage(
      {
        title: `${APP_DISPLAY_NAME} isn't installed in this workspace any more`,
        detail: "Its installation was removed or its access revoked, so I can't work here.",
        nextStep: `Ask a workspace admin to install ${APP_DISPLAY_NAME} again from the app's install page.`,
      },
      `${APP_DISPLAY_NAME} isn't installed in this workspace any more. Ask a workspace admin to install it again.`,
    );
  }
  return errorMessage(
    {
      title: "Slack no longer accepts my access token",
      detail: "I can't look anyone up or post anything here until it's replaced.",
      nextStep: `Tell whoever runs this app: reinstall ${APP_DISPLAY_NAME} to the workspace and put its new Bot User OAuth Token in SLACK_BOT_TOKEN.`,
    },
    "Slack no longer accepts my access token. Tell whoever runs this app to replace SLACK_BOT_TOKEN.",
  );
}

/**
 * The app could not start (its settings are incomplete, its store or key cannot be opened) after
 * Slack had been answered: the request did not run.
 */
export function buildAppUnavailableMessage(): SlackMessage {
  return errorMessage(
    {
      title: `${APP_DISPLAY_NAME} couldn't start`,
      detail: "Something in how it is set up on its server stops it, so nothing was run.",
      nextStep:
        "Tell whoever runs this app: the reason is in its server's log, in plain words. Try again once they have fixed it.",
    },
    `${APP_DISPLAY_NAME} couldn't start, so nothing was run. Tell whoever runs this app: the reason is in its server's log.`,
  );
}

/** Anything unexpected: logged on the server, apologised for here. */
export function buildUnexpectedErrorMessage(): SlackMessage {
  return errorMessage(
    {
      title: "Something went wrong on my side",
      detail: "It has been logged.",
      nextStep: "Try again. If it keeps happening, tell whoever runs this app.",
    },
    "Something went wrong on my side. Try again.",
  );
}

/** Someone who is not an admin tried to set the workspace's report time zone. */
export function buildTimeZoneNotAllowedMessage(): SlackMessage {
  return buildErrorMessage({
    title: "Only workspace admins can change the report time zone",
    detail: "Until one does, days are counted in each person's own Slack time zone.",
    nextStep: "Ask a workspace admin.",
  });
}

/** `/efax timezone <typed>` named no time zone; `typed` is shown cut to 60 characters. */
export function buildUnknownTimeZoneMessage(options: { typed: string }): SlackMessage {
  return buildErrorMessage({
    title: "I don't know that time zone",
    detail: `“${options.typed.slice(0, 60)}” is not a time zone name.`,
    nextStep: "Use a name from the time zone database, or off for each person's own zone.",
    examples: ["America/New_York", "Europe/London", "off"].map(
      (zone) => `${COMMAND} timezone ${zone}`,
    ),
  });
}

/**
 * The saved eFax account details no longer open (sealed with an encryption key the app has lost):
 * admins are told to connect again, others to ask an admin.
 */
export function buildUnreadableAccountMessage(options: { canManage: boolean }): SlackMessage {
  return buildErrorMessage({
    title: "I can't read the saved eFax account details",
    detail: "They were saved with an encryption key this app no longer has.",
    nextStep: options.canManage
      ? `Connect the account again with ${COMMAND} connect.`
      : `Ask a workspace admin to connect the account again with ${COMMAND} connect.`,
  });
}

/** A Connect refused too late for the modal to show why: sent to the person directly. */
export function buildConnectFailedMessage(options: { problem: ConnectProblem }): SlackMessage {
  return buildErrorMessage({
    title: "Your eFax account was not connected",
    detail: connectProblemText(options.problem),
    nextStep: `Open Connect again from ${COMMAND} connect or the app's Home tab.`,
  });
}
