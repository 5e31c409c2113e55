/**
 * Slack's requests for tests: the builders and signing of `src/playground/slack-requests.ts` (one
 * implementation, shared with the playground), and `sendSigned`, which can also tamper with a
 * request to test the app's verification.
 */
import {
  DEFAULT_SLACK_IDS,
  type EncodedSlackBody,
  signRequest,
} from "../../src/playground/slack-requests.ts";

export * from "../../src/playground/slack-requests.ts";

/** Ids shared by the request builders and the local Slack API server's defaults. */
export const SLACK_TEST_IDS = DEFAULT_SLACK_IDS;

const FORM = "application/x-www-form-urlencoded";

export type Tamper =
  /** Sign the body, then send it with one character changed. */
  | "body"
  /** Send a signature with its last hex digit changed. */
  | "signature"
  /** Sign with one timestamp, send the next second. */
  | "timestamp"
  /** Leave out `x-slack-signature`. */
  | "no-signature"
  /** Leave out `x-slack-request-timestamp`. */
  | "no-timestamp"
  /** Leave out both signing headers. */
  | "unsigned";

export interface SendSignedOptions {
  /** Defaults to the encoded body's type, or form-encoded for a plain string. */
  contentType?: string;
  /** Seconds since the epoch; default now. May be any string, to send malformed values. */
  timestamp?: number | string;
  /** Extra headers, e.g. `x-slack-retry-num`; they override the signing headers. */
  headers?: Record<string, string>;
  tamper?: Tamper;
}

export interface SlackEndpointResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

/** POSTs a really signed request over HTTP, as Slack would, and reads the whole answer. */
export async function sendSigned(
  url: string,
  secret: string,
  body: string | EncodedSlackBody,
  options: SendSignedOptions = {},
): Promise<SlackEndpointResponse> {
  const encoded = typeof body === "string" ? { contentType: FORM, body } : body;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signed = signRequest(secret, encoded.body, timestamp);
  let sentBody = encoded.body;
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? encoded.contentType,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    ...signed,
  };
  switch (options.tamper) {
    case "body":
      sentBody = tamperText(sentBody);
      break;
    case "signature":
      headers["x-slack-signature"] = tamperText(signed["x-slack-signature"]);
      break;
    case "timestamp":
      headers["x-slack-request-timestamp"] = String(Number(timestamp) + 1);
      break;
    case "no-signature":
      delete headers["x-slack-signature"];
      break;
    case "no-timestamp":
      delete headers["x-slack-request-timestamp"];
      break;
    case "unsigned":
      delete headers["x-slack-signature"];
      delete headers["x-slack-request-timestamp"];
      break;
    case undefined:
      break;
  }
  Object.assign(headers, options.headers);
  const response = await fetch(url, { method: "POST", headers, body: sentBody });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

function tamperText(text: string): string {
  const last = text.at(-1) ?? "";
  const replacement = last === "0" ? "1" : "0";
  return `${text.slice(0, -1)}${replacement}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
