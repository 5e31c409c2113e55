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
  await server.redis.clear();
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

  it("refuses every command that could reach keys outside its prefix", async () => {
    for (const command of [
      ["SELECT", "0"],
      ["FLUSHDB"],
      ["flushall", "ASYNC"],
      ["SWAPDB", "0", "1"],
      ["MOVE", "k", "1"],
      ["RANDOMKEY"],
      ["DBSIZE"],
      ["EVAL", "return redis.call('flushdb')", "0"],
      ["OBJECT", "ENCODING", "k"],
      ["CONFIG", "SET", "save", "60 1"],
      ["KEYS", "*", "extra"],
    ]) {
      const { status, json } = await post("/", command);
      expect(status, command.join(" ")).toBe(400);
      expect(json).toEqual({
        error: `ERR '${command[0]}' is not allowed by the test server, which keeps to its own key prefix`,
      });
    }
    expect(
      await post("/multi-exec", [
        ["SET", "a", "1"],
        ["SELECT", "0"],
      ]),
    ).toMatchObject({
      status: 400,
    });
    expect(await server.redis.exists("a")).toBe(0);
  });

  it("keeps every key under its prefix: SCAN and KEYS see only its own keys, without the prefix", async () => {
    await post("/pipeline", [
      ["MSET", "a:1", "x", "a:2", "y"],
      ["SET", "b", "z"],
    ]);
    expect(server.redis.prefix).toMatch(/^upstash-test:[0-9a-f]{16}:$/);
    expect(await server.redis.keys()).toEqual(["a:1", "a:2", "b"]);
    const keys = (await post("/", ["KEYS", "a:*"])).json as { result: string[] };
    expect(keys.result.sort()).toEqual(["a:1", "a:2"]);
    const scan = (await post("/", ["SCAN", "0", "COUNT", "1000"])).json as {
      result: [string, string[]];
    };
    expect(scan.result[0]).toBe("0");
    expect(scan.result[1].sort()).toEqual(["a:1", "a:2", "b"]);
    const { json } = await post("/", ["SCAN", "0", "MATCH", "a:\\*", "COUNT", "1000"]);
    expect(json).toEqual({ result: ["0", []] });
    expect((await post("/", ["EXISTS", "a:1", "b", "c"])).json).toEqual({ result: 2 });
    expect((await post("/", ["DEL", "a:1", "a:2"])).json).toEqual({ result: 2 });
    expect(await server.redis.keys()).toEqual(["b"]);
  });

  it("keeps a prefix of its own, so two servers on one Redis never share keys", async () => {
    const other = await startUpstashServer();
    try {
      expect(other.redis.prefix).not.toBe(server.redis.prefix);
      await post("/", ["SET", "shared-name", "mine"]);
      expect(await other.redis.get("shared-name")).toBeNull();
      expect(await other.redis.keys()).toEqual([]);
      await other.redis.set("theirs", "1");
      expect((await post("/", ["KEYS", "*"])).json).toEqual({ result: ["shared-name"] });
    } finally {
      await other.close();
    }
    expect(await server.redis.get("shared-name")).toBe("mine");
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
