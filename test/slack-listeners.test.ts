import { describe, expect, it } from "vitest";
import { acknowledgedWithNothing } from "../src/slack/listeners/index.ts";
import { ACTION_IDS, CALLBACK_IDS } from "../src/views/ids.ts";
import {
  appMention,
  blockAction,
  type EncodedSlackBody,
  eventCallback,
  slashCommand,
  viewSubmission,
} from "./support/slack-requests.ts";

/** The body as the receiver hands it over: form fields, a form's `payload` JSON, or JSON. */
function parsed(encoded: EncodedSlackBody): Record<string, unknown> {
  const form = new URLSearchParams(encoded.body);
  const payload = form.get("payload");
  const value: unknown = encoded.contentType.startsWith("application/json")
    ? JSON.parse(encoded.body)
    : payload === null
      ? Object.fromEntries(form)
      : JSON.parse(payload);
  if (typeof value !== "object" || value === null) throw new TypeError("not a Slack body");
  return Object.fromEntries(Object.entries(value));
}

describe("requests answered as soon as they are verified", () => {
  it("are slash commands and Events API callbacks, which every listener acks with nothing", () => {
    expect(
      acknowledgedWithNothing(
        parsed(
          slashCommand({ text: "failures yesterday", responseUrl: "https://hooks.slack.test/1" }),
        ),
      ),
    ).toBe(true);
    expect(acknowledgedWithNothing(parsed(appMention({ text: "failures yesterday" })))).toBe(true);
  });

  it("are not interactions, whose ack may carry an answer, nor workflow function events", () => {
    const click = blockAction({ actionId: ACTION_IDS.share, value: "x" });
    const submit = viewSubmission({ callbackId: CALLBACK_IDS.connect, values: {} });
    const functionRun = eventCallback({ event: { type: "function_executed" } });
    expect(acknowledgedWithNothing(parsed(click))).toBe(false);
    expect(acknowledgedWithNothing(parsed(submit))).toBe(false);
    expect(acknowledgedWithNothing(parsed(functionRun))).toBe(false);
  });
});
