import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
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

  it("gives every caller the same, whole key when several start at once", async () => {
    // Exactly one caller creates the key, every caller gets it, and no temporary file is left.
    for (let round = 0; round < 25; round += 1) {
      const dataDir = await tempDir();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => loadOrCreateKeyFile(dataDir)),
      );
      expect(results.filter((result) => result.created)).toHaveLength(1);
      const file = (await readFile(join(dataDir, KEY_FILE_NAME), "utf8")).trim();
      for (const result of results) {
        expect(result.keys[0]?.key.equals(Buffer.from(file, "base64"))).toBe(true);
      }
      expect(await readdir(dataDir)).toEqual([KEY_FILE_NAME]);
    }
  });

  it("never lets another process read the key file before its key is in it", async () => {
    const parent = await tempDir();
    const dirs = Array.from({ length: 40 }, (_, index) => join(parent, `data-${index}`));
    // A second process spins on reading every key file while this one creates them.
    const reader = spawn(
      process.execPath,
      [
        "-e",
        `const fs = require("node:fs");
         const files = JSON.parse(process.argv[1]);
         const seen = new Set();
         process.stdin.on("data", () => {});
         process.stdin.on("end", () => { process.stdout.write(JSON.stringify([...seen])); process.exit(0); });
         process.stdout.write("ready\\n");
         (function spin() {
           for (let i = 0; i < 2000; i += 1) {
             for (const file of files) {
               try { seen.add(fs.readFileSync(file, "utf8")); } catch {}
             }
           }
           setImmediate(spin);
         })();`,
        JSON.stringify(dirs.map((dir) => join(dir, KEY_FILE_NAME))),
      ],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    let output = "";
    reader.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    const exited = new Promise((resolve) => reader.once("exit", resolve));
    await vi.waitFor(() => expect(output).toBe("ready\n"), { timeout: 10_000 });
    output = "";
    for (const dir of dirs) {
      await loadOrCreateKeyFile(dir);
    }
    reader.stdin.end();
    await exited;
    const seen: string[] = JSON.parse(output);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((text) => !/^[A-Za-z0-9+/]{43}=\n$/.test(text))).toEqual([]);
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
