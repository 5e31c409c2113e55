/**
 * The store (issue 10): `set`, `get`, `setIfAbsent` and `deleteByPrefix` on stores already
 * holding 10,000 and 100,000 keys, for the SQLite driver (the embedded store), the JSON driver it
 * replaced, and the Upstash driver through the test Upstash REST server over a private local
 * `redis-server` (started for the run on a free port, no persistence; the machine's own Redis is
 * never touched).
 *
 * Keys look like the app's: `efax:<team>:<name>`, ten per workspace, values of about 200 bytes.
 * Every write is measured until it is durable as its driver makes it: SQLite's resolves after the
 * WAL is flushed to disk; the JSON driver's is `set` (or `setIfAbsent`, `deleteByPrefix`) followed
 * by `flush()`, which rewrites and fsyncs the whole file, i.e. its save of the same change; Upstash's
 * when Redis has answered. Each figure is the median of its runs; `deleteByPrefix` erases one
 * workspace (ten keys) per run.
 *
 * Goals at 100,000 keys: a durable single write at least 20× faster than the JSON driver's save of
 * the same change, and reads at least 10× faster than the Upstash driver over the local Redis.
 * It also prints how long each SQLite call keeps the event loop (its synchronous part: the whole
 * call for a read, the transaction without the flush for a write), and the one-off costs: the
 * import of a `store.json` on upgrade, and listing every key.
 */
import { copyFile, mkdir, rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Redis } from "@upstash/redis";
import { createJsonStore, JSON_STORE_FILE_NAME } from "../src/store/json-file.ts";
import { createSqliteStore } from "../src/store/sqlite.ts";
import type { Store } from "../src/store/types.ts";
import { createUpstashStore } from "../src/store/upstash.ts";
import { startPrivateRedis } from "../test/support/redis-server.ts";
import { startUpstashServer } from "../test/support/upstash-server.ts";
import type { Goal, Section } from "./measure.ts";
import { formatMs, formatTable, median } from "./measure.ts";

/** Keys in the store when measuring. */
export const STORE_SIZES = [10_000, 100_000];
const KEYS_PER_WORKSPACE = 10;
const GOAL_SIZE = 100_000;
const WRITE_GOAL = 20;
const READ_GOAL = 10;

type DriverName = "SQLite" | "JSON file" | "Upstash (local Redis)";
type Operation = "set" | "get" | "setIfAbsent" | "deleteByPrefix";
const OPERATIONS: Operation[] = ["set", "get", "setIfAbsent", "deleteByPrefix"];

interface Measured {
  driver: DriverName;
  size: number;
  /** Median milliseconds per operation, and the runs behind it. */
  ms: Record<Operation, number>;
  runs: Record<Operation, number>;
  /** SQLite only: the synchronous part of each call (event loop held), median and max. */
  blocking?: Record<Operation, { median: number; max: number }>;
}

/** A value like the app's (a sealed account, settings): about 200 bytes of JSON. */
function appValue(n: number): Record<string, unknown> {
  return {
    version: 1,
    sealed: `v1.k1.${n.toString(36).padStart(8, "0")}.${"Q".repeat(140)}`,
    connectedBy: "U0ADMIN001",
    at: 1_764_230_400_000 + n,
  };
}

function team(n: number): string {
  return `T${String(n).padStart(7, "0")}`;
}

/** The `i`-th key of a store of `size` keys: ten per workspace. */
function keyOf(i: number): string {
  return `efax:${team(Math.floor(i / KEYS_PER_WORKSPACE))}:key${i % KEYS_PER_WORKSPACE}`;
}

/** Runs per operation: fewer where one run rewrites a large file. */
function plan(driver: DriverName, size: number): Record<Operation, number> {
  if (driver === "JSON file") {
    const writes = size >= 100_000 ? 11 : 31;
    return { set: writes, get: 301, setIfAbsent: writes, deleteByPrefix: writes };
  }
  if (driver === "Upstash (local Redis)") {
    return { set: 201, get: 301, setIfAbsent: 201, deleteByPrefix: size >= 100_000 ? 11 : 31 };
  }
  return { set: 201, get: 301, setIfAbsent: 201, deleteByPrefix: 101 };
}

