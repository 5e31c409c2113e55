/**
 * The playground over real HTTP, without a browser (the browser test drives the page itself): it
 * binds to loopback, runs the real app behind its real signed path, refuses requests other pages
 * could make, and shows the app's own plain-words answers.
 */
import { request } from "node:http";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { SAMPLE_EFAX_CREDENTIALS, sampleEfaxFetch } from "../src/playground/efax-sample.ts";
import { formatPlaygroundNotice, wantsPlayground } from "../src/playground/entry.ts";
import type { PageState } from "../src/playground/page.ts";
import { type RunningPlayground, startPlayground } from "../src/playground/server.ts";
import { startEfaxServer, TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import { visibleText } from "./support/view-text.ts";

function text(entry: { message: { text?: unknown; blocks?: unknown } }): string {
  const blocks = Array.isArray(entry.message.blocks) ? entry.message.blocks : [];
  const words = typeof entry.message.text === "string" ? entry.message.text : "";
  return blocks.length > 0 ? visibleText({ blocks }) : words;
}

async function post(
  pg: RunningPlayground,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${pg.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json().catch(() => null) };
}

/** POSTs with a chosen Host header (which `fetch` does not let a caller set), as a DNS rebinding would. */
function statusWithHost(
  pg: RunningPlayground,
  path: string,
  body: string,
  host: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${pg.url}${path}`,
      { method: "POST", headers: { host, "content-type": "application/json" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Waits until `read` returns something, as the app answers after acknowledging. */
async function until<T>(read: () => T | undefined | null, what: string, ms = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined && value !== null) return value;
    if (Date.now() - started > ms) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("when npm start opens the playground", () => {
  it("only without any Slack setting, saying which settings would connect it to Slack", () => {
    expect(wantsPlayground({})).toBe(true);
    expect(wantsPlayground({ SLACK_BOT_TOKEN: "  ", PORT: "3000", EFAX_API_KEY: "k" })).toBe(true);
    expect(wantsPlayground({ SLACK_BOT_TOKEN: "xoxb-1" })).toBe(false);
    expect(wantsPlayground({ SLACK_CLIENT_ID: "1.2" })).toBe(false);

    let notice = "";
    try {
      loadConfig({ PORT: "70000" });
    } catch (error) {
      notice = formatPlaygroundNotice(error as Parameters<typeof formatPlaygroundNotice>[0]);
    }
    expect(notice).toContain("not connected to Slack yet");
    expect(notice).toContain("SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set");
    expect(notice).toContain("See: README › Run locally");
    expect(notice).toContain("playground");
    // Other problems are the playground's to report, with the usual message.
    expect(notice).not.toContain("PORT");
  });
});

describe("the sample eFax account", () => {
  it("answers sample data to its own credentials only, and hands other requests on", async () => {
    const passed: string[] = [];
    const fetch = sampleEfaxFetch(async (input) => {
      passed.push(String(input));
      return new Response("{}", { status: 401 });
    });
    const headers = {
      "x-api-key": SAMPLE_EFAX_CREDENTIALS.apiKey,
      "efax-username": SAMPLE_EFAX_CREDENTIALS.username,
      "efax-password": SAMPLE_EFAX_CREDENTIALS.password,
    };
    const sample = await fetch("https://example.invalid/v1/failures/2026-11-26", { headers });
    expect(sample.status).toBe(200);
    expect(typeof JSON.parse(await sample.text())).toBe("string");
    expect((await fetch("https://x.invalid/v1/failures/nope", { headers })).status).toBe(400);
    const other = await fetch("https://x.invalid/v1/failures/2026-11-26", {
      headers: { ...headers, "efax-password": "someone else's" },
    });
    expect(other.status).toBe(401);
    expect(passed).toEqual(["https://x.invalid/v1/failures/2026-11-26"]);
  });
});

describe("the playground on sample data", () => {
  let pg: RunningPlayground;
  const logs: string[] = [];

  beforeAll(async () => {
    pg = await startPlayground({ env: { LOG_LEVEL: "info" }, port: 0, write: (l) => logs.push(l) });
  });
  afterAll(() => pg?.close());

  it("listens on this computer only, and says so", async () => {
    expect(pg.host).toBe("127.0.0.1");
    expect(pg.url).toBe(`http://127.0.0.1:${pg.port}`);
    expect(pg.pageUrl).toBe(`http://localhost:${pg.port}/`);
    expect(logs.join("\n")).toContain(`Playground: open http://localhost:${pg.port}/`);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === "IPv4" && !address.internal);
    if (outside) {
      await expect(fetch(`http://${outside.address}:${pg.port}/healthz`)).rejects.toThrow();
    }
  });

  it("says it is the playground on /healthz, and serves its page with a strict policy", async () => {
    const health = await fetch(`${pg.url}/healthz`);
    expect(await health.json()).toEqual({
      ok: true,
      mode: "playground",
      store: "memory",
      efax: "sample",
    });
    const page = await fetch(`${pg.url}/`);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain(`<script src="/playground/app.js" defer></script>`);
    expect(html).toContain("sample data");
    for (const asset of ["/playground/app.js", "/playground/app.css"]) {
      expect((await fetch(`${pg.url}${asset}`)).status).toBe(200);
    }
  });

  it("leaves the app's signed path as it is: an unsigned request is refused", async () => {
    const response = await fetch(`${pg.url}/api/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "command=%2Fefax&text=help",
    });
    expect(response.status).toBe(401);
  });

  it("refuses what another web page could send: other origins, other hosts, forms", async () => {
    const command = { conversation: pg.workspace.people.channel.id, text: "/efax help" };
    const send = "/playground/send";
    expect((await post(pg, send, command, { origin: "http://evil.example" })).status).toBe(403);
    expect(await statusWithHost(pg, send, JSON.stringify(command), "evil.example")).toBe(421);
    const form = await fetch(`${pg.url}${send}`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify(command),
    });
    expect(form.status).toBe(415);
    expect(pg.slack.callsTo("response_url")).toHaveLength(0);
  });

  it("runs /efax through the real app and shows its report, then its plain words for a bad date", async () => {
    const { people } = pg.workspace;
    const channel = people.channel.id;
    const sent = await post(pg, "/playground/send", {
      conversation: channel,
      text: "/efax failures last week",
    });
    expect(sent).toEqual({ status: 200, json: { ok: true } });
    const report = await until(
      () =>
        pg.slack
          .timeline(channel, people.user.id)
          .find((e) => e.ephemeral && text(e).includes("[Share to channel]")),
      "the report",
    );
    expect(text(report)).toMatch(/Failures · /);
    const state = await (await fetch(`${pg.url}/playground/state?conversation=${channel}`)).json();
    expect(JSON.stringify(state)).toContain("Share to channel");

    await post(pg, "/playground/send", { conversation: channel, text: "/efax failures bananas" });
    const answer = await until(
      () =>
        pg.slack
          .timeline(channel, people.user.id)
          .find((e) => text(e).includes("I couldn't use that date")),
      "the date answer",
    );
    expect(text(answer)).toContain("/efax failures yesterday");
  });

  it("sends the CSV by direct message, downloadable, and answers direct messages in their thread", async () => {
    const { people } = pg.workspace;
    const channel = people.channel.id;
    await post(pg, "/playground/send", { conversation: channel, text: "/efax numbers yesterday" });
    const report = await until(
      () =>
        pg.slack
          .timeline(channel, people.user.id)
          .find((e) => e.ephemeral && text(e).includes("Number overview")),
      "the report",
    );
    const click = await post(pg, "/playground/action", {
      item: `e:${channel}:${report.message.ts}`,
      actionId: "report_csv",
    });
    expect(click.status).toBe(200);
    const shared = await until(
      () => pg.slack.messages(people.directMessage).find((m) => (m.files ?? []).length > 0),
      "the CSV in the direct message",
    );
    const file = shared.files?.[0];
    const download = await fetch(`${pg.url}/playground/file?id=${file?.id}`);
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="${file?.filename}"`,
    );
    const bytes = Buffer.from(await download.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toMatch(/^date,did,user,destination,/);

    await post(pg, "/playground/send", {
      conversation: people.directMessage,
      text: "billable yesterday",
    });
    const asked = await until(
      () =>
        pg.slack
          .messages(people.directMessage)
          .find((m) => m.user === people.user.id && m.text === "billable yesterday"),
      "the direct message",
    );
    const answer = await until(
      () => pg.slack.messages(people.directMessage).find((m) => m.threadTs === asked.ts),
      "the answer in its thread",
    );
    expect(visibleText({ blocks: answer.blocks as unknown[] })).toContain("Billable pages · ");
  });

  it("answers a mention in the message's thread, and Slack's note for a command in a thread", async () => {
    const { people } = pg.workspace;
    const channel = people.channel.id;
    await post(pg, "/playground/send", {
      conversation: channel,
      text: "@eFax Reports failures yesterday",
    });
    const asked = await until(
      () => pg.slack.messages(channel).find((m) => m.user === people.user.id),
      "the mention",
    );
    expect(asked.text).toBe(`<@${people.bot.id}> failures yesterday`);
    const reply = await until(
      () => pg.slack.messages(channel).find((m) => m.threadTs === asked.ts),
      "the reply in the thread",
    );
    expect(visibleText({ blocks: reply.blocks as unknown[] })).toContain("Failures · ");

    await post(pg, "/playground/send", {
      conversation: channel,
      threadTs: asked.ts,
      text: "/efax help",
    });
    const note = await until(
      () =>
        pg.slack
          .timeline(channel, people.user.id)
          .find((e) => e.ephemeral && e.message.threadTs === asked.ts),
      "Slack's note",
    );
    expect(String(note.message.text)).toContain("can't be used in threads");
  });

  it("opens the App Home, and shows a modal's errors from the app under its fields", async () => {
    const { people } = pg.workspace;
    expect((await post(pg, "/playground/app-tab", { tab: "home" })).status).toBe(200);
    const home = await until(() => pg.slack.homeView(people.user.id), "the Home");
    const click = await post(pg, "/playground/action", {
      item: `v:${String(home.id)}`,
      actionId: "account_connect",
    });
    expect(click.status).toBe(200);
    const modal = await until(() => pg.slack.modals()[0], "the Connect modal");
    const submit = await post(pg, "/playground/view/submit", {
      viewId: String(modal.id),
      values: { connect_api_key: { connect_api_key: "key" } },
    });
    expect(submit.status).toBe(200);
    expect(pg.workspace.viewErrors(String(modal.id))).toEqual({
      connect_username: expect.any(String),
    });
    const state = (await (await fetch(`${pg.url}/playground/state`)).json()) as PageState;
    expect(state.modal?.html).toContain(`role="alert"`);
    expect(state.modal?.html).toContain(`value="key"`);
    await post(pg, "/playground/view/close", { viewId: String(modal.id) });
    expect(pg.slack.modals()).toEqual([]);
  });

  it("refuses clicks on controls that are not there", async () => {
    const missing = await post(pg, "/playground/action", { item: "v:V0NOPE", actionId: "x" });
    expect(missing).toEqual({
      status: 404,
      json: { ok: false, error: "That message is no longer there." },
    });
  });
});

