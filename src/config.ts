import { isIP, isIPv4 } from "node:net";
import { z } from "zod";
import { DEFAULT_EFAX_API_URL, type EfaxCredentials } from "./efax/types.ts";
import { EncryptionKeyError } from "./secrets/errors.ts";
import { type EncryptionKey, parseEncryptionKeys } from "./secrets/seal.ts";
import type { StoreConfig } from "./store/index.ts";
import { DEFAULT_DATA_DIR } from "./store/types.ts";

/** How the app talks to Slack, decided by which variables are set. */
export type SlackConfig =
  /** One workspace over HTTP: `SLACK_SIGNING_SECRET` + `SLACK_BOT_TOKEN`. */
  | { mode: "single"; apiUrl: string; signingSecret: string; botToken: string }
  /** Socket Mode (no public URL): `SLACK_APP_TOKEN` + `SLACK_BOT_TOKEN`. */
  | {
      mode: "socket";
      apiUrl: string;
      appToken: string;
      botToken: string;
      signingSecret: string | null;
    }
  /** Installable in many workspaces: client id, client secret, state secret, signing secret. */
  | {
      mode: "oauth";
      apiUrl: string;
      signingSecret: string;
      clientId: string;
      clientSecret: string;
      stateSecret: string;
    };

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Everything the app reads from its environment, checked and typed. */
export interface Config {
  /** `PORT`, default 3000. */
  port: number;
  /**
   * `HOST`: the address the local HTTP server binds to, or null when unset: serving Slack then
   * binds to all interfaces (Node's default, `::` and `0.0.0.0`), as it always has.
   */
  host: string | null;
  slack: SlackConfig;
  efax: {
    /** `EFAX_API_URL`, default {@link DEFAULT_EFAX_API_URL}. */
    apiUrl: string;
    /** `EFAX_API_KEY` + `EFAX_USERNAME` + `EFAX_PASSWORD`: the account of a single-workspace install. */
    defaultCredentials: EfaxCredentials | null;
  };
  /** Upstash when its URL and token are set (either naming), else embedded under `DATA_DIR`. */
  store: StoreConfig;
  /** `ENCRYPTION_KEY`; `null` only with the embedded store (a key file is generated then). */
  encryptionKeys: EncryptionKey[] | null;
  /** `ADMIN_USER_IDS`: may connect or disconnect accounts besides workspace admins and owners. */
  adminUserIds: string[];
  /** `LOG_LEVEL`, default `info`. */
  logLevel: LogLevelName;
  /** Who may tick (`/api/cron/tick`) and how due runs are spread (README › Run on a schedule). */
  schedule: ScheduleConfig;
}

/** The scheduled tick's callers and its fan-out. */
export interface ScheduleConfig {
  /** `CRON_SECRET`: `Authorization: Bearer <it>` ticks (Vercel Cron sends it); null when unset. */
  cronSecret: string | null;
  /**
   * `QSTASH_CURRENT_SIGNING_KEY` + `QSTASH_NEXT_SIGNING_KEY`: a request signed by QStash ticks
   * (and runs a fanned-out run); null when unset.
   */
  qstashSigningKeys: { current: string; next: string } | null;
  /**
   * `QSTASH_TOKEN` (with `QSTASH_URL` and `APP_URL`): each tick publishes its due runs to QStash,
   * which delivers each to `workerUrl`; null runs them in the tick.
   */
  fanOut: { token: string; apiUrl: string; workerUrl: string } | null;
}

/** QStash's API when `QSTASH_URL` is unset. */
export const DEFAULT_QSTASH_URL = "https://qstash.upstash.io";
/** The fan-out worker's path under `APP_URL`. */
export const CRON_RUN_PATH = "/api/cron/run";
/** The tick's path (Vercel Cron, QStash, or anyone with `CRON_SECRET`). */
export const CRON_TICK_PATH = "/api/cron/tick";
/** Shortest `CRON_SECRET` accepted (Vercel recommends at least 16 random characters). */
export const MIN_CRON_SECRET_LENGTH = 16;