/** Times `count` runs of `run(i)` after `warmup` unmeasured ones; the synchronous part too. */
async function timeRuns(
  count: number,
  run: (i: number) => Promise<unknown>,
): Promise<{ ms: number[]; sync: number[] }> {
  const ms: number[] = [];
  const sync: number[] = [];
  const warmup = 3;
  for (let i = 0; i < warmup + count; i += 1) {
    const start = performance.now();
    const pending = run(i);
    const returned = performance.now();
    await pending;
    const end = performance.now();
    if (i >= warmup) {
      ms.push(end - start);
      sync.push(returned - start);
    }
  }
  return { ms, sync };
}

/** Measures the four operations on a store that holds `size` keys; `durable` saves a write. */
async function measure(
  driver: DriverName,
  size: number,
  store: Store,
  durable: () => Promise<void>,
): Promise<Measured> {
  const runs = plan(driver, size);
  const results = {} as Record<Operation, { ms: number[]; sync: number[] }>;
  // New keys in workspaces of their own, so nothing measured changes the existing keys.
  results.set = await timeRuns(runs.set, async (i) => {
    await store.set(`efax:TNEW${i}:settings`, appValue(i));
    await durable();
  });
  results.get = await timeRuns(runs.get, (i) => store.get(keyOf((i * 7919) % size)));
  results.setIfAbsent = await timeRuns(runs.setIfAbsent, async (i) => {
    await store.setIfAbsent(`efax:TONCE${i}:once:event:Ev${i}`, { at: i }, { ttlSeconds: 600 });
    await durable();
  });
  // One existing workspace per run, spread over the key range.
  const step = Math.floor(size / KEYS_PER_WORKSPACE / (runs.deleteByPrefix + 3));
  results.deleteByPrefix = await timeRuns(runs.deleteByPrefix, async (i) => {
    await store.deleteByPrefix(`efax:${team(i * step)}:`);
    await durable();
  });
  const measured: Measured = {
    driver,
    size,
    runs,
    ms: {
      set: median(results.set.ms),
      get: median(results.get.ms),
      setIfAbsent: median(results.setIfAbsent.ms),
      deleteByPrefix: median(results.deleteByPrefix.ms),
    },
  };
  if (driver === "SQLite") {
    const blocking = (operation: Operation) => ({
      median: median(results[operation].sync),
      max: Math.max(...results[operation].sync),
    });
    measured.blocking = {
      set: blocking("set"),
      get: blocking("get"),
      setIfAbsent: blocking("setIfAbsent"),
      deleteByPrefix: blocking("deleteByPrefix"),
    };
  }
  return measured;
}

/** Consecutive writes timed for the event-loop figures: enough to cross WAL checkpoints. */
const SUSTAINED_WRITES = 3_000;

interface OneOff {
  size: number;
  /** SQLite, {@link SUSTAINED_WRITES} sets in a row: synchronous part, p99 and max. */
  sustainedSync: { p99: number; max: number; total: number };
  jsonFill: number;
  jsonOpen: number;
  sqliteImport: number;
  sqliteKeysAll: number;
}

