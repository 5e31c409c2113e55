/**
 * The OAuth `state` of the install flow, used once. `@slack/oauth`'s default state store is a
 * signed token any number of callbacks accept while it is fresh, so a state taken from a finished
 * install (with its cookie) would install the app again. Here each state is a random id, signed
 * with `SLACK_STATE_SECRET` so a forged one is refused without a store read, and recorded in the
 * store with the install options it carries; the callback claims it with an atomic `SET NX`, and
 * that claim is kept until the state would have expired anyway, so a replay finds it taken. The
 * same store serves `npm start` and the Vercel functions (they share the store, not memory).
 *
 * `@slack/oauth`'s `InstallProvider` also checks that the state is the one in the browser's
 * cookie before asking this store, so a state opened in another browser is refused without being
 * used up.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { type InstallURLOptions, InvalidStateError, type StateStore } from "@slack/oauth";
import { z } from "zod";
import { storeKeys } from "../store/keys.ts";
import type { Store } from "../store/types.ts";

/** How long an issued state (and its cookie) can be used: 10 minutes, as Slack's default. */
export const STATE_LIFETIME_SECONDS = 600;

/** Why a state was refused; the callback's error page words each one. */
export type StateProblem = "forged" | "expired" | "used";

/** An {@link InvalidStateError} that says why (the `code` stays the library's). */
export class RefusedStateError extends InvalidStateError {
  readonly problem: StateProblem;

  constructor(problem: StateProblem) {
    const why = {
      forged: "it was not issued by this app",
      expired: "it has expired",
      used: "it was already used",
    }[problem];
    super(`The install link's state was refused: ${why}.`);
    this.name = "RefusedStateError";
    this.problem = problem;
  }
}

export interface OAuthStateStoreDeps {
  store: Store;
  /** `SLACK_STATE_SECRET`: signs each state id. */
  secret: string;
  /** Clock. Default: the `now` the installer passes. */
  now?: () => Date;
  /** Default {@link STATE_LIFETIME_SECONDS}. */
  lifetimeSeconds?: number;
}

const recordSchema = z.object({
  issuedAt: z.number(),
  installOptions: z.record(z.string(), z.unknown()),
});

const STATE = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/;

/** The store-backed, once-only state store (see the module comment). */
export function createOAuthStateStore(deps: OAuthStateStoreDeps): StateStore {
  const lifetimeMs = (deps.lifetimeSeconds ?? STATE_LIFETIME_SECONDS) * 1000;
  const sign = (id: string) =>
    createHmac("sha256", deps.secret).update(`efax-oauth-state:${id}`).digest("base64url");
  const clock = (given: Date) => deps.now?.() ?? given;

  return {
    async generateStateParam(installOptions, now) {
      const id = randomBytes(24).toString("base64url");
      const record = { issuedAt: clock(now).getTime(), installOptions: { ...installOptions } };
      await deps.store.set(storeKeys.oauthState(id), record, {
        ttlSeconds: Math.ceil(lifetimeMs / 1000),
      });
      return `${id}.${sign(id)}`;
    },

    async verifyStateParam(now, state) {
      const match = STATE.exec(state);
      const id = match?.[1];
      const mac = match?.[2];
      if (id === undefined || mac === undefined || !sameText(mac, sign(id))) {
        throw new RefusedStateError("forged");
      }
      const at = clock(now).getTime();
      const record = recordSchema.safeParse(await deps.store.get(storeKeys.oauthState(id)));
      if (!record.success) throw new RefusedStateError("expired");
      const expiresAt = record.data.issuedAt + lifetimeMs;
      if (at >= expiresAt) throw new RefusedStateError("expired");
      const first = await deps.store.setIfAbsent(
        storeKeys.oauthStateUsed(id),
        { usedAt: at },
        { ttlSeconds: Math.max(1, Math.ceil((expiresAt - at) / 1000)) },
      );
      if (!first) throw new RefusedStateError("used");
      return record.data.installOptions as unknown as InstallURLOptions;
    },
  };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
