/**
 * Posting a report into a channel, as Share and the digest do: the post itself, joining a public
 * channel the bot is not in, and the details and the CSV in the post's thread.
 */
import type { WebClient } from "@slack/web-api";
import { WebAPIPlatformError } from "@slack/web-api";
import { csvDownloads } from "../reports/csv.ts";
import type { AnyReport } from "../reports/model.ts";
import { buildThreadDetails } from "../views/index.ts";
import { NotInChannelError } from "./errors.ts";

/** Slack errors that mean "the bot is not in this channel". */
const NOT_A_MEMBER = new Set(["not_in_channel", "channel_not_found"]);

/** The details (one message per group of lists) and the CSV files, in the shared post's thread. */
export async function postThread(
  client: WebClient,
  channelId: string,
  threadTs: string,
  report: AnyReport,
): Promise<void> {
  for (const detail of buildThreadDetails(report)) {
    await client.chat.postMessage({
      channel: channelId,
      thread_ts: threadTs,
      text: detail.text,
      blocks: detail.blocks,
    });
  }
  const files = csvDownloads(report);
  if (files.length === 0) return;
  await inChannel(client, channelId, () =>
    client.filesUploadV2({ channel_id: channelId, thread_ts: threadTs, file_uploads: files }),
  );
}

/**
 * Runs `post`; when Slack says the bot is not a member, joins the channel (public channels only)
 * and tries once more. A channel that cannot be joined throws {@link NotInChannelError} with
 * Slack's answer to the join.
 */
export async function inChannel<T>(
  client: WebClient,
  channelId: string,
  post: () => Promise<T>,
): Promise<T> {
  try {
    return await post();
  } catch (error) {
    if (!isSlackError(error, NOT_A_MEMBER)) throw error;
  }
  try {
    await client.conversations.join({ channel: channelId });
  } catch (error) {
    if (error instanceof WebAPIPlatformError) {
      throw new NotInChannelError(channelId, error.data.error);
    }
    throw error;
  }
  return post();
}

function isSlackError(error: unknown, codes: ReadonlySet<string>): boolean {
  return error instanceof WebAPIPlatformError && codes.has(error.data.error);
}
