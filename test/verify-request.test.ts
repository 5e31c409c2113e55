import { describe, expect, it } from "vitest";
import { verifySlackRequest } from "../src/slack/verify-request.ts";
import { signRequest } from "./support/slack-requests.ts";

const DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const DOC_TIMESTAMP = 1531420618;
const DOC_BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const DOC_NOW_MS = DOC_TIMESTAMP * 1000 + 12_000;

function docHeaders(overrides: Record<string, string | string[] | undefined> = {}) {
  return {
    "x-slack-signature": DOC_SIGNATURE,
    "x-slack-request-timestamp": String(DOC_TIMESTAMP),
    ...overrides,
  };
}

function verifyDoc(overrides: Partial<Parameters<typeof verifySlackRequest>[0]> = {}) {
  return verifySlackRequest({
    signingSecret: DOC_SECRET,
    headers: docHeaders(),
    rawBody: DOC_BODY,
    nowMs: DOC_NOW_MS,
    ...overrides,
  });
}

describe("verifySlackRequest", () => {
  it("accepts Slack's documented example", () => {
    expect(verifyDoc()).toEqual({ ok: true });
    expect(verifyDoc({ rawBody: Buffer.from(DOC_BODY) })).toEqual({ ok: true });
    expect(verifyDoc({ headers: new Headers(docHeaders()) })).toEqual({ ok: true });
  });

  it("agrees with the test signer on the documented signature", () => {
    expect(signRequest(DOC_SECRET, DOC_BODY, DOC_TIMESTAMP)["x-slack-signature"]).toBe(
      DOC_SIGNATURE,
    );
  });

  it("accepts an upper-case hex signature and header names in any case", () => {
    const headers = {
      "X-Slack-Signature": `v0=${DOC_SIGNATURE.slice(3).toUpperCase()}`,
      "X-Slack-Request-Timestamp": String(DOC_TIMESTAMP),
    };
    expect(verifyDoc({ headers })).toEqual({ ok: true });
  });

  it("refuses a body changed by one character", () => {
    expect(verifyDoc({ rawBody: DOC_BODY.replace("roadrunner", "roadrunneR") })).toEqual({
      ok: false,
      reason: "signature-mismatch",
    });
  });

  it("refuses a re-encoded body even when it means the same", () => {
    const raw = "command=%2Fefax&text=failures+yesterday";
    const headers = signRequest(DOC_SECRET, raw, DOC_TIMESTAMP);
    const sameMeaning = "command=/efax&text=failures%20yesterday";
    expect(Object.fromEntries(new URLSearchParams(sameMeaning))).toEqual(
      Object.fromEntries(new URLSearchParams(raw)),
    );
    expect(verifyDoc({ headers, rawBody: raw })).toEqual({ ok: true });
    expect(verifyDoc({ headers, rawBody: sameMeaning })).toEqual({
      ok: false,
      reason: "signature-mismatch",
    });
  });

  it("hashes the bytes as received, not a decoded string", () => {
    const raw = Buffer.from([0x74, 0x65, 0x78, 0x74, 0x3d, 0xff, 0xfe]);
    const headers = signRequest(DOC_SECRET, raw, DOC_TIMESTAMP);
    expect(verifyDoc({ headers, rawBody: raw })).toEqual({ ok: true });
    expect(verifyDoc({ headers, rawBody: raw.toString("utf8") })).toEqual({
      ok: false,
      reason: "signature-mismatch",
    });
  });

  it("refuses a signature made with another secret or altered", () => {
    expect(verifyDoc({ signingSecret: `${DOC_SECRET}x` })).toMatchObject({
      reason: "signature-mismatch",
    });
    const altered = `${DOC_SIGNATURE.slice(0, -1)}0`;
    expect(verifyDoc({ headers: docHeaders({ "x-slack-signature": altered }) })).toMatchObject({
      reason: "signature-mismatch",
    });
  });

  it("refuses a signature whose timestamp was changed after signing", () => {
    const headers = docHeaders({ "x-slack-request-timestamp": String(DOC_TIMESTAMP + 1) });
    expect(verifyDoc({ headers })).toMatchObject({ reason: "signature-mismatch" });
  });

  it("accepts timestamps up to exactly five minutes off either way", () => {
    const at = DOC_TIMESTAMP * 1000;
    expect(verifyDoc({ nowMs: at + 5 * 60_000 })).toEqual({ ok: true });
    expect(verifyDoc({ nowMs: at - 5 * 60_000 })).toEqual({ ok: true });
  });

  it("refuses timestamps six minutes old or six minutes ahead", () => {
    const at = DOC_TIMESTAMP * 1000;
    expect(verifyDoc({ nowMs: at + 6 * 60_000 })).toEqual({
      ok: false,
      reason: "stale-timestamp",
    });
    expect(verifyDoc({ nowMs: at - 6 * 60_000 })).toEqual({
      ok: false,
      reason: "future-timestamp",
    });
    expect(verifyDoc({ nowMs: at + 5 * 60_000 + 1000 })).toMatchObject({ ok: false });
  });

  it.each([
    ["not a number", "abc"],
    ["fractional", "1531420618.5"],
    ["negative", "-1531420618"],
    ["exponent", "1.531420618e9"],
    ["padded", " 1531420618"],
  ])("refuses a %s timestamp", (_label, timestamp) => {
    expect(verifyDoc({ headers: docHeaders({ "x-slack-request-timestamp": timestamp }) })).toEqual({
      ok: false,
      reason: "malformed-timestamp",
    });
  });

  it.each([
    ["another version", `v1=${DOC_SIGNATURE.slice(3)}`],
    ["too short", DOC_SIGNATURE.slice(0, -2)],
    ["not hex", `${DOC_SIGNATURE.slice(0, -1)}g`],
    ["no version", DOC_SIGNATURE.slice(3)],
    ["sent twice", [DOC_SIGNATURE, DOC_SIGNATURE]],
  ])("refuses a signature that is %s", (_label, signature) => {
    expect(verifyDoc({ headers: docHeaders({ "x-slack-signature": signature }) })).toEqual({
      ok: false,
      reason: "malformed-signature",
    });
  });

  it("refuses a request without signature or timestamp headers", () => {
    expect(verifyDoc({ headers: docHeaders({ "x-slack-signature": undefined }) })).toEqual({
      ok: false,
      reason: "missing-signature",
    });
    expect(verifyDoc({ headers: docHeaders({ "x-slack-request-timestamp": undefined }) })).toEqual({
      ok: false,
      reason: "missing-timestamp",
    });
    expect(verifyDoc({ headers: {} })).toMatchObject({ ok: false });
  });

  it("refuses a body over the cap before hashing", () => {
    expect(verifyDoc({ maxBodyBytes: DOC_BODY.length })).toEqual({ ok: true });
    expect(verifyDoc({ maxBodyBytes: DOC_BODY.length - 1 })).toEqual({
      ok: false,
      reason: "body-too-large",
    });
  });

  it("refuses everything when the signing secret is empty", () => {
    const headers = signRequest("", DOC_BODY, DOC_TIMESTAMP);
    expect(verifyDoc({ signingSecret: "", headers })).toEqual({
      ok: false,
      reason: "no-signing-secret",
    });
  });
});
