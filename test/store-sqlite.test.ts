import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { KEY_FILE_NAME } from "../src/secrets/key-file.ts";
import {
  StoreCorruptFileError,
  StoreDatabaseError,
  StoreFileAccessError,
  StoreUnavailableError,
} from "../src/store/errors.ts";
import { createJsonStore, JSON_STORE_FILE_NAME } from "../src/store/json-file.ts";
import {
  createSqliteStore,
  type JsonImport,
  prefixSuccessor,
  SQLITE_FILE_NAME,
} from "../src/store/sqlite.ts";
import { BURST, SHARED } from "./support/store-child.ts";

const START = Date.UTC(2026, 10, 27, 9, 0, 0);
const CHILD = fileURLToPath(new URL("./support/store-child.ts", import.meta.url));
const TRICKY_TEXT = {
  text: 'a "quoted" \\ line\nnext\u2028 müller 🙂',
  nested: { list: [1.5, null, true], empty: {} },
};

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "efax-sqlite-"));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Rows of a table, read with a connection of the test's own. */
function countRows(dataDir: string, sql: string): number {
  const db = new DatabaseSync(join(dataDir, SQLITE_FILE_NAME));
  try {
    return Number(db.prepare(sql).get()?.count ?? -1);
  } finally {
    db.close();
  }
}

