import type { AnyBlock, KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { blocksHtml, fileHtml, messageHtml, mrkdwnHtml } from "../src/playground/blockkit-html.ts";
import { buildConnectModal, buildHomeView, buildReportMessage } from "../src/views/index.ts";
import { escapeMarkup } from "../src/views/markup.ts";
import { tinyReports } from "./support/report-fixtures.ts";

describe("Block Kit drawn as HTML", () => {
  it("escapes every text, in elements and attributes", () => {
    const blocks: KnownBlock[] = [
      { type: "section", text: { type: "plain_text", text: `<script>alert("x")</script>` } },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: `a"><b>`,
            value: `v"'<>&`,
            text: { type: "plain_text", text: "<i>go</i>" },
          },
        ],
      },
    ];
    const html = blocksHtml(blocks);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain(`data-action-id="a&quot;&gt;&lt;b&gt;"`);
    expect(html).toContain(`data-value="v&quot;&#39;&lt;&gt;&amp;"`);
    expect(html).toContain("&lt;i&gt;go&lt;/i&gt;");
    expect(escapeMarkup(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });

  it("draws mrkdwn: bold, italic, code, mentions, links, and dates in the given zone", () => {
    const context = {
      people: { U1: "Maya Chen" },
      timeZone: "Asia/Tokyo",
      now: new Date("2026-11-27T01:00:00Z"),
    };
    // 2026-11-26T20:00Z is Nov 27, 5:00 AM in Tokyo: "today" there.
    const at = Date.parse("2026-11-26T20:00:00Z") / 1000;
    const html = mrkdwnHtml(
      `*bold* _it_ \`a<b\` <@U1> <https://example.com/x?a=1&amp;b=2|site> <javascript:alert(1)|bad> <!date^${at}^{date_short_pretty} at {time}|fallback>`,
      context,
    );
    expect(html).toContain("<b>bold</b> <i>it</i> <code>a&lt;b</code>");
    expect(html).toContain(`<span class="mention">@Maya Chen</span>`);
    expect(html).toContain(`<a href="https://example.com/x?a=1&amp;b=2" target="_blank"`);
    expect(html).not.toContain("javascript:");
    expect(html).toContain("today at 5:00 AM");
  });

  it("draws a report's controls as real buttons and menus carrying what Slack sends back", () => {
    const message = buildReportMessage(tinyReports().failures, { today: "2026-11-27" });
    const html = blocksHtml(message.blocks);
    expect(html).toMatch(
      /<button type="button" class="button primary" data-action-id="report_share" data-value="[^"]+">Share to channel<\/button>/,
    );
    expect(html).toContain(
      `<select class="button menu" data-action-id="report_switch" aria-label="Other report, same days">`,
    );
    expect(html).toMatch(/<option value="[^"]+">Account overview<\/option>/);
    expect(html).toContain(`<h3 class="header">`);
  });

  it("draws the Home's date picker inside its block, and a modal's inputs with labels and errors", () => {
    const home = buildHomeView({
      mode: "not-connected",
      today: "2026-11-27",
      canManage: true,
      admins: [],
    });
    expect(blocksHtml(home.blocks)).toContain(`data-action-id="account_connect"`);
    const connected = buildHomeView({
      mode: "connected",
      today: "2026-11-27",
      canManage: false,
      account: null,
      problem: null,
      yesterday: null,
      numbers: null,
      week: null,
    });
    expect(blocksHtml(connected.blocks)).toMatch(
      /<div class="actions" data-block-id="home_date">.*<input type="date" class="button menu date" data-action-id="home_date" value="2026-11-26" aria-label="Pick a day">/s,
    );

    const modal = buildConnectModal();
    const html = blocksHtml(modal.blocks, {
      idPrefix: "m1",
      errors: { connect_password: "eFax refused this password." },
    });
    expect(html).toContain(`<label for="m1-connect_api_key"><b>API key</b></label>`);
    expect(html).toMatch(
      /<input type="text" id="m1-connect_api_key" class="field" data-action-id="connect_api_key"[^>]* required autofocus/,
    );
    expect(html).toContain(`aria-invalid="true"`);
    expect(html).toContain(`role="alert">eFax refused this password.</div>`);
  });

  it("draws an uploaded chart as its picture when it can be loaded, else as its words", () => {
    const chart: KnownBlock = {
      type: "image",
      slack_file: { id: "F0CHART01" },
      alt_text: "Failures per day: <rising>",
      title: { type: "plain_text", text: "Failures per day" },
    };
    const shown = blocksHtml([chart], { fileUrl: (id) => `/file?id=${id}` });
    expect(shown).toContain(
      `<img src="/file?id=F0CHART01" alt="Failures per day: &lt;rising&gt;">`,
    );
    expect(shown).toContain(`<div class="image-title">Failures per day</div>`);
    const words = blocksHtml([chart]);
    expect(words).not.toContain("<img");
    expect(words).toContain("[image: Failures per day: &lt;rising&gt;]");
    const external: KnownBlock = {
      type: "image",
      image_url: "https://example.com/x.png",
      alt_text: "x",
    };
    expect(blocksHtml([external], { fileUrl: () => "/never" })).not.toContain("<img");
  });

  it("says which blocks it does not draw instead of guessing", () => {
    const video = { type: "video", alt_text: "x" } as unknown as AnyBlock;
    expect(blocksHtml([video])).toContain("[video block: not drawn here]");
  });

  it("frames messages and files", () => {
    const html = messageHtml("<p>hi</p>", {
      time: "9:14 AM",
      ephemeral: true,
      sender: { name: "eFax <Reports>", avatar: "📠", app: true },
    });
    expect(html).toContain("Only visible to you");
    expect(html).toContain("eFax &lt;Reports&gt;");
    expect(html).toContain(`<span class="app">APP</span>`);
    const file = fileHtml({ filename: "a.csv", size: 3174, href: "/file?id=F1" });
    expect(file).toContain(`href="/file?id=F1" download="a.csv"`);
    expect(file).toContain("CSV · 3.1 KB");
  });
});
