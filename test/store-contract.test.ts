import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createEmbeddedStore, createMemoryStore } from "../src/store/embedded.ts";
import {
  isStoreError,
  StoreClosedError,
  StoreCorruptFileError,
  StoreCorruptValueError,
  StoreFileAccessError,
  StoreUnavailableError,
} from "../src/store/errors.ts";
import { createStore } from "../src/store/index.ts";
import { createJsonStore, JSON_STORE_FILE_NAME } from "../src/store/json-file.ts";
import { storeKeys } from "../src/store/keys.ts";
import { createSqliteStore, SQLITE_FILE_NAME } from "../src/store/sqlite.ts";
import type { Store, StoredValue } from "../src/store/types.ts";
import { createUpstashStore, escapeGlob } from "../src/store/upstash.ts";
import { startUpstashServer, type UpstashServer } from "./support/upstash-server.ts";

/** A driver under test, plus a way to let time pass for its TTLs. */
interface Harness {
  store: Store;
  /** Lets `seconds` pass as far as the store's TTLs are concerned. */
  elapse(seconds: number): Promise<void>;
  done(): Promise<void>;
}

interface Driver {
  name: string;
  open(): Promise<Harness>;
}

const START = Date.UTC(2026, 10, 27, 9, 0, 0);

/** Text JSON must escape, and text it must not: quotes, backslashes, line ends, U+2028, accents. */
const TRICKY_TEXT = {
  text: 'a "quoted" \\ line\nnext\u2028 müller 🙂',
  nested: { list: [1.5, null, true], empty: {} },
};
const temps: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "efax-store-"));
  temps.push(dir);
  return dir;
}

let upstash: UpstashServer;

beforeAll(async () => {
  upstash = await startUpstashServer();
});