describe("the playground with HOST", () => {
  it("listens where HOST says, and says so", async () => {
    const logs: string[] = [];
    const pg = await startPlayground({
      env: { HOST: "0.0.0.0" },
      port: 0,
      write: (line) => logs.push(line),
    });
    try {
      expect(pg.host).toBe("0.0.0.0");
      expect(await (await fetch(`http://127.0.0.1:${pg.port}/healthz`)).json()).toMatchObject({
        mode: "playground",
      });
      expect(logs.join("\n")).toContain("(listening on every interface, as HOST says;");
    } finally {
      await pg.close();
    }
  });
});

describe("the playground on the eFax account in EFAX_*", () => {
  it("uses that account, and shows the app's plain words when eFax refuses it", async () => {
    const efax = await startEfaxServer();
    const pg = await startPlayground({
      env: {
        EFAX_API_URL: efax.url,
        EFAX_API_KEY: TEST_EFAX_CREDENTIALS.apiKey,
        EFAX_USERNAME: TEST_EFAX_CREDENTIALS.username,
        EFAX_PASSWORD: "not-the-password",
      },
      port: 0,
      write: () => {},
    });
    try {
      expect(await (await fetch(`${pg.url}/healthz`)).json()).toMatchObject({ efax: "account" });
      const { people } = pg.workspace;
      await post(pg, "/playground/send", {
        conversation: people.channel.id,
        text: "/efax failures yesterday",
      });
      const answer = await until(
        () =>
          pg.slack
            .timeline(people.channel.id, people.user.id)
            .find((e) => text(e).includes("eFax didn't accept")),
        "the refusal",
      );
      expect(text(answer)).not.toContain("not-the-password");
      expect(efax.requests.length).toBeGreaterThan(0);
    } finally {
      await pg.close();
      await efax.close();
    }
  });
});
