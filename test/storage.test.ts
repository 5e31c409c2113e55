import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createAppLogger } from "../src/services/logging.ts";
import { openStorage } from "../src/storage.ts";
import { createJsonStore } from "../src/store/json-file.ts";
import { storeKeys } from "../src/store/keys.ts";
import { SQLITE_FILE_NAME } from "../src/store/sqlite.ts";

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function open(dataDir: string) {
  const lines: string[] = [];
  const config = loadConfig({
    SLACK_SIGNING_SECRET: "storage-test-secret",
    SLACK_BOT_TOKEN: "xoxb-storage-test",
    DATA_DIR: dataDir,
  });
  const storage = await openStorage(config, createAppLogger({ write: (line) => lines.push(line) }));
  return { storage, lines };
}

describe("openStorage with the embedded store", () => {
  it("keeps report bodies in memory beside the database: a 20 MB body never reaches the file", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "efax-storage-"));
    temps.push(dataDir);
    const { storage } = await open(dataDir);
    expect(storage.cache).not.toBe(storage.store);
    const body = { body: "x".repeat(20_000_000) };
    await storage.cache.set(storeKeys.reportCache("T0001", "failures", "2026-11-26"), body, {
      ttlSeconds: 600,
    });
    await storage.store.set(storeKeys.settings("T0001"), { timeZone: "Europe/Berlin" });
    expect(await storage.store.keys("efax:T0001:")).toEqual([storeKeys.settings("T0001")]);
    const sizes = await Promise.all(
      (await readdir(dataDir))
        .filter((name) => name.startsWith(SQLITE_FILE_NAME))
        .map(async (name) => (await stat(join(dataDir, name))).size),
    );
    expect(Math.max(...sizes)).toBeLessThan(1_000_000);
    await storage.close();
  });

  it("imports an old store.json on first start and says so in one log line", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "efax-storage-"));
    temps.push(dataDir);
    const json = await createJsonStore({ dataDir });
    await json.set(storeKeys.settings("T0001"), { timeZone: "Asia/Tokyo" });
    await json.setField("efax:index", "T0001", { at: "09:00" });
    await json.close();

    const first = await open(dataDir);
    const imported = first.lines.filter((line) => line.includes("Imported"));
    expect(imported).toHaveLength(1);
    expect(imported[0]).toContain(
      `INFO efax-app Imported 2 keys from ${join(dataDir, "store.json")} into the embedded database; the old file is kept as ${join(dataDir, "store.json.imported")}.`,
    );
    expect(await first.storage.store.get(storeKeys.settings("T0001"))).toEqual({
      timeZone: "Asia/Tokyo",
    });
    await first.storage.close();

    const second = await open(dataDir);
    expect(second.lines.filter((line) => line.includes("Imported"))).toEqual([]);
    await second.storage.close();
  });
});
