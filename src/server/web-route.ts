/**
 * Serves a web-standard handler (`Request` → `Response`, as Vercel functions are written) on the
 * local node:http server, so both run the same route code.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { RouteHandler } from "./http-server.ts";

export function webRoute(handler: (request: Request) => Promise<Response>): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else if (value !== undefined) headers.set(name, value);
    }
    const method = req.method ?? "GET";
    const hasBody = method !== "GET" && method !== "HEAD";
    const request = new Request(
      new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`),
      {
        method,
        headers,
        ...(hasBody
          ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" }
          : {}),
      },
    );
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}
