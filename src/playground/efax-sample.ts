/**
 * The playground's made-up eFax account: the app's real eFax client, report cache and parsing run
 * on it, but its requests never leave the process. A `fetch` that answers requests carrying the
 * sample account's credentials with the built-in sample data (double-encoded, as eFax sends it) and
 * hands every other request (an account someone connects in the playground) to the real `fetch`.
 */
import { isDay } from "../dates/calendar.ts";
import { sampleUpstreamBody } from "../efax/sandbox.ts";
import { type EfaxCredentials, REPORT_KINDS } from "../efax/types.ts";

/** The sample account. Not a secret: it opens nothing but the sample data. */
export const SAMPLE_EFAX_CREDENTIALS: EfaxCredentials = {
  apiKey: "playground-sample-key",
  username: "sample.account",
  password: "playground-sample-password",
};

const ROUTE = new RegExp(`/(${REPORT_KINDS.join("|")})/([^/]+)/?$`);

function json(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "application/json" } });
}

/**
 * A `fetch` serving the sample data to {@link SAMPLE_EFAX_CREDENTIALS} for any day, at any base
 * URL; other requests go to `next` (default `globalThis.fetch`).
 */
export function sampleEfaxFetch(next: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    const sample =
      headers.get("x-api-key") === SAMPLE_EFAX_CREDENTIALS.apiKey &&
      headers.get("efax-username") === SAMPLE_EFAX_CREDENTIALS.username &&
      headers.get("efax-password") === SAMPLE_EFAX_CREDENTIALS.password;
    if (!sample) return next(input, init);
    init?.signal?.throwIfAborted();
    const url = new URL(input instanceof Request ? input.url : String(input));
    const match = ROUTE.exec(url.pathname);
    const kind = REPORT_KINDS.find((k) => k === match?.[1]);
    const day = match?.[2] ?? "";
    if (kind === undefined) return json(404, JSON.stringify({ message: "Not Found" }));
    if (!isDay(day)) return json(400, JSON.stringify({ message: "Invalid date" }));
    return json(200, JSON.stringify(JSON.stringify(sampleUpstreamBody(kind, day))));
  };
}
