import { loadConfig } from "../../src/config.ts";
import {
  createSealer,
  generateEncryptionKey,
  parseEncryptionKeys,
} from "../../src/secrets/seal.ts";
import { createCredentialVault } from "../../src/secrets/vault.ts";
import type { Services } from "../../src/services/context.ts";
import { createServices } from "../../src/services/create.ts";
import { createAppLogger } from "../../src/services/logging.ts";
import type { ScheduledJob } from "../../src/services/schedule/job.ts";
import { runTick, type TickOptions, type TickSummary } from "../../src/services/schedule/tick.ts";
import { createEmbeddedStore } from "../../src/store/embedded.ts";
import type { Store, StoredValue } from "../../src/store/types.ts";
import { createUpstashStore } from "../../src/store/upstash.ts";
import { type EfaxServer, startEfaxServer } from "./efax-server.ts";
import { type SlackApiServer, startSlackApiServer } from "./slack-api-server.ts";
import { startUpstashServer, type UpstashServer } from "./upstash-server.ts";
import { botTokenOf, installWorkspace, oauthAppEnv, teamIdOf } from "./workspaces.ts";

export interface HarnessOptions {
  store?: "embedded" | "upstash";
  /** Workspaces to install: `T0000001`, `T0000002`, … Default 3. */
  workspaces?: number;
  /** Start time, ISO 8601. Default 2026-12-03T08:00:00Z. */
  start?: string;
  /** Extra environment for `loadConfig`. */
  env?: Record<string, string>;
  /** Redis URL for the Upstash test server (the bench runs its own). Default: the test run's. */
  redisUrl?: string;
  /** Keep log lines (default true); the bench turns them off. */
  keepLogs?: boolean;
}

export interface Harness {
  services: Services;
  store: Store;
  slack: SlackApiServer;
  efax: EfaxServer;
  upstash: UpstashServer | null;
  teams: string[];
  logs: string[];
  /** Every environment variable the harness's config was read from. */
  env: Record<string, string>;
  now(): Date;
  /** Sets the clock. */
  at(iso: string): void;
  advance(ms: number): void;
  /** Puts every workspace (or those given) in `job`'s index with `entry`. */
  schedule(job: ScheduledJob, entry: StoredValue, teams?: readonly string[]): Promise<void>;
  tick(jobs: readonly ScheduledJob[], options?: TickOptions): Promise<TickSummary>;
  /** Services like the harness's but on another store client (a second process). */
  secondProcess(): Promise<{ services: Services; store: Store; close(): Promise<void> }>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  let nowMs = Date.parse(options.start ?? "2026-12-03T08:00:00Z");
  const teams = Array.from({ length: options.workspaces ?? 3 }, (_, index) => teamIdOf(index));
  const slack = await startSlackApiServer({
    workspaces: teams.map((teamId) => ({ token: botTokenOf(teamId), teamId })),
    fallbackUser: { tz: "America/New_York" },
  });
  const efax = await startEfaxServer();
  const upstash =
    options.store === "upstash"
      ? await startUpstashServer(options.redisUrl ? { redisUrl: options.redisUrl } : {})
      : null;
  const encryptionKey = generateEncryptionKey();
  const env: Record<string, string> = {
    ...oauthAppEnv({ slackUrl: slack.url, efaxUrl: efax.url, encryptionKey, upstash }),
    ...options.env,
  };
  const config = loadConfig(env);
  const sealer = createSealer(parseEncryptionKeys(encryptionKey));
  const logs: string[] = [];
  const keepLogs = options.keepLogs ?? true;
  const logger = createAppLogger({ write: (line) => keepLogs && logs.push(line) });
  const now = () => new Date(nowMs);

  const openStore = async (): Promise<Store> =>
    upstash
      ? createUpstashStore({ url: upstash.url, token: upstash.token, timeoutMs: 5_000 })
      : createEmbeddedStore({ dataDir: null, now: () => nowMs });
  const build = (store: Store) =>
    createServices({
      config,
      store,
      vault: createCredentialVault({ store, sealer }),
      sealer,
      efax: { apiUrl: efax.url },
      logger,
      now,
    });

  const store = await openStore();
  const services = build(store);
  for (const teamId of teams) {
    await installWorkspace({ store, sealer, vault: services.vault }, teamId, "U0TESTUSER");
  }

  return {
    services,
    store,
    slack,
    efax,
    upstash,
    teams,
    logs,
    env,
    now,
    at(iso) {
      nowMs = Date.parse(iso);
    },
    advance(ms) {
      nowMs += ms;
    },
    async schedule(job, entry, which = teams) {
      for (const teamId of which) await store.setField(job.indexKey, teamId, entry);
    },
    tick(jobs, tickOptions = {}) {
      return runTick(services, { jobs, ...tickOptions });
    },
    async secondProcess() {
      if (!upstash) throw new Error("Only the Upstash store is shared between processes.");
      const second = await openStore();
      return { services: build(second), store: second, close: () => second.close() };
    },
    async close() {
      await store.close();
      await Promise.all([slack.close(), efax.close(), upstash?.close()]);
    },
  };
}
