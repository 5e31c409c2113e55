import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { INSTALL_PATH, OAUTH_REDIRECT_PATH } from "../src/main.ts";
import { SLACK_EVENTS_PATH } from "../src/server/http-server.ts";
import { BOT_SCOPES, COMMANDS, SUBSCRIBED_EVENTS } from "../src/slack/listeners/index.ts";
import { APP_DISPLAY_NAME } from "../src/views/ids.ts";

const manifestSchema = z.object({
  display_information: z.object({
    name: z.string().min(1).max(35),
    description: z.string().min(1).max(140),
    background_color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    long_description: z.string().min(175).max(4000),
  }),
  features: z.object({
    app_home: z.object({
      home_tab_enabled: z.boolean(),
      messages_tab_enabled: z.boolean(),
      messages_tab_read_only_enabled: z.boolean(),
    }),
    bot_user: z.object({ display_name: z.string().max(80), always_online: z.boolean() }),
    slash_commands: z.array(
      z.object({
        command: z.string(),
        url: z.string().url(),
        description: z.string().min(1).max(2000),
        usage_hint: z.string().min(1).max(1000),
        should_escape: z.boolean(),
      }),
    ),
  }),
  oauth_config: z.object({
    redirect_urls: z.array(z.string().url()),
    scopes: z.object({ bot: z.array(z.string()) }),
  }),
  settings: z.object({
    event_subscriptions: z.object({
      request_url: z.string().url(),
      bot_events: z.array(z.string()),
    }),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string().url() }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

async function manifest() {
  const text = await readFile(new URL("../manifest.yml", import.meta.url), "utf8");
  return manifestSchema.parse(parse(text));
}

const sorted = (values: readonly string[]) => [...values].sort();

describe("manifest.yml", () => {
  it("is valid YAML in the shape of a Slack app manifest", async () => {
    await expect(manifest()).resolves.toBeDefined();
  });

  it("declares exactly the command, events and scopes the code registers and uses", async () => {
    const m = await manifest();
    expect(m.features.slash_commands.map((c) => c.command)).toEqual([...COMMANDS]);
    expect(sorted(m.settings.event_subscriptions.bot_events)).toEqual(sorted(SUBSCRIBED_EVENTS));
    expect(sorted(m.oauth_config.scopes.bot)).toEqual(sorted(BOT_SCOPES));
  });

  it("sends commands, events and interactivity to the one request URL", async () => {
    const m = await manifest();
    const urls = [
      ...m.features.slash_commands.map((c) => c.url),
      m.settings.event_subscriptions.request_url,
      m.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(new Set(urls).size).toBe(1);
    expect(m.oauth_config.redirect_urls.map((u) => new URL(u).pathname)).toEqual([
      OAUTH_REDIRECT_PATH,
    ]);
    expect(INSTALL_PATH).toBe("/api/slack/install");
  });

  it("turns on what the app offers: Home and Messages tabs, interactivity, HTTP delivery", async () => {
    const m = await manifest();
    expect(m.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(m.features.bot_user.display_name).toBe(APP_DISPLAY_NAME);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(false);
  });
});
