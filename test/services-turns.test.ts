import { describe, expect, it } from "vitest";
import { createTurns } from "../src/services/turns.ts";

/** A clock that only moves when work says it took time, and rounds started by hand. */
function harness(budgetMs: number) {
  let clock = 0;
  const rounds: (() => void)[] = [];
  const turns = createTurns({
    budgetMs,
    now: () => clock,
    nextRound: (start) => rounds.push(start),
  });
  return {
    turns,
    spend(ms: number) {
      clock += ms;
    },
    /** Starts the round that was asked for, and waits until its work has settled. */
    async runRound(): Promise<boolean> {
      const start = rounds.shift();
      if (start === undefined) return false;
      start();
      await new Promise((resolve) => setImmediate(resolve));
      return true;
    },
  };
}

describe("turns of the event loop", () => {
  it("resumes nothing until a round starts, then resumes work in the order it asked", async () => {
    const h = harness(100);
    const resumed: string[] = [];
    const work = ["a", "b", "c"].map(async (name) => {
      await h.turns.take();
      resumed.push(name);
    });
    await Promise.resolve();
    expect(resumed).toEqual([]);
    await h.runRound();
    await Promise.all(work);
    expect(resumed).toEqual(["a", "b", "c"]);
  });

  it("gives each round about its budget and leaves the rest for the next rounds", async () => {
    const h = harness(5);
    const resumed: string[][] = [[]];
    const work = ["a", "b", "c", "d", "e"].map(async (name) => {
      await h.turns.take();
      resumed.at(-1)?.push(name);
      h.spend(2);
      await Promise.resolve();
      h.spend(1);
    });
    while (await h.runRound()) resumed.push([]);
    await Promise.all(work);
    expect(resumed.filter((round) => round.length > 0)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  it("counts all of a piece's work before its next wait, not only its first step", async () => {
    const h = harness(4);
    const resumed: string[] = [];
    const work = ["a", "b"].map(async (name) => {
      await h.turns.take();
      resumed.push(name);
      for (let step = 0; step < 5; step++) {
        h.spend(1);
        await Promise.resolve();
      }
    });
    await h.runRound();
    expect(resumed).toEqual(["a"]);
    await h.runRound();
    await Promise.all(work);
    expect(resumed).toEqual(["a", "b"]);
  });

  it("resumes in a later turn of the event loop, never within the current run of JavaScript", async () => {
    const turns = createTurns();
    let resumed = false;
    const waited = turns.take().then(() => {
      resumed = true;
    });
    for (let step = 0; step < 20; step++) await Promise.resolve();
    expect(resumed).toBe(false);
    await waited;
    expect(resumed).toBe(true);
  });
});