export const DEFAULT_PORT = 3000;
export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

/** README sections the messages point to (the README's headings must keep these names). */
export const README_SECTIONS = {
  runLocally: "README › Run locally",
  environment: "README › Environment variables",
  schedule: "README › Run on a schedule",
} as const;

/** One problem with the environment: which variables, what is wrong, how to fix it, where to read. */
export interface ConfigIssue {
  variables: string[];
  /** A full sentence naming the variables; never quotes a value. */
  problem: string;
  fix: string;
  readme: string;
}

/** The environment cannot run the app; {@link ConfigError.issues} lists every problem at once. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(
      `Could not start: ${issues.length === 1 ? "1 setting needs" : `${issues.length} settings need`} attention. ${issues.map((issue) => issue.problem).join(" ")}`,
    );
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** True for a {@link ConfigError}. */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

interface Help {
  fix: string;
  readme: string;
}

const HELP: Record<string, Help> = {
  PORT: {
    fix: "Set PORT to a free port number such as 3000, or leave it unset.",
    readme: README_SECTIONS.runLocally,
  },
  HOST: {
    fix: "Set HOST to an address of this machine such as 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or ::1, or to a host name such as localhost; or leave it unset to listen on every interface.",
    readme: README_SECTIONS.environment,
  },
  SLACK_SIGNING_SECRET: {
    fix: "Copy the Signing Secret from your Slack app's Basic Information page into SLACK_SIGNING_SECRET.",
    readme: README_SECTIONS.runLocally,
  },
  SLACK_BOT_TOKEN: {
    fix: "Install the app to your workspace and copy the Bot User OAuth Token (xoxb-…) from the OAuth & Permissions page into SLACK_BOT_TOKEN.",
    readme: README_SECTIONS.runLocally,
  },
  SLACK_APP_TOKEN: {
    fix: "Create an app-level token with the connections:write scope on the Basic Information page and put it (xapp-…) in SLACK_APP_TOKEN, or unset it to serve HTTP.",
    readme: README_SECTIONS.runLocally,
  },
  SLACK_CLIENT_ID: {
    fix: "Copy the Client ID from your Slack app's Basic Information page into SLACK_CLIENT_ID.",
    readme: README_SECTIONS.environment,
  },
  SLACK_CLIENT_SECRET: {
    fix: "Copy the Client Secret from your Slack app's Basic Information page into SLACK_CLIENT_SECRET.",
    readme: README_SECTIONS.environment,
  },
  SLACK_STATE_SECRET: {
    fix: "Set SLACK_STATE_SECRET to a long random string, e.g. the output of `openssl rand -hex 32`.",
    readme: README_SECTIONS.environment,
  },
  SLACK_API_URL: {
    fix: "Set SLACK_API_URL to an http(s) URL such as https://slack.com/api/, or leave it unset.",
    readme: README_SECTIONS.environment,
  },
  EFAX_API_URL: {
    fix: `Set EFAX_API_URL to an http(s) URL such as ${DEFAULT_EFAX_API_URL}, or leave it unset.`,
    readme: README_SECTIONS.environment,
  },
  EFAX_CREDENTIALS: {
    fix: "Set EFAX_API_KEY, EFAX_USERNAME and EFAX_PASSWORD together for a default eFax account, or unset all three and connect an account from Slack with /efax connect.",
    readme: README_SECTIONS.environment,
  },
  UPSTASH: {
    fix: "Set both the REST URL and the REST token of your Upstash database (UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or Vercel's KV_REST_API_URL and KV_REST_API_TOKEN), or neither to use the embedded store.",
    readme: README_SECTIONS.environment,
  },
  UPSTASH_REDIS_REST_URL: {
    fix: "Copy the REST URL (https://…upstash.io) from your Upstash database's page into UPSTASH_REDIS_REST_URL.",
    readme: README_SECTIONS.environment,
  },
  KV_REST_API_URL: {
    fix: "Copy KV_REST_API_URL as Vercel's Upstash integration set it (an https:// URL), or unset it.",
    readme: README_SECTIONS.environment,
  },
  DATA_DIR: {
    fix: "Set DATA_DIR to a directory the app may write, or leave it unset for .data.",
    readme: README_SECTIONS.environment,
  },
  ENCRYPTION_KEY: {
    fix: "Generate a key with `openssl rand -base64 32` and put it in ENCRYPTION_KEY (to rotate: ENCRYPTION_KEY=new:<key>,default:<old key>).",
    readme: README_SECTIONS.environment,
  },
  ADMIN_USER_IDS: {
    fix: "List Slack user ids separated by commas, e.g. ADMIN_USER_IDS=U012ABC345,U067DEF890 (a member's profile › ⋯ › Copy member ID).",
    readme: README_SECTIONS.environment,
  },
  LOG_LEVEL: {
    fix: `Set LOG_LEVEL to one of ${LOG_LEVELS.join(", ")}, or leave it unset for info.`,
    readme: README_SECTIONS.environment,
  },
  CRON_SECRET: {
    fix: "Generate one with `openssl rand -hex 32` and set CRON_SECRET to it (on Vercel: Settings › Environment Variables), or leave it unset.",
    readme: README_SECTIONS.schedule,
  },
  QSTASH_SIGNING_KEYS: {
    fix: "Copy both signing keys from the Upstash console (QStash › Signing keys) into QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY.",
    readme: README_SECTIONS.schedule,
  },
  QSTASH_TOKEN: {
    fix: "Copy the token from the Upstash console (QStash › Request builder / REST token) into QSTASH_TOKEN, or unset it to run due runs in the tick itself.",
    readme: README_SECTIONS.schedule,
  },
  QSTASH_URL: {
    fix: "Set QSTASH_URL to the QStash API of your region (e.g. https://qstash.upstash.io), or leave it unset.",
    readme: README_SECTIONS.schedule,
  },
  APP_URL: {
    fix: "Set APP_URL to the app's public address, e.g. https://efax-reports.vercel.app, where QStash can reach /api/cron/run.",
    readme: README_SECTIONS.schedule,
  },
};

