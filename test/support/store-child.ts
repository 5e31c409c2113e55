/**
 * A second process on an embedded database, for tests of several processes on one `DATA_DIR`:
 * `node test/support/store-child.ts <dataDir>` opens the SQLite store, prints `ready`, then runs
 * one JSON command per line of stdin and prints one JSON answer per line:
 *
 * - `{"op":"get","key":…}` → the value or null; `{"op":"set","key":…,"value":…}` → true
 * - `{"op":"race","keys":[…]}` → for each key in turn, whether `setIfAbsent` won it
 * - `{"op":"fill","name":…,"count":n}` → sets fields `<name>-<i>` of `shared:map` and pushes
 *   `{name, i}` onto `shared:list`, n of each, alternating; answers true when done
 * - `{"op":"burst"}` → writes for ever as fast as it can, rotating `set` / `setField` /
 *   `pushCapped`, and prints `ack <kind> <i>` once each write has resolved (until it is killed)
 */
import { createInterface } from "node:readline";
import { z } from "zod";
import { createSqliteStore } from "../../src/store/sqlite.ts";

/** Keys and names the burst writes, for the test that checks them after a SIGKILL. */
export const BURST = { valuePrefix: "burst:value:", map: "burst:map", list: "burst:list" };
export const SHARED = { map: "shared:map", list: "shared:list" };

const commandSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("get"), key: z.string() }),
  z.object({ op: z.literal("set"), key: z.string(), value: z.record(z.string(), z.unknown()) }),
  z.object({ op: z.literal("race"), keys: z.array(z.string()) }),
  z.object({ op: z.literal("fill"), name: z.string(), count: z.number() }),
  z.object({ op: z.literal("burst") }),
]);

async function main(dataDir: string): Promise<void> {
  const store = await createSqliteStore({ dataDir });
  const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  process.stdout.write("ready\n");
  for await (const line of createInterface({ input: process.stdin })) {
    const command = commandSchema.parse(JSON.parse(line));
    switch (command.op) {
      case "get":
        answer(await store.get(command.key));
        break;
      case "set":
        await store.set(command.key, command.value);
        answer(true);
        break;
      case "race": {
        const won: boolean[] = [];
        for (const key of command.keys) {
          won.push(await store.setIfAbsent(key, { pid: process.pid }, { ttlSeconds: 600 }));
        }
        answer(won);
        break;
      }
      case "fill":
        for (let i = 0; i < command.count; i += 1) {
          await store.setField(SHARED.map, `${command.name}-${i}`, { i });
          await store.pushCapped(SHARED.list, { name: command.name, i }, 100_000);
        }
        answer(true);
        break;
      case "burst":
        for (let i = 0; ; i += 1) {
          const kind = ["value", "field", "item"][i % 3];
          if (kind === "value") await store.set(`${BURST.valuePrefix}${i}`, { i });
          else if (kind === "field") await store.setField(BURST.map, `f${i}`, { i });
          else await store.pushCapped(BURST.list, { i }, 1_000_000);
          // Written to a pipe, which Node.js writes synchronously: once printed, it is out.
          process.stdout.write(`ack ${kind} ${i}\n`);
        }
    }
  }
  await store.close();
}

if (import.meta.main) {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error("usage: store-child.ts <dataDir>");
  await main(dataDir);
}
