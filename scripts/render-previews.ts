/**
 * Pictures of real reports for the README: `node scripts/render-previews.ts` runs the report engine
 * on the sample data for a fixed day, passes the reports to the app's own `build*` view functions,
 * draws the Block Kit they return as static HTML pages styled like Slack, and screenshots them with
 * headless Chromium into `docs/images/` (`failures-report.png`, `shared-thread.png`,
 * `app-home.png`), shrunk with `pngquant` when it is installed.
 *
 * This is a preview tool, not a Slack client: it draws the header, section (text, fields,
 * accessory), context, divider and actions blocks with buttons, menus and date pickers, and a
 * subset of mrkdwn (`*bold*`, `_italic_`, `~strike~`, `` `code` ``, mentions, links, dates as UTC,
 * a few emoji shortcodes). Any other block is drawn as a visible "not drawn" note, never guessed.
 *
 * Options: `--out <dir>` (default `docs/images`), `--chromium <path>` (default `/usr/bin/chromium`,
 * Debian's `chromium` package; fonts from `fonts-lato` and `fonts-noto-color-emoji`),
 * `--html-only` to write the HTML pages to `--out` instead of pictures, `--all` to add a page for
 * every other view (each report kind, a week's range, the summary, help, status, errors, the
 * Connect modal, the sample and not-connected Homes) for reviewing them, e.g.
 * `node scripts/render-previews.ts --all --out /tmp/previews`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type {
  ActionsBlock,
  ActionsBlockElement,
  AnyBlock,
  ContextBlock,
  ContextBlockElement,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  SectionBlock,
  SectionBlockAccessory,
  TextObject,
  View,
} from "@slack/types";
import { formatBytes } from "../bench/measure.ts";
import type { Day } from "../src/dates/calendar.ts";
import { DateNotUnderstoodError } from "../src/dates/errors.ts";
import { createSampleSource } from "../src/efax/sandbox.ts";
import { csvFiles } from "../src/reports/csv.ts";
import type { AnyReport } from "../src/reports/model.ts";
import { runReport } from "../src/reports/run.ts";
import { APP_DISPLAY_NAME } from "../src/views/ids.ts";
import {
  buildConnectModal,
  buildDateErrorMessage,
  buildEfaxUnavailableMessage,
  buildHelpMessage,
  buildHomeView,
  buildNotConnectedMessage,
  buildReportMessage,
  buildSharedMessage,
  buildStatusMessage,
  buildThreadDetails,
  buildUnknownCommandMessage,
  type SlackMessage,
} from "../src/views/index.ts";

/** The report day of every picture, and the viewer's today. */
const DAY: Day = "2026-11-26";
const TODAY: Day = "2026-11-27";
/** "Now" for Slack's relative dates (`{date_short_pretty}`): the morning of {@link TODAY}, UTC. */
const NOW = new Date(`${TODAY}T09:14:00Z`);

/** The people and channel in the pictures. */
const PEOPLE: Readonly<Record<string, string>> = { U07MAYACHEN: "Maya Chen" };
const SHARER = "U07MAYACHEN";
const CHANNEL = "fax-ops";

/** Shortcodes a view might use, as the characters Slack shows for them. */
const EMOJI: Readonly<Record<string, string>> = {
  white_check_mark: "✅",
  warning: "⚠️",
  x: "❌",
  hourglass_flowing_sand: "⏳",
  test_tube: "🧪",
  thread: "🧵",
  fax: "📠",
  bar_chart: "📊",
  calendar: "📆",
  lock: "🔒",
  wave: "👋",
  tada: "🎉",
  information_source: "ℹ️",
  page_facing_up: "📄",
};