const SLACK_ID = /^[A-Z0-9]{1,32}$/;

function blankToUndefined(value: unknown): unknown {
  if (typeof value !== "string") {
    return value;
  }
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) {
    return false;
  }
  const { protocol } = new URL(value);
  return protocol === "http:" || protocol === "https:";
}

/** A host name of letters, digits and hyphens per label (RFC 1123), not all-numeric at the end. */
const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** Why `HOST` cannot be bound to, as the end of a sentence starting with "HOST", or null. */
function hostProblem(value: string): string | null {
  if (isIP(value) !== 0) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return "is a URL; give only the address, such as 127.0.0.1 (no http://, no port).";
  }
  if (/^\[.*\]$/.test(value) && isIP(value.slice(1, -1)) === 6) {
    return "has brackets; write an IPv6 address without them, such as ::1.";
  }
  const [address, port, ...more] = value.split(":");
  if (more.length === 0 && port !== undefined && /^\d+$/.test(port) && address !== undefined) {
    return "includes a port; give only the address (such as 127.0.0.1) and the port in PORT.";
  }
  if (/^[\d.]+$/.test(value) && !isIPv4(value)) {
    return "is not a valid IPv4 address (four numbers from 0 to 255, such as 127.0.0.1).";
  }
  return HOST_NAME.test(value) && !/\.\d+\.?$/.test(value)
    ? null
    : "must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or a host name such as localhost.";
}

function isPort(value: string): boolean {
  return /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535;
}

