import { mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFileOnce, replaceFile, systemCode } from "../src/files.ts";

const temps: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "efax-files-"));
  temps.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("replaceFile", () => {
  it("writes a private file, replaces it whole, and leaves nothing beside it", async () => {
    const dir = await tempDir();
    const file = join(dir, "store.json");
    await replaceFile(file, "first");
    await replaceFile(file, "second");
    expect(await readFile(file, "utf8")).toBe("second");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["store.json"]);
  });

  it("fails with the system's code and cleans up when the target cannot be replaced", async () => {
    const dir = await tempDir();
    const file = join(dir, "store.json");
    await mkdir(join(file, "in-the-way"), { recursive: true });
    const error = await replaceFile(file, "text").catch((caught: unknown) => caught);
    expect(systemCode(error)).toMatch(/^(EISDIR|ENOTEMPTY|EEXIST)$/);
    expect(await readdir(dir)).toEqual(["store.json"]);
  });
});

describe("createFileOnce", () => {
  it("creates the file once and never overwrites it, leaving no temporary file", async () => {
    const dir = await tempDir();
    const file = join(dir, "encryption-key");
    expect(await createFileOnce(file, "one")).toBe("created");
    expect(await createFileOnce(file, "two")).toBe("exists");
    expect(await readFile(file, "utf8")).toBe("one");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["encryption-key"]);
  });

  it("fails with the system's code when the directory is missing, creating nothing", async () => {
    const dir = await tempDir();
    const error = await createFileOnce(join(dir, "missing", "key"), "x").catch(
      (caught: unknown) => caught,
    );
    expect(systemCode(error)).toBe("ENOENT");
    expect(await readdir(dir)).toEqual([]);
  });
});
