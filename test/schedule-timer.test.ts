import { describe, expect, it } from "vitest";
import { createAppLogger, logLevelOf } from "../src/services/logging.ts";
import { minuteOf, startTickTimer } from "../src/services/schedule/timer.ts";
import { createEmbeddedStore } from "../src/store/embedded.ts";
import type { Store } from "../src/store/types.ts";

async function setup(at = "2026-12-03T09:00:30Z") {
  let nowMs = Date.parse(at);
  const store = await createEmbeddedStore({ dataDir: null, now: () => nowMs });
  const logs: string[] = [];
  const services = {
    store,
    logger: createAppLogger({ level: logLevelOf("debug"), write: (line) => logs.push(line) }),
    now: () => new Date(nowMs),
  };
  return { store, services, logs, advance: (ms: number) => (nowMs += ms) };
}

describe("the in-process tick timer", () => {
  it("names minutes as key parts", () => {
    expect(minuteOf(new Date("2026-12-03T09:00:59.999Z"))).toBe("2026-12-03T0900Z");
  });

  it("ticks once per minute per store, skips while its tick runs, and stops cleanly", async () => {
    const { services, advance } = await setup();
    let release: () => void = () => {};
    let ticks = 0;
    let stoppedWith: AbortSignal | null = null;
    const timer = startTickTimer({
      services,
      run: false,
      tick: (signal) => {
        ticks += 1;
        stoppedWith = signal;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    const first = timer.tickNow();
    expect(await timer.tickNow()).toBe("busy");
    release();
    expect(await first).toBe("ticked");
    expect(await timer.tickNow()).toBe("taken");
    advance(60_000);
    const second = timer.tickNow();
    await new Promise((resolve) => setImmediate(resolve));
    const stopping = timer.stop();
    expect((stoppedWith as AbortSignal | null)?.aborted).toBe(true);
    release();
    await stopping;
    expect(await second).toBe("ticked");
    expect(await timer.tickNow()).toBe("stopped");
    expect(ticks).toBe(2);
    expect(timer.running).toBe(false);
  });

  it("skips a minute when the store cannot be reached, and logs it", async () => {
    const { services, logs } = await setup();
    const down: Store = {
      ...services.store,
      setIfAbsent: () => Promise.reject(new Error("connection refused")),
    };
    const timer = startTickTimer({
      services: { ...services, store: down },
      run: false,
      tick: async () => {},
    });
    expect(await timer.tickNow()).toBe("unavailable");
    expect(logs.some((line) => line.includes("could not reach the store to tick"))).toBe(true);
    await timer.stop();
  });

  it("logs a tick that fails instead of throwing", async () => {
    const { services, logs } = await setup();
    const timer = startTickTimer({
      services,
      run: false,
      tick: () => Promise.reject(new Error("the tick broke")),
    });
    expect(await timer.tickNow()).toBe("ticked");
    expect(logs.some((line) => line.includes("The tick failed: Error: the tick broke"))).toBe(true);
    await timer.stop();
  });
});