/** An optional variable; blank counts as unset. `check` returns a problem sentence or null. */
function variable(name: string, check?: (value: string) => string | null) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .superRefine((value, ctx) => {
        const problem = check?.(value) ?? null;
        if (problem) {
          ctx.addIssue({ code: "custom", message: `${name} ${problem}` });
        }
      })
      .optional(),
  );
}

function url(name: string) {
  return variable(name, (value) => (isHttpUrl(value) ? null : "is not an http(s) URL."));
}

function prefixed(name: string, prefix: string, what: string) {
  return variable(name, (value) =>
    value.startsWith(prefix) ? null : `must start with ${prefix} (${what}).`,
  );
}

function encryptionKeyProblem(value: string): string | null {
  try {
    parseEncryptionKeys(value);
    return null;
  } catch (error) {
    if (error instanceof EncryptionKeyError) {
      return `is not usable: ${error.problem}`;
    }
    throw error;
  }
}

function adminIdsProblem(value: string): string | null {
  const entries = value.split(",").map((entry) => entry.trim());
  const bad = entries.flatMap((entry, index) => (SLACK_ID.test(entry) ? [] : [index + 1]));
  if (bad.length === 0) {
    return null;
  }
  return `must be Slack user ids (capital letters and digits, like U012ABC345) separated by commas; entr${bad.length === 1 ? "y" : "ies"} ${listNames(bad.map(String))} ${bad.length === 1 ? "is" : "are"} not.`;
}

const fields = z.object({
  PORT: variable("PORT", (value) =>
    isPort(value) ? null : "must be a whole number from 1 to 65535.",
  ),
  HOST: variable("HOST", hostProblem),
  SLACK_SIGNING_SECRET: variable("SLACK_SIGNING_SECRET"),
  SLACK_BOT_TOKEN: prefixed("SLACK_BOT_TOKEN", "xoxb-", "the Bot User OAuth Token"),
  SLACK_APP_TOKEN: prefixed("SLACK_APP_TOKEN", "xapp-", "an app-level token for Socket Mode"),
  SLACK_CLIENT_ID: variable("SLACK_CLIENT_ID"),
  SLACK_CLIENT_SECRET: variable("SLACK_CLIENT_SECRET"),
  SLACK_STATE_SECRET: variable("SLACK_STATE_SECRET"),
  SLACK_API_URL: url("SLACK_API_URL"),
  EFAX_API_URL: url("EFAX_API_URL"),
  EFAX_API_KEY: variable("EFAX_API_KEY"),
  EFAX_USERNAME: variable("EFAX_USERNAME"),
  EFAX_PASSWORD: variable("EFAX_PASSWORD"),
  UPSTASH_REDIS_REST_URL: url("UPSTASH_REDIS_REST_URL"),
  UPSTASH_REDIS_REST_TOKEN: variable("UPSTASH_REDIS_REST_TOKEN"),
  KV_REST_API_URL: url("KV_REST_API_URL"),
  KV_REST_API_TOKEN: variable("KV_REST_API_TOKEN"),
  DATA_DIR: variable("DATA_DIR"),
  ENCRYPTION_KEY: variable("ENCRYPTION_KEY", encryptionKeyProblem),
  ADMIN_USER_IDS: variable("ADMIN_USER_IDS", adminIdsProblem),
  CRON_SECRET: variable("CRON_SECRET", (value) =>
    value.length >= MIN_CRON_SECRET_LENGTH
      ? null
      : `must be at least ${MIN_CRON_SECRET_LENGTH} characters long (it is all that protects the tick route).`,
  ),
  QSTASH_TOKEN: variable("QSTASH_TOKEN"),
  QSTASH_URL: url("QSTASH_URL"),
  QSTASH_CURRENT_SIGNING_KEY: variable("QSTASH_CURRENT_SIGNING_KEY"),
  QSTASH_NEXT_SIGNING_KEY: variable("QSTASH_NEXT_SIGNING_KEY"),
  APP_URL: url("APP_URL"),
  LOG_LEVEL: variable("LOG_LEVEL", (value) =>
    LOG_LEVELS.some((level) => level === value.toLowerCase())
      ? null
      : `must be one of ${LOG_LEVELS.join(", ")}.`,
  ),
});

