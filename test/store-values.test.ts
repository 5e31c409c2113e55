import { describe, expect, it } from "vitest";
import type { StoredValue } from "../src/store/types.ts";
import { copyValue, encodeValue } from "../src/store/values.ts";

/** What any driver gives back: the value through JSON text and back. */
function roundTrip(value: StoredValue): unknown {
  return JSON.parse(JSON.stringify(value));
}

const withToJson: StoredValue = JSON.parse('{"kept":1}');
Reflect.set(withToJson, "toJSON", (key: string) => ({ calledWith: key }));

const cases: Record<string, StoredValue> = {
  "plain data": {
    a: "text",
    n: 1.5,
    yes: true,
    none: null,
    list: [1, "two", [3]],
    inner: { b: {} },
  },
  "text JSON must escape": { text: 'a "quoted" \\ line\nnext\u2028 müller 🙂 \u0000' },
  "undefined, functions and symbols": {
    gone: undefined,
    fn: () => 1,
    sym: Symbol("s"),
    list: [undefined, () => 1, Symbol("s"), 4],
  },
  "numbers JSON cannot write": { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negZero: -0 },
  "dates and other toJSON": {
    at: new Date(Date.UTC(2026, 10, 27, 9)),
    nested: { custom: withToJson },
  },
  "boxed primitives": { s: Object("boxed"), n: Object(2), b: Object(false) },
  "a shared (not circular) object": (() => {
    const shared = { x: 1 };
    return { first: shared, second: shared, list: [shared, shared] };
  })(),
  "array-like and inherited keys": Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
};

describe("copyValue", () => {
  it.each(Object.entries(cases))("gives what a JSON round trip gives: %s", (_label, value) => {
    expect(copyValue(value)).toStrictEqual(roundTrip(value));
  });

  it("shares nothing mutable with the original", () => {
    const value = { list: [{ a: 1 }], inner: { b: [2] } };
    const copy = copyValue(value);
    value.list[0] = { a: 9 };
    value.inner.b.push(3);
    expect(copy).toEqual({ list: [{ a: 1 }], inner: { b: [2] } });
  });

  it("refuses what JSON refuses, and anything that is not a JSON object", () => {
    const circular: StoredValue = { name: "loop" };
    circular.self = { back: circular };
    expect(() => copyValue(circular)).toThrow(TypeError);
    expect(() => JSON.stringify(circular)).toThrow(TypeError);
    expect(() => copyValue({ big: 1n })).toThrow(TypeError);
    const disguised: StoredValue = JSON.parse("{}");
    Reflect.set(disguised, "toJSON", () => "text");
    expect(() => copyValue(disguised)).toThrow(TypeError);
    expect(() => encodeValue(disguised)).toThrow(TypeError);
    expect(() => copyValue(JSON.parse("[1]"))).toThrow(TypeError);
  });
});
