/**
 * One measurement of the cold-start benchmark, in a fresh process started by
 * `bench/cold-start-section.ts`. Imports nothing but Node's own modules before it starts timing.
 *   node cold-start-child.ts bolt
 *     imports `@slack/bolt`: {"ms"}
 *   node cold-start-child.ts function <built events function (.js)>
 *     as Vercel's runtime does: a request context with `waitUntil`, the function's module imported,
 *     then a signed `/efax help` handed to its `POST`; {"importMs", "ackMs", "status"}, both from
 *     before the import: `ackMs` is when the function's answer is known (its work after the answer
 *     goes on in `waitUntil` and is not waited for). Reads SLACK_SIGNING_SECRET and
 *     BENCH_RESPONSE_URL from the environment.
 * Prints one line of JSON.
 */
import { createHmac } from "node:crypto";
import { pathToFileURL } from "node:url";

const [mode, file] = process.argv.slice(2);

function signedHelp(secret: string, responseUrl: string): Request {
  const body = new URLSearchParams({
    token: "unused",
    team_id: "T0BENCH001",
    team_domain: "bench",
    channel_id: "C0BENCH001",
    channel_name: "bench",
    user_id: "U0BENCH001",
    user_name: "bench",
    command: "/efax",
    text: "help",
    api_app_id: "A0BENCH001",
    response_url: responseUrl,
    trigger_id: "1.2.3",
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return new Request("https://bench.example/api/slack/events", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": `v0=${signature}`,
    },
    body,
  });
}

async function bolt(): Promise<void> {
  const start = performance.now();
  await import("@slack/bolt");
  console.log(JSON.stringify({ ms: performance.now() - start }));
}

async function vercelFunction(path: string): Promise<void> {
  const secret = process.env.SLACK_SIGNING_SECRET ?? "";
  const request = signedHelp(secret, process.env.BENCH_RESPONSE_URL ?? "http://127.0.0.1:9/");
  const pending: Promise<unknown>[] = [];
  Object.defineProperty(globalThis, Symbol.for("@vercel/request-context"), {
    configurable: true,
    value: { get: () => ({ waitUntil: (work: Promise<unknown>) => pending.push(work) }) },
  });
  const start = performance.now();
  const module: { POST: (request: Request) => Promise<Response> } = await import(
    pathToFileURL(path).href
  );
  const imported = performance.now();
  const response = await module.POST(request);
  const answered = performance.now();
  console.log(
    JSON.stringify({
      importMs: imported - start,
      ackMs: answered - start,
      status: response.status,
    }),
  );
  process.exit(0);
}

if (mode === "bolt") await bolt();
else if (mode === "function" && file) await vercelFunction(file);
else throw new Error("usage: cold-start-child.ts bolt | function <events.js>");
