/**
 * Charts in Slack, end to end over real HTTP against the local Slack Web API: a range report is
 * answered with its chart uploaded (files upload v2, shared with no channel) and shown in an image
 * block naming the file; Slack refusing a file it has not finished processing is waited out, and
 * a file it never shows (or an upload that fails) leaves the chart's words in the report instead;
 * Share carries the chart into the channel with the details in the thread; the Home shows the
 * week's sparkline; a single day gets its chart only when it is unusual for its weekday. Every
 * message stays within Slack's limits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Chart, renderChartSync, sparklineChart } from "../src/charts/index.ts";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import { createSampleSource } from "../src/efax/sandbox.ts";
import type { ReportName } from "../src/reports/catalog.ts";
import { runReport } from "../src/reports/run.ts";
import { chartForReport } from "../src/services/charts.ts";
import { ACTION_IDS } from "../src/views/ids.ts";
import { checkMessage, checkView } from "../src/views/limits.ts";
import { encodeReportRef } from "../src/views/report-ref.ts";
import { decodePng } from "./support/png.ts";
import { FILE_UPLOAD_METHOD, type RecordedCall } from "./support/slack-api-server.ts";
import { appHomeOpened, blockAction, messageTs, SLACK_TEST_IDS } from "./support/slack-requests.ts";
import { isFinalAnswer, type RunningApp, startApp } from "./support/start-app.ts";
import { visibleText } from "./support/view-text.ts";

const ZONE = "America/New_York";
const TEAM = SLACK_TEST_IDS.teamId;
const MONTH = { from: "2026-11-01", to: "2026-11-30" };
const MONTH_WORDS = "from 2026-11-01 to 2026-11-30";
/** In the sample data, the failures report of Thu 26 Nov 2026 is unusually high for a Thursday… */
const UNUSUAL_DAY = "2026-11-26";
/** …and that of Thu 19 Nov 2026 normal. */
const NORMAL_DAY = "2026-11-19";

type Block = Record<string, unknown>;

/** The answer Slack took: not the "Getting …" note, not a post it refused. */
const shownAnswer = (call: RecordedCall) => call.status === 200 && isFinalAnswer(call);

function blocksOf(body: Record<string, unknown> | undefined): Block[] {
  const blocks = body?.blocks ?? (body?.view as Block | undefined)?.blocks;
  return Array.isArray(blocks) ? (blocks as Block[]) : [];
}

function imagesOf(body: Record<string, unknown> | undefined): Block[] {
  return blocksOf(body).filter((block) => block.type === "image");
}

/** The chart the app should draw for `name` over `range`: the same data the local eFax serves. */
async function expectedChart(name: ReportName, range: { from: string; to: string }) {
  const source = createSampleSource();
  const report = await runReport(source, name, range, { previous: false });
  const { chart } = await chartForReport(
    report,
    (n, r) => runReport(source, n, r, { previous: false, rankings: false }),
    { singleDay: "when-unusual" },
  );
  return chart;
}

/** Chart files: uploads completed without a channel (the CSV is shared to one). */
function chartUploads(app: RunningApp): RecordedCall[] {
  return app.slack
    .callsTo("files.completeUploadExternal")
    .filter((call) => call.body.channel_id === undefined);
}

function uploadedId(call: RecordedCall | undefined): string {
  const files = call?.body.files as { id: string }[] | undefined;
  return files?.[0]?.id ?? "";
}