describe("SQLite store", () => {
  it("keeps values, TTLs, maps and lists across close and reopen", async () => {
    const dataDir = await tempDir();
    let now = START;
    const first = await createSqliteStore({ dataDir, now: () => now });
    await first.set("efax:T0001:settings", { timeZone: "Asia/Tokyo", code: "007" });
    await first.set("efax:T0001:once:event:Ev1", { at: 1 }, { ttlSeconds: 60 });
    await first.set("efax:T0001:text", TRICKY_TEXT);
    await first.setField("efax:index", "T0001", { at: "09:00" });
    await first.pushCapped("efax:T0001:audit", { n: 1 }, 50);
    await first.pushCapped("efax:T0001:audit", { n: 2 }, 50);
    await first.close();

    now += 10_000;
    const second = await createSqliteStore({ dataDir, now: () => now });
    expect(await second.get("efax:T0001:settings")).toEqual({
      timeZone: "Asia/Tokyo",
      code: "007",
    });
    expect(await second.get("efax:T0001:text")).toEqual(TRICKY_TEXT);
    expect(await second.getFields("efax:index")).toEqual({ T0001: { at: "09:00" } });
    expect(await second.readList("efax:T0001:audit")).toEqual([{ n: 2 }, { n: 1 }]);
    expect(await second.keys("efax:T0001:once:")).toEqual(["efax:T0001:once:event:Ev1"]);
    now += 51_000;
    expect(await second.get("efax:T0001:once:event:Ev1")).toBeNull();
    await second.close();
  });

  it("finishes a write made just before close, and closing twice waits for the same close", async () => {
    const dataDir = await tempDir();
    const store = await createSqliteStore({ dataDir });
    const writing = store.set("efax:T0001:last", { last: true });
    const closing = store.close();
    await Promise.all([writing, closing, store.close()]);
    const reopened = await createSqliteStore({ dataDir });
    expect(await reopened.get("efax:T0001:last")).toEqual({ last: true });
    await reopened.close();
  });

  it("creates the directory with mode 0700 and the database (and its WAL) with mode 0600", async () => {
    const dataDir = join(await tempDir(), "nested", "data");
    const store = await createSqliteStore({ dataDir });
    await store.set("efax:T0001:a", { a: 1 });
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, SQLITE_FILE_NAME))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, `${SQLITE_FILE_NAME}-wal`))).mode & 0o777).toBe(0o600);
    expect(store.file).toBe(join(dataDir, SQLITE_FILE_NAME));
    await store.close();
    expect(await readdir(dataDir)).toEqual([SQLITE_FILE_NAME]);
  });

  it("sweeps expired rows out of the file, in the background and on demand", async () => {
    const dataDir = await tempDir();
    let now = START;
    const store = await createSqliteStore({ dataDir, now: () => now, sweepIntervalMs: 0 });
    for (let i = 0; i < 600; i += 1) {
      await store.set(`efax:T0001:once:event:Ev${i}`, { i }, { ttlSeconds: 30 });
    }
    await store.set("efax:T0001:settings", { kept: true });
    await store.set("efax:T0001:later", { kept: true }, { ttlSeconds: 600 });
    now += 31_000;
    expect(countRows(dataDir, "SELECT COUNT(*) AS count FROM entries")).toBe(602);
    expect(await store.sweep()).toBe(600);
    expect(countRows(dataDir, "SELECT COUNT(*) AS count FROM entries")).toBe(2);
    await store.close();

    const swept = await createSqliteStore({ dataDir, now: () => now, sweepIntervalMs: 5 });
    await swept.set("efax:T0001:short", { a: 1 }, { ttlSeconds: 1 });
    now += 1_000;
    await expect.poll(() => countRows(dataDir, "SELECT COUNT(*) AS count FROM entries")).toBe(2);
    await swept.close();
  });

  it("lists and erases by range: LIKE wildcards, glob characters and the last characters are literal", async () => {
    const store = await createSqliteStore({ dataDir: await tempDir() });
    const keys = [
      "test:%_:1",
      "test:ab:1",
      "test:a\uffff:1",
      "test:a\u{10ffff}:1",
      "test:b:1",
      "test;",
      "tesu",
    ];
    for (const key of keys) await store.set(key, { key });
    expect(await store.keys("test:%_:")).toEqual(["test:%_:1"]);
    expect(await store.keys("test:a")).toEqual(
      ["test:ab:1", "test:a\uffff:1", "test:a\u{10ffff}:1"].sort(),
    );
    expect(await store.keys("test:a\uffff")).toEqual(["test:a\uffff:1"]);
    expect(await store.keys("test:a\u{10ffff}")).toEqual(["test:a\u{10ffff}:1"]);
    expect(await store.deleteByPrefix("test:")).toBe(5);
    expect(await store.keys("tes")).toEqual(["test;", "tesu"]);
    await store.close();
  });

  it("finds the smallest string above a prefix", () => {
    expect(prefixSuccessor("efax:T1:")).toBe("efax:T1;");
    expect(prefixSuccessor("a\ud7ff")).toBe("a\ue000");
    expect(prefixSuccessor("a\uffff")).toBe("a\u{10000}");
    expect(prefixSuccessor("a\u{10ffff}")).toBe("b");
    expect(prefixSuccessor("\u{10ffff}")).toBeNull();
  });

  it("reads while another connection holds the write lock, and a writer waits, then gives up in plain words", async () => {
    const dataDir = await tempDir();
    const store = await createSqliteStore({ dataDir, busyTimeoutMs: 100 });
    await store.set("efax:T0001:a", { a: 1 });
    const other = new DatabaseSync(join(dataDir, SQLITE_FILE_NAME));
    other.exec("BEGIN IMMEDIATE");
    try {
      expect(await store.get("efax:T0001:a")).toEqual({ a: 1 });
      const error = await store.set("efax:T0001:b", { b: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error).toMatchObject({ code: "unavailable", reason: "busy", operation: "write" });
      expect(String(error)).toContain(
        "Could not write to the store: another process kept the database locked for more than 100 ms.",
      );
      expect(
        await store.setIfAbsent("efax:T0001:c", { c: 1 }).catch((e: unknown) => e),
      ).toBeInstanceOf(StoreUnavailableError);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    await store.set("efax:T0001:b", { b: 1 });
    expect(await store.keys("efax:T0001:")).toEqual(["efax:T0001:a", "efax:T0001:b"]);
    await store.close();
  });

  it("reports a failing database as unavailable, naming the file and SQLite's reason", async () => {
    const dataDir = await tempDir();
    const store = await createSqliteStore({ dataDir });
    const other = new DatabaseSync(join(dataDir, SQLITE_FILE_NAME));
    other.exec("DROP TABLE items");
    other.close();
    const error = await store.readList("efax:T0001:audit").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreDatabaseError);
    expect(error).toMatchObject({ code: "unavailable", operation: "read" });
    expect(String(error)).toContain(join(dataDir, SQLITE_FILE_NAME));
    await store.close();
  });

  it("refuses a file that is not a database, naming it, and leaves it untouched", async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, SQLITE_FILE_NAME);
    await writeFile(file, "this is not a database, but it is somebody's file".repeat(100));
    const error = await createSqliteStore({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptFileError);
    expect(String(error)).toContain(`${file} is not an SQLite database, or is damaged`);
    expect(String(error)).toContain("Move the file aside");
    expect(await readFile(file, "utf8")).toContain("somebody's file");
  });

  it("refuses a database written by a newer version", async () => {
    const dataDir = await tempDir();
    await (await createSqliteStore({ dataDir })).close();
    const db = new DatabaseSync(join(dataDir, SQLITE_FILE_NAME));
    db.exec("PRAGMA user_version = 99");
    db.close();
    await expect(createSqliteStore({ dataDir })).rejects.toThrow(
      "was written by a newer version of eFax Reports (schema 99)",
    );
  });

  it("reports a DATA_DIR it cannot create as a file access error", async () => {
    const parent = await tempDir();
    await writeFile(join(parent, "file"), "");
    const error = await createSqliteStore({ dataDir: join(parent, "file", "data") }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreFileAccessError);
    expect(String(error)).toContain("ENOTDIR");
  });
});

