/**
 * The Connect modal (API key, username, password) and the disconnect confirmation. The listener
 * checks the credentials with a real eFax call on submit and, when eFax refuses them, answers
 * with {@link connectErrors} so the message shows under the fields without closing the modal.
 */
import type { KnownBlock, ModalView, PlainTextInput } from "@slack/types";
import { plain, section } from "./blocks.ts";
import { BLOCK_IDS, CALLBACK_IDS, type ConnectField } from "./ids.ts";
import { clipMrkdwn, dataText, escapeText } from "./mrkdwn.ts";

function input(
  field: ConnectField,
  label: string,
  hint: string,
  placeholder: string,
  focus = false,
): KnownBlock {
  const element: PlainTextInput = {
    type: "plain_text_input",
    action_id: BLOCK_IDS[field],
    placeholder: plain(placeholder, 150),
    max_length: 500,
  };
  if (focus) element.focus_on_load = true;
  return {
    type: "input",
    block_id: BLOCK_IDS[field],
    label: plain(label, 2000),
    hint: plain(hint, 2000),
    element,
  };
}

/** What {@link buildConnectModal} may show; by default neither. */
export interface ConnectModalOptions {
  /** A problem to show above the fields, e.g. that eFax could not be reached to check them. */
  error?: string;
  /** Handed back on submit (e.g. where to confirm); at most 3000 characters. */
  privateMetadata?: string;
  /**
   * The masked username of the account connected now, when there is one: the modal is then
   * titled "Change eFax account" and says the new account replaces it. Default: none.
   */
  replacing?: string;
}

/**
 * The Connect modal. Values are never pre-filled: a secret never travels back to Slack.
 * Field values arrive as `view.state.values[BLOCK_IDS.x][BLOCK_IDS.x].value`.
 */
export function buildConnectModal(options: ConnectModalOptions = {}): ModalView {
  const intro =
    options.replacing === undefined
      ? "Connect this workspace's *eFax Developer* account so everyone here can run fax reports."
      : `This workspace is connected to the eFax account *${dataText(options.replacing, 40)}*. The account you enter here replaces it for everyone.`;
  const blocks: KnownBlock[] = [
    section(
      `${intro} Your eFax account manager issues the API key; the username and password are the ones you use for eFax Developer.`,
    ),
  ];
  if (options.error) blocks.push(section(`⚠️ ${clipMrkdwn(escapeText(options.error), 2900)}`));
  blocks.push(
    input(
      "apiKey",
      "API key",
      "The key eFax issued for the Reporting API.",
      "Paste the API key",
      true,
    ),
    input("username", "Username", "Your eFax Developer username.", "e.g. acmeclinic"),
    input(
      "password",
      "Password",
      "Encrypted before it is stored, and never shown again. Slack shows what you type, so check who can see your screen.",
      "Your eFax Developer password",
    ),
    section(
      "I check these with eFax before saving. Only workspace admins can connect, change or disconnect the account.",
    ),
  );
  const view: ModalView = {
    type: "modal",
    callback_id: CALLBACK_IDS.connect,
    title: plain(options.replacing === undefined ? "Connect eFax" : "Change eFax account", 24),
    submit: plain("Check and connect", 24),
    close: plain("Cancel", 24),
    blocks,
  };
  if (options.privateMetadata !== undefined) view.private_metadata = options.privateMetadata;
  return view;
}

/** What a `view_submission` listener acks with to show errors under the modal's fields. */
export interface ConnectErrorsResponse {
  response_action: "errors";
  errors: Record<string, string>;
}

/** Why a Connect submission saved nothing. */
export type ConnectProblem =
  | "missing-api-key"
  | "missing-username"
  | "missing-password"
  | "not-allowed"
  | "no-workspace"
  | "rejected"
  | "slow"
  | "throttled"
  | "unreachable"
  | "not-a-report"
  | "unchecked"
  | "store-unavailable"
  | "save-failed"
  | "internal";

const CONNECT_PROBLEMS: Record<ConnectProblem, { field: ConnectField; text: string }> = {
  "missing-api-key": { field: "apiKey", text: "Enter the API key." },
  "missing-username": { field: "username", text: "Enter the username." },
  "missing-password": { field: "password", text: "Enter the password." },
  "not-allowed": {
    field: "apiKey",
    text: "Could not connect the eFax account: only workspace admins and owners may do that.",
  },
  "no-workspace": {
    field: "password",
    text: "Slack didn't say which workspace this came from, so nothing was saved. Close this and open Connect again.",
  },
  rejected: {
    field: "password",
    text: "eFax did not accept this API key, username and password. Check all three and try again.",
  },
  slow: {
    field: "password",
    text: "eFax did not answer in time, so nothing was saved. Try again.",
  },
  throttled: {
    field: "password",
    text: "eFax asked us to slow down, so nothing was saved. Try again in a minute.",
  },
  unreachable: {
    field: "password",
    text: "eFax could not be reached to check these details, so nothing was saved. Try again later.",
  },
  "not-a-report": {
    field: "password",
    text: "eFax answered, but not with a report, so nothing was saved. Check the API key and try again.",
  },
  unchecked: {
    field: "password",
    text: "The details could not be checked, so nothing was saved. Try again.",
  },
  "store-unavailable": {
    field: "password",
    text: "eFax accepted the details, but my storage could not be reached, so nothing was saved. Try again in a few minutes.",
  },
  "save-failed": {
    field: "password",
    text: "eFax accepted the details, but saving them failed, so nothing was saved. Try again.",
  },
  internal: {
    field: "apiKey",
    text: "Something went wrong on my side, so nothing was saved. Try again.",
  },
};

/** A Connect problem in plain words, saying whether anything was saved and what to do. */
export function connectProblemText(problem: ConnectProblem): string {
  return CONNECT_PROBLEMS[problem].text;
}

/**
 * Inline errors for a Connect problem, under the field it concerns: an empty field under itself,
 * a refusal by eFax (which does not say which of the three it refused) under the password.
 */
export function connectProblemErrors(problem: ConnectProblem): ConnectErrorsResponse {
  const { field, text } = CONNECT_PROBLEMS[problem];
  return connectErrors(text, field);
}

/**
 * Inline errors for the Connect modal: `message` under `field` (default the password, the last
 * field, since eFax does not say which of the three it refused).
 */
export function connectErrors(
  message: string,
  field: ConnectField = "password",
): ConnectErrorsResponse {
  return { response_action: "errors", errors: { [BLOCK_IDS[field]]: message.slice(0, 2000) } };
}

/** Asks before erasing the workspace's account; `usernameMasked` names it when known. */
export function buildDisconnectConfirm(options: { usernameMasked?: string } = {}): ModalView {
  const account = options.usernameMasked
    ? `the eFax account *${dataText(options.usernameMasked, 40)}*`
    : "the eFax account";
  return {
    type: "modal",
    callback_id: CALLBACK_IDS.disconnectConfirm,
    title: plain("Disconnect eFax?", 24),
    submit: plain("Disconnect", 24),
    close: plain("Keep it", 24),
    blocks: [
      section(
        `This erases ${account} from this app. Nobody here can run reports until an admin connects an account again.`,
      ),
      section("Nothing changes in eFax itself: your faxes, numbers and password stay as they are."),
    ],
  };
}