function html(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function shortcodes(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}

/** Emoji in the colour font, as Slack draws them as pictures rather than text glyphs. */
function colourEmoji(markup: string): string {
  return markup.replace(
    /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/gu,
    (e) => `<span class="emoji">${e}</span>`,
  );
}

const utc = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-US", { timeZone: "UTC", ...options });
const SHORT_DATE = utc({ month: "short", day: "numeric", year: "numeric" });
const TIME = utc({ hour: "numeric", minute: "2-digit" });

/** Slack's `<!date^seconds^format|fallback>`, in UTC; unknown tokens fall back as Slack does. */
function slackDate(seconds: number, format: string, fallback: string): string {
  const at = new Date(seconds * 1000);
  const dayStart = (d: Date) => Date.parse(d.toISOString().slice(0, 10));
  const daysAgo = (dayStart(NOW) - dayStart(at)) / 864e5;
  const pretty = daysAgo === 0 ? "today" : daysAgo === 1 ? "yesterday" : SHORT_DATE.format(at);
  const tokens: Record<string, string> = {
    date_num: at.toISOString().slice(0, 10),
    date_short: SHORT_DATE.format(at),
    date_short_pretty: pretty,
    time: TIME.format(at),
  };
  let known = true;
  const text = format.replace(/\{(\w+)\}/g, (_, token: string) => {
    const value = tokens[token];
    if (value === undefined) known = false;
    return value ?? "";
  });
  return known ? text : fallback;
}

/** The inside of a `<…>` in mrkdwn: mention, channel, special mention, date or link. */
function special(inner: string): string {
  const [target = "", label] = inner.split("|", 2);
  if (/^@[UW]/.test(target)) {
    return `<span class="mention">@${html(PEOPLE[target.slice(1)] ?? label ?? target.slice(1))}</span>`;
  }
  if (target.startsWith("#C")) return `<span class="mention">#${html(label ?? CHANNEL)}</span>`;
  const date = /^!date\^(\d+)\^([^^]*)/.exec(target);
  if (date) return html(slackDate(Number(date[1]), date[2] ?? "", unescapeSlack(label ?? "")));
  if (target.startsWith("!")) return `<span class="mention">@${html(target.slice(1))}</span>`;
  return `<a>${html(unescapeSlack(label ?? target))}</a>`;
}

/** Slack mrkdwn to HTML: code spans and `<…>` first, then bold, italic, strike and shortcodes. */
function mrkdwnHtml(text: string): string {
  const kept: string[] = [];
  const keep = (markup: string) => `\uE000${kept.push(markup) - 1}\uE001`;
  const marked = text
    .replace(/`([^`\n]+)`/g, (_, code: string) => keep(`<code>${html(unescapeSlack(code))}</code>`))
    .replace(/<([^<>\n]+)>/g, (_, inner: string) => keep(special(inner)));
  const styled = html(shortcodes(unescapeSlack(marked)))
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, "$1<b>$2</b>")
    .replace(/(^|[^\w_])_(?!\s)([^_\n]+?)_(?!\w)/g, "$1<i>$2</i>")
    .replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?!\w)/g, "$1<s>$2</s>")
    .replace(/\n/g, "<br>");
  return colourEmoji(styled.replace(/\uE000(\d+)\uE001/g, (_, i: string) => kept[Number(i)] ?? ""));
}

function textHtml(text: TextObject): string {
  if (text.type === "mrkdwn") return mrkdwnHtml(text.text);
  const words = text.emoji === false ? text.text : shortcodes(text.text);
  return colourEmoji(html(words).replace(/\n/g, "<br>"));
}

function elementHtml(element: ActionsBlockElement | SectionBlockAccessory): string {
  switch (element.type) {
    case "button": {
      const style = element.style ? ` ${element.style}` : "";
      return `<span class="button${style}">${textHtml(element.text)}</span>`;
    }
    case "static_select": {
      const shown = element.initial_option?.text ?? element.placeholder;
      const label = shown ? textHtml(shown) : "Select an item";
      return `<span class="button menu">${label}<span class="chevron">⌄</span></span>`;
    }
    case "overflow":
      return `<span class="button overflow">⋮</span>`;
    case "datepicker": {
      const day = element.initial_date;
      const label = day
        ? html(SHORT_DATE.format(new Date(`${day}T12:00:00Z`)))
        : element.placeholder
          ? textHtml(element.placeholder)
          : "Select a date";
      return `<span class="button menu"><span class="emoji">📅</span>${label}<span class="chevron">⌄</span></span>`;
    }
    case "image":
      return `<span class="image">[image: ${html(element.alt_text)}]</span>`;
    default:
      return `<span class="button unsupported">[${html(element.type)}: not drawn]</span>`;
  }
}

function contextHtml(element: ContextBlockElement): string {
  if (element.type === "image") return `<span class="image">[${html(element.alt_text)}]</span>`;
  return `<span>${textHtml(element)}</span>`;
}

/** The blocks this preview draws; anything else is shown as "not drawn". */
type DrawnBlock =
  | HeaderBlock
  | SectionBlock
  | ContextBlock
  | DividerBlock
  | ActionsBlock
  | InputBlock;
const DRAWN_TYPES: ReadonlySet<string> = new Set([
  "header",
  "section",
  "context",
  "divider",
  "actions",
  "input",
]);

function inputHtml(block: InputBlock): string {
  const placeholder =
    "placeholder" in block.element && block.element.placeholder
      ? textHtml(block.element.placeholder)
      : "";
  const hint = block.hint ? `<div class="muted">${textHtml(block.hint)}</div>` : "";
  return `<div class="input"><b>${textHtml(block.label)}</b><div class="field">${placeholder}</div>${hint}</div>`;
}

function isDrawn(block: AnyBlock): block is DrawnBlock {
  return DRAWN_TYPES.has(block.type);
}

function blockHtml(block: AnyBlock): string {
  if (!isDrawn(block)) {
    return `<div class="unsupported">[${html(block.type)} block: not drawn by this preview]</div>`;
  }
  switch (block.type) {
    case "header":
      return `<div class="header">${textHtml(block.text)}</div>`;
    case "section": {
      const text = block.text ? `<div>${textHtml(block.text)}</div>` : "";
      const fields = block.fields
        ? `<div class="fields">${block.fields.map((f) => `<div>${textHtml(f)}</div>`).join("")}</div>`
        : "";
      const accessory = block.accessory
        ? `<div class="accessory">${elementHtml(block.accessory)}</div>`
        : "";
      return `<div class="section"><div class="grow">${text}${fields}</div>${accessory}</div>`;
    }
    case "context":
      return `<div class="context">${block.elements.map(contextHtml).join("")}</div>`;
    case "divider":
      return `<hr class="divider">`;
    case "actions":
      return `<div class="actions">${block.elements.map(elementHtml).join("")}</div>`;
    case "input":
      return inputHtml(block);
  }
}

function blocksHtml(blocks: readonly AnyBlock[]): string {
  return `<div class="blocks">${blocks.map(blockHtml).join("")}</div>`;
}

interface MessageOptions {
  time: string;
  /** "Only visible to you" above the name, as for a slash command's reply. */
  ephemeral?: boolean;
  /** A follow-up from the same sender: Slack drops the avatar and name line. */
  continued?: boolean;
}

function messageHtml(content: string, options: MessageOptions): string {
  if (options.continued) {
    return `<div class="message continued"><div class="gutter"></div><div class="content">${content}</div></div>`;
  }
  const note = options.ephemeral ? `<div class="ephemeral">👁 Only visible to you</div>` : "";
  return `<div class="message">${note}<div class="row"><div class="avatar">📠</div><div class="content">
<div class="name"><b>${html(APP_DISPLAY_NAME)}</b><span class="app">APP</span><span class="time">${options.time}</span></div>
${content}</div></div></div>`;
}

function fileHtml(filename: string, bytes: number): string {
  return `<div class="file"><div class="file-icon">CSV</div><div><b>${html(filename)}</b><div class="muted">CSV · ${formatBytes(bytes)}</div></div></div>`;
}

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1d1c1d; width: 900px;
  font: 15px/1.46668 Lato, "Noto Sans", "DejaVu Sans", "Noto Color Emoji", sans-serif; }
.emoji { font-family: "Noto Color Emoji"; font-weight: normal; font-style: normal; }
.bar { display: flex; align-items: center; gap: 8px; height: 49px; padding: 0 20px;
  border-bottom: 1px solid #e2e2e2; font-size: 18px; font-weight: 900; }
.bar .muted { font-size: 13px; font-weight: normal; }
.muted { color: #616061; font-size: 13px; }
.message { padding: 8px 20px; }
.message.continued { display: flex; padding-top: 0; }
.row { display: flex; }
.gutter { width: 44px; flex: none; }
.avatar { width: 36px; height: 36px; margin-right: 8px; flex: none; border-radius: 6px;
  background: #1264a3; display: flex; align-items: center; justify-content: center;
  font-family: "Noto Color Emoji"; font-size: 20px; }
.content { flex: 1; min-width: 0; }
.name { line-height: 22px; }
.name b { font-weight: 900; }
.app { margin-left: 4px; padding: 1px 3px; border-radius: 2px; background: rgba(29,28,29,.13);
  color: rgba(29,28,29,.7); font-size: 10px; font-weight: 700; vertical-align: 1px; }
.time { margin-left: 8px; color: #616061; font-size: 12px; }
.ephemeral { margin: 0 0 4px 44px; color: #616061; font-size: 13px; }
.blocks > * { margin: 4px 0; }
.header { margin-top: 8px !important; font-size: 18px; font-weight: 900; line-height: 1.33; }
.section { display: flex; gap: 12px; }
.grow { flex: 1; min-width: 0; }
.fields { display: grid; grid-template-columns: 1fr 1fr; column-gap: 16px; row-gap: 8px; margin-top: 2px; }
.context { color: #616061; font-size: 13px; line-height: 1.38; }
.context > span + span { margin-left: 8px; }
.divider { border: 0; border-top: 1px solid #dddddd; margin: 12px 0 !important; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; padding: 4px 0; }
.button { display: inline-flex; align-items: center; height: 28px; padding: 0 12px;
  border: 1px solid rgba(29,28,29,.3); border-radius: 4px; background: #fff;
  font-size: 13px; font-weight: 700; white-space: nowrap; }
.button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.button.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.button.menu { font-weight: 400; }
.button .emoji { margin-right: 6px; }
.chevron { margin-left: 8px; font-size: 14px; line-height: 1; position: relative; top: -3px; }
.unsupported { color: #e01e5a; font-size: 13px; }
b { font-weight: 700; }
code { padding: 2px 3px 1px; border: 1px solid rgba(29,28,29,.13); border-radius: 3px;
  background: rgba(29,28,29,.04); color: #c01343; font: 12px "DejaVu Sans Mono", monospace; }
.mention { padding: 0 2px; border-radius: 3px; background: rgba(29,155,209,.1); color: #1264a3; }
a { color: #1264a3; }
.replies { display: flex; align-items: center; gap: 8px; margin: 4px 0 0 44px; font-size: 13px; }
.replies .avatar { width: 24px; height: 24px; margin: 0; border-radius: 4px; font-size: 13px; }
.replies b { color: #1264a3; }
.pane { margin-top: 12px; border-top: 1px solid #e2e2e2; }
.rule { display: flex; align-items: center; gap: 12px; padding: 4px 20px; color: #616061; font-size: 13px; }
.rule::after { content: ""; flex: 1; border-top: 1px solid #e2e2e2; }
.file { display: flex; align-items: center; gap: 12px; width: 360px; margin-top: 4px; padding: 12px;
  border: 1px solid rgba(29,28,29,.13); border-radius: 8px; }
.file-icon { width: 40px; height: 40px; border-radius: 6px; background: #2e7d32; color: #fff;
  display: flex; align-items: center; justify-content: center; font-size: 11px; font-weight: 900; }
.tabs { display: flex; gap: 24px; padding: 0 20px; border-bottom: 1px solid #e2e2e2; font-size: 14px; }
.tabs span { padding: 10px 0; color: #616061; }
.tabs .on { color: #1d1c1d; font-weight: 700; box-shadow: inset 0 -2px #1264a3; }
.home { padding: 8px 24px 16px; }
.input { margin: 12px 0 !important; }
.field { margin: 4px 0; padding: 8px 10px; border: 1px solid rgba(29,28,29,.3); border-radius: 4px;
  color: #868686; }
.modal { width: 520px; margin: 16px auto; border: 1px solid #ddd; border-radius: 8px;
  box-shadow: 0 4px 12px rgba(0,0,0,.12); }
.modal .bar { justify-content: space-between; }
.modal .body { padding: 4px 24px 12px; }
.modal .foot { display: flex; justify-content: flex-end; gap: 8px; padding: 16px 24px;
  border-top: 1px solid #e2e2e2; }
`;

/** A page whose own script records its height, so the screenshot can be cut to fit. */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title><style>${CSS}</style></head>
<body>${body}
<script>document.body.dataset.height = String(document.documentElement.scrollHeight);</script>
</body></html>
`;
}

/** The three pages, by picture name, each from the app's real views on the sample data. */
async function buildPages(): Promise<Record<string, string>> {
  const source = createSampleSource();
  const day = { from: DAY, to: DAY };
  const failures = await runReport(source, "failures", day, { sample: true });
  const summary = await runReport(source, "summary", day);
  const week = await runReport(
    source,
    "overview",
    { from: "2026-11-20", to: DAY },
    { previous: false },
  );

  const channelBar = `<div class="bar"># ${CHANNEL}</div>`;
  const result = buildReportMessage(failures, { today: TODAY });
  const failuresPage = page(
    "/efax failures yesterday",
    `${channelBar}${messageHtml(blocksHtml(result.blocks), { time: "9:14 AM", ephemeral: true })}`,
  );

  const shared = buildSharedMessage(failures, { sharedBy: SHARER });
  const details = buildThreadDetails(failures);
  const files = csvFiles(failures);
  const replies = [
    ...details.map((message) => blocksHtml(message.blocks)),
    ...files.map((file) => fileHtml(file.filename, Buffer.byteLength(file.content))),
  ];
  const count = `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`;
  const sharedPage = page(
    "Shared report and its thread",
    `${channelBar}${messageHtml(
      `${blocksHtml(shared.blocks)}<div class="replies"><div class="avatar">📠</div><b>${count}</b><span class="muted">Last reply today at 9:16 AM</span></div>`,
      { time: "9:16 AM" },
    )}
<div class="pane"><div class="bar">Thread <span class="muted"># ${CHANNEL}</span></div>
<div class="rule">${count}</div>
${replies.map((reply, i) => messageHtml(reply, { time: "9:16 AM", continued: i > 0 })).join("")}</div>`,
  );

  const home = buildHomeView({
    mode: "connected",
    today: TODAY,
    canManage: true,
    account: {
      usernameMasked: "ac…me",
      connectedBy: SHARER,
      connectedAt: new Date("2026-11-02T15:04:00Z"),
    },
    problem: null,
    yesterday: summary,
    numbers: null,
    week,
  });
  const homePage = page(
    "App Home",
    `<div class="bar"><div class="avatar">📠</div>${html(APP_DISPLAY_NAME)}</div>
<div class="tabs"><span class="on">Home</span><span>Messages</span><span>About</span></div>
<div class="home">${blocksHtml(home.blocks)}</div>`,
  );

  return {
    "failures-report": failuresPage,
    "shared-thread": sharedPage,
    "app-home": homePage,
  };
}

