import { describe, expect, it } from "vitest";
import { StoreKeyError } from "../src/store/errors.ts";
import { KEY_PREFIX, storeKeys } from "../src/store/keys.ts";

describe("storeKeys", () => {
  it("puts every workspace key under efax:<teamId>:", () => {
    const prefix = storeKeys.workspacePrefix("T012AB3C4");
    expect(prefix).toBe("efax:T012AB3C4:");
    const keys = [
      storeKeys.credentials("T012AB3C4"),
      storeKeys.settings("T012AB3C4"),
      storeKeys.installation("T012AB3C4"),
      storeKeys.once("T012AB3C4", "event", "Ev08MFMKH6"),
      storeKeys.once("T012AB3C4", "action", "398738663015.47445629121.803a0bc887a14d10d2c4"),
      storeKeys.sharedReport("T012AB3C4", "q1w2e3r4-_"),
      storeKeys.reportCache("T012AB3C4", "failures", "2026-11-26"),
      storeKeys.chartFile("T012AB3C4", "9f86d081884c7d659a2feaa0c55ad015"),
    ];
    for (const key of keys) {
      expect(key.startsWith(prefix)).toBe(true);
      expect(key.startsWith(KEY_PREFIX)).toBe(true);
    }
    expect(new Set(keys).size).toBe(keys.length);
    expect(storeKeys.once("T012AB3C4", "event", "Ev08MFMKH6")).toBe(
      "efax:T012AB3C4:once:event:Ev08MFMKH6",
    );
    expect(storeKeys.reportCache("T012AB3C4", "failures", "2026-11-26")).toBe(
      "efax:T012AB3C4:report:failures:2026-11-26",
    );
  });

  it("accepts Enterprise Grid ids like any Slack id", () => {
    expect(storeKeys.installation("E0123ABCD")).toBe("efax:E0123ABCD:installation");
  });

  it.each([
    ["a separator", "T1:T2"],
    ["a glob", "T1*"],
    ["a question mark", "T?"],
    ["lower case", "t012ab"],
    ["nothing", ""],
    ["a space", "T1 "],
  ])("refuses a team id with %s, so no workspace can reach another's keys", (_, teamId) => {
    expect(() => storeKeys.workspacePrefix(teamId)).toThrow(StoreKeyError);
    expect(() => storeKeys.credentials(teamId)).toThrow(
      "Could not build a store key: the team id must be a Slack id: upper-case letters and digits only.",
    );
  });

  it.each([
    ["a separator", "Ev1:x"],
    ["a star", "Ev*"],
    ["brackets", "[ab]"],
    ["a backslash", "a\\b"],
    ["a space", "a b"],
    ["a control character", "a\u0000b"],
    ["nothing", ""],
    ["too many characters", "x".repeat(201)],
  ])("refuses an id with %s", (_, id) => {
    expect(() => storeKeys.once("T1", "event", id)).toThrow(StoreKeyError);
    expect(() => storeKeys.sharedReport("T1", id)).toThrow(StoreKeyError);
  });

  it("refuses scopes and days that are not plain words and dates", () => {
    expect(() => storeKeys.once("T1", "Event", "Ev1")).toThrow(
      "the scope must be a short lower-case word",
    );
    expect(() => storeKeys.once("T1", "ev:x", "Ev1")).toThrow(StoreKeyError);
    expect(() => storeKeys.reportCache("T1", "failures", "2026-11-26*")).toThrow(
      "the day must be written YYYY-MM-DD",
    );
  });
});

describe("storeKeys for scheduled jobs", () => {
  it("keeps run records and last runs under the workspace, indexes and tick leases outside", () => {
    const prefix = storeKeys.workspacePrefix("T012AB3C4");
    expect(storeKeys.jobRun("T012AB3C4", "digest", "2026-12-03")).toBe(
      "efax:T012AB3C4:job:digest:run:2026-12-03",
    );
    expect(storeKeys.jobLastRun("T012AB3C4", "digest")).toBe("efax:T012AB3C4:job:digest:last");
    expect(storeKeys.jobLastRun("T012AB3C4", "digest").startsWith(prefix)).toBe(true);
    expect(storeKeys.jobIndex("digest")).toBe("efax:jobs:digest");
    expect(storeKeys.tickMinute("2026-12-03T0900Z")).toBe("efax:tick:2026-12-03T0900Z");
  });

  it("refuses a job name or run id that could reach other keys", () => {
    expect(() => storeKeys.jobIndex("Digest")).toThrow(StoreKeyError);
    expect(() => storeKeys.jobRun("T012AB3C4", "digest", "2026:12")).toThrow(StoreKeyError);
    expect(() => storeKeys.jobRun("T012AB3C4", "digest", "*")).toThrow(StoreKeyError);
  });
});