afterAll(async () => {
  await upstash.close();
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Moves every TTL of the server's keys in Redis forward, as if `seconds` had passed. */
async function elapseInRedis(server: UpstashServer, seconds: number): Promise<void> {
  const keys = await server.redis.keys("*");
  for (const key of keys) {
    const left = await server.redis.pttl(key);
    if (left < 0) {
      continue;
    }
    const remaining = left - seconds * 1000;
    if (remaining <= 0) {
      await server.redis.del(key);
    } else {
      await server.redis.pexpire(key, remaining);
    }
  }
}

/**
 * One store over two stores: calls alternate between them, so every write made through one is
 * read, raced and erased through the other (two connections to one database).
 */
function alternating(first: Store, second: Store): Store {
  let turn = 0;
  const next = (): Store => {
    turn += 1;
    return turn % 2 === 0 ? first : second;
  };
  return {
    get: (key) => next().get(key),
    set: (key, value, options) => next().set(key, value, options),
    setIfAbsent: (key, value, options) => next().setIfAbsent(key, value, options),
    getMany: (keys) => next().getMany(keys),
    setField: (key, field, value) => next().setField(key, field, value),
    deleteField: (key, field) => next().deleteField(key, field),
    getFields: (key) => next().getFields(key),
    pushCapped: (key, value, keep) => next().pushCapped(key, value, keep),
    readList: (key) => next().readList(key),
    delete: (key) => next().delete(key),
    deleteByPrefix: (prefix) => next().deleteByPrefix(prefix),
    keys: (prefix) => next().keys(prefix),
    close: () => Promise.all([first.close(), second.close()]).then(() => undefined),
  };
}

/** A driver whose TTLs follow a clock the test moves. */
function clocked(name: string, open: (now: () => number) => Promise<Store>): Driver {
  return {
    name,
    async open() {
      let now = START;
      const store = await open(() => now);
      return {
        store,
        async elapse(seconds) {
          now += seconds * 1000;
        },
        done: () => store.close(),
      };
    },
  };
}

const drivers: Driver[] = [
  clocked("memory", (now) => createMemoryStore({ now })),
  clocked("SQLite", async (now) => createSqliteStore({ dataDir: await tempDir(), now })),
  clocked("SQLite, two connections taking turns", async (now) => {
    const dataDir = await tempDir();
    const first = await createSqliteStore({ dataDir, now });
    return alternating(first, await createSqliteStore({ dataDir, now }));
  }),
  clocked("JSON file (the driver SQLite replaced)", async (now) =>
    createJsonStore({ dataDir: await tempDir(), now }),
  ),
  {
    name: "Upstash over REST, real Redis",
    async open() {
      await upstash.redis.clear();
      const store = createUpstashStore({ url: upstash.url, token: upstash.token });
      return {
        store,
        elapse: (seconds) => elapseInRedis(upstash, seconds),
        done: () => store.close(),
      };
    },
  },
];

describe.each(drivers)("Store contract: $name", (driver) => {
  let harness: Harness;
  let store: Store;

  beforeEach(async () => {
    harness = await driver.open();
    store = harness.store;
  });

  afterEach(async () => {
    await harness.done();
  });

  it('round-trips objects exactly, a string field "123" staying a string', async () => {
    const value = {
      code: "123",
      zero: "0",
      flag: "true",
      empty: "",
      count: 42,
      ratio: 0.25,
      yes: true,
      none: null,
      list: ["1", 2, { deep: "x" }],
      nested: { teamId: "T0001", emoji: "📠 fax ✓", quote: 'a "b" \\ c' },
    };
    await store.set("efax:T0001:settings", value);
    expect(await store.get("efax:T0001:settings")).toEqual(value);
    const read = await store.get<{ code: unknown }>("efax:T0001:settings");
    expect(typeof read?.code).toBe("string");
  });

  it("returns null for a key that was never set", async () => {
    expect(await store.get("efax:T0001:missing")).toBeNull();
  });

  it("hands out copies: changing an object after set or after get changes nothing stored", async () => {
    const value = { list: [1], inner: { a: "1" } };
    await store.set("efax:T0001:copy", value);
    value.list.push(2);
    value.inner.a = "changed";
    const first = await store.get<{ list: number[] }>("efax:T0001:copy");
    first?.list.push(3);
    expect(await store.get("efax:T0001:copy")).toEqual({ list: [1], inner: { a: "1" } });
  });

  it("refuses values that are not JSON objects and TTLs Redis would refuse", async () => {
    await expect(store.set("efax:T0001:bad", JSON.parse("[1, 2]"))).rejects.toThrow(TypeError);
    await expect(store.set("efax:T0001:bad", JSON.parse('"text"'))).rejects.toThrow(TypeError);
    // An object that serialises to something else is refused too.
    const disguised: StoredValue = JSON.parse("{}");
    Reflect.set(disguised, "toJSON", () => "text");
    await expect(store.set("efax:T0001:bad", disguised)).rejects.toThrow(TypeError);
    await expect(store.set("efax:T0001:bad", { a: 1 }, { ttlSeconds: 0 })).rejects.toThrow(
      RangeError,
    );
    await expect(store.set("efax:T0001:bad", { a: 1 }, { ttlSeconds: 1.5 })).rejects.toThrow(
      RangeError,
    );
    expect(await store.keys("efax:T0001:")).toEqual([]);
  });

  it("expires a key after its TTL, and not before", async () => {
    await store.set("efax:T0001:report:failures:2026-11-26", { rows: 3 }, { ttlSeconds: 60 });
    await harness.elapse(59);
    expect(await store.get("efax:T0001:report:failures:2026-11-26")).toEqual({ rows: 3 });
    await harness.elapse(2);
    expect(await store.get("efax:T0001:report:failures:2026-11-26")).toBeNull();
    expect(await store.keys("efax:T0001:")).toEqual([]);
  });

  it("a plain set replaces the value and drops an earlier TTL, as Redis SET does", async () => {
    await store.set("efax:T0001:settings", { v: 1 }, { ttlSeconds: 10 });
    await store.set("efax:T0001:settings", { v: 2 });
    await harness.elapse(3600);
    expect(await store.get("efax:T0001:settings")).toEqual({ v: 2 });
  });

  it("setIfAbsent creates once, leaves the first value, and works again after expiry", async () => {
    const key = "efax:T0001:once:event:Ev001";
    expect(await store.setIfAbsent(key, { by: "first" }, { ttlSeconds: 30 })).toBe(true);
    expect(await store.setIfAbsent(key, { by: "second" }, { ttlSeconds: 30 })).toBe(false);
    expect(await store.get(key)).toEqual({ by: "first" });
    await harness.elapse(31);
    expect(await store.setIfAbsent(key, { by: "third" })).toBe(true);
    expect(await store.get(key)).toEqual({ by: "third" });
  });

  it("setIfAbsent is atomic: of 50 concurrent calls exactly one wins", async () => {
    const key = "efax:T0001:once:action:1700000000.000100";
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        store.setIfAbsent(key, { index }, { ttlSeconds: 60 }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await store.get(key)).toEqual({ index: winner });
  });

  it("delete removes one key and is quiet about a missing one", async () => {
    await store.set("efax:T0001:a", { a: 1 });
    await store.set("efax:T0001:b", { b: 1 });
    await store.delete("efax:T0001:a");
    await store.delete("efax:T0001:never");
    expect(await store.get("efax:T0001:a")).toBeNull();
    expect(await store.get("efax:T0001:b")).toEqual({ b: 1 });
  });

  it("deleteByPrefix erases one workspace and leaves the others", async () => {
    const a = storeKeys.workspacePrefix("TAAAA");
    const b = storeKeys.workspacePrefix("TBBBB");
    await store.set(storeKeys.credentials("TAAAA"), { sealed: "x" });
    await store.set(storeKeys.settings("TAAAA"), { timeZone: "Asia/Tokyo" });
    await store.set(storeKeys.once("TAAAA", "event", "Ev1"), { at: 1 }, { ttlSeconds: 60 });
    await store.set(storeKeys.credentials("TBBBB"), { sealed: "y" });
    await store.set(storeKeys.settings("TAAAAB"), { timeZone: "UTC" });

    expect(await store.deleteByPrefix(a)).toBe(3);
    expect(await store.keys(a)).toEqual([]);
    expect(await store.keys(b)).toEqual([storeKeys.credentials("TBBBB")]);
    expect(await store.get(storeKeys.settings("TAAAAB"))).toEqual({ timeZone: "UTC" });
    expect(await store.deleteByPrefix(a)).toBe(0);
  });

  it("treats glob characters in a prefix literally", async () => {
    await store.set("test:[ab]*?:1", { literal: true });
    await store.set("test:a*?:1", { literal: false });
    await store.set("test:b:1", { literal: false });
    expect(await store.keys("test:[ab]*?:")).toEqual(["test:[ab]*?:1"]);
    expect(await store.deleteByPrefix("test:[ab]*?:")).toBe(1);
    expect(await store.keys("test:")).toEqual(["test:a*?:1", "test:b:1"]);
  });

  it("refuses to erase everything with an empty prefix", async () => {
    await store.set("efax:T0001:a", { a: 1 });
    await expect(store.deleteByPrefix("")).rejects.toThrow(RangeError);
    expect(await store.keys("efax:")).toEqual(["efax:T0001:a"]);
  });

  it("refuses use after close, and closing twice is harmless", async () => {
    await store.set("efax:T0001:a", { a: 1 });
    await store.close();
    await store.close();
    await expect(store.get("efax:T0001:a")).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.set("efax:T0001:a", { a: 1 })).rejects.toThrow(
      "Could not write to the store: the store is already closed.",
    );
  });

  it("refuses a write issued while close is still in progress", async () => {
    await store.set("efax:T0001:a", { a: 1 });
    const closing = store.close();
    await expect(store.set("efax:T0001:late", { late: true })).rejects.toBeInstanceOf(
      StoreClosedError,
    );
    await closing;
  });

  it("getMany reads several values in order, null for missing and expired keys", async () => {
    await store.set("efax:T0001:a", { a: 1 });
    await store.set("efax:T0001:b", { b: "2" }, { ttlSeconds: 5 });
    await store.setField("efax:T0001:map", "f", { f: 1 });
    expect(
      await store.getMany(["efax:T0001:b", "efax:T0001:none", "efax:T0001:a", "efax:T0001:map"]),
    ).toEqual([{ b: "2" }, null, { a: 1 }, null]);
    await harness.elapse(6);
    expect(await store.getMany(["efax:T0001:a", "efax:T0001:b"])).toEqual([{ a: 1 }, null]);
    expect(await store.getMany([])).toEqual([]);
  });

  it("keeps a map's fields apart: set, replace and delete one, the others untouched", async () => {
    const key = "efax:digests";
    expect(await store.getFields(key)).toEqual({});
    await store.setField(key, "T0001", { at: "09:00", code: "123" });
    await store.setField(key, "T0002", { at: "17:30" });
    await store.setField(key, "T0001", { at: "10:00", code: "123" });
    expect(await store.getFields<{ at: string }>(key)).toEqual({
      T0001: { at: "10:00", code: "123" },
      T0002: { at: "17:30" },
    });
    await store.deleteField(key, "T0001");
    await store.deleteField(key, "T0404");
    expect(await store.getFields(key)).toEqual({ T0002: { at: "17:30" } });
    await store.deleteField(key, "T0002");
    expect(await store.getFields(key)).toEqual({});
    expect(await store.keys("efax:digests")).toEqual([]);
  });

  it("loses no field when 50 writers each set their own at once", async () => {
    const key = "efax:index";
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        store.setField(key, `T${String(index).padStart(4, "0")}`, { index }),
      ),
    );
    const fields = await store.getFields<{ index: number }>(key);
    expect(Object.keys(fields)).toHaveLength(50);
    expect(fields.T0049).toEqual({ index: 49 });
  });

  it("keeps a capped list newest first, and only the newest items", async () => {
    const key = "efax:T0001:audit";
    expect(await store.readList(key)).toEqual([]);
    for (let n = 1; n <= 5; n += 1) await store.pushCapped(key, { n, text: "1" }, 3);
    expect(await store.readList(key)).toEqual([
      { n: 5, text: "1" },
      { n: 4, text: "1" },
      { n: 3, text: "1" },
    ]);
    await expect(store.pushCapped(key, { n: 6 }, 0)).rejects.toThrow(RangeError);
  });

  it("loses no item when 30 writers push at once, and never keeps more than asked", async () => {
    const key = "efax:T0001:trail";
    await Promise.all(
      Array.from({ length: 30 }, (_, index) => store.pushCapped(key, { index }, 50)),
    );
    const items = await store.readList<{ index: number }>(key);
    expect(items.map((item) => item.index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, index) => index),
    );
    await Promise.all(
      Array.from({ length: 30 }, (_, index) => store.pushCapped(key, { index }, 20)),
    );
    expect(await store.readList(key)).toHaveLength(20);
  });

  it("erases and lists maps and lists with everything else under a prefix", async () => {
    await store.set("efax:T0001:settings", { a: 1 });
    await store.setField("efax:T0001:alerts", "rate", { on: true });
    await store.pushCapped("efax:T0001:audit", { what: "connect" }, 50);
    expect(await store.keys("efax:T0001:")).toEqual([
      "efax:T0001:alerts",
      "efax:T0001:audit",
      "efax:T0001:settings",
    ]);
    expect(await store.deleteByPrefix("efax:T0001:")).toBe(3);
    expect(await store.getFields("efax:T0001:alerts")).toEqual({});
    expect(await store.readList("efax:T0001:audit")).toEqual([]);
  });

  it("lists keys under a prefix, sorted", async () => {
    await store.set("efax:T0001:settings", { a: 1 });
    await store.set("efax:T0001:credentials", { a: 1 });
    await store.set("efax:T0002:settings", { a: 1 });
    expect(await store.keys("efax:T0001:")).toEqual([
      "efax:T0001:credentials",
      "efax:T0001:settings",
    ]);
    expect(await store.keys("efax:")).toHaveLength(3);
  });
});

