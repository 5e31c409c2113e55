import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isEfaxError, MalformedBodyError, UnexpectedShapeError } from "../src/efax/errors.ts";
import { decodeBody, parseReport } from "../src/efax/parse.ts";
import { sampleUpstreamBody } from "../src/efax/sandbox.ts";
import { reportSchemas } from "../src/efax/schemas.ts";
import type { FaxCounts, ReportKind } from "../src/efax/types.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/efax/${name}.txt`, import.meta.url), "utf8");
const double = (text: string) => JSON.stringify(text);

const ENCODINGS = [
  ["double-encoded", double],
  ["plain", (text: string) => text],
] as const;

/** Sums over every leaf of a fax report body. */
function sums(body: Record<string, unknown>): { success: number; total: number; failures: number } {
  const out = { success: 0, total: 0, failures: 0 };
  const visit = (node: unknown) => {
    if (isCounts(node)) {
      out.success += node.success;
      out.total += node.total;
      out.failures += node.failures;
    } else if (typeof node === "object" && node !== null) {
      for (const child of Object.values(node)) visit(child);
    }
  };
  visit(body);
  return out;
}

function isCounts(node: unknown): node is FaxCounts {
  return typeof node === "object" && node !== null && "reasons" in node && "total" in node;
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe.each(ENCODINGS)("upstream's documented samples, %s", (_, encode) => {
  it("account overview: one DID, one user, 3 of 3 sent", () => {
    const body = parseReport("account-overview", encode(fixture("account-overview")));
    expect(body).toEqual({
      "12345678": {
        a_user: {
          success: 3,
          total: 3,
          failures: 0,
          reasons: {
            Busy: 0,
            "Call placement error": 0,
            "Fax transmission failed": 0,
            "No answer": 0,
            "No dial tone": 0,
            "Unspecified failure": 0,
          },
        },
      },
    });
  });

  it("number overview (the example file with its missing brace added): 4 destinations", () => {
    const body = parseReport(
      "number-overview",
      encode(fixture("number-overview-example-repaired")),
    );
    expect(Object.keys(body)).toEqual(["<DID 1>", "<DID 2>"]);
    expect(Object.keys(body["<DID 2>"]?.user_2 ?? {})).toEqual([
      "<fax recipient 3>",
      "<fax_recipient 4>",
    ]);
    expect(sums(body)).toEqual({ success: 15, total: 21, failures: 6 });
    expect(body["<DID 2>"]?.user_2?.["<fax recipient 3>"]?.reasons["Fax transmission failed"]).toBe(
      2,
    );
  });

  it("failures: the sample has no Failures key, so it is derived as Total - Success", () => {
    const body = parseReport("failures", encode(fixture("failures")));
    expect(sums(body)).toEqual({ success: 0, total: 8, failures: 8 });
    expect(body["<DID 2>"]?.user_2?.["<recipient fax #5>"]).toEqual({
      success: 0,
      total: 3,
      failures: 3,
      reasons: {
        Busy: 0,
        "Call placement error": 0,
        "Fax transmission failed": 0,
        "No answer": 3,
        "No dial tone": 0,
        "Unspecified failure": 0,
      },
    });
  });

  it("billable pages, current shape: resolutions as given, absent ones stay absent", () => {
    const body = parseReport("billable-pages", encode(fixture("billable-pages")));
    expect(body).toEqual({
      "<DID>": { outbound: { STANDARD: 78, FINE: 24 }, inbound: 116 },
      "<DID_2>": { outbound: { STANDARD: 43 }, inbound: 1315 },
    });
  });

  it("billable pages, older per-user shape: folded into outbound, inbound 0", () => {
    const body = parseReport("billable-pages", encode(fixture("billable-pages-per-user")));
    expect(body).toEqual({
      "<DID>": { outbound: { FINE: 120 }, inbound: 0 },
      "<DID_2>": { outbound: { FINE: 1234 }, inbound: 0 },
    });
  });

  it.each([
    ["number-overview", "number-overview-readme"],
    ["number-overview", "number-overview-example"],
    ["billable-pages", "billable-pages-readme"],
  ] as const)(
    "%s: the malformed sample %s gives MalformedBodyError, body not quoted",
    (kind, name) => {
      const text = fixture(name);
      const error = thrown(() => parseReport(kind, encode(text), { day: "2018-06-04" }));
      expect(error).toBeInstanceOf(MalformedBodyError);
      expect(isEfaxError(error) && error.code).toBe("malformed-body");
      expect(isEfaxError(error) && error.retryable).toBe(false);
      const shown = inspect(error);
      for (const fragment of ["<DID", "user_1", "recipient", "STANDARD"]) {
        expect(shown).not.toContain(fragment);
      }
      expect(String(error)).toContain("malformed");
      expect(String(error)).toContain("2018-06-04");
    },
  );
});

describe("decoding", () => {
  it("unwraps exactly one level of string encoding", () => {
    expect(decodeBody('{"a": 1}')).toEqual({ a: 1 });
    expect(decodeBody(JSON.stringify('{"a": 1}'))).toEqual({ a: 1 });
    expect(decodeBody(JSON.stringify(JSON.stringify('{"a": 1}')))).toBe('{"a": 1}');
  });

  it("accepts a byte order mark", () => {
    expect(decodeBody('\ufeff{"a": 1}')).toEqual({ a: 1 });
  });

  it.each([
    ["empty", ""],
    ["HTML", "<html><body>Bad gateway</body></html>"],
    ["a string holding broken JSON", JSON.stringify('{"a": ')],
    ["truncated", '{"a": {"b": 1'],
  ])("%s text is a malformed body", (_, text) => {
    expect(() => decodeBody(text)).toThrow(MalformedBodyError);
  });
});

describe("counts leaves", () => {
  const leafBody = (leaf: Record<string, unknown>) =>
    double(JSON.stringify({ "5551234": { frontdesk: { "12125550100": leaf } } }));
  const onlyLeaf = (leaf: Record<string, unknown>) =>
    parseReport("number-overview", leafBody(leaf))["5551234"]?.frontdesk?.["12125550100"];

  it("keeps a failure reason nobody has seen before", () => {
    expect(
      onlyLeaf({ Busy: 1, "Line out of paper": 2, Success: 4, Total: 7, Failures: 3 }),
    ).toEqual({ success: 4, total: 7, failures: 3, reasons: { Busy: 1, "Line out of paper": 2 } });
  });

  it("takes Failures as given when present, derives it when absent", () => {
    expect(onlyLeaf({ Busy: 1, Success: 2, Total: 5, Failures: 1 })?.failures).toBe(1);
    expect(onlyLeaf({ Busy: 1, Success: 2, Total: 5 })?.failures).toBe(3);
  });

  it("returns frozen counts; identical leaves may share one object", () => {
    const body = parseReport("number-overview", fixture("number-overview-example-repaired"));
    const user = body["<DID 1>"]?.user_1;
    const first = user?.["<fax recipient 1>"];
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.reasons)).toBe(true);
    expect(first).toBe(user?.["<fax recipient 2>"]);
  });

  it.each([
    [{ Busy: 1, Total: 2 }, ["Success"], "is missing"],
    [{ Busy: 1, Success: 1 }, ["Total"], "is missing"],
    [{ Busy: -1, Success: 1, Total: 2 }, ["Busy"], "is not a whole number of 0 or more"],
    [{ Busy: 1.5, Success: 1, Total: 2 }, ["Busy"], "is not a whole number of 0 or more"],
    [{ Busy: "1", Success: 1, Total: 2 }, ["Busy"], "is not a whole number of 0 or more"],
    [{ Busy: null, Success: 1, Total: 2 }, ["Busy"], "is not a whole number of 0 or more"],
    [
      { Success: 1, Total: 2, Failures: 2 ** 60 },
      ["Failures"],
      "is not a whole number of 0 or more",
    ],
    [{ Success: 3, Total: 2 }, ["Total"], "is smaller than Success"],
  ])("rejects %j naming the path, not the value", (leaf, key, problem) => {
    const error = thrown(() =>
      parseReport("number-overview", leafBody(leaf), { day: "2026-11-26" }),
    );
    expect(error).toBeInstanceOf(UnexpectedShapeError);
    expect(error).toMatchObject({
      code: "unexpected-shape",
      path: ["5551234", "frontdesk", "12125550100", ...key],
      problem,
      report: "number-overview",
      day: "2026-11-26",
    });
    expect(String(error)).toBe(
      `UnexpectedShapeError: eFax returned the number overview report for 2026-11-26 in an unexpected shape: 5551234 › frontdesk › 12125550100 › ${key[0]} ${problem}`,
    );
  });

  it("names the level that is not an object", () => {
    const body = double(JSON.stringify({ "12345678": { a_user: [1, 2] } }));
    expect(thrown(() => parseReport("number-overview", body))).toMatchObject({
      path: ["12345678", "a_user"],
      problem: "is not an object",
    });
    expect(thrown(() => parseReport("account-overview", double("[]")))).toMatchObject({
      path: [],
      message: expect.stringContaining("unexpected shape: the report is not an object"),
    });
  });

  it("shortens long keys in the path and strips control characters", () => {
    const did = `${"9".repeat(100)}\n`;
    const body = double(JSON.stringify({ [did]: { u: { d: { Success: "x", Total: 1 } } } }));
    const error = thrown(() => parseReport("failures", body));
    expect(error).toMatchObject({ path: [`${"9".repeat(60)}…`, "u", "d", "Success"] });
  });
});

