import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EncryptionKeyError, KeyFileError } from "../src/secrets/errors.ts";
import {
  KEY_FILE_NAME,
  loadOrCreateKeyFile,
  resolveEncryptionKeys,
} from "../src/secrets/key-file.ts";
import { createSealer, parseEncryptionKeys } from "../src/secrets/seal.ts";

const temps: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "efax-keys-"));
  temps.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("loadOrCreateKeyFile", () => {
  it("generates a key on first run (0600 in a 0700 directory) and reuses it after", async () => {
    const dataDir = join(await tempDir(), "data");
    const first = await loadOrCreateKeyFile(dataDir);
    expect(first.created).toBe(true);
    expect(first.file).toBe(join(dataDir, KEY_FILE_NAME));
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);

    const second = await loadOrCreateKeyFile(dataDir);
    expect(second.created).toBe(false);
    expect(second.keys[0]?.key.equals(first.keys[0]?.key ?? Buffer.alloc(0))).toBe(true);
    const sealed = createSealer(first.keys).seal("secret", "T1");
    expect(createSealer(second.keys).open(sealed, "T1")).toBe("secret");
  });

  it("gives every caller the same key when several start at once", async () => {
    const dataDir = await tempDir();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => loadOrCreateKeyFile(dataDir)),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const file = (await readFile(join(dataDir, KEY_FILE_NAME), "utf8")).trim();
    for (const result of results) {
      expect(result.keys[0]?.key.equals(Buffer.from(file, "base64"))).toBe(true);
    }
  });

  it("refuses a damaged key file instead of replacing it", async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, KEY_FILE_NAME);
    await writeFile(file, "c2hvcnQ=\n");
    const error = await loadOrCreateKeyFile(dataDir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeyFileError);
    expect(String(error)).toContain(file);
    expect(String(error)).toContain("it decodes to 5 bytes");
    expect(String(error)).toContain("Restore the file from a backup");
    expect(await readFile(file, "utf8")).toBe("c2hvcnQ=\n");
  });
});

describe("resolveEncryptionKeys", () => {
  const configured = parseEncryptionKeys(Buffer.alloc(32, 7).toString("base64"));

  it("uses ENCRYPTION_KEY when it is set, generating nothing", async () => {
    const dataDir = await tempDir();
    const result = await resolveEncryptionKeys({
      encryptionKeys: configured,
      store: { driver: "embedded", dataDir },
    });
    expect(result).toEqual({ keys: configured, generatedFile: null });
    await expect(stat(join(dataDir, KEY_FILE_NAME))).rejects.toThrow();
  });

  it("generates the key file for the embedded store, reporting it only the first time", async () => {
    const dataDir = await tempDir();
    const config = { encryptionKeys: null, store: { driver: "embedded" as const, dataDir } };
    const first = await resolveEncryptionKeys(config);
    expect(first.generatedFile).toBe(join(dataDir, KEY_FILE_NAME));
    const second = await resolveEncryptionKeys(config);
    expect(second.generatedFile).toBeNull();
    expect(second.keys).toEqual(first.keys);
  });

  it("refuses to run Upstash without ENCRYPTION_KEY", async () => {
    await expect(
      resolveEncryptionKeys({ encryptionKeys: null, store: { driver: "upstash" } }),
    ).rejects.toBeInstanceOf(EncryptionKeyError);
  });
});
