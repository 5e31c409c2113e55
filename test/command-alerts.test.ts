import { describe, expect, it } from "vitest";
import { parseAlertsArgs } from "../src/command/alerts.ts";
import { parseCommand } from "../src/command/grammar.ts";

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("the /efax alerts grammar", () => {
  it.each([
    ["", { action: "show" }],
    ["<#C0FAXOPS1|fax-ops>", { action: "channel", channel: { id: "C0FAXOPS1", name: "fax-ops" } }],
    ["<#G0PRIVATE1>", { action: "channel", channel: { id: "G0PRIVATE1", name: null } }],
    ["rate 90", { action: "rate", percent: 90, minAttempts: 20 }],
    ["rate 99.5", { action: "rate", percent: 99.5, minAttempts: 20 }],
    ["rate 99,5%", { action: "rate", percent: 99.5, minAttempts: 20 }],
    ["rate 95 min 50", { action: "rate", percent: 95, minAttempts: 50 }],
    ["RATE 100 MIN 1", { action: "rate", percent: 100, minAttempts: 1 }],
    ["rate off", { action: "rule-off", rule: "rate" }],
    ["line 40", { action: "line", failures: 40 }],
    ["line off", { action: "rule-off", rule: "line" }],
    ["unreached on", { action: "unreached", on: true }],
    ["unreached off", { action: "unreached", on: false }],
    ["off", { action: "off" }],
  ])("reads %j", (text, expected) => {
    expect(parseAlertsArgs(words(text))).toEqual(expected);
  });

  it.each([
    ["#fax-ops", "bare-channel"],
    ["rate", "bad-percent"],
    ["rate 0", "bad-percent"],
    ["rate 100.5", "bad-percent"],
    ["rate 99.555", "bad-percent"],
    ["rate ninety", "bad-percent"],
    ["rate 90 min", "bad-min"],
    ["rate 90 min 0", "bad-min"],
    ["rate 90 min 2.5", "bad-min"],
    ["rate 90 at 20", "unknown"],
    ["line", "bad-failures"],
    ["line 0", "bad-failures"],
    ["line 1.5", "bad-failures"],
    ["unreached", "bad-switch"],
    ["unreached maybe", "bad-switch"],
    ["sometimes", "unknown"],
    ["<#C0FAXOPS1|fax-ops> rate 90", "unknown"],
  ])("refuses %j (%s)", (text, kind) => {
    const parsed = parseAlertsArgs(words(text));
    expect(parsed.action).toBe("invalid");
    expect(parsed.action === "invalid" ? parsed.problem.kind : null).toBe(kind);
  });

  it("is reached from /efax alerts, mentions and DMs, keeping the channel link", () => {
    expect(parseCommand("alerts <#C0FAXOPS1|fax-ops>")).toEqual({
      kind: "alerts",
      command: { action: "channel", channel: { id: "C0FAXOPS1", name: "fax-ops" } },
      text: "<#C0FAXOPS1|fax-ops>",
    });
    expect(parseCommand("<@U0TESTBOT1> Alerts rate 99.5 min 10")).toMatchObject({
      kind: "alerts",
      command: { action: "rate", percent: 99.5, minAttempts: 10 },
    });
    expect(parseCommand("alert")).toMatchObject({ kind: "alerts", command: { action: "show" } });
  });
});