describe("billable pages", () => {
  it("sums a DID's users in the older shape and allows a missing inbound or outbound", () => {
    const text = JSON.stringify({
      "100": { alice: { FINE: 2, STANDARD: 1 }, bob: { FINE: 3 } },
      "200": { inbound: 7 },
      "300": { outbound: {} },
    });
    expect(parseReport("billable-pages", text)).toEqual({
      "100": { outbound: { FINE: 5, STANDARD: 1 }, inbound: 0 },
      "200": { outbound: {}, inbound: 7 },
      "300": { outbound: {}, inbound: 0 },
    });
  });

  it.each([
    [{ "555": { outbound: { FINE: -2 }, inbound: 1 } }, ["555", "outbound", "FINE"]],
    [{ "555": { outbound: { FINE: 2 }, inbound: "12" } }, ["555", "inbound"]],
    [{ "555": { outbound: 12 } }, ["555", "outbound"]],
    [{ "555": 12 }, ["555"]],
  ])("rejects %j at its path", (value, path) => {
    const error = thrown(() => parseReport("billable-pages", JSON.stringify(value)));
    expect(error).toBeInstanceOf(UnexpectedShapeError);
    expect(error).toMatchObject({ path });
  });
});

describe("the fast path agrees with the zod schema of record", () => {
  /** A small deterministic generator, so failures are reproducible. */
  function generator(seed: number) {
    let state = seed;
    return () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 4_294_967_296;
    };
  }

  const ODD_VALUES: unknown[] = [-1, 1.5, "3", null, true, [], {}, 2 ** 53, -0, 16, 255, 0];

  function randomLeaf(random: () => number, oddOnes: number): Record<string, unknown> {
    const leaf: Record<string, unknown> = {};
    const reasons = ["Busy", "Call placement error", "Fax transmission failed", "No answer"];
    const extra = random() < 0.2 ? ["No dial tone", "Unspecified failure", "Toner low"] : [];
    for (const reason of [...reasons, ...extra]) leaf[reason] = Math.floor(random() * 4);
    if (random() < 0.9) leaf["No dial tone"] = Math.floor(random() * 20);
    if (random() < 0.9) leaf["Unspecified failure"] = 0;
    const failures = Object.values(leaf).reduce<number>(
      (sum, n) => sum + (typeof n === "number" ? n : 0),
      0,
    );
    const success = Math.floor(random() * 18);
    leaf.Success = success;
    leaf.Total = success + failures;
    if (random() < 0.7) leaf.Failures = failures;
    if (random() < oddOnes) {
      const keys = Object.keys(leaf);
      const key = keys[Math.floor(random() * keys.length)] ?? "Busy";
      if (random() < 0.8) leaf[key] = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
      else delete leaf[random() < 0.5 ? "Success" : "Total"];
    }
    return leaf;
  }

  function randomBody(kind: ReportKind, random: () => number): unknown {
    const body: Record<string, unknown> = {};
    for (let d = 0; d < 3; d++) {
      if (kind === "billable-pages") {
        const entry: Record<string, unknown> =
          random() < 0.5
            ? { outbound: { STANDARD: Math.floor(random() * 50), FINE: 3 }, inbound: 4 }
            : { alice: { FINE: 2 }, bob: { STANDARD: Math.floor(random() * 9) } };
        if (random() < 0.2) entry.inbound = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
        if (random() < 0.1) entry.outbound = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
        body[`55512${d}`] = entry;
        continue;
      }
      const users: Record<string, unknown> = {};
      for (let u = 0; u < 2; u++) {
        if (kind === "account-overview") {
          users[`user${u}`] = randomLeaf(random, 0.15);
          continue;
        }
        const destinations: Record<string, unknown> = {};
        for (let n = 0; n < 4; n++) destinations[`1212555010${n}`] = randomLeaf(random, 0.02);
        users[`user${u}`] = random() < 0.02 ? [] : destinations;
      }
      body[`55512${d}`] = users;
    }
    return body;
  }

  it.each(["account-overview", "number-overview", "failures", "billable-pages"] as const)(
    "%s: 400 random bodies, valid and not",
    (kind) => {
      const random = generator(kind.length * 7_919);
      let accepted = 0;
      for (let i = 0; i < 400; i++) {
        const text = JSON.stringify(randomBody(kind, random));
        const reference = reportSchemas()[kind].safeParse(JSON.parse(text));
        let parsed: unknown;
        let failure: unknown;
        try {
          parsed = parseReport(kind, text);
        } catch (error) {
          failure = error;
        }
        if (reference.success) {
          accepted++;
          expect(failure).toBeUndefined();
          expect(parsed).toEqual(reference.data);
        } else {
          expect(failure).toBeInstanceOf(UnexpectedShapeError);
          expect(failure).toMatchObject({ path: reference.error.issues[0]?.path.map(String) });
        }
      }
      expect(accepted).toBeGreaterThan(100);
      expect(accepted).toBeLessThan(400);
    },
  );

  it("a key named __proto__ is dropped, as zod drops it, and pollutes nothing", () => {
    const text =
      '{"1": {"u": {"Busy": 1, "Success": 0, "Total": 3, "__proto__": {"polluted": 1}}}}';
    const body = parseReport("account-overview", text);
    expect(body).toEqual({
      "1": { u: { success: 0, total: 3, failures: 3, reasons: { Busy: 1 } } },
    });
    expect(Object.getPrototypeOf(body["1"]?.u?.reasons)).toBe(Object.prototype);
    expect("polluted" in {}).toBe(false);
  });

  it("sample bodies of every kind parse to what the schema gives", () => {
    for (const kind of [
      "account-overview",
      "number-overview",
      "failures",
      "billable-pages",
    ] as const) {
      const text = JSON.stringify(sampleUpstreamBody(kind, "2026-11-24"));
      expect(parseReport(kind, double(text))).toEqual(
        reportSchemas()[kind].parse(JSON.parse(text)),
      );
    }
  });
});
