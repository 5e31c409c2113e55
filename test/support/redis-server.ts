import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A private `redis-server` for the tests: started by the test run on a free loopback port, with a
 * temporary directory of its own and no persistence, and stopped (its directory removed) at the
 * end. Nothing else uses it, so nothing anyone keeps in Redis can be touched by the tests.
 */

/** The one line a run without `redis-server` (and without `REDIS_URL`) ends with. */
export const REDIS_SERVER_MISSING =
  "The tests need redis-server and it is not installed: apt-get install redis-server (Debian, Ubuntu) or brew install redis (macOS), then run npm test again.";

export class RedisServerMissingError extends Error {
  constructor() {
    super(REDIS_SERVER_MISSING);
    this.name = "RedisServerMissingError";
  }
}

export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Its working directory, removed by `stop()`. */
  dir: string;
  /** Stops the server and removes its directory; harmless when called twice. */
  stop(): Promise<void>;
}

const READY = "Ready to accept connections";
const START_ATTEMPTS = 5;
const START_BUDGET_MS = 15_000;

/** A port nothing listens on right now (the server is started on it just after). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== "object" || address === null) {
    throw new Error("Could not find a free port for the test Redis.");
  }
  return address.port;
}

type Outcome = { ready: true } | { ready: false; missing: boolean; output: string };

function waitUntilReady(child: ChildProcess): Promise<Outcome> {
  return new Promise((resolve) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({ ready: false, missing: false, output: `${output}\n(not ready after 15 s)` });
    }, START_BUDGET_MS);
    const settle = (outcome: Outcome) => {
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stderr?.removeAllListeners("data");
      child.removeAllListeners("exit");
      child.removeAllListeners("error");
      child.stdout?.resume();
      child.stderr?.resume();
      resolve(outcome);
    };
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes(READY)) {
        settle({ ready: true });
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.once("error", (error: NodeJS.ErrnoException) => {
      settle({ ready: false, missing: error.code === "ENOENT", output: error.message });
    });
    child.once("exit", (code, signal) => {
      settle({ ready: false, missing: false, output: `${output}\n(exited: ${code ?? signal})` });
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts `redis-server` (from `PATH`, or `binary`) bound to 127.0.0.1 on a free port, with
 * `--save ""`, `--appendonly no` and a fresh temporary `--dir`. Throws
 * {@link RedisServerMissingError} when there is no such program.
 */
export async function startPrivateRedis(options: { binary?: string } = {}): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), "efax-test-redis-"));
  let lastOutput = "";
  try {
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt += 1) {
      const port = await freePort();
      const child = spawn(
        options.binary ?? "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--save",
          "",
          "--appendonly",
          "no",
          "--dir",
          dir,
          "--daemonize",
          "no",
          "--protected-mode",
          "yes",
        ],
        { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
      );
      const outcome = await waitUntilReady(child);
      if (outcome.ready) {
        return running(child, port, dir);
      }
      if (outcome.missing) {
        throw new RedisServerMissingError();
      }
      lastOutput = outcome.output;
      await exited(child);
      // Someone may have taken the port between the probe and the start: try another one.
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(
    `redis-server did not start for the tests. Its last words:\n${lastOutput.trim()}`,
  );
}

function running(child: ChildProcess, port: number, dir: string): PrivateRedis {
  let stopping: Promise<void> | null = null;
  // If the run ends without stop() (an interrupted run), still leave nothing behind.
  const onExit = () => {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop() {
      stopping ??= (async () => {
        process.removeListener("exit", onExit);
        const gone = exited(child);
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await gone;
        clearTimeout(timer);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
