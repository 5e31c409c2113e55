import { describe, expect, it } from "vitest";
import { createSealer, generateEncryptionKey, sealedKeyId } from "../src/secrets/seal.ts";
import { resealAll } from "../src/services/reseal.ts";
import { createMemoryStore } from "../src/store/embedded.ts";
import { storeKeys } from "../src/store/keys.ts";
import type { Store } from "../src/store/types.ts";

const key = (id: string) => ({ id, key: Buffer.from(generateEncryptionKey(), "base64") });

describe("re-sealing after a key rotation", () => {
  it("reads the key id of a sealed value without opening it", () => {
    const sealed = createSealer([key("k-2")]).seal("secret", "T1");
    expect(sealedKeyId(sealed)).toBe("k-2");
    for (const other of ["", "secret", "v2.k.a.b.c", "v1..a.b.c", "v1.bad id.a.b.c"]) {
      expect(sealedKeyId(other)).toBeNull();
    }
  });

  it("seals old values again, leaves current ones, and keeps the rest of each record", async () => {
    const old = key("default");
    const fresh = key("k2");
    const store = await createMemoryStore();
    const before = createSealer([old]);
    await store.set(storeKeys.credentials("T1"), {
      version: 1,
      sealed: before.seal("account-1", "T1"),
      usernameMasked: "ac…ic",
    });
    await store.set(storeKeys.installation("E1"), { version: 1, sealed: before.seal("org", "E1") });
    const after = createSealer([fresh, old]);
    await store.set(storeKeys.credentials("T2"), {
      version: 1,
      sealed: after.seal("account-2", "T2"),
    });
    await store.set(storeKeys.settings("T1"), { timeZone: null });

    const dry = await resealAll({ store, sealer: after }, { dryRun: true });
    expect(dry).toMatchObject({ found: { default: 2, k2: 1 }, resealed: 0, current: 1 });
    expect(
      sealedKeyId((await store.get<{ sealed: string }>(storeKeys.credentials("T1")))?.sealed ?? ""),
    ).toBe("default");

    const report = await resealAll({ store, sealer: after });
    expect(report).toMatchObject({ keyId: "k2", resealed: 2, current: 1, unreadable: [] });
    const record = await store.get<{ sealed: string; usernameMasked: string }>(
      storeKeys.credentials("T1"),
    );
    expect(record?.usernameMasked).toBe("ac…ic");
    expect(createSealer([fresh]).open(record?.sealed ?? "", "T1")).toBe("account-1");
    expect(
      createSealer([fresh]).open(
        (await store.get<{ sealed: string }>(storeKeys.installation("E1")))?.sealed ?? "",
        "E1",
      ),
    ).toBe("org");
  });

  it("leaves a value that changed while it ran (an admin reconnected) as it is", async () => {
    const old = key("default");
    const fresh = key("k2");
    const inner = await createMemoryStore();
    const keyName = storeKeys.credentials("T1");
    await inner.set(keyName, { version: 1, sealed: createSealer([old]).seal("old", "T1") });
    let reads = 0;
    const store: Store = {
      ...inner,
      get: async (name) => {
        reads += 1;
        if (name === keyName && reads === 2) {
          await inner.set(keyName, { version: 1, sealed: createSealer([fresh]).seal("new", "T1") });
        }
        return inner.get(name);
      },
    };
    const report = await resealAll({ store, sealer: createSealer([fresh, old]) });
    expect(report).toMatchObject({ resealed: 0, changedMeanwhile: 1 });
    const kept = await inner.get<{ sealed: string }>(keyName);
    expect(createSealer([fresh]).open(kept?.sealed ?? "", "T1")).toBe("new");
  });
});