async function measureSize(size: number, workDir: string, upstashUrl: string, token: string) {
  const dir = join(workDir, `store-${size}`);
  const jsonDir = join(dir, "json");
  const sqliteDir = join(dir, "sqlite");
  await mkdir(sqliteDir, { recursive: true });

  // The JSON driver's file, filled in memory and saved once; then the same file imported by SQLite.
  let start = performance.now();
  const filler = await createJsonStore({ dataDir: jsonDir, flushDelayMs: 60_000 });
  for (let i = 0; i < size; i += 1) await filler.set(keyOf(i), appValue(i));
  await filler.close();
  const jsonFill = performance.now() - start;
  await copyFile(join(jsonDir, JSON_STORE_FILE_NAME), join(sqliteDir, JSON_STORE_FILE_NAME));

  start = performance.now();
  const sqlite = await createSqliteStore({ dataDir: sqliteDir, sweepIntervalMs: 0 });
  const sqliteImport = performance.now() - start;
  start = performance.now();
  const all = await sqlite.keys("efax:");
  const sqliteKeysAll = performance.now() - start;
  if (all.length !== size) throw new Error(`SQLite imported ${all.length} keys, not ${size}.`);
  const sqliteFigures = await measure("SQLite", size, sqlite, async () => {});
  // Writes in a row, as a busy app makes them: every ~1,000 WAL pages one of them also copies
  // the WAL into the database (SQLite's automatic checkpoint), inside its synchronous part.
  start = performance.now();
  const sustained = await timeRuns(SUSTAINED_WRITES, (i) =>
    sqlite.set(`efax:TRUN${i % 500}:key${i}`, appValue(i)),
  );
  const sustainedTotal = performance.now() - start;
  const sorted = [...sustained.sync].sort((a, b) => a - b);
  const sustainedSync = {
    p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    max: sorted.at(-1) ?? 0,
    total: sustainedTotal,
  };
  await sqlite.close();

  start = performance.now();
  const json = await createJsonStore({ dataDir: jsonDir, flushDelayMs: 60_000 });
  const jsonOpen = performance.now() - start;
  const jsonFigures = await measure("JSON file", size, json, () => json.flush());
  await json.close();

  // Upstash: filled through the REST server with MSET, 1,000 keys a request.
  const client = new Redis({ url: upstashUrl, token, enableTelemetry: false });
  for (let first = 0; first < size; first += 1_000) {
    const batch: Record<string, string> = {};
    for (let i = first; i < Math.min(size, first + 1_000); i += 1) {
      batch[keyOf(i)] = JSON.stringify(appValue(i));
    }
    await client.mset(batch);
  }
  const upstash = createUpstashStore({ url: upstashUrl, token });
  const upstashFigures = await measure("Upstash (local Redis)", size, upstash, async () => {});
  await upstash.close();
  await rm(dir, { recursive: true, force: true });

  const oneOff: OneOff = {
    size,
    sustainedSync,
    jsonFill,
    jsonOpen,
    sqliteImport,
    sqliteKeysAll,
  };
  return { figures: [sqliteFigures, jsonFigures, upstashFigures], oneOff };
}

const count = (n: number) => n.toLocaleString("en-US");
/** Milliseconds with the digits that matter: `0.021 ms`, `2.47 ms`, `312.5 ms`, `1.20 s`. */
const ms = (value: number) =>
  value < 1 ? `${value.toFixed(3)} ms` : value < 100 ? `${value.toFixed(2)} ms` : formatMs(value);
const times = (value: number) => `${value.toFixed(1)}×`;