type Env = z.output<typeof fields>;

/** Every environment variable the app reads (`.env.example` documents each one). */
export const ENV_VARIABLES = Object.keys(fields.shape);
type VariableName = keyof Env;

interface CrossIssue {
  variables: VariableName[];
  problem: string;
  help: Help;
}

function listNames(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? "")
    : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function missing(env: Env, names: readonly VariableName[]): VariableName[] {
  return names.filter((name) => env[name] === undefined);
}

function slackIssues(env: Env): CrossIssue[] {
  if (env.SLACK_APP_TOKEN !== undefined) {
    return env.SLACK_BOT_TOKEN === undefined
      ? [
          {
            variables: ["SLACK_BOT_TOKEN"],
            problem:
              "SLACK_BOT_TOKEN is not set, but Socket Mode (SLACK_APP_TOKEN is set) needs it.",
            help: helpFor("SLACK_BOT_TOKEN"),
          },
        ]
      : [];
  }
  const oauth = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;
  if (oauth.some((name) => env[name] !== undefined)) {
    return missing(env, [...oauth, "SLACK_SIGNING_SECRET"]).map((name) => ({
      variables: [name],
      problem: `${name} is not set, but installing in many workspaces (OAuth, because ${listNames(oauth.filter((other) => env[other] !== undefined))} ${oauth.filter((other) => env[other] !== undefined).length === 1 ? "is" : "are"} set) needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_SIGNING_SECRET.`,
      help: helpFor(name),
    }));
  }
  const absent = missing(env, ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"]);
  if (absent.length === 2) {
    return [
      {
        variables: absent,
        problem:
          "SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set: the app needs both to serve one Slack workspace (or SLACK_APP_TOKEN and SLACK_BOT_TOKEN for Socket Mode).",
        help: {
          fix: "Create the Slack app from manifest.yml, install it, then copy its Signing Secret (Basic Information) into SLACK_SIGNING_SECRET and its Bot User OAuth Token (OAuth & Permissions) into SLACK_BOT_TOKEN.",
          readme: README_SECTIONS.runLocally,
        },
      },
    ];
  }
  return absent.map((name) => ({
    variables: [name],
    problem: `${name} is not set: the app needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to serve one Slack workspace.`,
    help: helpFor(name),
  }));
}

function efaxIssues(env: Env): CrossIssue[] {
  const names = ["EFAX_API_KEY", "EFAX_USERNAME", "EFAX_PASSWORD"] as const;
  const absent = missing(env, names);
  if (absent.length === 0 || absent.length === names.length) {
    return [];
  }
  const present = names.filter((name) => env[name] !== undefined);
  return [
    {
      variables: absent,
      problem: `${listNames(absent)} ${absent.length === 1 ? "is" : "are"} not set, but ${listNames(present)} ${present.length === 1 ? "is" : "are"}: a default eFax account needs all three.`,
      help: helpFor("EFAX_CREDENTIALS"),
    },
  ];
}

function upstashPair(env: Env): { url: string; token: string } | null {
  if (env.UPSTASH_REDIS_REST_URL !== undefined && env.UPSTASH_REDIS_REST_TOKEN !== undefined) {
    return { url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN };
  }
  if (env.KV_REST_API_URL !== undefined && env.KV_REST_API_TOKEN !== undefined) {
    return { url: env.KV_REST_API_URL, token: env.KV_REST_API_TOKEN };
  }
  return null;
}

function storeIssues(env: Env): CrossIssue[] {
  const pairs = [
    ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"],
    ["KV_REST_API_URL", "KV_REST_API_TOKEN"],
  ] as const;
  const issues: CrossIssue[] = [];
  const complete = upstashPair(env) !== null;
  for (const [urlName, tokenName] of pairs) {
    const absent = missing(env, [urlName, tokenName]);
    if (absent.length === 1 && !complete) {
      const other = absent[0] === urlName ? tokenName : urlName;
      issues.push({
        variables: absent,
        problem: `${absent[0]} is not set, but ${other} is: the Upstash store needs both.`,
        help: helpFor("UPSTASH"),
      });
    }
  }
  if (complete && env.ENCRYPTION_KEY === undefined) {
    issues.push({
      variables: ["ENCRYPTION_KEY"],
      problem:
        "ENCRYPTION_KEY is not set, but the Upstash store needs it to seal each workspace's eFax credentials.",
      help: helpFor("ENCRYPTION_KEY"),
    });
  }
  return issues;
}

function helpFor(name: string): Help {
  return HELP[name] ?? { fix: `Check ${name}.`, readme: README_SECTIONS.environment };
}

function scheduleIssues(env: Env): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const keys = ["QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY"] as const;
  const absentKeys = missing(env, keys);
  if (absentKeys.length === 1) {
    issues.push({
      variables: absentKeys,
      problem: `${absentKeys[0]} is not set, but ${keys.find((key) => key !== absentKeys[0])} is: verifying QStash's signatures needs both (QStash signs with one and rotates to the other).`,
      help: helpFor("QSTASH_SIGNING_KEYS"),
    });
  }
  if (env.QSTASH_TOKEN !== undefined) {
    if (absentKeys.length === 2) {
      issues.push({
        variables: [...keys],
        problem:
          "QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY are not set, but QSTASH_TOKEN is: the runs it hands to QStash come back signed, and the app must verify them.",
        help: helpFor("QSTASH_SIGNING_KEYS"),
      });
    }
    if (env.APP_URL === undefined) {
      issues.push({
        variables: ["APP_URL"],
        problem:
          "APP_URL is not set, but QSTASH_TOKEN is: QStash needs the app's public address to deliver each run to /api/cron/run.",
        help: helpFor("APP_URL"),
      });
    }
  }
  return issues;
}

