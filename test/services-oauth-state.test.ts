import { InvalidStateError } from "@slack/oauth";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createOAuthStateStore,
  RefusedStateError,
  STATE_LIFETIME_SECONDS,
} from "../src/services/oauth-state.ts";
import { createMemoryStore } from "../src/store/embedded.ts";
import { storeKeys } from "../src/store/keys.ts";
import type { Store } from "../src/store/types.ts";

const START = Date.UTC(2026, 11, 2, 9, 0, 0);
const OPTIONS = { scopes: ["commands", "chat:write"], metadata: "from-the-page" };

describe("the once-only OAuth state store", () => {
  let clock: number;
  let store: Store;
  const stateStore = () =>
    createOAuthStateStore({ store, secret: "state-secret-for-tests", now: () => new Date(clock) });

  beforeEach(async () => {
    clock = START;
    store = await createMemoryStore({ now: () => clock });
  });
  afterEach(async () => {
    await store.close();
  });

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(InvalidStateError);
    return error instanceof RefusedStateError ? error.problem : null;
  };

  it("gives back the install options once, then refuses the same state", async () => {
    const states = stateStore();
    const state = await states.generateStateParam(OPTIONS, new Date(clock));
    expect(await states.verifyStateParam(new Date(clock), state)).toEqual(OPTIONS);
    expect(await refusal(states.verifyStateParam(new Date(clock), state))).toBe("used");
  });

  it("refuses a second process's replay too: the claim is in the store", async () => {
    const state = await stateStore().generateStateParam(OPTIONS, new Date(clock));
    const results = await Promise.allSettled([
      stateStore().verifyStateParam(new Date(clock), state),
      stateStore().verifyStateParam(new Date(clock), state),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("works up to its last second and not at its end", async () => {
    const states = stateStore();
    const early = await states.generateStateParam(OPTIONS, new Date(clock));
    const late = await states.generateStateParam(OPTIONS, new Date(clock));
    clock += STATE_LIFETIME_SECONDS * 1000 - 1;
    expect(await states.verifyStateParam(new Date(clock), early)).toEqual(OPTIONS);
    clock += 1;
    expect(await refusal(states.verifyStateParam(new Date(clock), late))).toBe("expired");
  });

  it("keeps the used mark until the state would have expired, not longer", async () => {
    const states = stateStore();
    const state = await states.generateStateParam(OPTIONS, new Date(clock));
    const id = state.split(".")[0] ?? "";
    clock += 60_000;
    await states.verifyStateParam(new Date(clock), state);
    clock += (STATE_LIFETIME_SECONDS - 61) * 1000;
    expect(await store.get(storeKeys.oauthStateUsed(id))).not.toBeNull();
    clock += 2_000;
    expect(await store.get(storeKeys.oauthStateUsed(id))).toBeNull();
    expect(await store.get(storeKeys.oauthState(id))).toBeNull();
  });

  it("refuses states it did not sign, without reading the store", async () => {
    const states = stateStore();
    const state = await states.generateStateParam(OPTIONS, new Date(clock));
    const other = createOAuthStateStore({ store, secret: "another-secret" });
    expect(await refusal(other.verifyStateParam(new Date(clock), state))).toBe("forged");
    // The signature's last character, changed for sure (one in 16 already ends in "A").
    const lastChanged = state.replace(/.$/, state.endsWith("A") ? "E" : "A");
    for (const forged of ["", "forged", `${state}x`, lastChanged, "a.b.c"]) {
      expect(await refusal(states.verifyStateParam(new Date(clock), forged))).toBe("forged");
    }
    // The real one still works: forging attempts use nothing up.
    expect(await states.verifyStateParam(new Date(clock), state)).toEqual(OPTIONS);
  });
});
