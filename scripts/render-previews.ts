/**
 * Pictures of real reports for the README: `node scripts/render-previews.ts` runs the report engine
 * on the sample data for a fixed day, passes the reports to the app's own `build*` view functions,
 * draws the Block Kit they return as static HTML pages styled like Slack, and screenshots them with
 * headless Chromium into `docs/images/` (`failures-report.png`, `shared-thread.png`,
 * `app-home.png`), shrunk with `pngquant` when it is installed.
 *
 * The drawing (Block Kit → Slack-like HTML) is the playground's, `src/playground/blockkit-html.ts`;
 * this script lays the pictures out (channel bar, thread pane, Home tabs) around it, with a fixed
 * day, time and people so the pictures do not change from run to run.
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
import type { View } from "@slack/types";
import { formatBytes } from "../bench/measure.ts";
import { type Chart, renderChartSync, sparklineChart } from "../src/charts/index.ts";
import type { Day } from "../src/dates/calendar.ts";
import { DateNotUnderstoodError } from "../src/dates/errors.ts";
import { createSampleSource } from "../src/efax/sandbox.ts";
import {
  blocksHtml,
  type DrawContext,
  fileHtml,
  messageHtml,
  type Sender,
  SLACK_CSS,
  textHtml,
} from "../src/playground/blockkit-html.ts";
import { csvFiles } from "../src/reports/csv.ts";
import type { AnyReport } from "../src/reports/model.ts";
import { runReport } from "../src/reports/run.ts";
import { chartForReport } from "../src/services/charts.ts";
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
  type ChartDisplay,
  type SlackMessage,
} from "../src/views/index.ts";
import { escapeMarkup } from "../src/views/markup.ts";
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from "./chromium.ts";

/** The report day of every picture, and the viewer's today. */
const DAY: Day = "2026-11-26";
const TODAY: Day = "2026-11-27";
/** "Now" for Slack's relative dates (`{date_short_pretty}`): the morning of {@link TODAY}, UTC. */
const NOW = new Date(`${TODAY}T09:14:00Z`);

/** The people and channel in the pictures. */
const PEOPLE: Readonly<Record<string, string>> = { U07MAYACHEN: "Maya Chen" };
const SHARER = "U07MAYACHEN";
const CHANNEL = "fax-ops";

/** The charts the pictures show, as `data:` URLs by the file id their image blocks name. */
const FILES: Record<string, string> = {};

/** How the pictures draw mentions, dates and charts: in UTC, on the morning of {@link TODAY}. */
const DRAW: DrawContext = {
  people: PEOPLE,
  timeZone: "UTC",
  now: NOW,
  fileUrl: (fileId) => FILES[fileId],
};

/** `chart` as an uploaded file the pictures can show, under a made-up Slack file id. */
function shown(chart: Chart | null): ChartDisplay | null {
  if (!chart) return null;
  const fileId = `F0CHART${String(Object.keys(FILES).length + 1).padStart(4, "0")}`;
  FILES[fileId] = `data:image/png;base64,${Buffer.from(renderChartSync(chart)).toString("base64")}`;
  return { kind: "image", fileId, altText: chart.altText, title: chart.title };
}

/** The chart the app shows with `report` (a single day only when it is unusual), drawn. */
async function reportChart(report: AnyReport): Promise<ChartDisplay | null> {
  const source = createSampleSource();
  const { chart } = await chartForReport(
    report,
    (name, range) => runReport(source, name, range, { previous: false, sample: report.sample }),
    { singleDay: "when-unusual" },
  );
  return shown(chart);
}
const APP: Sender = { name: APP_DISPLAY_NAME, avatar: "📠", app: true };

function blocks(list: Parameters<typeof blocksHtml>[0]): string {
  return blocksHtml(list, DRAW);
}

function messageFrame(
  content: string,
  options: { time: string; ephemeral?: boolean; continued?: boolean },
): string {
  return messageHtml(content, { sender: APP, ...options });
}

const CSS = `${SLACK_CSS}
body { margin: 0; width: 900px; }
`;

