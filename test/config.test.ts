import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  type ConfigError,
  ENV_VARIABLES,
  formatConfigError,
  isConfigError,
  loadConfig,
  README_SECTIONS,
} from "../src/config.ts";

const KEY = randomBytes(32).toString("base64");
const SINGLE = {
  SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
  SLACK_BOT_TOKEN: "xoxb-1-2-abc",
};

function failure(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (isConfigError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error("expected a ConfigError");
}

function problems(env: Record<string, string | undefined>): string[] {
  return failure(env).issues.map((issue) => issue.problem);
}

describe("loadConfig: defaults", () => {
  it("runs one workspace over HTTP on the embedded store with only the two Slack settings", () => {
    expect(loadConfig(SINGLE)).toEqual({
      port: 3000,
      host: null,
      slack: {
        mode: "single",
        apiUrl: "https://slack.com/api/",
        signingSecret: SINGLE.SLACK_SIGNING_SECRET,
        botToken: SINGLE.SLACK_BOT_TOKEN,
      },
      efax: { apiUrl: "https://api.secure.efaxdeveloper.com/v1", defaultCredentials: null },
      store: { driver: "embedded", dataDir: ".data" },
      encryptionKeys: null,
      adminUserIds: [],
      logLevel: "info",
      schedule: { cronSecret: null, qstashSigningKeys: null, fanOut: null },
    });
  });

  it("treats empty and blank values as unset, and trims the rest", () => {
    const config = loadConfig({
      ...SINGLE,
      SLACK_BOT_TOKEN: "  xoxb-1-2-abc \n",
      PORT: "",
      HOST: " ",
      SLACK_APP_TOKEN: "   ",
      EFAX_API_KEY: "",
      EFAX_USERNAME: "",
      EFAX_PASSWORD: "",
      UPSTASH_REDIS_REST_URL: "",
      DATA_DIR: " ",
      ENCRYPTION_KEY: "",
      LOG_LEVEL: "",
    });
    expect(config.port).toBe(3000);
    expect(config.host).toBeNull();
    expect(config.slack).toMatchObject({ mode: "single", botToken: "xoxb-1-2-abc" });
    expect(config.store).toEqual({ driver: "embedded", dataDir: ".data" });
    expect(config.efax.defaultCredentials).toBeNull();
  });

  it("reads every optional setting", () => {
    const config = loadConfig({
      ...SINGLE,
      PORT: "8080",
      HOST: " 127.0.0.1 ",
      SLACK_API_URL: "http://127.0.0.1:4000/api",
      EFAX_API_URL: "http://127.0.0.1:5000/v1",
      EFAX_API_KEY: "key",
      EFAX_USERNAME: "user",
      EFAX_PASSWORD: "pass",
      DATA_DIR: "/var/lib/efax",
      ENCRYPTION_KEY: KEY,
      ADMIN_USER_IDS: "U012ABC345, W0123",
      LOG_LEVEL: "DEBUG",
    });
    expect(config.port).toBe(8080);
    expect(config.host).toBe("127.0.0.1");
    expect(config.slack.apiUrl).toBe("http://127.0.0.1:4000/api/");
    expect(config.efax).toEqual({
      apiUrl: "http://127.0.0.1:5000/v1",
      defaultCredentials: { apiKey: "key", username: "user", password: "pass" },
    });
    expect(config.store).toEqual({ driver: "embedded", dataDir: "/var/lib/efax" });
    expect(config.encryptionKeys?.[0]?.key.equals(Buffer.from(KEY, "base64"))).toBe(true);
    expect(config.adminUserIds).toEqual(["U012ABC345", "W0123"]);
    expect(config.logLevel).toBe("debug");
  });
});

describe("loadConfig: Slack modes", () => {
  it("names both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN when neither is set", () => {
    const error = failure({});
    expect(error.issues).toEqual([
      {
        variables: ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"],
        problem:
          "SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set: the app needs both to serve one Slack workspace (or SLACK_APP_TOKEN and SLACK_BOT_TOKEN for Socket Mode).",
        fix: expect.stringContaining(
          "Signing Secret (Basic Information) into SLACK_SIGNING_SECRET",
        ),
        readme: "README › Run locally",
      },
    ]);
    expect(error.message).toContain("SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set");
  });

  it("names the one that is missing", () => {
    expect(problems({ SLACK_SIGNING_SECRET: "s" })).toEqual([
      "SLACK_BOT_TOKEN is not set: the app needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to serve one Slack workspace.",
    ]);
    expect(failure({ SLACK_BOT_TOKEN: "xoxb-1" }).issues[0]?.variables).toEqual([
      "SLACK_SIGNING_SECRET",
    ]);
  });

  it("uses Socket Mode with an app token and a bot token", () => {
    expect(
      loadConfig({ SLACK_APP_TOKEN: "xapp-1-A1-2-abc", SLACK_BOT_TOKEN: "xoxb-1" }).slack,
    ).toEqual({
      mode: "socket",
      apiUrl: "https://slack.com/api/",
      appToken: "xapp-1-A1-2-abc",
      botToken: "xoxb-1",
      signingSecret: null,
    });
    expect(problems({ SLACK_APP_TOKEN: "xapp-1" })).toEqual([
      "SLACK_BOT_TOKEN is not set, but Socket Mode (SLACK_APP_TOKEN is set) needs it.",
    ]);
  });

  it("installs through OAuth with client id, client secret, state secret and signing secret", () => {
    const slack = loadConfig({
      SLACK_CLIENT_ID: "123.456",
      SLACK_CLIENT_SECRET: "client-secret",
      SLACK_STATE_SECRET: "state-secret",
      SLACK_SIGNING_SECRET: "signing",
    }).slack;
    expect(slack).toEqual({
      mode: "oauth",
      apiUrl: "https://slack.com/api/",
      clientId: "123.456",
      clientSecret: "client-secret",
      stateSecret: "state-secret",
      signingSecret: "signing",
    });
  });

  it("lists each OAuth setting that is missing once one of them is set", () => {
    const error = failure({ SLACK_CLIENT_ID: "123.456", SLACK_BOT_TOKEN: "xoxb-1" });
    expect(error.issues.map((issue) => issue.variables)).toEqual([
      ["SLACK_CLIENT_SECRET"],
      ["SLACK_STATE_SECRET"],
      ["SLACK_SIGNING_SECRET"],
    ]);
    expect(error.issues[0]?.problem).toBe(
      "SLACK_CLIENT_SECRET is not set, but installing in many workspaces (OAuth, because SLACK_CLIENT_ID is set) needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_SIGNING_SECRET.",
    );
    expect(error.issues[1]?.fix).toContain("openssl rand -hex 32");
  });

  it("checks token prefixes without echoing the tokens", () => {
    const error = failure({
      SLACK_SIGNING_SECRET: "s",
      SLACK_BOT_TOKEN: "xoxp-user-token-secret",
      SLACK_APP_TOKEN: "xoxb-wrong-token-secret",
    });
    expect(error.issues.map((issue) => issue.problem)).toEqual([
      "SLACK_BOT_TOKEN must start with xoxb- (the Bot User OAuth Token).",
      "SLACK_APP_TOKEN must start with xapp- (an app-level token for Socket Mode).",
    ]);
    const shown = formatConfigError(error);
    expect(shown).not.toContain("user-token-secret");
    expect(shown).not.toContain("wrong-token-secret");
  });

  it("checks SLACK_API_URL", () => {
    expect(problems({ ...SINGLE, SLACK_API_URL: "slack.com/api" })).toEqual([
      "SLACK_API_URL is not an http(s) URL.",
    ]);
    expect(loadConfig({ ...SINGLE, SLACK_API_URL: "https://slack.com/api/" }).slack.apiUrl).toBe(
      "https://slack.com/api/",
    );
  });
});

describe("loadConfig: server, eFax, admins, logging", () => {
  it.each(["0", "65536", "80a", "-1", "3000.5"])("refuses PORT=%s", (port) => {
    const error = failure({ ...SINGLE, PORT: port });
    expect(error.issues).toEqual([
      {
        variables: ["PORT"],
        problem: "PORT must be a whole number from 1 to 65535.",
        fix: "Set PORT to a free port number such as 3000, or leave it unset.",
        readme: README_SECTIONS.runLocally,
      },
    ]);
  });

  it.each([
    "127.0.0.1",
    "0.0.0.0",
    "::",
    "::1",
    "fe80::1",
    "192.168.1.20",
    "localhost",
    "efax.internal",
    "my-host.example.com",
  ])("binds to HOST=%s", (host) => {
    expect(loadConfig({ ...SINGLE, HOST: host }).host).toBe(host);
  });

  it.each([
    [
      "http://127.0.0.1",
      "HOST is a URL; give only the address, such as 127.0.0.1 (no http://, no port).",
    ],
    [
      "https://efax.example.com:3000/",
      "HOST is a URL; give only the address, such as 127.0.0.1 (no http://, no port).",
    ],
    [
      "127.0.0.1:3000",
      "HOST includes a port; give only the address (such as 127.0.0.1) and the port in PORT.",
    ],
    [
      "localhost:8080",
      "HOST includes a port; give only the address (such as 127.0.0.1) and the port in PORT.",
    ],
    ["[::1]", "HOST has brackets; write an IPv6 address without them, such as ::1."],
    [
      "127.0.0.256",
      "HOST is not a valid IPv4 address (four numbers from 0 to 255, such as 127.0.0.1).",
    ],
    ["127.1", "HOST is not a valid IPv4 address (four numbers from 0 to 255, such as 127.0.0.1)."],
    [
      "all interfaces",
      "HOST must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or a host name such as localhost.",
    ],
    [
      "my_host",
      "HOST must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or a host name such as localhost.",
    ],
    [
      "-bad.example",
      "HOST must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or a host name such as localhost.",
    ],
    [
      "[::1]:3000",
      "HOST must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or a host name such as localhost.",
    ],
  ])("refuses HOST=%s, saying why and how to fix it", (host, problem) => {
    expect(failure({ ...SINGLE, HOST: host }).issues).toEqual([
      {
        variables: ["HOST"],
        problem,
        fix: "Set HOST to an address of this machine such as 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or ::1, or to a host name such as localhost; or leave it unset to listen on every interface.",
        readme: README_SECTIONS.environment,
      },
    ]);
  });

  it("wants all three eFax credentials or none, naming what is missing and not the values", () => {
    const error = failure({ ...SINGLE, EFAX_API_KEY: "api-key-value-secret" });
    expect(error.issues).toEqual([
      {
        variables: ["EFAX_USERNAME", "EFAX_PASSWORD"],
        problem:
          "EFAX_USERNAME and EFAX_PASSWORD are not set, but EFAX_API_KEY is: a default eFax account needs all three.",
        fix: expect.stringContaining("/efax connect"),
        readme: README_SECTIONS.environment,
      },
    ]);
    expect(formatConfigError(error)).not.toContain("api-key-value-secret");
    expect(
      problems({ ...SINGLE, EFAX_API_KEY: "k", EFAX_USERNAME: "u", EFAX_PASSWORD: " " }),
    ).toEqual([
      "EFAX_PASSWORD is not set, but EFAX_API_KEY and EFAX_USERNAME are: a default eFax account needs all three.",
    ]);
  });

  it("checks EFAX_API_URL", () => {
    expect(problems({ ...SINGLE, EFAX_API_URL: "ftp://example.com" })).toEqual([
      "EFAX_API_URL is not an http(s) URL.",
    ]);
  });

  it("wants Slack user ids in ADMIN_USER_IDS, pointing at the bad entries by position", () => {
    expect(problems({ ...SINGLE, ADMIN_USER_IDS: "U012ABC345,u0bad,,@jane" })).toEqual([
      "ADMIN_USER_IDS must be Slack user ids (capital letters and digits, like U012ABC345) separated by commas; entries 2, 3 and 4 are not.",
    ]);
    expect(problems({ ...SINGLE, ADMIN_USER_IDS: "U1,x" })).toEqual([
      "ADMIN_USER_IDS must be Slack user ids (capital letters and digits, like U012ABC345) separated by commas; entry 2 is not.",
    ]);
  });

  it("checks LOG_LEVEL", () => {
    const error = failure({ ...SINGLE, LOG_LEVEL: "loud" });
    expect(error.issues[0]?.problem).toBe("LOG_LEVEL must be one of debug, info, warn, error.");
    expect(loadConfig({ ...SINGLE, LOG_LEVEL: "Warn" }).logLevel).toBe("warn");
  });
});

describe("loadConfig: store and encryption key", () => {
  it("uses Upstash with its URL, token and an ENCRYPTION_KEY", () => {
    const config = loadConfig({
      ...SINGLE,
      UPSTASH_REDIS_REST_URL: "https://eu1-example.upstash.io",
      UPSTASH_REDIS_REST_TOKEN: "upstash-token",
      ENCRYPTION_KEY: KEY,
    });
    expect(config.store).toEqual({
      driver: "upstash",
      url: "https://eu1-example.upstash.io",
      token: "upstash-token",
    });
    expect(config.encryptionKeys).toHaveLength(1);
  });

  it("accepts the KV_REST_API_* names Vercel sets, preferring the UPSTASH_* pair", () => {
    const kv = { KV_REST_API_URL: "https://kv.example.io", KV_REST_API_TOKEN: "kv-token" };
    expect(loadConfig({ ...SINGLE, ...kv, ENCRYPTION_KEY: KEY }).store).toEqual({
      driver: "upstash",
      url: "https://kv.example.io",
      token: "kv-token",
    });
    expect(
      loadConfig({
        ...SINGLE,
        ...kv,
        UPSTASH_REDIS_REST_URL: "https://up.example.io",
        UPSTASH_REDIS_REST_TOKEN: "up-token",
        ENCRYPTION_KEY: KEY,
      }).store,
    ).toMatchObject({ url: "https://up.example.io" });
  });

  it("requires ENCRYPTION_KEY with Upstash", () => {
    const error = failure({
      ...SINGLE,
      UPSTASH_REDIS_REST_URL: "https://eu1-example.upstash.io",
      UPSTASH_REDIS_REST_TOKEN: "upstash-token-secret",
    });
    expect(error.issues).toEqual([
      {
        variables: ["ENCRYPTION_KEY"],
        problem:
          "ENCRYPTION_KEY is not set, but the Upstash store needs it to seal each workspace's eFax credentials.",
        fix: expect.stringContaining("openssl rand -base64 32"),
        readme: README_SECTIONS.environment,
      },
    ]);
    expect(formatConfigError(error)).not.toContain("upstash-token-secret");
  });

  it("wants both halves of an Upstash pair", () => {
    expect(problems({ ...SINGLE, UPSTASH_REDIS_REST_TOKEN: "t" })).toEqual([
      "UPSTASH_REDIS_REST_URL is not set, but UPSTASH_REDIS_REST_TOKEN is: the Upstash store needs both.",
    ]);
    expect(problems({ ...SINGLE, KV_REST_API_URL: "https://kv.example.io" })).toEqual([
      "KV_REST_API_TOKEN is not set, but KV_REST_API_URL is: the Upstash store needs both.",
    ]);
    expect(
      problems({
        ...SINGLE,
        UPSTASH_REDIS_REST_URL: "not a url",
        UPSTASH_REDIS_REST_TOKEN: "t",
        ENCRYPTION_KEY: KEY,
      }),
    ).toEqual(["UPSTASH_REDIS_REST_URL is not an http(s) URL."]);
  });

  it("explains a bad ENCRYPTION_KEY without echoing it", () => {
    const short = randomBytes(16).toString("base64");
    const error = failure({ ...SINGLE, ENCRYPTION_KEY: short });
    expect(error.issues[0]?.problem).toBe(
      "ENCRYPTION_KEY is not usable: the key must be 32 random bytes written in base64 (44 characters; `openssl rand -base64 32` makes one), but it decodes to 16 bytes.",
    );
    expect(formatConfigError(error)).not.toContain(short);
    expect(error.message).not.toContain(short);
  });

  it("reads a rotation list, the first key sealing", () => {
    const older = randomBytes(32).toString("base64");
    const keys = loadConfig({
      ...SINGLE,
      ENCRYPTION_KEY: `k2:${KEY},default:${older}`,
    }).encryptionKeys;
    expect(keys?.map((key) => key.id)).toEqual(["k2", "default"]);
  });
});

describe("ConfigError and formatConfigError", () => {
  it("lists every problem at once, field checks and missing settings together", () => {
    const error = failure({
      PORT: "http",
      SLACK_APP_TOKEN: "xoxb-nope",
      EFAX_USERNAME: "u",
      LOG_LEVEL: "chatty",
    });
    expect(error.issues.map((issue) => issue.variables.join("+"))).toEqual([
      "PORT",
      "SLACK_APP_TOKEN",
      "LOG_LEVEL",
      "SLACK_BOT_TOKEN",
      "EFAX_API_KEY+EFAX_PASSWORD",
    ]);
    expect(error.message.startsWith("Could not start: 5 settings need attention.")).toBe(true);
  });

  it("renders each problem with its fix and README section for a terminal", () => {
    expect(formatConfigError(failure({ SLACK_SIGNING_SECRET: "s", PORT: "x" }))).toBe(
      [
        "eFax Reports for Slack cannot start: 2 settings need attention.",
        "",
        "  ✗ PORT must be a whole number from 1 to 65535.",
        "    Fix: Set PORT to a free port number such as 3000, or leave it unset.",
        "    See: README › Run locally",
        "  ✗ SLACK_BOT_TOKEN is not set: the app needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to serve one Slack workspace.",
        "    Fix: Install the app to your workspace and copy the Bot User OAuth Token (xoxb-…) from the OAuth & Permissions page into SLACK_BOT_TOKEN.",
        "    See: README › Run locally",
        "",
        ".env.example lists every setting with a one-line explanation.",
      ].join("\n"),
    );
  });

  it("says 1 setting for a single problem", () => {
    expect(formatConfigError(failure({})).split("\n")[0]).toBe(
      "eFax Reports for Slack cannot start: 1 setting needs attention.",
    );
  });
});

describe(".env.example", () => {
  it("lists every variable the app reads, each under a comment, with no value filled in", async () => {
    const lines = (await readFile(new URL("../.env.example", import.meta.url), "utf8")).split("\n");
    const assignments = lines.flatMap((line, index) => {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      return match ? [{ name: match[1], value: match[2], above: lines[index - 1] ?? "" }] : [];
    });
    expect(assignments.map((entry) => entry.name).sort()).toEqual([...ENV_VARIABLES].sort());
    for (const entry of assignments) {
      expect(entry.value).toBe("");
      expect(entry.above.startsWith("#")).toBe(true);
    }
  });
});

describe("loadConfig: scheduled runs", () => {
  const KEYS = { QSTASH_CURRENT_SIGNING_KEY: "sig_current", QSTASH_NEXT_SIGNING_KEY: "sig_next" };

  it("reads CRON_SECRET, QStash's keys, and fan-out to APP_URL/api/cron/run", () => {
    const config = loadConfig({
      ...SINGLE,
      CRON_SECRET: "0123456789abcdef0123",
      ...KEYS,
      QSTASH_TOKEN: "qstash-token",
      APP_URL: "https://efax.example.com/",
    });
    expect(config.schedule).toEqual({
      cronSecret: "0123456789abcdef0123",
      qstashSigningKeys: { current: "sig_current", next: "sig_next" },
      fanOut: {
        token: "qstash-token",
        apiUrl: "https://qstash.upstash.io",
        workerUrl: "https://efax.example.com/api/cron/run",
      },
    });
  });

  it.each([
    [{ CRON_SECRET: "short" }, "CRON_SECRET must be at least 16 characters long"],
    [
      { QSTASH_CURRENT_SIGNING_KEY: "sig_current" },
      "QSTASH_NEXT_SIGNING_KEY is not set, but QSTASH_CURRENT_SIGNING_KEY is",
    ],
    [
      { QSTASH_TOKEN: "qstash-token", APP_URL: "https://efax.example.com" },
      "QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY are not set, but QSTASH_TOKEN is",
    ],
    [{ QSTASH_TOKEN: "qstash-token", ...KEYS }, "APP_URL is not set, but QSTASH_TOKEN is"],
    [{ APP_URL: "efax.example.com" }, "APP_URL is not an http(s) URL."],
  ])("refuses %o in plain words", (extra, problem) => {
    expect(() => loadConfig({ ...SINGLE, ...extra })).toThrow(problem);
  });
});
