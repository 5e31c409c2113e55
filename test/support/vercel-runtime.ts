/**
 * Runs a Vercel function's Web handler as Vercel's Node.js runtime does (and `@vercel/node`'s dev
 * server, which copies it): while a request is handled, the request context that
 * `@vercel/functions`' `waitUntil` reads (`globalThis[Symbol.for("@vercel/request-context")]`)
 * hands out a `waitUntil` that keeps every promise given to it; the handler's `Response` is the
 * answer, and the function stays alive until those promises settle.
 */

import { vi } from "vitest";
import { type EncodedSlackBody, signRequest } from "./slack-requests.ts";

const REQUEST_CONTEXT = Symbol.for("@vercel/request-context");
const EVENTS_URL = "https://example.vercel.app/api/slack/events";

export interface VercelRuntime {
  /** How many promises were handed to `waitUntil` so far. */
  readonly waitedFor: number;
  /** Resolves once every promise handed to `waitUntil` (including ones added meanwhile) settled. */
  settled(): Promise<void>;
  /** Removes the request context. */
  uninstall(): void;
}

/** Installs the request context on `globalThis`; `uninstall()` it in `afterAll`. */
export function installVercelRuntime(): VercelRuntime {
  const pending = new Set<Promise<unknown>>();
  let waitedFor = 0;
  const waitUntil = (promise: Promise<unknown>) => {
    waitedFor += 1;
    const kept = Promise.resolve(promise).catch((error: unknown) => {
      console.error("A promise handed to waitUntil failed:", error);
    });
    pending.add(kept);
    void kept.then(() => pending.delete(kept));
  };
  Object.defineProperty(globalThis, REQUEST_CONTEXT, {
    configurable: true,
    enumerable: false,
    value: { get: () => ({ waitUntil }) },
  });
  return {
    get waitedFor() {
      return waitedFor;
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    uninstall() {
      Reflect.deleteProperty(globalThis, REQUEST_CONTEXT);
    },
  };
}

/** A request to the events function, really signed with `secret`. */
export function signedEventsRequest(secret: string, encoded: EncodedSlackBody): Request {
  return new Request(EVENTS_URL, {
    method: "POST",
    headers: {
      "content-type": encoded.contentType,
      ...signRequest(secret, encoded.body, Math.floor(Date.now() / 1000)),
    },
    body: encoded.body,
  });
}

/** Sets variables for the function (which reads `process.env`); returns what puts them back. */
export function setEnv(values: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
  };
}

/** Every line written to stderr (where the function logs) until `restore()`. */
export function captureStderr(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return { lines, restore: () => spy.mockRestore() };
}
