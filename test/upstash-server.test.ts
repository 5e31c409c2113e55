import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startUpstashServer, type UpstashServer } from "./support/upstash-server.ts";

let server: UpstashServer;

beforeAll(async () => {
  server = await startUpstashServer({ token: "local-test-token" });
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  server.setFault(null);
  await server.redis.flushdb();
});

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: "Bearer local-test-token" },
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("test Upstash REST server", () => {
  it("runs one command from POST / against real Redis", async () => {
    expect(await post("/", ["SET", "k", "v", "EX", 100])).toEqual({
      status: 200,
      json: { result: "OK" },
    });
    expect(await post("/", ["GET", "k"])).toEqual({ status: 200, json: { result: "v" } });
    expect(await server.redis.ttl("k")).toBeGreaterThan(90);
    expect(await post("/", ["GET", "missing"])).toEqual({ status: 200, json: { result: null } });
  });

  it("base64-encodes every string but a plain OK when asked", async () => {
    const headers = { authorization: "Bearer local-test-token", "upstash-encoding": "base64" };
    expect((await post("/", ["SET", "k", "📠 123"], headers)).json).toEqual({ result: "OK" });
    expect((await post("/", ["GET", "k"], headers)).json).toEqual({ result: base64("📠 123") });
    expect((await post("/", ["SCAN", "0", "MATCH", "k*"], headers)).json).toEqual({
      result: [base64("0"), [base64("k")]],
    });
    expect((await post("/", ["DEL", "k"], headers)).json).toEqual({ result: 1 });
  });

  it("answers 401 without the right Bearer token, running nothing", async () => {
    expect(await post("/", ["SET", "k", "v"], {})).toEqual({
      status: 401,
      json: { error: "Unauthorized" },
    });
    expect(await post("/", ["SET", "k", "v"], { authorization: "Bearer nope" })).toMatchObject({
      status: 401,
    });
    expect(await server.redis.exists("k")).toBe(0);
  });

  it("answers 400 with the Redis error for a failing command", async () => {
    await server.redis.set("k", "text");
    expect(await post("/", ["INCR", "k"])).toEqual({
      status: 400,
      json: { error: "ERR value is not an integer or out of range" },
    });
    expect(await post("/", { not: "a command" })).toMatchObject({ status: 400 });
  });

  it("runs a pipeline in order, one result or error per command", async () => {
    const { status, json } = await post("/pipeline", [
      ["SET", "a", "1"],
      ["INCR", "a"],
      ["SET", "b", "x"],
      ["INCR", "b"],
      ["GET", "a"],
    ]);
    expect(status).toBe(200);
    expect(json).toEqual([
      { result: "OK" },
      { result: 2 },
      { result: "OK" },
      { error: "ERR value is not an integer or out of range" },
      { result: "2" },
    ]);
  });

  it("runs /multi-exec as one transaction", async () => {
    const { json } = await post("/multi-exec", [
      ["SET", "a", "1", "NX"],
      ["SET", "a", "2", "NX"],
      ["GET", "a"],
    ]);
    expect(json).toEqual([{ result: "OK" }, { result: null }, { result: "1" }]);
  });

  it("refuses commands that would leave its database or break the connection", async () => {
    expect(await post("/", ["SELECT", "0"])).toMatchObject({ status: 400 });
    expect(await post("/", ["FLUSHALL"])).toMatchObject({ status: 400 });
    expect(await post("/multi-exec", [["SELECT", "0"]])).toMatchObject({ status: 400 });
  });

  it("leases a database of its own, so two servers never share keys", async () => {
    const other = await startUpstashServer();
    try {
      expect(other.db).not.toBe(server.db);
      await post("/", ["SET", "shared-name", "mine"]);
      expect(await other.redis.get("shared-name")).toBeNull();
    } finally {
      await other.close();
    }
  });

  it("records each request with its commands", async () => {
    const before = server.requests.length;
    await post("/pipeline", [
      ["SET", "a", 1],
      ["GET", "a"],
    ]);
    expect(server.requests.slice(before)).toEqual([
      {
        path: "/pipeline",
        authorized: true,
        base64: false,
        commands: [
          ["SET", "a", "1"],
          ["GET", "a"],
        ],
      },
    ]);
  });

  it("plays a fixed status instead of running the command", async () => {
    server.setFault({ kind: "status", status: 503, body: '{"error":"down"}' });
    expect(await post("/", ["SET", "k", "v"])).toEqual({ status: 503, json: { error: "down" } });
    expect(await server.redis.exists("k")).toBe(0);
  });
});
