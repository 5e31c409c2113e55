/**
 * What `GET /healthz` says about the store: whether it answers a read within a second. A store
 * that does not answer (Upstash unreachable or slow, the database locked) makes the health check
 * answer 503 with a plain status, quickly, instead of hanging with it.
 */
import { storeKeys } from "../store/keys.ts";
import type { Store } from "../store/types.ts";

/** How long the health check waits for the store. */
export const STORE_CHECK_MS = 1_000;

/** The store's part of the health report. */
export type StoreHealth =
  | { ok: true; storeStatus: "reachable" }
  | { ok: false; status: "store_unreachable"; storeStatus: "unreachable" | "timeout" };

/** Reads one key (never written) within `timeoutMs`; never throws. */
export async function checkStore(
  store: Pick<Store, "get">,
  timeoutMs: number = STORE_CHECK_MS,
): Promise<StoreHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const read = store.get(storeKeys.health()).then(
    () => "reachable" as const,
    () => "unreachable" as const,
  );
  try {
    const outcome = await Promise.race([read, timeout]);
    return outcome === "reachable"
      ? { ok: true, storeStatus: "reachable" }
      : { ok: false, status: "store_unreachable", storeStatus: outcome };
  } finally {
    clearTimeout(timer);
  }
}