function ephemeralPage(title: string, message: SlackMessage): string {
  return page(
    title,
    `<div class="bar"># ${CHANNEL}</div>${messageHtml(blocksHtml(message.blocks), { time: "9:14 AM", ephemeral: true })}`,
  );
}

function threadPage(title: string, report: AnyReport): string {
  const shared = buildSharedMessage(report, { sharedBy: SHARER });
  const replies = [
    ...buildThreadDetails(report).map((message) => blocksHtml(message.blocks)),
    ...csvFiles(report).map((file) => fileHtml(file.filename, Buffer.byteLength(file.content))),
  ];
  return page(
    title,
    `<div class="bar"># ${CHANNEL}</div>${messageHtml(blocksHtml(shared.blocks), { time: "9:16 AM" })}
<div class="pane"><div class="bar">Thread</div>
${replies.map((reply, i) => messageHtml(reply, { time: "9:16 AM", continued: i > 0 })).join("")}</div>`,
  );
}

function homeHtml(title: string, view: View): string {
  return page(
    title,
    `<div class="bar"><div class="avatar">📠</div>${html(APP_DISPLAY_NAME)}</div>
<div class="tabs"><span class="on">Home</span><span>Messages</span><span>About</span></div>
<div class="home">${blocksHtml(view.blocks)}</div>`,
  );
}