function crossIssues(env: Env): CrossIssue[] {
  return [...slackIssues(env), ...efaxIssues(env), ...storeIssues(env), ...scheduleIssues(env)];
}

function scheduleConfig(env: Env): ScheduleConfig {
  const current = env.QSTASH_CURRENT_SIGNING_KEY;
  const next = env.QSTASH_NEXT_SIGNING_KEY;
  const appUrl = env.APP_URL;
  return {
    cronSecret: env.CRON_SECRET ?? null,
    qstashSigningKeys: current && next ? { current, next } : null,
    fanOut:
      env.QSTASH_TOKEN && appUrl
        ? {
            token: env.QSTASH_TOKEN,
            apiUrl: (env.QSTASH_URL ?? DEFAULT_QSTASH_URL).replace(/\/+$/, ""),
            workerUrl: `${appUrl.replace(/\/+$/, "")}${CRON_RUN_PATH}`,
          }
        : null,
  };
}

function slackConfig(env: Env): SlackConfig | null {
  const apiUrl = withTrailingSlash(env.SLACK_API_URL ?? DEFAULT_SLACK_API_URL);
  const signingSecret = env.SLACK_SIGNING_SECRET ?? null;
  if (env.SLACK_APP_TOKEN !== undefined && env.SLACK_BOT_TOKEN !== undefined) {
    return {
      mode: "socket",
      apiUrl,
      appToken: env.SLACK_APP_TOKEN,
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret,
    };
  }
  const { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret } = env;
  const stateSecret = env.SLACK_STATE_SECRET;
  if (clientId && clientSecret && stateSecret && signingSecret) {
    return { mode: "oauth", apiUrl, signingSecret, clientId, clientSecret, stateSecret };
  }
  if (signingSecret && env.SLACK_BOT_TOKEN !== undefined) {
    return { mode: "single", apiUrl, signingSecret, botToken: env.SLACK_BOT_TOKEN };
  }
  return null;
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

function logLevelOf(value: string | undefined): LogLevelName {
  const wanted = (value ?? "info").toLowerCase();
  return LOG_LEVELS.find((level) => level === wanted) ?? "info";
}

const envSchema = fields
  .superRefine(
    (env, ctx) => {
      for (const issue of crossIssues(env)) {
        ctx.addIssue({
          code: "custom",
          message: issue.problem,
          path: [issue.variables[0] ?? "environment"],
          params: { variables: issue.variables, fix: issue.help.fix, readme: issue.help.readme },
        });
      }
    },
    { when: () => true },
  )
  .transform((env, ctx): Config => {
    const slack = slackConfig(env);
    if (!slack) {
      ctx.addIssue({ code: "custom", message: "The Slack settings are incomplete." });
      return z.NEVER;
    }
    const { EFAX_API_KEY: apiKey, EFAX_USERNAME: username, EFAX_PASSWORD: password } = env;
    const upstash = upstashPair(env);
    return {
      port: env.PORT === undefined ? DEFAULT_PORT : Number(env.PORT),
      host: env.HOST ?? null,
      slack,
      efax: {
        apiUrl: env.EFAX_API_URL ?? DEFAULT_EFAX_API_URL,
        defaultCredentials: apiKey && username && password ? { apiKey, username, password } : null,
      },
      store: upstash
        ? { driver: "upstash", ...upstash }
        : { driver: "embedded", dataDir: env.DATA_DIR ?? DEFAULT_DATA_DIR },
      encryptionKeys:
        env.ENCRYPTION_KEY === undefined ? null : parseEncryptionKeys(env.ENCRYPTION_KEY),
      adminUserIds:
        env.ADMIN_USER_IDS === undefined
          ? []
          : env.ADMIN_USER_IDS.split(",").map((entry) => entry.trim()),
      logLevel: logLevelOf(env.LOG_LEVEL),
      schedule: scheduleConfig(env),
    };
  });

function stringArray(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : null;
}

function toConfigIssue(issue: z.core.$ZodIssue): ConfigIssue {
  const name = typeof issue.path[0] === "string" ? issue.path[0] : "environment";
  const params = issue.code === "custom" ? issue.params : undefined;
  const help = helpFor(name);
  const fix = params?.fix;
  const readme = params?.readme;
  return {
    variables: stringArray(params?.variables) ?? [name],
    problem: issue.code === "custom" ? issue.message : `${name} is not valid.`,
    fix: typeof fix === "string" ? fix : help.fix,
    readme: typeof readme === "string" ? readme : help.readme,
  };
}

/**
 * Reads and checks the whole environment once. Blank values count as unset. Throws a
 * {@link ConfigError} listing every problem (variable, what is wrong, how to fix it, the README
 * section); no message ever quotes a value.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = envSchema.safeParse(env);
  if (result.success) {
    return result.data;
  }
  throw new ConfigError(result.error.issues.map(toConfigIssue));
}

/** Renders a {@link ConfigError} for a terminal: one block per problem with its fix and section. */
export function formatConfigError(error: ConfigError): string {
  const heading =
    error.issues.length === 1
      ? "eFax Reports for Slack cannot start: 1 setting needs attention."
      : `eFax Reports for Slack cannot start: ${error.issues.length} settings need attention.`;
  const blocks = error.issues.map(
    (issue) => `  ✗ ${issue.problem}\n    Fix: ${issue.fix}\n    See: ${issue.readme}`,
  );
  return [
    heading,
    "",
    ...blocks,
    "",
    ".env.example lists every setting with a one-line explanation.",
  ].join("\n");
}