export const storeSection: Section = {
  name: "store",
  title:
    "Store: SQLite (embedded) vs the JSON file it replaced vs Upstash over a local Redis, per call",
  async run({ workDir }) {
    console.log(`Load average at the start: ${loadavg()[0]?.toFixed(2)}\n`);
    process.stderr.write("  starting a private Redis…\n");
    const redis = await startPrivateRedis();
    const server = await startUpstashServer({ redisUrl: redis.url });
    const all: Measured[] = [];
    const oneOffs: OneOff[] = [];
    try {
      for (const size of STORE_SIZES) {
        process.stderr.write(`  measuring stores of ${count(size)} keys…\n`);
        await server.redis.clear();
        const { figures, oneOff } = await measureSize(size, workDir, server.url, server.token);
        all.push(...figures);
        oneOffs.push(oneOff);
      }
    } finally {
      await server.close();
      await redis.stop();
    }

    console.log(
      formatTable(
        ["keys", "driver", ...OPERATIONS.map((op) => `${op} (median)`), "runs"],
        all.map((m) => [
          count(m.size),
          m.driver,
          ...OPERATIONS.map((op) => ms(m.ms[op])),
          OPERATIONS.map((op) => m.runs[op]).join("/"),
        ]),
      ),
    );

    console.log("\nSQLite: how long each call holds the event loop (median / max of the runs):");
    console.log(
      formatTable(
        ["keys", ...OPERATIONS],
        all
          .filter((m) => m.blocking)
          .map((m) => [
            count(m.size),
            ...OPERATIONS.map((op) => {
              const b = m.blocking?.[op];
              return b ? `${ms(b.median)} / ${ms(b.max)}` : "";
            }),
          ]),
      ),
    );

    console.log(
      `\nSQLite: ${count(SUSTAINED_WRITES)} sets in a row (checkpoints included), event loop held per call:`,
    );
    console.log(
      formatTable(
        ["keys", "p99", "max", "writes per second"],
        oneOffs.map((o) => [
          count(o.size),
          ms(o.sustainedSync.p99),
          ms(o.sustainedSync.max),
          count(Math.round(SUSTAINED_WRITES / (o.sustainedSync.total / 1000))),
        ]),
      ),
    );

    console.log("\nOne-off costs:");
    console.log(
      formatTable(
        [
          "keys",
          "JSON: fill + save",
          "JSON: open (load file)",
          "SQLite: import store.json",
          "SQLite: keys('efax:')",
        ],
        oneOffs.map((o) => [
          count(o.size),
          ms(o.jsonFill),
          ms(o.jsonOpen),
          ms(o.sqliteImport),
          ms(o.sqliteKeysAll),
        ]),
      ),
    );

    const at = (driver: DriverName, size: number) =>
      all.find((m) => m.driver === driver && m.size === size);
    console.log("\nRatios (how many times faster SQLite is):");
    console.log(
      formatTable(
        [
          "keys",
          "write vs JSON save",
          "setIfAbsent vs JSON",
          "read vs Upstash",
          "write vs Upstash",
        ],
        STORE_SIZES.map((size) => {
          const sqlite = at("SQLite", size);
          const json = at("JSON file", size);
          const upstash = at("Upstash (local Redis)", size);
          if (!sqlite || !json || !upstash) return [count(size), "", "", "", ""];
          return [
            count(size),
            times(json.ms.set / sqlite.ms.set),
            times(json.ms.setIfAbsent / sqlite.ms.setIfAbsent),
            times(upstash.ms.get / sqlite.ms.get),
            times(upstash.ms.set / sqlite.ms.set),
          ];
        }),
      ),
    );

    console.log(`\nLoad average at the end: ${loadavg()[0]?.toFixed(2)}`);
    const goals: Goal[] = [];
    const sqlite = at("SQLite", GOAL_SIZE);
    const json = at("JSON file", GOAL_SIZE);
    const upstash = at("Upstash (local Redis)", GOAL_SIZE);
    if (sqlite && json && upstash) {
      const write = json.ms.set / sqlite.ms.set;
      const read = upstash.ms.get / sqlite.ms.get;
      goals.push({
        met: write >= WRITE_GOAL,
        text: `${count(GOAL_SIZE)} keys: a durable SQLite write ≥ ${WRITE_GOAL}× faster than the JSON driver's save of it (${times(write)}: ${ms(sqlite.ms.set)} vs ${ms(json.ms.set)})`,
      });
      goals.push({
        met: read >= READ_GOAL,
        text: `${count(GOAL_SIZE)} keys: an SQLite read ≥ ${READ_GOAL}× faster than Upstash over the local Redis (${times(read)}: ${ms(sqlite.ms.get)} vs ${ms(upstash.ms.get)})`,
      });
    }
    return goals;
  },
};
