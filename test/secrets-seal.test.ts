import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EncryptionKeyError, isSecretsError, SealError } from "../src/secrets/errors.ts";
import {
  createSealer,
  DEFAULT_KEY_ID,
  type EncryptionKey,
  generateEncryptionKey,
  parseEncryptionKeys,
} from "../src/secrets/seal.ts";

const keyA: EncryptionKey = { id: "a", key: Buffer.alloc(32, 1) };
const keyB: EncryptionKey = { id: "b", key: Buffer.alloc(32, 2) };
const SECRET = "pa55word-hunter2";

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("createSealer", () => {
  it("opens what it sealed for the same team", () => {
    const sealer = createSealer([keyA]);
    const sealed = sealer.seal(SECRET, "T0001");
    expect(sealer.open(sealed, "T0001")).toBe(SECRET);
    expect(sealer.open(sealer.seal("", "T0001"), "T0001")).toBe("");
    expect(sealer.open(sealer.seal("fax ✓ 📠", "T0001"), "T0001")).toBe("fax ✓ 📠");
  });

  it("writes v1.<keyId>.<iv>.<ciphertext>.<tag> in base64url with a fresh 12-byte IV", () => {
    const sealer = createSealer([keyA]);
    const first = sealer.seal(SECRET, "T0001");
    const second = sealer.seal(SECRET, "T0001");
    expect(first).toMatch(/^v1\.a\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(SECRET);
    expect(first).not.toContain(keyA.key.toString("base64"));
  });

  it("refuses a value sealed for another team", () => {
    const sealer = createSealer([keyA]);
    const error = caught(() => sealer.open(sealer.seal(SECRET, "T0001"), "T0002"));
    expect(error).toBeInstanceOf(SealError);
    expect(error).toMatchObject({ reason: "not-authentic" });
    expect(String(error)).toContain("it belongs to another workspace");
    expect(String(error)).not.toContain(SECRET);
  });

  it("refuses a tampered value, whichever part was changed", () => {
    const sealer = createSealer([keyA]);
    const parts = sealer.seal(SECRET, "T0001").split(".");
    for (const index of [2, 3, 4]) {
      const changed = [...parts];
      const part = changed[index] ?? "";
      changed[index] = `${part.slice(0, -2)}${part.endsWith("AA") ? "BA" : "AA"}`;
      expect(() => sealer.open(changed.join("."), "T0001")).toThrow(SealError);
    }
  });

  it("refuses a value relabelled with another key id it knows", () => {
    const sealed = createSealer([keyA, keyB]).seal(SECRET, "T0001");
    const relabelled = sealed.replace(/^v1\.a\./, "v1.b.");
    const both = createSealer([keyB, { id: "a", key: keyB.key }]);
    expect(() => both.open(relabelled, "T0001")).toThrow(SealError);
  });

  it("names an unknown key id without showing any key", () => {
    const sealed = createSealer([keyB]).seal(SECRET, "T0001");
    const error = caught(() => createSealer([keyA]).open(sealed, "T0001"));
    expect(error).toMatchObject({ reason: "unknown-key", keyId: "b" });
    expect(String(error)).toBe(
      'SealError: Could not open a sealed value: it was sealed with a key that ENCRYPTION_KEY no longer lists (key id "b").',
    );
    expect(isSecretsError(error)).toBe(true);
  });

  it.each([
    "",
    "v1",
    "v2.a.AAAA.AAAA.AAAA",
    "v1.a.!!!.AAAA.AAAA",
    "v1.a.AAAA.AAAA.AAAA",
    "v1..x.y.z",
  ])("refuses malformed input %j as malformed", (text) => {
    expect(caught(() => createSealer([keyA]).open(text, "T0001"))).toMatchObject({
      reason: "malformed",
    });
  });

  it("seals with the first key and still opens values sealed with the others", () => {
    const old = createSealer([keyA]).seal(SECRET, "T0001");
    const rotated = createSealer([keyB, keyA]);
    expect(rotated.open(old, "T0001")).toBe(SECRET);
    expect(rotated.seal(SECRET, "T0001").startsWith("v1.b.")).toBe(true);
  });

  it("needs at least one key and a team id", () => {
    expect(() => createSealer([])).toThrow(EncryptionKeyError);
    expect(() => createSealer([{ id: "a", key: Buffer.alloc(16) }])).toThrow(EncryptionKeyError);
    expect(() => createSealer([keyA]).seal(SECRET, "")).toThrow(TypeError);
  });
});

describe("parseEncryptionKeys", () => {
  const base64Key = randomBytes(32).toString("base64");
  const otherKey = randomBytes(32).toString("base64");

  it("reads one base64 key as the default key id", () => {
    const keys = parseEncryptionKeys(` ${base64Key}\n`);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.id).toBe(DEFAULT_KEY_ID);
    expect(keys[0]?.key.equals(Buffer.from(base64Key, "base64"))).toBe(true);
  });

  it("accepts base64url and unpadded keys", () => {
    const raw = randomBytes(32);
    expect(parseEncryptionKeys(raw.toString("base64url"))[0]?.key.equals(raw)).toBe(true);
  });

  it("reads a rotation list in order, the first one sealing", () => {
    const keys = parseEncryptionKeys(`k2:${base64Key}, default:${otherKey}`);
    expect(keys.map((key) => key.id)).toEqual(["k2", "default"]);
    const sealed = createSealer(keys).seal(SECRET, "T1");
    expect(sealed.startsWith("v1.k2.")).toBe(true);
  });

  it("explains a key of the wrong length without echoing it", () => {
    const short = randomBytes(16).toString("base64");
    const error = caught(() => parseEncryptionKeys(short));
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect(String(error)).toContain("must be 32 random bytes written in base64");
    expect(String(error)).toContain("it decodes to 16 bytes");
    expect(String(error)).not.toContain(short);
  });

  it("explains every other mistake", () => {
    expect(() => parseEncryptionKeys("   ")).toThrow("it is empty.");
    expect(() => parseEncryptionKeys("not base64 at all!")).toThrow("it is not base64.");
    expect(() => parseEncryptionKeys(`:${base64Key}`)).toThrow("entry 1 of the list");
    expect(() => parseEncryptionKeys(`a:${base64Key},bad id:${otherKey}`)).toThrow(
      "entry 2 of the list",
    );
    expect(() => parseEncryptionKeys(`a:${base64Key},a:${otherKey}`)).toThrow(
      'the key id "a" appears twice',
    );
    expect(() => parseEncryptionKeys(`a:${base64Key},b:${base64Key.slice(4)}`)).toThrow(
      'the key with id "b" must be 32 random bytes',
    );
  });

  it("generates keys that parse", () => {
    const generated = generateEncryptionKey();
    expect(generated).toHaveLength(44);
    expect(parseEncryptionKeys(generated)[0]?.key).toHaveLength(32);
  });
});
