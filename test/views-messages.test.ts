import { describe, expect, it } from "vitest";
import { DATE_EXAMPLES, DateNotUnderstoodError } from "../src/dates/errors.ts";
import { REPORTS } from "../src/reports/catalog.ts";
import type { SlackMessage } from "../src/views/blocks.ts";
import {
  buildConnectFailedMessage,
  buildCredentialsRejectedMessage,
  buildDateErrorMessage,
  buildEfaxUnavailableMessage,
  buildErrorMessage,
  buildNotAllowedMessage,
  buildNotConnectedMessage,
  buildNotInstalledMessage,
  buildSlackRefusedMessage,
  buildStaleButtonMessage,
  buildStoreUnavailableMessage,
  buildTimeZoneNotAllowedMessage,
  buildUnexpectedErrorMessage,
  buildUnknownCommandMessage,
  buildUnknownTimeZoneMessage,
  buildUnreadableAccountMessage,
} from "../src/views/errors.ts";
import { buildHelpMessage, MORE_COMMANDS } from "../src/views/help.ts";
import { homeProblemText } from "../src/views/home.ts";
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from "../src/views/ids.ts";
import { checkMessage, checkView } from "../src/views/limits.ts";
import {
  buildConnectModal,
  buildDisconnectConfirm,
  type ConnectProblem,
  connectErrors,
  connectProblemErrors,
  connectProblemText,
} from "../src/views/modals.ts";
import {
  buildConnectedMessage,
  buildCsvSentNotice,
  buildDisconnectedMessage,
  buildLoadingMessage,
  buildSharedNotice,
  csvComment,
} from "../src/views/notices.ts";
import { decodeReportRef } from "../src/views/report-ref.ts";
import { buildStatusMessage } from "../src/views/status.ts";
import { DAY, tinyReports } from "./support/report-fixtures.ts";
import { buttons, visibleText } from "./support/view-text.ts";

const account = {
  usernameMasked: "ac…ic",
  connectedBy: "U0ADMIN",
  connectedAt: new Date(Date.UTC(2026, 10, 2, 14, 5)),
};
const ref = { name: "failures", from: DAY, to: DAY, sample: false } as const;

const messages = {
  help: buildHelpMessage(),
  "help with digest commands": buildHelpMessage({
    extra: [{ usage: "digest daily 9:00", description: "post the summary here every morning" }],
  }),
  "generic error": buildErrorMessage({
    title: "I couldn't do <that>",
    detail: "Because & reasons",
    nextStep: "Try again",
    examples: ["/efax help"],
  }),
  "date not understood": buildDateErrorMessage({
    error: new DateNotUnderstoodError("banana", null),
    report: "billable",
  }),
  "not connected, admin": buildNotConnectedMessage({ canManage: true, sample: ref }),
  "not connected, member": buildNotConnectedMessage({
    canManage: false,
    admins: ["U0ADMIN"],
    sample: ref,
  }),
  "credentials rejected, admin": buildCredentialsRejectedMessage({ canManage: true }),
  "credentials rejected, member": buildCredentialsRejectedMessage({
    canManage: false,
    admins: ["U0ADMIN"],
  }),
  "eFax down": buildEfaxUnavailableMessage("down"),
  "eFax slow": buildEfaxUnavailableMessage("slow"),
  "eFax busy": buildEfaxUnavailableMessage("busy"),
  "eFax unreadable": buildEfaxUnavailableMessage("unreadable"),
  "store unavailable": buildStoreUnavailableMessage(),
  "not in channel": buildSlackRefusedMessage({ error: "not_in_channel", channelId: "C0PRIVATE" }),
  "archived channel": buildSlackRefusedMessage({ error: "is_archived", channelId: "C0OLD" }),
  "Slack rate limit": buildSlackRefusedMessage({ error: "ratelimited" }),
  "other Slack refusal": buildSlackRefusedMessage({ error: "restricted_action" }),
  "unknown word with a suggestion": buildUnknownCommandMessage({
    word: "failrues",
    suggestion: "failures",
  }),
  "unknown word": buildUnknownCommandMessage({ word: "<!channel>", suggestion: null }),
  "not allowed": buildNotAllowedMessage({ action: "disconnect", admins: ["U0ADMIN"] }),
  "stale button": buildStaleButtonMessage(),
  unexpected: buildUnexpectedErrorMessage(),
  "not installed (OAuth)": buildNotInstalledMessage({ install: "oauth" }),
  "bot token refused": buildNotInstalledMessage({ install: "token" }),
  "status, connected": buildStatusMessage({
    account,
    usesServerAccount: false,
    reportTimeZone: null,
    userTimeZone: "Europe/Berlin",
    store: "upstash",
    canManage: true,
  }),
  "status, server account": buildStatusMessage({
    account: null,
    usesServerAccount: true,
    reportTimeZone: "America/New_York",
    store: "embedded",
    canManage: false,
  }),
  "status, not connected": buildStatusMessage({
    account: null,
    usesServerAccount: false,
    reportTimeZone: null,
    store: "embedded",
    canManage: true,
  }),
  loading: buildLoadingMessage(ref),
  "loading a range": buildLoadingMessage({ ...ref, from: "2026-11-01", sample: true }),
  connected: buildConnectedMessage({ usernameMasked: "ac…ic" }),
  disconnected: buildDisconnectedMessage(),
  "shared notice": buildSharedNotice({ channelId: "C0GENERAL" }),
} satisfies Record<string, SlackMessage>;

