import { describe, expect, it } from "vitest";
import { parseDigestArgs, parseTimeOfDay } from "../src/command/digest.ts";
import { parseCommand } from "../src/command/grammar.ts";

const CHANNEL = "<#C0FAXOPS1|fax-ops>";

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

describe("times of day", () => {
  it.each([
    ["9", "09:00"],
    ["09", "09:00"],
    ["9:00", "09:00"],
    ["9.30", "09:30"],
    ["9am", "09:00"],
    ["9AM", "09:00"],
    ["9 am", "09:00"],
    ["9:15pm", "21:15"],
    ["9 p.m.", "21:00"],
    ["12am", "00:00"],
    ["12pm", "12:00"],
    ["0", "00:00"],
    ["17:30", "17:30"],
    ["23:59", "23:59"],
  ])("reads %j as %s", (typed, time) => {
    expect(parseTimeOfDay(typed)).toBe(time);
  });

  it.each(["24", "25:00", "9:75", "9:5", "13pm", "0am", "noon", "9:00:00", "-1", "9h"])(
    "refuses %j",
    (typed) => {
      expect(parseTimeOfDay(typed)).toBeNull();
    },
  );
});

describe("/efax digest …", () => {
  it.each([
    ["", { action: "show" }],
    ["show", { action: "show" }],
    ["off", { action: "off" }],
    ["OFF", { action: "off" }],
    ["stop", { action: "off" }],
  ])("reads %j", (text, expected) => {
    expect(parseDigestArgs(words(text))).toEqual(expected);
  });

  it.each([
    [`${CHANNEL} 9`, "09:00", "daily"],
    [`${CHANNEL} 9:00 weekdays`, "09:00", "weekdays"],
    [`${CHANNEL} 9am weekly`, "09:00", "weekly"],
    [`${CHANNEL} 17:30 daily`, "17:30", "daily"],
    [`weekdays at 5:30 pm ${CHANNEL}`, "17:30", "weekdays"],
    [`${CHANNEL} every weekday at 8`, "08:00", "weekdays"],
    [`${CHANNEL} 9 Mondays`, "09:00", "weekly"],
  ])("sets %j", (text, time, cadence) => {
    expect(parseDigestArgs(words(text))).toEqual({
      action: "set",
      channel: { id: "C0FAXOPS1", name: "fax-ops" },
      time,
      cadence,
    });
  });

  it("reads a channel Slack escaped without its name, and a private channel's id", () => {
    expect(parseDigestArgs(words("<#C0FAXOPS1> 9"))).toMatchObject({
      channel: { id: "C0FAXOPS1", name: null },
    });
    expect(parseDigestArgs(words("<#C0FAXOPS1|> 9"))).toMatchObject({
      channel: { id: "C0FAXOPS1", name: null },
    });
    expect(parseDigestArgs(words("<#G0PRIVATE1|billing> 9"))).toMatchObject({
      channel: { id: "G0PRIVATE1", name: "billing" },
    });
  });

  it.each([
    ["#fax-ops 9:00", { kind: "bare-channel", name: "fax-ops" }],
    ["9:00 weekdays", { kind: "no-channel" }],
    [CHANNEL, { kind: "no-time" }],
    [`${CHANNEL} weekly`, { kind: "no-time" }],
    [`${CHANNEL} 25:00`, { kind: "bad-time", typed: "25:00" }],
    [`${CHANNEL} 13 pm`, { kind: "bad-time", typed: "13pm" }],
    [`${CHANNEL} 9 fortnightly`, { kind: "unknown-word", typed: "fortnightly" }],
    ["fax-ops 9", { kind: "unknown-word", typed: "fax-ops" }],
    [`${CHANNEL} <#C0OTHER01|other> 9`, { kind: "two-channels" }],
    ["last week", { kind: "unknown-word", typed: "last" }],
  ])("refuses %j", (text, problem) => {
    expect(parseDigestArgs(words(text))).toEqual({ action: "invalid", problem });
  });
});

describe("digest in the /efax grammar", () => {
  it("is its own command now; summary stays the report", () => {
    expect(parseCommand(`digest ${CHANNEL} 9:00 weekdays`)).toEqual({
      kind: "digest",
      command: {
        action: "set",
        channel: { id: "C0FAXOPS1", name: "fax-ops" },
        time: "09:00",
        cadence: "weekdays",
      },
      text: `${CHANNEL} 9:00 weekdays`,
    });
    expect(parseCommand("Digest")).toEqual({
      kind: "digest",
      command: { action: "show" },
      text: "",
    });
    expect(parseCommand("summary yesterday")).toEqual({
      kind: "report",
      report: "summary",
      when: "yesterday",
    });
  });

  it("keeps the channel of a mention's text and drops the mention of the app", () => {
    expect(parseCommand(`<@U0TESTBOT1> digest ${CHANNEL} 9`)).toMatchObject({
      kind: "digest",
      command: { action: "set", channel: { id: "C0FAXOPS1" } },
    });
  });

  it("still removes channels from report requests", () => {
    expect(parseCommand(`failures ${CHANNEL} yesterday`)).toEqual({
      kind: "report",
      report: "failures",
      when: "yesterday",
    });
  });
});
