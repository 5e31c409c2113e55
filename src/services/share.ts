/**
 * Share to channel: a new channel message with the summary and its chart, crediting who shared
 * it, then the details and the CSV in its thread. Ephemeral messages cannot be converted, so the report is
 * rebuilt from the button's ref. A second click on the same message's Share posts nothing.
 */
import type { WebClient } from "@slack/web-api";
import { csvDownloads } from "../reports/csv.ts";
import type { AnyReport } from "../reports/model.ts";
import { storeKeys } from "../store/keys.ts";
import { buildSharedMessage, csvComment } from "../views/index.ts";
import { encodeReportRef, type ReportRef } from "../views/report-ref.ts";
import { inChannel, postThread } from "./channel-posts.ts";
import { planReportChart, showWithChart, uploadChart } from "./chart-images.ts";
import type { Services } from "./context.ts";
import { onceId } from "./dedup.ts";
import { describeError } from "./logging.ts";

/** How long a Share is remembered: longer than a response_url lives (30 minutes). */
export const SHARE_MEMORY_SECONDS = 86_400;

export interface ShareRequest {
  teamId: string;
  userId: string;
  channelId: string;
  /** Identifies the message the Share button was on (its container ts), so repeats are caught. */
  messageKey: string;
  ref: ReportRef;
}

export type ShareOutcome = { kind: "shared"; ts: string } | { kind: "already-shared" };

/**
 * Shares the report `ref` names to `channelId`. Marks the share first with an atomic SET NX, so of
 * two clicks only one posts; if the post then fails the mark is removed so a retry can work.
 * Throws {@link NotInChannelError} for a private channel the app is not in.
 */
export async function shareReport(
  services: Services,
  client: WebClient,
  request: ShareRequest,
): Promise<ShareOutcome> {
  const { teamId, channelId } = request;
  const markKey = storeKeys.sharedReport(
    teamId,
    onceId(channelId, request.messageKey, encodeReportRef(request.ref)),
  );
  const first = await services.store.setIfAbsent(
    markKey,
    { channelId, userId: request.userId },
    { ttlSeconds: SHARE_MEMORY_SECONDS },
  );
  if (!first) return { kind: "already-shared" };

  let report: AnyReport;
  let ts: string;
  try {
    const chartOf = planReportChart(services, teamId, request.ref);
    const shared = await services.reports.run(teamId, request.ref);
    report = shared;
    const drawn = await chartOf(shared);
    const chart = drawn && (await uploadChart(services, client, teamId, drawn));
    let posted = "";
    await showWithChart(services, chart, async (shown) => {
      const message = buildSharedMessage(shared, { sharedBy: request.userId, chart: shown });
      posted = await inChannel(client, channelId, async () => {
        const result = await client.chat.postMessage({
          channel: channelId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
        });
        return result.ts ?? "";
      });
    });
    ts = posted;
  } catch (error) {
    await services.store.delete(markKey).catch((cleanup: unknown) => {
      services.logger.warn(`Could not clear a failed share's mark: ${describeError(cleanup)}`);
    });
    throw error;
  }
  await postThread(client, channelId, ts, report);
  return { kind: "shared", ts };
}

/**
 * The CSV button: a file only the requester asked for goes to their direct message with the app
 * (its Messages tab), not to the channel. Returns the DM channel id.
 */
export async function sendCsvToRequester(
  services: Services,
  client: WebClient,
  request: { teamId: string; userId: string; ref: ReportRef },
): Promise<string> {
  const report = await services.reports.run(request.teamId, request.ref);
  const opened = await client.conversations.open({ users: request.userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error("Slack opened no direct message channel for the CSV.");
  await client.filesUploadV2({
    channel_id: channelId,
    initial_comment: csvComment(report),
    file_uploads: csvDownloads(report),
  });
  return channelId;
}