describe("JSON driver on disk (kept to import old files, and as the benchmark's baseline)", () => {
  it("survives close and reopen: values, and TTLs measured on the same clock", async () => {
    const dataDir = await tempDir();
    let now = START;
    const first = await createJsonStore({ dataDir, now: () => now });
    await first.set("efax:T0001:settings", { timeZone: "Asia/Tokyo", code: "007" });
    await first.set("efax:T0001:once:event:Ev1", { at: 1 }, { ttlSeconds: 60 });
    await first.set("efax:T0001:once:event:Ev2", { at: 2 }, { ttlSeconds: 5 });
    await first.set("efax:T0001:text", TRICKY_TEXT);
    await first.close();
    const file = JSON.parse(await readFile(join(dataDir, JSON_STORE_FILE_NAME), "utf8"));
    expect(file).toMatchObject({
      version: 1,
      entries: {
        "efax:T0001:settings": { value: { timeZone: "Asia/Tokyo", code: "007" }, expiresAt: null },
        "efax:T0001:once:event:Ev1": { value: { at: 1 }, expiresAt: START + 60_000 },
        "efax:T0001:text": { value: TRICKY_TEXT, expiresAt: null },
      },
    });

    now += 10_000;
    const second = await createJsonStore({ dataDir, now: () => now });
    expect(await second.get("efax:T0001:settings")).toEqual({
      timeZone: "Asia/Tokyo",
      code: "007",
    });
    expect(await second.keys("efax:T0001:once:")).toEqual(["efax:T0001:once:event:Ev1"]);
    expect(await second.get("efax:T0001:text")).toEqual(TRICKY_TEXT);
    now += 51_000;
    expect(await second.get("efax:T0001:once:event:Ev1")).toBeNull();
    await second.close();
  });

  it("keeps maps and lists across close and reopen", async () => {
    const dataDir = await tempDir();
    const first = await createJsonStore({ dataDir });
    await first.setField("efax:index", "T0001", { at: "09:00" });
    await first.pushCapped("efax:T0001:audit", { n: 1 }, 50);
    await first.pushCapped("efax:T0001:audit", { n: 2 }, 50);
    await first.close();
    const second = await createJsonStore({ dataDir });
    expect(await second.getFields("efax:index")).toEqual({ T0001: { at: "09:00" } });
    expect(await second.readList("efax:T0001:audit")).toEqual([{ n: 2 }, { n: 1 }]);
    await second.setField("efax:index", "T0002", { at: "10:00" });
    await second.close();
    const third = await createJsonStore({ dataDir });
    expect(Object.keys(await third.getFields("efax:index"))).toEqual(["T0001", "T0002"]);
    await third.close();
  });

  it("writes the file with mode 0600 in a directory created with mode 0700", async () => {
    const dataDir = join(await tempDir(), "nested", "data");
    const store = await createJsonStore({ dataDir });
    await store.set("efax:T0001:a", { a: 1 });
    await store.close();
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, JSON_STORE_FILE_NAME))).mode & 0o777).toBe(0o600);
    expect(store.file).toBe(join(dataDir, JSON_STORE_FILE_NAME));
  });

  it("keeps every one of many quick writes, with no temp file left behind", async () => {
    const dataDir = await tempDir();
    const store = await createJsonStore({ dataDir });
    await Promise.all(
      Array.from({ length: 200 }, (_, index) => store.set(`efax:T0001:k${index}`, { index })),
    );
    await store.close();
    expect(await readdir(dataDir)).toEqual([JSON_STORE_FILE_NAME]);
    const reopened = await createJsonStore({ dataDir });
    expect(await reopened.keys("efax:T0001:")).toHaveLength(200);
    expect(await reopened.get("efax:T0001:k199")).toEqual({ index: 199 });
    await reopened.close();
  });

  it("saves in the background without close, once the writes settle", async () => {
    const dataDir = await tempDir();
    const store = await createJsonStore({ dataDir, flushDelayMs: 1 });
    await store.set("efax:T0001:a", { a: 1 });
    await vi.waitFor(async () => {
      const text = await readFile(join(dataDir, JSON_STORE_FILE_NAME), "utf8");
      expect(JSON.parse(text)).toMatchObject({ entries: { "efax:T0001:a": { value: { a: 1 } } } });
    });
    await store.close();
  });

  it("removes temp files a crash left behind, and loads the real file", async () => {
    const dataDir = await tempDir();
    const first = await createJsonStore({ dataDir });
    await first.set("efax:T0001:a", { a: 1 });
    await first.close();
    await writeFile(join(dataDir, `${JSON_STORE_FILE_NAME}.999.abcdef.tmp`), "{half");
    const second = await createJsonStore({ dataDir });
    expect(await readdir(dataDir)).toEqual([JSON_STORE_FILE_NAME]);
    expect(await second.get("efax:T0001:a")).toEqual({ a: 1 });
    await second.close();
  });

  it("refuses a corrupt file with an error naming it, and leaves it untouched", async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, JSON_STORE_FILE_NAME);
    await writeFile(file, '{"version":1,"entries":{"efax:T1:a":');
    const error = await createJsonStore({ dataDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreCorruptFileError);
    expect(isStoreError(error)).toBe(true);
    expect(String(error)).toContain(file);
    expect(String(error)).toContain("is not valid JSON");
    expect(String(error)).toContain("Move the file aside");
    expect(await readFile(file, "utf8")).toBe('{"version":1,"entries":{"efax:T1:a":');
  });

  it("refuses valid JSON that is not a store file", async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, JSON_STORE_FILE_NAME);
    await writeFile(file, JSON.stringify({ version: 1, entries: { k: { value: "123" } } }));
    await expect(createJsonStore({ dataDir })).rejects.toThrow(
      `${file} is not an eFax Reports store file (version 1)`,
    );
  });

  it("reports a store file it cannot read as a file access error", async () => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, JSON_STORE_FILE_NAME));
    const error = await createJsonStore({ dataDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreFileAccessError);
    expect(String(error)).toContain("EISDIR");
  });

  it("reports a failed save to onSaveError and from flush, and saves once the disk is back", async () => {
    const dataDir = join(await tempDir(), "data");
    const seen: StoreFileAccessError[] = [];
    const store = await createJsonStore({
      dataDir,
      flushDelayMs: 1,
      onSaveError: (error) => seen.push(error),
    });
    await rm(dataDir, { recursive: true });
    await store.set("efax:T0001:a", { a: 1 });
    await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0));
    expect(seen[0]?.message).toMatch(
      /^Could not save the store to disk: writing .* failed \(ENOENT\)/,
    );
    await expect(store.flush()).rejects.toBeInstanceOf(StoreFileAccessError);
    await mkdir(dataDir);
    await store.close();
    const reopened = await createJsonStore({ dataDir });
    expect(await reopened.get("efax:T0001:a")).toEqual({ a: 1 });
    await reopened.close();
  });

  it("touches the file no more once close resolves, even with writes arriving during its save", async () => {
    const dataDir = await tempDir();
    const seen: StoreFileAccessError[] = [];
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const store = await createJsonStore({
        dataDir,
        flushDelayMs: 1,
        onSaveError: (error) => seen.push(error),
      });
      await store.set("efax:T0001:a", { a: 1 });
      let settled = false;
      const closing = store.close().finally(() => {
        settled = true;
      });
      const late: Promise<unknown>[] = [];
      while (!settled) {
        late.push(store.set(`efax:T0001:late${late.length}`, { late: true }).catch((e) => e));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await closing;
      const saved = await readFile(join(dataDir, JSON_STORE_FILE_NAME), "utf8");
      await rm(dataDir, { recursive: true });

      expect(vi.getTimerCount()).toBe(0);
      await vi.runAllTimersAsync();
      await store.flush();
      expect(seen).toEqual([]);
      await expect(stat(dataDir)).rejects.toMatchObject({ code: "ENOENT" });
      expect(late.length).toBeGreaterThan(1);
      for (const outcome of await Promise.all(late)) {
        expect(outcome).toBeInstanceOf(StoreClosedError);
      }
      expect(Object.keys(JSON.parse(saved).entries)).toEqual(["efax:T0001:a"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a close that failed to save can be retried once the disk is back", async () => {
    const dataDir = join(await tempDir(), "data");
    const store = await createJsonStore({ dataDir });
    await store.set("efax:T0001:a", { a: 1 });
    await rm(dataDir, { recursive: true });
    await expect(store.close()).rejects.toBeInstanceOf(StoreFileAccessError);
    await expect(store.set("efax:T0001:b", { b: 1 })).rejects.toBeInstanceOf(StoreClosedError);
    await mkdir(dataDir);
    await store.close();
    const reopened = await createJsonStore({ dataDir });
    expect(await reopened.keys("efax:T0001:")).toEqual(["efax:T0001:a"]);
    await reopened.close();
  });

  it("createStore picks the SQLite database for an embedded config", async () => {
    const dataDir = await tempDir();
    const store = await createStore({ driver: "embedded", dataDir });
    await store.set("efax:T0001:a", { a: 1 });
    await store.close();
    expect(await readdir(dataDir)).toEqual([SQLITE_FILE_NAME]);
    const memory = await createEmbeddedStore({ dataDir: null });
    await memory.set("efax:T0001:a", { a: 1 });
    await memory.close();
  });
});

describe("Upstash store", () => {
  const secretValue = { password: "hunter2-very-secret" };

  beforeEach(async () => {
    upstash.setFault(null);
    await upstash.redis.clear();
  });

  afterEach(() => {
    upstash.setFault(null);
  });

  function expectNothingSecret(error: unknown, token: string): void {
    expect(error).toBeInstanceOf(StoreUnavailableError);
    const text = error instanceof Error ? `${error.message} ${error.stack ?? ""}` : String(error);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain(token);
    expect(text).not.toContain("command was");
    expect(error instanceof Error ? error.cause : "no error").toBeUndefined();
  }

  it("stores JSON text (no bare strings), sends SET NX EX, and asks for base64 answers", async () => {
    const store = createUpstashStore({ url: upstash.url, token: upstash.token });
    await store.setIfAbsent("efax:T0001:once:event:Ev9", { n: "123" }, { ttlSeconds: 90 });
    expect(await upstash.redis.get("efax:T0001:once:event:Ev9")).toBe('{"n":"123"}');
    expect(await upstash.redis.ttl("efax:T0001:once:event:Ev9")).toBeGreaterThan(80);
    const commands = upstash.requests.flatMap((request) => request.commands);
    expect(commands).toContainEqual([
      "set",
      "efax:T0001:once:event:Ev9",
      '{"n":"123"}',
      "nx",
      "ex",
      "90",
    ]);
    expect(upstash.requests.every((request) => request.authorized && request.base64)).toBe(true);
  });

  it("reports a value that is not a JSON object as corrupt, naming the key", async () => {
    const store = createUpstashStore({ url: upstash.url, token: upstash.token });
    await upstash.redis.set("efax:T0001:settings", "123");
    const error = await store.get("efax:T0001:settings").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreCorruptValueError);
    expect(String(error)).toContain('"efax:T0001:settings" is not a JSON object');
  });

  it("gives up on a store that never answers within the timeout, quoting nothing", async () => {
    const store = createUpstashStore({ url: upstash.url, token: upstash.token, timeoutMs: 200 });
    upstash.setFault({ kind: "hang" });
    const error = await store.set("efax:T0001:credentials", secretValue).catch((e: unknown) => e);
    expectNothingSecret(error, upstash.token);
    expect(error).toMatchObject({ reason: "timeout", operation: "write" });
    expect(String(error)).toContain(
      "Could not write to the store: it did not answer within 200 ms.",
    );
  });

  it("still answers when the store is slow but inside the budget", async () => {
    const store = createUpstashStore({ url: upstash.url, token: upstash.token, timeoutMs: 1500 });
    upstash.setFault({ kind: "delay", ms: 50 });
    await store.set("efax:T0001:a", { a: 1 });
    expect(await store.get("efax:T0001:a")).toEqual({ a: 1 });
  });

  it("retries a dropped connection once, then says the connection failed", async () => {
    const store = createUpstashStore({ url: upstash.url, token: upstash.token, retries: 1 });
    upstash.setFault({ kind: "reset" });
    const before = upstash.requests.length;
    const error = await store.get("efax:T0001:credentials").catch((e: unknown) => e);
    expectNothingSecret(error, upstash.token);
    expect(error).toMatchObject({ reason: "network", operation: "read" });
    expect(upstash.requests.length - before).toBe(2);
  });

  it("reports a server that is gone as unavailable", async () => {
    const gone = await startUpstashServer();
    const { url, token } = gone;
    await gone.close();
    const store = createUpstashStore({ url, token, retries: 0 });
    const error = await store.keys("efax:").catch((e: unknown) => e);
    expectNothingSecret(error, token);
    expect(String(error)).toContain("Could not list keys in the store: the connection failed.");
  });

  it("never passes on the client's error text, which quotes the command and its values", async () => {
    const store = createUpstashStore({ url: upstash.url, token: upstash.token });
    upstash.setFault({ kind: "status", status: 500, body: '{"error":"ERR internal"}' });
    const error = await store.set("efax:T0001:credentials", secretValue).catch((e: unknown) => e);
    expectNothingSecret(error, upstash.token);
    expect(error).toMatchObject({ reason: "rejected" });
  });

  it("reports a wrong token as refused, without the token", async () => {
    const store = createUpstashStore({ url: upstash.url, token: "wrong-token-abcdef" });
    const error = await store.set("efax:T0001:credentials", secretValue).catch((e: unknown) => e);
    expectNothingSecret(error, "wrong-token-abcdef");
    expect(String(error)).toContain("it refused the request");
  });

  it("reports an answer that is not Upstash's format", async () => {
    const store = createUpstashStore({ url: upstash.url, token: upstash.token });
    upstash.setFault({ kind: "status", status: 502, body: "<html>Bad gateway</html>" });
    const error = await store.get("efax:T0001:a").catch((e: unknown) => e);
    expectNothingSecret(error, upstash.token);
    expect(error).toMatchObject({ reason: "unexpected-response" });
  });

  it("createStore picks the Upstash driver for an Upstash config", async () => {
    const store = await createStore({ driver: "upstash", url: upstash.url, token: upstash.token });
    await store.set("efax:T0001:a", { a: 1 });
    expect(await upstash.redis.get("efax:T0001:a")).toBe('{"a":1}');
  });

  it("escapes every glob character of a prefix", () => {
    expect(escapeGlob("efax:T1:[a]*?\\")).toBe("efax:T1:\\[a\\]\\*\\?\\\\");
  });
});
