/**
 * A chart in a message or view: an image block showing the uploaded PNG (`slack_file`, the file
 * the app uploaded itself), with the chart's alt text; or, when Slack could not show the file,
 * that same alt text as a line of text — the trend in words — so nothing of the report is lost.
 */
import type { ImageBlock, KnownBlock } from "@slack/types";
import { context } from "./blocks.ts";
import { SLACK_LIMITS } from "./limits.ts";
import { escapeText, truncate } from "./mrkdwn.ts";

/** What a view needs to show a chart: the uploaded file, or only its words. */
export type ChartDisplay =
  | {
      kind: "image";
      /** The Slack file id of the uploaded PNG (`F…`). */
      fileId: string;
      /** What the chart shows, in words; required by Slack for every image. */
      altText: string;
      title: string;
    }
  | {
      /** Slack could not show the file (or it could not be uploaded): the words instead. */
      kind: "text";
      altText: string;
      title: string;
    };

/** The image block, or the chart's words in grey when it cannot be shown. */
export function chartBlocks(chart: ChartDisplay | null | undefined): KnownBlock[] {
  if (!chart) return [];
  if (chart.kind === "text") return [context(`📈 ${escapeText(chart.altText)}`)];
  // No block title: the picture carries its own, and Slack would show it twice.
  const image: ImageBlock = {
    type: "image",
    slack_file: { id: chart.fileId },
    alt_text: truncate(chart.altText, SLACK_LIMITS.imageAltText),
  };
  return [image];
}

/** The same chart as words only: what a message shows when Slack refuses the image. */
export function chartAsText(chart: ChartDisplay): ChartDisplay {
  return { kind: "text", altText: chart.altText, title: chart.title };
}
