/**
 * Boots the real app for end-to-end tests, as `npm start` does (environment → config → store →
 * key → app → HTTP server on a free port), wired to the local Slack Web API server, the local eFax
 * server and either the embedded store (in a temporary directory) or Upstash through the test
 * REST server over the real local Redis. Requests are really signed; log lines are captured.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EfaxCredentials } from "../../src/efax/types.ts";
import { type RunningServer, type StartServerOptions, startServer } from "../../src/main.ts";
import { generateEncryptionKey } from "../../src/secrets/seal.ts";
import type { Services } from "../../src/services/context.ts";
import { eraseWorkspace } from "../../src/services/workspace.ts";
import type { Store } from "../../src/store/types.ts";
import {
  type EfaxServer,
  type EfaxServerOptions,
  startEfaxServer,
  TEST_EFAX_CREDENTIALS,
} from "./efax-server.ts";
import {
  RESPONSE_URL_METHOD,
  type RecordedCall,
  type SlackApiServer,
  type SlackApiServerOptions,
  startSlackApiServer,
} from "./slack-api-server.ts";
import {
  type EncodedSlackBody,
  type SendSignedOptions,
  SLACK_TEST_IDS,
  type SlackEndpointResponse,
  type SlashCommandInput,
  sendSigned,
  slashCommand,
} from "./slack-requests.ts";
import { startUpstashServer, type UpstashServer } from "./upstash-server.ts";

export interface StartAppOptions {
  /** Which store the app uses. Default `embedded`. */
  store?: "embedded" | "upstash";
  slack?: SlackApiServerOptions;
  efax?: EfaxServerOptions;
  /** Sets `EFAX_*` to the test account, as a single-workspace install would. Default false. */
  defaultAccount?: boolean;
  /** Extra environment, e.g. `ADMIN_USER_IDS`. */
  env?: Record<string, string>;
  /** eFax per-request timeout. Default 1500 ms, so a slow eFax fails fast in tests. */
  efaxTimeoutMs?: number;
  /** Multi-workspace mode (OAuth) instead of one bot token. Default false. */
  oauth?: { clientId: string; clientSecret: string };
  /** Port to listen on. Default 0 (any free one). */
  port?: number;
  /** The app's clock (and the embedded store's expiries). Default: the real one. */
  now?: () => Date;
  /** Scheduled jobs, ticked over `/api/cron/tick` or `server.ticker.tickNow()`. Default none. */
  jobs?: StartServerOptions["jobs"];
  /** Deadlines and concurrency of ticks. */
  tick?: StartServerOptions["tick"];
  /** Tick every minute in the app (default false in tests: they tick themselves). */
  tickEveryMinute?: boolean;
}

export interface RunningApp {
  /** Base URL of the app, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** `POST` target for every Slack request. */
  eventsUrl: string;
  signingSecret: string;
  botToken: string;
  slack: SlackApiServer;
  efax: EfaxServer;
  upstash: UpstashServer | null;
  /** The app's own store and services (vault, reports). */
  store: Store;
  services: Services;
  /** Every line the app logged. */
  logs: string[];
  server: RunningServer;
  /** Sends a really signed request to the events URL. */
  send(body: EncodedSlackBody, options?: SendSignedOptions): Promise<SlackEndpointResponse>;
  /**
   * Sends `/efax <text>` with a fresh response_url; resolves with the HTTP answer (the ack) and
   * the response_url id, whose posts `responseUrlPosts` / `nextResponse` read.
   */
  command(
    text: string,
    input?: Partial<Omit<SlashCommandInput, "text" | "responseUrl">>,
  ): Promise<{ ack: SlackEndpointResponse; responseId: string; responseUrl: string }>;
  /** Posts made to a response_url so far. */
  responseUrlPosts(responseId: string): RecordedCall[];
  /** Waits for the response_url post matching `predicate` (default: any that is not progress). */
  waitForResponse(
    responseId: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Waits until the app has finished every request it received (listeners included). */
  idle(): Promise<void>;
  /** Erases everything the app keeps for a workspace (store and report cache), between tests. */
  forget(teamId?: string): Promise<void>;
  /** Saves eFax credentials for a workspace, as a successful Connect would. */
  connect(teamId?: string, credentials?: EfaxCredentials, by?: string): Promise<void>;
  close(): Promise<void>;
}

let responseSequence = 0;

/** True for a response_url post that is the final answer, not the "Getting …" note. */
export function isFinalAnswer(call: RecordedCall): boolean {
  const text = typeof call.body.text === "string" ? call.body.text : "";
  return !text.startsWith("Getting ");
}

/** Starts everything; close it with `close()` in `afterAll`/`afterEach`. */
export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  const signingSecret = `test-signing-secret-${randomBytes(8).toString("hex")}`;
  const botToken = SLACK_TEST_IDS.botToken;
  const slack = await startSlackApiServer({
    fallbackUser: { tz: "America/New_York" },
    ...options.slack,
    ...(options.oauth
      ? { oauth: { ...options.oauth, installs: options.slack?.oauth?.installs ?? {} } }
      : {}),
  });
  const efax = await startEfaxServer(options.efax);
  const upstash = options.store === "upstash" ? await startUpstashServer() : null;
  const dataDir = upstash ? null : await mkdtemp(join(tmpdir(), "efax-app-test-"));