describe("upgrading from store.json", () => {
  /** A store.json as the JSON driver writes it, and an encryption key file beside it. */
  async function oldDataDir(now: () => number): Promise<string> {
    const dataDir = await tempDir();
    const json = await createJsonStore({ dataDir, now });
    await json.set("efax:T0001:settings", { timeZone: "Europe/Berlin", code: "123" });
    await json.set("efax:T0001:credentials", { version: 1, sealed: "v1.k1.abc" });
    await json.set("efax:T0001:text", TRICKY_TEXT);
    await json.set("efax:T0001:once:event:Ev1", { at: 1 }, { ttlSeconds: 60 });
    await json.set("efax:T0001:once:event:Ev2", { at: 2 }, { ttlSeconds: 5 });
    await json.setField("efax:index", "T0001", { at: "09:00" });
    await json.setField("efax:index", "T0002", { at: "17:30" });
    for (let n = 1; n <= 3; n += 1) await json.pushCapped("efax:T0001:audit", { n }, 50);
    await json.close();
    await writeFile(join(dataDir, KEY_FILE_NAME), "k1:some-key-text\n", { mode: 0o600 });
    return dataDir;
  }

  it("imports every live key in one go, renames the file, and leaves the key file alone", async () => {
    let now = START;
    const dataDir = await oldDataDir(() => now);
    now += 10_000;
    const reports: JsonImport[] = [];
    const store = await createSqliteStore({
      dataDir,
      now: () => now,
      onImported: (report) => reports.push(report),
    });
    expect(reports).toEqual([
      {
        from: join(dataDir, JSON_STORE_FILE_NAME),
        to: join(dataDir, `${JSON_STORE_FILE_NAME}.imported`),
        keys: 6,
      },
    ]);
    expect((await readdir(dataDir)).sort()).toEqual(
      [
        KEY_FILE_NAME,
        SQLITE_FILE_NAME,
        `${SQLITE_FILE_NAME}-shm`,
        `${SQLITE_FILE_NAME}-wal`,
        `${JSON_STORE_FILE_NAME}.imported`,
      ].sort(),
    );
    expect(await readFile(join(dataDir, KEY_FILE_NAME), "utf8")).toBe("k1:some-key-text\n");

    expect(await store.get("efax:T0001:settings")).toEqual({
      timeZone: "Europe/Berlin",
      code: "123",
    });
    expect(await store.get("efax:T0001:text")).toEqual(TRICKY_TEXT);
    expect(await store.keys("efax:T0001:once:")).toEqual(["efax:T0001:once:event:Ev1"]);
    expect(await store.getFields("efax:index")).toEqual({
      T0001: { at: "09:00" },
      T0002: { at: "17:30" },
    });
    expect(await store.readList("efax:T0001:audit")).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }]);
    await store.pushCapped("efax:T0001:audit", { n: 4 }, 3);
    expect(await store.readList("efax:T0001:audit")).toEqual([{ n: 4 }, { n: 3 }, { n: 2 }]);
    // The TTL goes on from the time it was set.
    now += 50_000;
    expect(await store.get("efax:T0001:once:event:Ev1")).toBeNull();
    await store.close();

    const again = await createSqliteStore({ dataDir, onImported: (r) => reports.push(r) });
    expect(reports).toHaveLength(1);
    await again.close();
  });

  it("imports once when several processes start at the same moment", async () => {
    const dataDir = await oldDataDir(Date.now);
    const reports: JsonImport[] = [];
    const stores = await Promise.all(
      [1, 2, 3].map(() =>
        createSqliteStore({ dataDir, onImported: (report) => reports.push(report) }),
      ),
    );
    expect(reports).toHaveLength(1);
    for (const store of stores) {
      expect(await store.get("efax:T0001:settings")).toMatchObject({ code: "123" });
    }
    await Promise.all(stores.map((store) => store.close()));
  });

  it("after a crash between import and rename, only renames: later writes stay", async () => {
    const dataDir = await oldDataDir(Date.now);
    const file = join(dataDir, JSON_STORE_FILE_NAME);
    const first = await createSqliteStore({ dataDir });
    await first.set("efax:T0001:settings", { timeZone: "Asia/Tokyo" });
    await first.close();
    // As if the rename had not happened: the same file is back under its old name.
    await copyFile(`${file}.imported`, file);

    const reports: JsonImport[] = [];
    const second = await createSqliteStore({ dataDir, onImported: (r) => reports.push(r) });
    expect(reports).toEqual([]);
    expect(await readdir(dataDir)).not.toContain(JSON_STORE_FILE_NAME);
    expect(await second.get("efax:T0001:settings")).toEqual({ timeZone: "Asia/Tokyo" });
    await second.close();
  });

  it("refuses a damaged store.json, naming it, and changes nothing", async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, JSON_STORE_FILE_NAME);
    await writeFile(file, '{"version":1,"entries":{"efax:T1:a":');
    const error = await createSqliteStore({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptFileError);
    expect(String(error)).toContain(`${file} is not valid JSON`);
    expect(await readFile(file, "utf8")).toBe('{"version":1,"entries":{"efax:T1:a":');
    expect(await readdir(dataDir)).toContain(JSON_STORE_FILE_NAME);
  });
});

