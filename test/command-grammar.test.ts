import { describe, expect, it } from "vitest";
import { knownWords, parseCommand, stripMentions } from "../src/command/grammar.ts";
import { editDistance, suggestWord } from "../src/command/suggest.ts";

describe("parseCommand", () => {
  it.each([
    ["failures yesterday", { kind: "report", report: "failures", when: "yesterday" }],
    ["FAILED last friday", { kind: "report", report: "failures", when: "last friday" }],
    [
      "pages from nov 1 to nov 7",
      { kind: "report", report: "billable", when: "from nov 1 to nov 7" },
    ],
    ["account", { kind: "report", report: "overview", when: "" }],
    ["report numbers 2026-11-20", { kind: "report", report: "numbers", when: "2026-11-20" }],
    ["report yesterday", { kind: "report", report: "summary", when: "yesterday" }],
    ["all   past 7 days ", { kind: "report", report: "summary", when: "past 7 days" }],
    ["", { kind: "subcommand", name: "help" }],
    ["  ", { kind: "subcommand", name: "help" }],
    ["help", { kind: "subcommand", name: "help" }],
    ["Connect", { kind: "subcommand", name: "connect" }],
    ["disconnect now", { kind: "subcommand", name: "disconnect" }],
    ["status", { kind: "subcommand", name: "status" }],
    ["timezone Europe/Paris", { kind: "timezone", zone: "Europe/Paris" }],
    ["tz", { kind: "timezone", zone: "" }],
  ])("reads %j", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it("reads a mention the same way once the mention is removed", () => {
    expect(parseCommand("<@U0TESTBOT1> failures yesterday")).toEqual({
      kind: "report",
      report: "failures",
      when: "yesterday",
    });
  });

  it("suggests the closest word for a typo, and nothing for a stranger", () => {
    expect(parseCommand("failurs yesterday")).toEqual({
      kind: "unknown",
      word: "failurs",
      suggestion: "failures",
      text: "failurs yesterday",
    });
    expect(parseCommand("bilable")).toMatchObject({ suggestion: "billable" });
    expect(parseCommand("stauts")).toMatchObject({ suggestion: "status" });
    expect(parseCommand("yesterday")).toMatchObject({ kind: "unknown", suggestion: null });
    expect(parseCommand("pizza")).toMatchObject({ kind: "unknown", suggestion: null });
  });
});

describe("stripMentions", () => {
  it("removes user, channel and special mentions", () => {
    expect(stripMentions("<@U1> hi <#C1|general> <!here>  there")).toBe("hi there");
  });
});

describe("edit distance", () => {
  it.each([
    ["", "", 0],
    ["abc", "abc", 0],
    ["abc", "acb", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%s → %s is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  it("allows more edits for longer words and none beyond the threshold", () => {
    expect(suggestWord("satus", knownWords())).toBe("status");
    expect(suggestWord("xyz", ["abc"])).toBeNull();
  });
});