  const env: Record<string, string> = {
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.url,
    EFAX_API_URL: efax.url,
    LOG_LEVEL: "info",
    ...(options.oauth
      ? {
          SLACK_CLIENT_ID: options.oauth.clientId,
          SLACK_CLIENT_SECRET: options.oauth.clientSecret,
          SLACK_STATE_SECRET: `state-${randomBytes(8).toString("hex")}`,
        }
      : { SLACK_BOT_TOKEN: botToken }),
    ...(upstash
      ? {
          UPSTASH_REDIS_REST_URL: upstash.url,
          UPSTASH_REDIS_REST_TOKEN: upstash.token,
          ENCRYPTION_KEY: generateEncryptionKey(),
        }
      : { DATA_DIR: dataDir ?? "" }),
    ...(options.defaultAccount
      ? {
          EFAX_API_KEY: TEST_EFAX_CREDENTIALS.apiKey,
          EFAX_USERNAME: TEST_EFAX_CREDENTIALS.username,
          EFAX_PASSWORD: TEST_EFAX_CREDENTIALS.password,
        }
      : {}),
    ...options.env,
  };
  const logs: string[] = [];
  const server = await startServer({
    env,
    port: options.port ?? 0,
    tickEveryMinute: options.tickEveryMinute ?? false,
    ...(options.now ? { now: options.now } : {}),
    ...(options.jobs ? { jobs: options.jobs } : { jobs: [] }),
    ...(options.tick ? { tick: options.tick } : {}),
    write: (line) => logs.push(line),
    efaxTimeoutMs: options.efaxTimeoutMs ?? 1_500,
    preloadAfterMs: 0,
  });
  const url = server.url;
  if (url === null) throw new Error("The test app did not start an HTTP server.");
  const eventsUrl = `${url}/api/slack/events`;
  const { services } = server.built;

  const send = (body: EncodedSlackBody, sendOptions?: SendSignedOptions) =>
    sendSigned(eventsUrl, signingSecret, body, sendOptions);

  const responseUrlPosts = (responseId: string) =>
    slack.callsTo(RESPONSE_URL_METHOD).filter((call) => call.target === responseId);

  return {
    url,
    eventsUrl,
    signingSecret,
    botToken,
    slack,
    efax,
    upstash,
    store: server.store,
    services,
    logs,
    server,
    send,
    async command(text, input = {}) {
      responseSequence += 1;
      const responseId = `cmd-${responseSequence}-${randomBytes(4).toString("hex")}`;
      const responseUrl = slack.responseUrl(responseId);
      const ack = await send(slashCommand({ ...input, text, responseUrl }));
      return { ack, responseId, responseUrl };
    },
    responseUrlPosts,
    waitForResponse(responseId, predicate = isFinalAnswer, timeoutMs = 10_000) {
      return slack.waitFor(
        (call) =>
          call.method === RESPONSE_URL_METHOD && call.target === responseId && predicate(call),
        timeoutMs,
      );
    },
    idle: () => server.built.idle(),
    async forget(teamId = SLACK_TEST_IDS.teamId) {
      await eraseWorkspace(services, teamId);
    },
    async connect(teamId = SLACK_TEST_IDS.teamId, credentials = TEST_EFAX_CREDENTIALS, by) {
      await services.vault.save(teamId, credentials, {
        connectedBy: by ?? SLACK_TEST_IDS.userId,
      });
    },
    async close() {
      await server.close();
      await Promise.all([slack.close(), efax.close(), upstash?.close()]);
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
