import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EfaxCredentials } from "../src/efax/types.ts";
import { SealError } from "../src/secrets/errors.ts";
import { createSealer, type EncryptionKey } from "../src/secrets/seal.ts";
import { createCredentialVault, maskUsername } from "../src/secrets/vault.ts";
import { createEmbeddedStore } from "../src/store/embedded.ts";
import { storeKeys } from "../src/store/keys.ts";
import { SQLITE_FILE_NAME } from "../src/store/sqlite.ts";
import { createUpstashStore } from "../src/store/upstash.ts";
import { startUpstashServer, type UpstashServer } from "./support/upstash-server.ts";

const KEY: EncryptionKey = { id: "k1", key: Buffer.from("q".repeat(32)) };
const CREDENTIALS: EfaxCredentials = {
  apiKey: "efax-api-key-0123456789",
  username: "acmeclinic",
  password: "correct horse battery staple",
};
const CONNECTED_AT = Date.UTC(2026, 10, 27, 9, 30, 0);

let upstash: UpstashServer;
const temps: string[] = [];

beforeAll(async () => {
  upstash = await startUpstashServer();
});

afterAll(async () => {
  await upstash.close();
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

function expectNoSecretIn(text: string): void {
  expect(text).not.toContain(CREDENTIALS.password);
  expect(text).not.toContain(CREDENTIALS.apiKey);
  expect(text).not.toContain(CREDENTIALS.username);
  expect(text).not.toContain(KEY.key.toString("base64"));
  expect(text).not.toContain(KEY.key.toString("utf8"));
}

describe("credential vault", () => {
  it("saves, loads, describes and removes a workspace's account", async () => {
    const store = await createEmbeddedStore({ dataDir: null });
    const vault = createCredentialVault({
      store,
      sealer: createSealer([KEY]),
      now: () => CONNECTED_AT,
    });
    expect(await vault.load("T0001")).toBeNull();
    expect(await vault.describe("T0001")).toBeNull();

    await vault.save("T0001", CREDENTIALS, { connectedBy: "U0ADMIN" });
    expect(await vault.load("T0001")).toEqual({
      credentials: CREDENTIALS,
      connectedBy: "U0ADMIN",
      connectedAt: new Date(CONNECTED_AT),
    });
    expect(await vault.describe("T0001")).toEqual({
      usernameMasked: "ac…ic",
      connectedBy: "U0ADMIN",
      connectedAt: new Date(CONNECTED_AT),
    });

    await vault.remove("T0001");
    expect(await vault.load("T0001")).toBeNull();
    expect(await store.keys("efax:")).toEqual([]);
  });

  it("takes an explicit connectedAt and replaces an earlier account", async () => {
    const store = await createEmbeddedStore({ dataDir: null });
    const vault = createCredentialVault({ store, sealer: createSealer([KEY]) });
    await vault.save("T0001", CREDENTIALS, { connectedBy: "U1" });
    const at = new Date(Date.UTC(2026, 0, 2));
    await vault.save(
      "T0001",
      { ...CREDENTIALS, username: "other-user" },
      { connectedBy: "U2", connectedAt: at },
    );
    expect(await vault.describe("T0001")).toEqual({
      usernameMasked: "ot…er",
      connectedBy: "U2",
      connectedAt: at,
    });
  });

  it("keeps workspaces apart: a record copied to another team does not open", async () => {
    const store = await createEmbeddedStore({ dataDir: null });
    const vault = createCredentialVault({ store, sealer: createSealer([KEY]) });
    await vault.save("TAAAA", CREDENTIALS, { connectedBy: "U1" });
    const record = await store.get(storeKeys.credentials("TAAAA"));
    expect(record).not.toBeNull();
    await store.set(storeKeys.credentials("TBBBB"), record ?? {});

    const error = await vault.load("TBBBB").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SealError);
    expect(error).toMatchObject({ reason: "not-authentic" });
    expectNoSecretIn(String(error));
    expect((await vault.load("TAAAA"))?.credentials).toEqual(CREDENTIALS);
  });

  it("refuses a damaged record with a SealError, not a crash", async () => {
    const store = await createEmbeddedStore({ dataDir: null });
    const vault = createCredentialVault({ store, sealer: createSealer([KEY]) });
    await store.set(storeKeys.credentials("T0001"), { version: 1, sealed: 42 });
    await expect(vault.load("T0001")).rejects.toMatchObject({ reason: "malformed" });
    await expect(vault.describe("T0001")).rejects.toBeInstanceOf(SealError);
  });

  it("opens accounts saved before a key rotation", async () => {
    const store = await createEmbeddedStore({ dataDir: null });
    await createCredentialVault({ store, sealer: createSealer([KEY]) }).save("T0001", CREDENTIALS, {
      connectedBy: "U1",
    });
    const newKey: EncryptionKey = { id: "k2", key: Buffer.from("z".repeat(32)) };
    const rotated = createCredentialVault({ store, sealer: createSealer([newKey, KEY]) });
    expect((await rotated.load("T0001"))?.credentials).toEqual(CREDENTIALS);
  });

  it("refuses incomplete credentials and a connectedBy that is not a user id", async () => {
    const store = await createEmbeddedStore({ dataDir: null });
    const vault = createCredentialVault({ store, sealer: createSealer([KEY]) });
    await expect(
      vault.save("T0001", { ...CREDENTIALS, password: "" }, { connectedBy: "U1" }),
    ).rejects.toThrow("eFax credentials need an API key, a username and a password.");
    await expect(vault.save("T0001", CREDENTIALS, { connectedBy: "someone" })).rejects.toThrow(
      TypeError,
    );
    expect(await store.keys("efax:")).toEqual([]);
  });

  it("writes no password, API key, username or encryption key to the embedded database's file", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "efax-vault-"));
    temps.push(dataDir);
    const store = await createEmbeddedStore({ dataDir });
    const vault = createCredentialVault({ store, sealer: createSealer([KEY]) });
    await vault.save("T0001", CREDENTIALS, { connectedBy: "U0ADMIN" });
    await store.close();
    // The database file itself, bytes read as text: keys and values are stored as UTF-8 text.
    const file = await readFile(join(dataDir, SQLITE_FILE_NAME), "utf8");
    expect(file).toContain("efax:T0001:credentials");
    expect(file).toContain("ac…ic");
    expectNoSecretIn(file);
  });

  it("writes no password, API key, username or encryption key to Redis", async () => {
    const store = createUpstashStore({ url: upstash.url, token: upstash.token });
    const vault = createCredentialVault({ store, sealer: createSealer([KEY]) });
    await vault.save("T0001", CREDENTIALS, { connectedBy: "U0ADMIN" });
    const raw = await upstash.redis.get(storeKeys.credentials("T0001"));
    expect(raw).toMatch(/^\{"version":1,"sealed":"v1\.k1\./);
    expectNoSecretIn(raw ?? "");
    const sent = JSON.stringify(upstash.requests);
    expectNoSecretIn(sent);
    expect((await vault.load("T0001"))?.credentials).toEqual(CREDENTIALS);
  });
});

describe("maskUsername", () => {
  it.each([
    ["acmeclinic", "ac…ic"],
    ["jane@acme.example", "ja…le"],
    ["acmeco", "ac…co"],
    ["acmec", "a…c"],
    ["acme", "a…e"],
    ["abc", "…"],
    ["ab", "…"],
    ["a", "…"],
    ["", "…"],
    ["  padded-name  ", "pa…me"],
    ["ÄÖÜäöü", "ÄÖ…öü"],
  ])("masks %j as %j", (username, masked) => {
    expect(maskUsername(username)).toBe(masked);
  });

  it("never shows a whole name, nor more than four of its characters", () => {
    for (let length = 1; length <= 12; length += 1) {
      const name = "abcdefghijkl".slice(0, length);
      const shown = maskUsername(name).replace("…", "");
      expect(shown.length).toBeLessThanOrEqual(Math.min(4, Math.max(0, length - 2)));
    }
  });
});
