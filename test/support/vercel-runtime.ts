/**
 * Runs a Vercel function's Web handler as Vercel's Node.js runtime does (and `@vercel/node`'s dev
 * server, which copies it): while a request is handled, the request context that
 * `@vercel/functions`' `waitUntil` reads (`globalThis[Symbol.for("@vercel/request-context")]`)
 * hands out a `waitUntil` that keeps every promise given to it; the handler's `Response` is the
 * answer, and the function stays alive until those promises settle.
 */

const REQUEST_CONTEXT = Symbol.for("@vercel/request-context");

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