describe("messages look the same every time and fit", () => {
  it.each(Object.entries(messages))("%s", (_label, message: SlackMessage) => {
    expect(checkMessage(message)).toEqual([]);
    expect(message.text.trim().length).toBeGreaterThan(10);
    expect(visibleText(message)).toMatchSnapshot();
  });
});

describe("help", () => {
  const text = visibleText(buildHelpMessage());

  it("lists every report with some synonyms", () => {
    for (const report of REPORTS) {
      expect(text).toContain(`\`/efax ${report.name}\` — *${report.title}*`);
      expect(text).toContain(`\`${report.synonyms[0]}\``);
    }
  });

  it("shows date examples the parser accepts, the account commands, mentions and DMs", () => {
    for (const example of DATE_EXAMPLES) expect(text).toContain(`\`${example}\``);
    for (const sub of ["connect", "disconnect", "status", "help"])
      expect(text).toContain(`\`/efax ${sub}\``);
    expect(text).toContain("`@eFax Reports failures yesterday`");
    expect(text).toContain("In a direct message");
  });
});

describe("errors", () => {
  it("escape what they are given", () => {
    const text = visibleText(messages["generic error"]);
    expect(text).toContain("I couldn't do &lt;that&gt;");
    expect(text).toContain("Because &amp; reasons");
    expect(visibleText(buildUnknownCommandMessage({ word: "<!channel>" }))).toContain(
      "“&lt;!channel&gt;”",
    );
  });

  it("turn date examples into commands for the report asked about", () => {
    const text = visibleText(
      buildDateErrorMessage({
        error: new DateNotUnderstoodError("banana", null),
        report: "billable",
      }),
    );
    expect(text).toContain('I couldn\'t understand "banana" as a day or a range of days.');
    expect(text).toContain("`/efax billable yesterday`");
  });

  it("give admins a Connect button and others the name of an admin, and sample data to both", () => {
    const admin = buildNotConnectedMessage({ canManage: true, sample: ref });
    expect(buttons(admin).map((b) => b.actionId)).toEqual([
      ACTION_IDS.connect,
      ACTION_IDS.runReport,
    ]);
    expect(decodeReportRef(buttons(admin)[1]?.value)).toEqual({ ...ref, sample: true });
    const member = buildNotConnectedMessage({ canManage: false, admins: ["U0ADMIN"] });
    expect(buttons(member)).toEqual([]);
    expect(visibleText(member)).toContain("Ask a workspace admin (for example <@U0ADMIN>)");
  });

  it("say to invite the app when it is not in the channel", () => {
    expect(
      visibleText(buildSlackRefusedMessage({ error: "not_in_channel", channelId: "C0PRIVATE" })),
    ).toContain("Invite me by typing `/invite @eFax Reports` in <#C0PRIVATE>");
  });

  it("suggest the closest command", () => {
    expect(
      visibleText(buildUnknownCommandMessage({ word: "failrues", suggestion: "failures" })),
    ).toContain("Did you mean `/efax failures`?");
  });

  it("tell people to wait when eFax is in trouble", () => {
    for (const trouble of ["down", "slow", "busy", "unreadable"] as const) {
      expect(visibleText(buildEfaxUnavailableMessage(trouble))).toContain(
        "Try again in a few minutes.",
      );
    }
  });
});

describe("status", () => {
  it("shows the masked account, who and when, in each reader's zone", () => {
    const text = visibleText(messages["status, connected"]);
    expect(text).toContain("*ac…ic*");
    expect(text).toContain(
      "Connected to the eFax account *ac…ic* by <@U0ADMIN> on <!date^1793628300^{date_short_pretty} at {time}|2026-11-02 14:05 UTC>",
    );
    expect(text).toContain("yours: *Europe/Berlin*");
  });

  it("offers admins to change a connected account and to connect one when there is none", () => {
    expect(buttons(messages["status, connected"]).map((b) => b.text)).toEqual([
      "Change eFax account",
      "Disconnect",
    ]);
    expect(buttons(messages["status, not connected"]).map((b) => b.text)).toEqual([
      "Connect eFax account",
    ]);
  });

  it("never carries anything but the masked name", () => {
    const json = JSON.stringify(messages["status, connected"]);
    expect(json).not.toMatch(/password|api.?key/i);
  });
});