/** A second process on the same database (see `support/store-child.ts`). */
interface Child {
  process: ChildProcess;
  /** Sends one command and resolves its answer line, parsed. */
  ask(command: Record<string, unknown>): Promise<unknown>;
  /** Every line printed so far. */
  lines: string[];
}

async function startChild(dataDir: string): Promise<Child> {
  const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  if (!child.stdout) throw new Error("no stdout");
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    waiting.shift()?.(line);
  });
  await new Promise<string>((resolve) => waiting.push(resolve));
  expect(lines[0]).toBe("ready");
  return {
    process: child,
    lines,
    ask(command) {
      const answer = new Promise<string>((resolve) => waiting.push(resolve));
      child.stdin?.write(`${JSON.stringify(command)}\n`);
      return answer.then((line) => JSON.parse(line));
    },
  };
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const closed = once(child.process, "close");
  child.process.stdin?.end();
  await closed;
}

// Processes started and run to the end: generous on a loaded machine.
describe("SQLite store shared by processes", { timeout: 60_000 }, () => {
  it("each sees the other's writes at once", async () => {
    const dataDir = await tempDir();
    const store = await createSqliteStore({ dataDir });
    const child = await startChild(dataDir);
    try {
      await store.set("efax:T0001:settings", { timeZone: "America/Chicago" });
      expect(await child.ask({ op: "get", key: "efax:T0001:settings" })).toEqual({
        timeZone: "America/Chicago",
      });
      await child.ask({
        op: "set",
        key: "efax:T0001:settings",
        value: { timeZone: "Europe/Berlin" },
      });
      expect(await store.get("efax:T0001:settings")).toEqual({ timeZone: "Europe/Berlin" });
    } finally {
      await stopChild(child);
      await store.close();
    }
  });

  it("setIfAbsent raced from two processes: every key won exactly once", async () => {
    const dataDir = await tempDir();
    const children = [await startChild(dataDir), await startChild(dataDir)];
    const store = await createSqliteStore({ dataDir });
    try {
      // On a busy machine one process may get through a whole round before the other starts:
      // rounds of fresh keys go on until both have won some (the calls really interleaved).
      // Every key of every round must have exactly one winner.
      let interleaved = false;
      for (let round = 0; round < 6 && !interleaved; round += 1) {
        const keys = Array.from({ length: 300 }, (_, i) => `efax:T0001:once:event:R${round}E${i}`);
        const [first, second] = (await Promise.all(
          children.map((child) => child.ask({ op: "race", keys })),
        )) as boolean[][];
        for (const [index, key] of keys.entries()) {
          const winners = [first?.[index], second?.[index]].filter(Boolean);
          expect(winners, key).toHaveLength(1);
          const winner = first?.[index] ? children[0] : children[1];
          expect(await store.get(key)).toEqual({ pid: winner?.process.pid });
        }
        interleaved =
          (first?.filter(Boolean).length ?? 0) > 0 && (second?.filter(Boolean).length ?? 0) > 0;
      }
      expect(interleaved).toBe(true);
    } finally {
      await store.close();
      await Promise.all(children.map(stopChild));
    }
  });

  it("setField and pushCapped from two processes at once lose nothing", async () => {
    const dataDir = await tempDir();
    const children = [await startChild(dataDir), await startChild(dataDir)];
    try {
      await Promise.all(
        children.map((child, n) => child.ask({ op: "fill", name: `p${n}`, count: 300 })),
      );
      const store = await createSqliteStore({ dataDir });
      const fields = await store.getFields<{ i: number }>(SHARED.map);
      expect(Object.keys(fields)).toHaveLength(600);
      expect(fields["p1-299"]).toEqual({ i: 299 });
      const items = await store.readList<{ name: string; i: number }>(SHARED.list);
      expect(items).toHaveLength(600);
      for (const name of ["p0", "p1"]) {
        // Each process's own items, newest first, none missing.
        const own = items.filter((item) => item.name === name).map((item) => item.i);
        expect(own).toEqual(Array.from({ length: 300 }, (_, i) => 299 - i));
      }
      await store.close();
    } finally {
      await Promise.all(children.map(stopChild));
    }
  });

  it("keeps every acknowledged write of a process killed with SIGKILL in the middle of a burst", async () => {
    const dataDir = await tempDir();
    const child = await startChild(dataDir);
    child.process.stdin?.write(`${JSON.stringify({ op: "burst" })}\n`);
    await expect.poll(() => child.lines.length, { timeout: 15_000 }).toBeGreaterThan(600);
    const closed = once(child.process, "close");
    child.process.kill("SIGKILL");
    const [, signal] = await closed;
    expect(signal).toBe("SIGKILL");

    const acknowledged = child.lines
      .slice(1)
      .map((line) => /^ack (value|field|item) (\d+)$/.exec(line))
      .map((match) => ({ kind: match?.[1], i: Number(match?.[2]) }));
    expect(acknowledged.length).toBeGreaterThanOrEqual(600);
    const store = await createSqliteStore({ dataDir });
    const values = await store.getMany(
      acknowledged.filter((a) => a.kind === "value").map((a) => `${BURST.valuePrefix}${a.i}`),
    );
    expect(values.filter((value) => value === null)).toEqual([]);
    const fields = await store.getFields(BURST.map);
    for (const { i } of acknowledged.filter((a) => a.kind === "field")) {
      expect(fields[`f${i}`]).toEqual({ i });
    }
    const items = new Set((await store.readList<{ i: number }>(BURST.list)).map((item) => item.i));
    for (const { i } of acknowledged.filter((a) => a.kind === "item")) {
      expect(items.has(i)).toBe(true);
    }
    await store.close();
    expect(
      countRows(
        dataDir,
        "SELECT COUNT(*) AS count FROM pragma_integrity_check WHERE integrity_check = 'ok'",
      ),
    ).toBe(1);
  });
});