/** A page whose own script records its height, so the screenshot can be cut to fit. */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeMarkup(title)}</title><style>${CSS}</style></head>
<body class="slack">${body}
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
  const chart = await reportChart(failures);
  const result = buildReportMessage(failures, { today: TODAY, chart });
  const failuresPage = page(
    "/efax failures yesterday",
    `${channelBar}${messageFrame(blocks(result.blocks), { time: "9:14 AM", ephemeral: true })}`,
  );

  const shared = buildSharedMessage(failures, { sharedBy: SHARER, chart });
  const details = buildThreadDetails(failures);
  const files = csvFiles(failures);
  const replies = [
    ...details.map((message) => blocks(message.blocks)),
    ...files.map((file) =>
      fileHtml({ filename: file.filename, size: Buffer.byteLength(file.content) }),
    ),
  ];
  const count = `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`;
  const sharedPage = page(
    "Shared report and its thread",
    `${channelBar}${messageFrame(
      `${blocks(shared.blocks)}<div class="replies"><div class="avatar">📠</div><b>${count}</b><span class="muted">Last reply today at 9:16 AM</span></div>`,
      { time: "9:16 AM" },
    )}
<div class="pane"><div class="bar">Thread <span class="muted"># ${CHANNEL}</span></div>
<div class="rule">${count}</div>
${replies.map((reply, i) => messageFrame(reply, { time: "9:16 AM", continued: i > 0 })).join("")}</div>`,
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
    weekChart: shown(sparklineChart(week)),
  });
  const homePage = page(
    "App Home",
    `<div class="bar"><div class="avatar">📠</div>${escapeMarkup(APP_DISPLAY_NAME)}</div>
<div class="tabs"><span class="on">Home</span><span>Messages</span><span>About</span></div>
<div class="home">${blocks(home.blocks)}</div>`,
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
    `<div class="bar"># ${CHANNEL}</div>${messageFrame(blocks(message.blocks), { time: "9:14 AM", ephemeral: true })}`,
  );
}

async function threadPage(title: string, report: AnyReport): Promise<string> {
  const chart = await reportChart(report);
  const shared = buildSharedMessage(report, { sharedBy: SHARER, chart });
  const replies = [
    ...buildThreadDetails(report).map((message) => blocks(message.blocks)),
    ...csvFiles(report).map((file) =>
      fileHtml({ filename: file.filename, size: Buffer.byteLength(file.content) }),
    ),
  ];
  return page(
    title,
    `<div class="bar"># ${CHANNEL}</div>${messageFrame(blocks(shared.blocks), { time: "9:16 AM" })}
<div class="pane"><div class="bar">Thread</div>
${replies.map((reply, i) => messageFrame(reply, { time: "9:16 AM", continued: i > 0 })).join("")}</div>`,
  );
}

function homeHtml(title: string, view: View): string {
  return page(
    title,
    `<div class="bar"><div class="avatar">📠</div>${escapeMarkup(APP_DISPLAY_NAME)}</div>
<div class="tabs"><span class="on">Home</span><span>Messages</span><span>About</span></div>
<div class="home">${blocks(view.blocks)}</div>`,
  );
}

function modalHtml(view: View): string {
  if (view.type !== "modal") throw new Error("modalHtml draws modals only");
  const submit = view.submit
    ? `<button type="button" class="button primary">${textHtml(view.submit, DRAW)}</button>`
    : "";
  const close = view.close
    ? `<button type="button" class="button">${textHtml(view.close, DRAW)}</button>`
    : "";
  return page(
    textHtml(view.title, DRAW),
    `<div class="modal"><div class="bar">${textHtml(view.title, DRAW)}<span class="muted">✕</span></div>
<div class="body">${blocks(view.blocks)}</div><div class="foot">${close}${submit}</div></div>`,
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
      buildReportMessage(report, { today: TODAY, chart: await reportChart(report) }),
    );
    pages[`${name}-week-thread`] = await threadPage(`${name} week shared`, report);
  }
  pages["summary-thread"] = await threadPage("summary shared", await run("summary"));
  pages["billable-thread"] = await threadPage("billable shared", await run("billable"));
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
    `<div class="bar"># ${CHANNEL}</div>${errors.map((m) => messageFrame(blocks(m.blocks), { time: "9:14 AM", ephemeral: true })).join("")}`,
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

function chromium(binary: string, profile: string, args: readonly string[]): string {
  try {
    return execFileSync(
      binary,
      [...CHROMIUM_FLAGS, "--hide-scrollbars", `--user-data-dir=${profile}`, ...args],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
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
    chromium: { type: "string", default: DEFAULT_CHROMIUM },
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