describe("modals", () => {
  it("Connect: three plain-text inputs with hints, short title, fits", () => {
    const modal = buildConnectModal();
    expect(checkView(modal)).toEqual([]);
    expect(modal.callback_id).toBe(CALLBACK_IDS.connect);
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    const inputs = modal.blocks.filter((b) => b.type === "input");
    expect(inputs.map((b) => b.block_id)).toEqual([
      BLOCK_IDS.apiKey,
      BLOCK_IDS.username,
      BLOCK_IDS.password,
    ]);
    expect(JSON.stringify(modal)).not.toContain("initial_value");
    expect(visibleText(modal)).toMatchSnapshot();
  });

  it("Connect: shows a problem above the fields, escaped", () => {
    const modal = buildConnectModal({
      error: "I couldn't reach eFax <now>.",
      privateMetadata: "C0GENERAL",
    });
    expect(checkView(modal)).toEqual([]);
    expect(visibleText(modal)).toContain("⚠️ I couldn't reach eFax &lt;now&gt;.");
    expect(modal.private_metadata).toBe("C0GENERAL");
  });

  it("Connect: says that a new account replaces the connected one", () => {
    const modal = buildConnectModal({ replacing: "ac…ic" });
    expect(checkView(modal)).toEqual([]);
    expect(modal.title.text).toBe("Change eFax account");
    expect(visibleText(modal)).toContain(
      "This workspace is connected to the eFax account *ac…ic*. The account you enter here replaces it for everyone.",
    );
    expect(visibleText(buildConnectModal({ replacing: "<!channel>" }))).toContain(
      "*&lt;!channel&gt;*",
    );
  });

  it("connectErrors puts the message under a field by block id", () => {
    expect(connectErrors("eFax didn't accept these details.")).toEqual({
      response_action: "errors",
      errors: { [BLOCK_IDS.password]: "eFax didn't accept these details." },
    });
    expect(connectErrors("Required", "apiKey").errors).toEqual({ [BLOCK_IDS.apiKey]: "Required" });
  });

  it("Disconnect asks first and names the account", () => {
    const modal = buildDisconnectConfirm({ usernameMasked: "ac…ic" });
    expect(checkView(modal)).toEqual([]);
    expect(modal.callback_id).toBe(CALLBACK_IDS.disconnectConfirm);
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(visibleText(modal)).toMatchSnapshot();
  });
});

describe("words listeners and services used to spell out themselves", () => {
  const problems: ConnectProblem[] = [
    "missing-api-key",
    "missing-username",
    "missing-password",
    "not-allowed",
    "no-workspace",
    "rejected",
    "slow",
    "throttled",
    "unreachable",
    "not-a-report",
    "unchecked",
    "store-unavailable",
    "save-failed",
    "internal",
  ];

  it("CSV sent: points to the app's Messages tab, and names the report above the file", () => {
    const notice = buildCsvSentNotice();
    expect(checkMessage(notice)).toEqual([]);
    expect(notice.text).toContain("direct message");
    expect(visibleText(notice)).toContain("this app's Messages tab");
    const report = tinyReports().failures;
    expect(csvComment(report)).toMatch(/^CSV of Failures · /);
  });

  it("Connect problems go under the field they concern, in words that say nothing was saved", () => {
    expect(connectProblemErrors("missing-username").errors).toEqual({
      [BLOCK_IDS.username]: "Enter the username.",
    });
    expect(Object.keys(connectProblemErrors("rejected").errors)).toEqual([BLOCK_IDS.password]);
    expect(Object.keys(connectProblemErrors("not-allowed").errors)).toEqual([BLOCK_IDS.apiKey]);
    for (const problem of problems) {
      const text = connectProblemText(problem);
      expect(text.length).toBeLessThanOrEqual(2000);
      expect(text).toMatch(/\.$/);
      const late = buildConnectFailedMessage({ problem });
      expect(checkMessage(late)).toEqual([]);
      expect(visibleText(late)).toContain("Your eFax account was not connected");
      expect(visibleText(late)).toContain("/efax connect");
    }
  });

  it("time zone refusals and unreadable accounts say what to do", () => {
    const unknown = buildUnknownTimeZoneMessage({ typed: `Mars/<!channel>${"x".repeat(80)}` });
    expect(checkMessage(unknown)).toEqual([]);
    expect(visibleText(unknown)).toContain("“Mars/&lt;!channel&gt;xxx");
    expect(visibleText(unknown)).not.toContain("x".repeat(60));
    expect(visibleText(unknown)).toContain("`/efax timezone Europe/London`");
    expect(visibleText(buildTimeZoneNotAllowedMessage())).toContain("Ask a workspace admin.");
    expect(visibleText(buildUnreadableAccountMessage({ canManage: true }))).toContain(
      "Connect the account again with /efax connect.",
    );
    expect(visibleText(buildUnreadableAccountMessage({ canManage: false }))).toContain(
      "Ask a workspace admin to connect the account again",
    );
  });

  it("the Home's problems and the extra help entries are plain words", () => {
    expect(homeProblemText("credentials-rejected")).toContain("A workspace admin can connect");
    expect(homeProblemText("efax-unavailable")).toContain("eFax couldn't deliver the figures");
    expect(homeProblemText("unavailable")).toContain("Open this tab again");
    expect(visibleText(buildHelpMessage({ extra: MORE_COMMANDS }))).toContain(
      "`/efax timezone America/New_York`",
    );
  });
});