function modalHtml(view: View): string {
  if (view.type !== "modal") throw new Error("modalHtml draws modals only");
  const submit = view.submit ? `<span class="button primary">${textHtml(view.submit)}</span>` : "";
  const close = view.close ? `<span class="button">${textHtml(view.close)}</span>` : "";
  return page(
    textHtml(view.title),
    `<div class="modal"><div class="bar">${textHtml(view.title)}<span class="muted">✕</span></div>
<div class="body">${blocksHtml(view.blocks)}</div><div class="foot">${close}${submit}</div></div>`,
  );
}

/** Every other view, for reviewing them (`--all`); not used for the README. */
async function buildReviewPages(): Promise<Record<string, string>> {
  const source = createSampleSource();
  const day = { from: DAY, to: DAY };
  const week = { from: "2026-11-20", to: DAY };
  const run = (name: Parameters<typeof runReport>[1], range = day) =>
    runReport(source, name, range, { sample: true });
  const pages: Record<string, string> = {};
  for (const name of ["overview", "numbers", "billable", "summary"] as const) {
    pages[`${name}-report`] = ephemeralPage(
      name,
      buildReportMessage(await run(name), { today: TODAY }),
    );
  }
  for (const name of ["overview", "numbers", "failures", "billable", "summary"] as const) {
    const report = await run(name, week);
    pages[`${name}-week`] = ephemeralPage(
      `${name} week`,
      buildReportMessage(report, { today: TODAY }),
    );
    pages[`${name}-week-thread`] = threadPage(`${name} week shared`, report);
  }
  pages["summary-thread"] = threadPage("summary shared", await run("summary"));
  pages["billable-thread"] = threadPage("billable shared", await run("billable"));
  pages.help = ephemeralPage("help", buildHelpMessage());
  pages.status = ephemeralPage(
    "status",
    buildStatusMessage({
      account: {
        usernameMasked: "ac…me",
        connectedBy: SHARER,
        connectedAt: new Date("2026-11-02T15:04:00Z"),
      },
      usesServerAccount: false,
      reportTimeZone: null,
      userTimeZone: "America/Chicago",
      store: "upstash",
      canManage: true,
    }),
  );
  const errors = [
    buildNotConnectedMessage({
      canManage: false,
      admins: [SHARER],
      sample: { name: "failures", ...day, sample: false },
    }),
    buildDateErrorMessage({
      error: new DateNotUnderstoodError("banana", null),
      report: "failures",
    }),
    buildEfaxUnavailableMessage("slow"),
    buildUnknownCommandMessage({ word: "failrues", suggestion: "failures" }),
  ];
  pages.errors = page(
    "errors",
    `<div class="bar"># ${CHANNEL}</div>${errors.map((m) => messageHtml(blocksHtml(m.blocks), { time: "9:14 AM", ephemeral: true })).join("")}`,
  );
  pages["connect-modal"] = modalHtml(buildConnectModal());
  const options = { sample: true };
  pages["home-sample"] = homeHtml(
    "sample home",
    buildHomeView({
      mode: "sample",
      today: TODAY,
      canManage: true,
      connected: false,
      yesterday: await runReport(source, "summary", day, options),
      numbers: await runReport(source, "numbers", day, options),
      week: await runReport(source, "overview", week, { sample: true, previous: false }),
    }),
  );
  pages["home-not-connected"] = homeHtml(
    "not connected home",
    buildHomeView({ mode: "not-connected", today: TODAY, canManage: false, admins: [SHARER] }),
  );
  return pages;
}

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--hide-scrollbars",
];

