/**
 * Small Block Kit constructors shared by every view. They clip text to Slack's per-element limits
 * as a last line of defence (views budget their text first), and mark mrkdwn `verbatim` so Slack
 * never turns a `#word` or a URL inside data into a link.
 */
import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
  SectionBlockAccessory,
} from "@slack/types";
import { SLACK_LIMITS } from "./limits.ts";
import { clipMrkdwn, truncate } from "./mrkdwn.ts";

/** What every message builder returns: blocks plus the fallback `text` shown in notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A mrkdwn text object (verbatim), clipped to `max` characters. */
export function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnElement {
  return { type: "mrkdwn", text: clipMrkdwn(text, max), verbatim: true };
}

/** A plain-text object with emoji shortcodes left alone, clipped to `max` characters. */
export function plain(text: string, max: number = SLACK_LIMITS.sectionText): PlainTextElement {
  return { type: "plain_text", text: truncate(text, max), emoji: true };
}

/** A large bold title line (plain text, at most 150 characters). */
export function header(text: string): HeaderBlock {
  return { type: "header", text: plain(text, SLACK_LIMITS.headerText) };
}

/** A mrkdwn paragraph (at most 3000 characters), optionally with a button or picker beside it. */
export function section(text: string, accessory?: SectionBlockAccessory): SectionBlock {
  const block: SectionBlock = { type: "section", text: mrkdwn(text) };
  if (accessory) block.accessory = accessory;
  return block;
}

/** A two-column grid of up to 10 short mrkdwn texts (extra ones are dropped). */
export function fields(texts: readonly string[]): SectionBlock {
  return {
    type: "section",
    fields: texts.slice(0, 10).map((t) => mrkdwn(t, SLACK_LIMITS.fieldText)),
  };
}

/** Small grey text: up to 10 mrkdwn elements. */
export function context(...texts: string[]): ContextBlock {
  return { type: "context", elements: texts.slice(0, 10).map((t) => mrkdwn(t)) };
}

/** A thin rule between groups of blocks. */
export function divider(): DividerBlock {
  return { type: "divider" };
}

/** What {@link button} needs; `value` is usually an `encodeReportRef` string. */
export interface ButtonOptions {
  text: string;
  actionId: string;
  value?: string;
  style?: "primary" | "danger";
  /** Read by screen readers instead of the label. */
  label?: string;
}

/** A button (label at most 75 characters); no style unless asked, as Slack advises restraint. */
export function button(options: ButtonOptions): Button {
  const element: Button = {
    type: "button",
    text: plain(options.text, SLACK_LIMITS.buttonText),
    action_id: options.actionId,
  };
  if (options.value !== undefined) element.value = options.value;
  if (options.style) element.style = options.style;
  if (options.label) element.accessibility_label = truncate(options.label, 75);
  return element;
}

/** A row of up to 25 buttons, menus or pickers; `blockId` only where a listener reads state. */
export function actions(elements: ActionsBlockElement[], blockId?: string): ActionsBlock {
  const block: ActionsBlock = { type: "actions", elements: elements.slice(0, 25) };
  if (blockId) block.block_id = blockId;
  return block;
}

/** The fallback `text` (escaped words, no markup), cut to a notification's length. */
export function fallback(text: string): string {
  return clipMrkdwn(text, SLACK_LIMITS.fallbackText);
}
