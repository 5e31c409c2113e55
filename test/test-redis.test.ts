import { execFile } from "node:child_process";
import { access, mkdtemp, rm, symlink } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type PrivateRedis,
  REDIS_SERVER_MISSING,
  startPrivateRedis,
} from "./support/redis-server.ts";

/**
 * The tests' own Redis: a private redis-server per run, and on a Redis the project did not start
 * (REDIS_URL) nothing but keys under a test prefix is written, read or removed.
 */

const run = promisify(execFile);
const VITEST = join(import.meta.dirname, "..", "node_modules", "vitest", "vitest.mjs");
const ROOT = join(import.meta.dirname, "..");
const END_OF_RUN = "end-of-run";
/** The suites that talk to Redis through the test Upstash server. */
const REDIS_SUITES = [
  "test/store-contract.test.ts",
  "test/upstash-server.test.ts",
  "test/secrets-vault.test.ts",
];

/** Environment for a nested vitest run: this one's, minus what would change how it runs. */
function nestedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of Object.keys(env)) {
    if (name.startsWith("VITEST") || name === "REDIS_URL" || name === "NODE_OPTIONS") {
      delete env[name];
    }
  }
  return { ...env, ...extra, FORCE_COLOR: "0", NO_COLOR: "1" };
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("the private redis-server", () => {
  it("listens on 127.0.0.1 only, keeps nothing on disk, and is gone with its directory after stop", async () => {
    const redis = await startPrivateRedis();
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await client.config("GET", "bind")).toEqual(["bind", "127.0.0.1"]);
      expect(await client.config("GET", "save")).toEqual(["save", ""]);
      expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "no"]);
      expect(await client.config("GET", "dir")).toEqual(["dir", redis.dir]);
    } finally {
      client.disconnect();
      await redis.stop();
    }
    await expect(access(redis.dir)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await portAnswers(redis.port)).toBe(false);
    await redis.stop();
  });
});

describe("a Redis named by REDIS_URL", () => {
  let foreign: PrivateRedis;
  let planter: Redis;

  beforeAll(async () => {
    foreign = await startPrivateRedis();
    planter = new Redis(foreign.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    planter.disconnect();
    await foreign.stop();
  });

  /** Every key of every database with its value and whether it expires: the user's data. */
  async function snapshot(): Promise<Record<string, string>> {
    const seen: Record<string, string> = {};
    for (let db = 0; db < 16; db += 1) {
      await planter.select(db);
      for (const key of (await planter.keys("*")).sort()) {
        const type = await planter.type(key);
        const value =
          type === "hash" ? JSON.stringify(await planter.hgetall(key)) : await planter.get(key);
        seen[`${db}/${key}`] = `${type} ${value} ttl:${(await planter.ttl(key)) > 0}`;
      }
    }
    await planter.select(0);
    return seen;
  }

  it("keeps every key a run did not create, in db 0 and in other databases, through a run of the Redis suites", async () => {
    // The user's data, including a key with the very name the store contract writes.
    await planter.set("efax:T0001:settings", '{"theirs":true}');
    await planter.set("session:42", "keep me", "EX", 3600);
    await planter.hset("user:7", { name: "Ada", plan: "pro" });
    await planter.select(3);
    await planter.set("efax:T0001:a", "in db 3");
    await planter.set("cache:x", "also in db 3");
    await planter.select(0);
    const before = await snapshot();

    // Every command the run sends, as Redis itself sees it.
    const seen: string[][] = [];
    let ended = false;
    const watcher = new Redis(foreign.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    const monitor = await watcher.monitor();
    monitor.on("monitor", (_time: string, args: string[]) => {
      ended ||= args[0]?.toLowerCase() === "echo" && args[1] === END_OF_RUN;
      if (!ended) {
        seen.push(args);
      }
    });
    let output: string;
    try {
      output = await run(process.execPath, [VITEST, "run", ...REDIS_SUITES, "--reporter=dot"], {
        cwd: ROOT,
        env: nestedEnv({ REDIS_URL: foreign.url }),
        maxBuffer: 16 * 1024 * 1024,
      }).then(
        ({ stdout }) => stdout,
        (error: { stdout: string; stderr: string }) => `${error.stdout}\n${error.stderr}`,
      );
      // The monitor feed is asynchronous: wait until it has shown a marker sent after the run.
      await planter.echo(END_OF_RUN);
      await expect.poll(() => ended).toBe(true);
    } finally {
      monitor.disconnect();
      watcher.disconnect();
    }

    expect(await snapshot()).toEqual(before);

    expect(seen.length).toBeGreaterThan(100);
    const names = new Set(seen.map((args) => args[0]?.toLowerCase()));
    for (const forbidden of ["flushdb", "flushall", "select", "swapdb", "move", "eval"]) {
      expect(names, forbidden).not.toContain(forbidden);
    }
    // Redis says which arguments of each command are keys: all of them are test-prefixed.
    const outside: string[] = [];
    for (const args of seen) {
      const name = args[0]?.toLowerCase() ?? "";
      if (name === "scan" || name === "keys") {
        const match = name === "keys" ? 0 : args.findIndex((arg) => arg.toLowerCase() === "match");
        if (match < 0 || !args[match + 1]?.startsWith("upstash-test:")) {
          outside.push(args.join(" "));
        }
        continue;
      }
      if (["info", "ping", "multi", "exec", "client", "hello", "command"].includes(name)) {
        continue;
      }
      const keys = (await planter.call("COMMAND", "GETKEYS", ...args)) as string[];
      if (keys.length === 0 || keys.some((key) => !key.startsWith("upstash-test:"))) {
        outside.push(args.join(" "));
      }
    }
    expect(outside).toEqual([]);
    expect(output).toMatch(/Test Files\s+3 passed/);
  }, 120_000);
});

describe("without redis-server", () => {
  it("stops the run at once with one line saying how to install it", async () => {
    // A PATH with node and nothing else: no redis-server.
    const bin = await mkdtemp(join(tmpdir(), "efax-no-redis-"));
    try {
      await symlink(process.execPath, join(bin, "node"));
      const failure = await run(
        process.execPath,
        [VITEST, "run", "test/cli-args.test.ts", "--reporter=dot"],
        { cwd: ROOT, env: nestedEnv({ PATH: bin }) },
      ).then(
        () => null,
        (error: { code?: number; stdout: string; stderr: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr.trim()).toBe(REDIS_SERVER_MISSING);
      expect(REDIS_SERVER_MISSING).toContain("apt-get install redis-server");
      expect(REDIS_SERVER_MISSING).toContain("brew install redis");
      expect(failure?.stdout).not.toMatch(/passed|failed/);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  }, 60_000);
});