function chromium(binary: string, profile: string, args: readonly string[]): string {
  try {
    return execFileSync(binary, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Could not run Chromium at ${binary} (install Debian's chromium or pass --chromium): ${reason}`,
    );
  }
}

/** Lays the page out at 900 px wide, reads its height, then screenshots exactly that much. */
function screenshot(binary: string, scale: number, htmlFile: string, pngFile: string): void {
  const profile = mkdtempSync(join(tmpdir(), "render-previews-chromium-"));
  try {
    const url = `file://${htmlFile}`;
    const dom = chromium(binary, profile, ["--window-size=900,600", "--dump-dom", url]);
    const height = Number(/data-height="(\d+)"/.exec(dom)?.[1]);
    if (!Number.isInteger(height) || height <= 0) {
      throw new Error(`Could not measure the page height of ${htmlFile}`);
    }
    chromium(binary, profile, [
      `--window-size=900,${height}`,
      `--force-device-scale-factor=${scale}`,
      `--screenshot=${pngFile}`,
      url,
    ]);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Fewer colours, same look: a third of the size or less. Skipped when pngquant is missing. */
function shrink(pngFile: string): boolean {
  try {
    execFileSync("pngquant", ["--quality=80-98", "--speed=1", "--force", "--ext=.png", pngFile], {
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
}

const { values: options } = parseArgs({
  options: {
    out: { type: "string", default: "docs/images" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    scale: { type: "string", default: "2" },
    "html-only": { type: "boolean", default: false },
    all: { type: "boolean", default: false },
  },
});
const scale = Number(options.scale);
if (!(scale >= 1 && scale <= 3)) throw new Error("--scale must be a number from 1 to 3");
const outDir = resolve(options.out);
mkdirSync(outDir, { recursive: true });
const pages = options.all
  ? { ...(await buildPages()), ...(await buildReviewPages()) }
  : await buildPages();
const work = options["html-only"] ? outDir : mkdtempSync(join(tmpdir(), "render-previews-"));
try {
  for (const [name, markup] of Object.entries(pages)) {
    const htmlFile = join(work, `${name}.html`);
    writeFileSync(htmlFile, markup);
    if (options["html-only"]) {
      console.log(htmlFile);
      continue;
    }
    const pngFile = join(outDir, `${name}.png`);
    screenshot(options.chromium, scale, htmlFile, pngFile);
    const note = shrink(pngFile) ? "" : " (pngquant not found: not shrunk)";
    console.log(`${pngFile}  ${formatBytes(statSync(pngFile).size)}${note}`);
  }
} finally {
  if (!options["html-only"]) rmSync(work, { recursive: true, force: true });
}