describe("charts in Slack", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({ slack: { fallbackUser: { tz: ZONE } } });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    await app.idle();
    app.slack.reset();
    app.efax.setFault(null);
    app.services.chartRetryDelaysMs = [150, 300];
    await app.forget(TEAM);
    await app.connect();
  });

  it("answers a range report with its chart, uploaded with files upload v2 and shown by file id", async () => {
    const expected = (await expectedChart("failures", MONTH)) as Chart;
    const { responseId } = await app.command(`failures ${MONTH_WORDS}`);
    const answer = await app.waitForResponse(responseId);

    // The upload: an upload URL for a PNG with its alt text, the bytes, completed with no channel.
    const [asked] = app.slack.callsTo("files.getUploadURLExternal");
    expect(asked?.body.filename).toBe("efax-reasons-2026-11-01-to-2026-11-30.png");
    expect(asked?.body.alt_text).toBe(expected.altText.slice(0, 1000));
    const completed = chartUploads(app);
    expect(completed).toHaveLength(1);
    const fileId = uploadedId(completed[0]);
    const bytes = app.slack.file(fileId)?.bytes ?? Buffer.alloc(0);
    expect(bytes.equals(Buffer.from(renderChartSync(expected)))).toBe(true);
    const png = decodePng(bytes);
    expect([png.width, png.height]).toEqual([960, 600]);
    expect(app.slack.callsTo(FILE_UPLOAD_METHOD).every(shownAnswer)).toBe(true);

    // The answer: an image block naming that file, with the chart's alt text, under the heading.
    const images = imagesOf(answer.body);
    expect(images).toEqual([
      {
        type: "image",
        slack_file: { id: fileId },
        alt_text: expected.altText,
      },
    ]);
    expect(blocksOf(answer.body)[0]?.type).toBe("header");
    expect(expected.altText).toMatch(/^Failures per day by reason, 1–30 Nov 2026: /);
    expect(expected.altText).toContain("Unusually high against the same weekday");
    expect(checkMessage(answer.body)).toEqual([]);
    expect(visibleText(answer.body)).toContain("Why faxes failed");
  });

  it("waits for Slack to finish processing a new file, then shows it", async () => {
    app.slack.setFileReadyAfter(250);
    const { responseId } = await app.command(`overview ${MONTH_WORDS}`);
    const answer = await app.waitForResponse(responseId, shownAnswer);
    const posts = app.responseUrlPosts(responseId).filter(isFinalAnswer);
    // Refused while the file is processed (Slack says invalid_blocks), then shown.
    expect(posts[0]?.status).toBe(400);
    expect(posts[0]?.response).toEqual({ ok: false, error: "invalid_blocks" });
    expect(posts.at(-1)).toBe(answer);
    const [image] = imagesOf(answer.body);
    expect(image?.slack_file).toEqual({ id: uploadedId(chartUploads(app)[0]) });
    expect(String(image?.alt_text)).toMatch(/^Faxes per day, 1–30 Nov 2026: /);
    expect(checkMessage(answer.body)).toEqual([]);
  });

  it("keeps the report and shows the chart's words when Slack never shows the file", async () => {
    app.slack.setFileReadyAfter(Number.POSITIVE_INFINITY);
    const expected = (await expectedChart("overview", MONTH)) as Chart;
    const { responseId } = await app.command(`overview ${MONTH_WORDS}`);
    const answer = await app.waitForResponse(responseId, shownAnswer);
    const posts = app.responseUrlPosts(responseId).filter(isFinalAnswer);
    // Three tries with the image (at once, then after each wait), then the words.
    expect(posts.map((post) => [post.status, imagesOf(post.body).length])).toEqual([
      [400, 1],
      [400, 1],
      [400, 1],
      [200, 0],
    ]);
    expect(imagesOf(answer.body)).toEqual([]);
    const line = blocksOf(answer.body).find((block) => JSON.stringify(block).includes("📈"));
    expect(line?.type).toBe("context");
    expect(visibleText({ blocks: [line] })).toContain(`📈 ${expected.altText}`);
    expect(visibleText(answer.body)).toContain("Account overview");
    expect(checkMessage(answer.body)).toEqual([]);
    expect(app.logs.join("\n")).toContain("Slack would not show a chart after 3 tries");
  });

  it("shows the chart's words at once when the chart cannot be uploaded", async () => {
    app.slack.failNext("files.getUploadURLExternal", { error: "missing_scope" });
    const { responseId } = await app.command(`billable ${MONTH_WORDS}`);
    const answer = await app.waitForResponse(responseId);
    expect(app.responseUrlPosts(responseId).filter((p) => p.status !== 200)).toEqual([]);
    expect(imagesOf(answer.body)).toEqual([]);
    expect(visibleText(answer.body)).toContain("📈 Billable pages per day, 1–30 Nov 2026: ");
    expect(checkMessage(answer.body)).toEqual([]);
  });

  it("shares a range with its chart in the channel and the details in the thread, uploading it once", async () => {
    const { responseId } = await app.command(`failures ${MONTH_WORDS}`);
    await app.waitForResponse(responseId);
    expect(chartUploads(app)).toHaveLength(1);
    const fileId = uploadedId(chartUploads(app)[0]);

    const shareId = `act-${messageTs()}`;
    const value = encodeReportRef({ name: "failures", ...MONTH, sample: false });
    await app.send(
      blockAction({
        actionId: ACTION_IDS.share,
        value,
        responseUrl: app.slack.responseUrl(shareId),
      }),
    );
    await app.waitForResponse(shareId);
    const [main, ...thread] = app.slack.messages(SLACK_TEST_IDS.channelId);
    expect(imagesOf({ blocks: main?.blocks })).toEqual([
      expect.objectContaining({ type: "image", slack_file: { id: fileId } }),
    ]);
    expect(visibleText({ blocks: main?.blocks })).toContain(
      "details and the CSV are in the thread",
    );
    expect(thread.length).toBeGreaterThan(0);
    expect(
      thread.every((m) => m.threadTs === main?.ts && imagesOf({ blocks: m.blocks }).length === 0),
    ).toBe(true);
    // The same picture: the file uploaded for the answer is reused.
    expect(chartUploads(app)).toHaveLength(1);
    const posted = app.slack.callsTo("chat.postMessage").filter((call) => call.status === 200);
    expect(posted.length).toBe(1 + thread.filter((m) => m.files === undefined).length);
    for (const call of posted) expect(checkMessage(call.body)).toEqual([]);
  });

  it("shows the week's sparkline on the Home, or its words when Slack will not show it", async () => {
    await app.send(appHomeOpened({ user: SLACK_TEST_IDS.userId }));
    await app.slack.waitFor(() => app.slack.callsTo("views.publish").length === 2);
    const home = app.slack.homeView(SLACK_TEST_IDS.userId) ?? {};
    const [image] = imagesOf(home);
    const published = app.slack.callsTo("views.publish").at(-1)?.body.view;
    const yesterday = addDays(dayInZone(new Date(), ZONE), -1);
    const week = await runReport(
      createSampleSource(),
      "overview",
      { from: addDays(yesterday, -6), to: yesterday },
      { previous: false },
    );
    expect(image).toEqual(
      expect.objectContaining({
        slack_file: { id: uploadedId(chartUploads(app)[0]) },
        alt_text: sparklineChart(week).altText,
      }),
    );
    expect(String(image?.alt_text)).toMatch(/^Failed faxes on each of the last 7 days, /);
    expect(checkView(published)).toEqual([]);

    await app.idle();
    app.slack.reset();
    await app.forget(TEAM);
    await app.connect();
    app.slack.setFileReadyAfter(Number.POSITIVE_INFINITY);
    await app.send(appHomeOpened({ user: SLACK_TEST_IDS.userId }));
    await app.slack.waitFor(
      () => app.slack.callsTo("views.publish").filter((c) => c.response.ok === true).length === 2,
    );
    const refused = app.slack.callsTo("views.publish").filter((c) => c.response.ok !== true);
    expect(refused).toHaveLength(3);
    expect(refused[0]?.response).toEqual({
      ok: false,
      error: "invalid_arguments",
      response_metadata: {
        messages: [
          expect.stringMatching(
            /^\[ERROR\] invalid slack file \[json-pointer:\/view\/blocks\/\d+\/slack_file\]$/,
          ),
        ],
      },
    });
    const fallback = app.slack.homeView(SLACK_TEST_IDS.userId) ?? {};
    expect(imagesOf(fallback)).toEqual([]);
    expect(visibleText(fallback)).toContain("📈 Failed faxes on each of the last 7 days");
    expect(checkView(app.slack.callsTo("views.publish").at(-1)?.body.view)).toEqual([]);
  });

  it("gives a single day a chart only when it is unusual for its weekday", async () => {
    const normal = await app.command(`failures ${NORMAL_DAY}`);
    const normalAnswer = await app.waitForResponse(normal.responseId);
    expect(imagesOf(normalAnswer.body)).toEqual([]);
    expect(JSON.stringify(normalAnswer.body)).not.toContain("📈");
    expect(chartUploads(app)).toHaveLength(0);
    // It was compared: the four Thursdays before were fetched.
    for (const day of ["2026-11-12", "2026-11-05", "2026-10-29", "2026-10-22"]) {
      expect(app.efax.requests.some((r) => r.path === `/v1/failures/${day}`)).toBe(true);
    }

    const unusual = await app.command(`failures ${UNUSUAL_DAY}`);
    const unusualAnswer = await app.waitForResponse(unusual.responseId);
    const expected = await expectedChart("failures", { from: UNUSUAL_DAY, to: UNUSUAL_DAY });
    expect(expected?.kind).toBe("weekday");
    const [image] = imagesOf(unusualAnswer.body);
    expect(image?.alt_text).toBe(expected?.altText);
    expect(String(image?.alt_text)).toMatch(
      /^Failures on Thu 26 Nov 2026: 187, unusually high: 1\.5 times the usual 122 for a Thursday/,
    );
    expect(checkMessage(unusualAnswer.body)).toEqual([]);
  });
});
