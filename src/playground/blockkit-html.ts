/**
 * Draws Block Kit as HTML that looks like Slack: the playground's page and the README's pictures
 * (`scripts/render-previews.ts`) both draw the app's real messages and views with it.
 *
 * It draws the blocks this app uses — header, section (text, fields, accessory), context, divider,
 * actions and input — with real controls: buttons are `<button>`s, menus `<select>`s, date pickers
 * `<input type="date">`, text inputs `<input>`s with their `<label>`, each carrying the
 * `data-action-id` (and `data-value`) Slack would send back, inside an element with the block's
 * `data-block-id`. Mrkdwn is drawn in part: `*bold*`, `_italic_`, `~strike~`, `` `code` ``,
 * mentions, channel links, links, `<!date…>` in a given zone, and a few emoji shortcodes. Any other
 * block or element is drawn as a visible "not drawn" note, never guessed. Every text is escaped.
 */
import type {
  ActionsBlock,
  ActionsBlockElement,
  AnyBlock,
  ContextBlock,
  ContextBlockElement,
  DividerBlock,
  HeaderBlock,
  ImageBlock,
  InputBlock,
  PlainTextOption,
  SectionBlock,
  SectionBlockAccessory,
  TextObject,
} from "@slack/types";
import { escapeMarkup } from "../views/markup.ts";

/** What the drawing needs to know besides the blocks. */
export interface DrawContext {
  /** Display names by user id, for `<@U…>` mentions. */
  people?: Readonly<Record<string, string>>;
  /** Channel names by id, for `<#C…>` links without a label. */
  channels?: Readonly<Record<string, string>>;
  /** Zone of `<!date^…>` dates. Default UTC. */
  timeZone?: string;
  /** "Now", for Slack's "today" and "yesterday" in dates. Default: the current time. */
  now?: Date;
  /** Messages to show under input blocks, by block id (a modal answered `errors`). */
  errors?: Readonly<Record<string, string>>;
  /** What was typed in inputs so far, by block id then action id (shown instead of initial values). */
  values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Prefix of the ids given to inputs, unique within the page. Default `field`. */
  idPrefix?: string;
  /**
   * Where the picture of an uploaded file can be loaded (an image block's `slack_file`), or
   * undefined when it cannot: the image is then drawn as its alt text. Default: never.
   */
  fileUrl?: (fileId: string) => string | undefined;
}

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

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat("en-US", { timeZone, ...options });
    formats.set(key, found);
  }
  return found;
}

const SHORT_DATE: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", year: "numeric" };
const TIME: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };
const DAY_NUMBER: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
};

/** `YYYY-MM-DD` of an instant in a zone. */
function dayOf(at: Date, timeZone: string): string {
  const parts = format(timeZone, DAY_NUMBER).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** A short date as Slack writes it, e.g. "Nov 26, 2026". */
export function shortDate(at: Date, timeZone = "UTC"): string {
  return format(timeZone, SHORT_DATE).format(at);
}

/** A time of day as Slack writes it, e.g. "9:14 AM". */
export function timeOfDay(at: Date, timeZone = "UTC"): string {
  return format(timeZone, TIME).format(at);
}

/** Slack's `<!date^seconds^format|fallback>`; unknown tokens fall back as Slack does. */
function slackDate(seconds: number, pattern: string, fallback: string, context: DrawContext) {
  const timeZone = context.timeZone ?? "UTC";
  const at = new Date(seconds * 1000);
  const day = dayOf(at, timeZone);
  const today = dayOf(context.now ?? new Date(), timeZone);
  const daysAgo = (Date.parse(today) - Date.parse(day)) / 864e5;
  const pretty = daysAgo === 0 ? "today" : daysAgo === 1 ? "yesterday" : shortDate(at, timeZone);
  const tokens: Record<string, string> = {
    date_num: day,
    date_short: shortDate(at, timeZone),
    date_short_pretty: pretty,
    time: timeOfDay(at, timeZone),
  };
  let known = true;
  const text = pattern.replace(/\{(\w+)\}/g, (_, token: string) => {
    const value = tokens[token];
    if (value === undefined) known = false;
    return value ?? "";
  });
  return known ? text : fallback;
}

function isLink(target: string): boolean {
  return /^(https?:|mailto:)/i.test(target);
}

/** The inside of a `<…>` in mrkdwn: mention, channel, special mention, date or link. */
function special(inner: string, context: DrawContext): string {
  const [target = "", label] = inner.split("|", 2);
  if (/^@[UW]/.test(target)) {
    const name = context.people?.[target.slice(1)] ?? label ?? target.slice(1);
    return `<span class="mention">@${escapeMarkup(name)}</span>`;
  }
  if (target.startsWith("#C")) {
    const name = label ?? context.channels?.[target.slice(1)] ?? target.slice(1);
    return `<span class="mention">#${escapeMarkup(name)}</span>`;
  }
  const date = /^!date\^(\d+)\^([^^]*)/.exec(target);
  if (date) {
    return escapeMarkup(
      slackDate(Number(date[1]), date[2] ?? "", unescapeSlack(label ?? ""), context),
    );
  }
  if (target.startsWith("!"))
    return `<span class="mention">@${escapeMarkup(target.slice(1))}</span>`;
  const shown = escapeMarkup(unescapeSlack(label ?? target));
  const href = unescapeSlack(target);
  if (!isLink(href)) return shown;
  return `<a href="${escapeMarkup(href)}" target="_blank" rel="noopener noreferrer">${shown}</a>`;
}

/** Slack mrkdwn to HTML: code spans and `<…>` first, then bold, italic, strike and shortcodes. */
export function mrkdwnHtml(text: string, context: DrawContext = {}): string {
  const kept: string[] = [];
  const keep = (markup: string) => `\uE000${kept.push(markup) - 1}\uE001`;
  const marked = text
    .replace(/`([^`\n]+)`/g, (_, code: string) =>
      keep(`<code>${escapeMarkup(unescapeSlack(code))}</code>`),
    )
    .replace(/<([^<>\n]+)>/g, (_, inner: string) => keep(special(inner, context)));
  const styled = escapeMarkup(shortcodes(unescapeSlack(marked)))
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, "$1<b>$2</b>")
    .replace(/(^|[^\w_])_(?!\s)([^_\n]+?)_(?!\w)/g, "$1<i>$2</i>")
    .replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?!\w)/g, "$1<s>$2</s>")
    .replace(/\n/g, "<br>");
  return colourEmoji(styled.replace(/\uE000(\d+)\uE001/g, (_, i: string) => kept[Number(i)] ?? ""));
}

/** A text object: mrkdwn, or plain text with emoji shortcodes unless `emoji: false`. */
export function textHtml(text: TextObject, context: DrawContext = {}): string {
  if (text.type === "mrkdwn") return mrkdwnHtml(text.text, context);
  const words = text.emoji === false ? text.text : shortcodes(text.text);
  return colourEmoji(escapeMarkup(words).replace(/\n/g, "<br>"));
}

/** Plain words of a text object, for attributes (labels, option names). */
function plainWords(text: TextObject | undefined): string {
  if (text === undefined) return "";
  return text.type === "plain_text" && text.emoji === false ? text.text : shortcodes(text.text);
}

function attribute(name: string, value: string | undefined): string {
  return value === undefined ? "" : ` ${name}="${escapeMarkup(value)}"`;
}

function optionsHtml(options: readonly PlainTextOption[], selected: string | undefined): string {
  return options
    .map((option) => {
      const value = option.value ?? "";
      const chosen = selected !== undefined && value === selected ? " selected" : "";
      return `<option value="${escapeMarkup(value)}"${chosen}>${escapeMarkup(plainWords(option.text))}</option>`;
    })
    .join("");
}

/** A menu: a `<select>` whose first, disabled option is the placeholder. */
function selectHtml(
  actionId: string | undefined,
  label: string,
  options: readonly PlainTextOption[],
  selected: string | undefined,
  className: string,
): string {
  const placeholder = `<option value=""${selected === undefined ? " selected" : ""} disabled>${escapeMarkup(label)}</option>`;
  return `<span class="select ${className}"><select class="button menu"${attribute("data-action-id", actionId)} aria-label="${escapeMarkup(label)}">${placeholder}${optionsHtml(options, selected)}</select></span>`;
}

function elementHtml(
  element: ActionsBlockElement | SectionBlockAccessory,
  context: DrawContext,
): string {
  switch (element.type) {
    case "button": {
      const style = element.style ? ` ${element.style}` : "";
      const label = attribute("aria-label", element.accessibility_label);
      if (element.url !== undefined && isLink(element.url)) {
        return `<a class="button${style}" href="${escapeMarkup(element.url)}" target="_blank" rel="noopener noreferrer"${attribute("data-action-id", element.action_id)}${label}>${textHtml(element.text, context)}</a>`;
      }
      return `<button type="button" class="button${style}"${attribute("data-action-id", element.action_id)}${attribute("data-value", element.value)}${label}>${textHtml(element.text, context)}</button>`;
    }
    case "static_select": {
      const label = plainWords(element.placeholder) || "Select an item";
      const options = element.options ?? element.option_groups?.flatMap((g) => g.options) ?? [];
      return selectHtml(element.action_id, label, options, element.initial_option?.value, "");
    }
    case "overflow":
      return selectHtml(element.action_id, "More actions", element.options, undefined, "overflow");
    case "datepicker": {
      const label = plainWords(element.placeholder) || "Select a date";
      return `<input type="date" class="button menu date"${attribute("data-action-id", element.action_id)}${attribute("value", element.initial_date)} aria-label="${escapeMarkup(label)}">`;
    }
    case "image":
      return `<span class="image">[image: ${escapeMarkup(element.alt_text)}]</span>`;
    default:
      return `<span class="button unsupported">[${escapeMarkup(element.type)}: not drawn]</span>`;
  }
}

function contextHtml(element: ContextBlockElement, context: DrawContext): string {
  if (element.type === "image") {
    return `<span class="image">[${escapeMarkup(element.alt_text)}]</span>`;
  }
  return `<span>${textHtml(element, context)}</span>`;
}

/** The blocks drawn; anything else is shown as "not drawn". */
type DrawnBlock =
  | HeaderBlock
  | ImageBlock
  | SectionBlock
  | ContextBlock
  | DividerBlock
  | ActionsBlock
  | InputBlock;
const DRAWN_TYPES: ReadonlySet<string> = new Set([
  "header",
  "image",
  "section",
  "context",
  "divider",
  "actions",
  "input",
]);

function isDrawn(block: AnyBlock): block is DrawnBlock {
  return DRAWN_TYPES.has(block.type);
}

/**
 * An image block: the uploaded file's picture when `context.fileUrl` can load it, else its alt
 * text in a frame (pictures from other sites are never loaded). The title above, as Slack shows it.
 */
function imageHtml(block: ImageBlock, context: DrawContext): string {
  const title = block.title
    ? `<div class="image-title">${textHtml(block.title, context)}</div>`
    : "";
  const file = "slack_file" in block ? block.slack_file : undefined;
  const fileId = file && "id" in file ? file.id : undefined;
  const src = fileId === undefined ? undefined : context.fileUrl?.(fileId);
  const picture =
    src === undefined
      ? `<div class="image-missing">[image: ${escapeMarkup(block.alt_text)}]</div>`
      : `<img src="${escapeMarkup(src)}" alt="${escapeMarkup(block.alt_text)}">`;
  return `<figure class="image-block"${attribute("data-block-id", block.block_id)}>${title}${picture}</figure>`;
}

function inputHtml(block: InputBlock, context: DrawContext, index: number): string {
  const blockId = block.block_id ?? `input-${index}`;
  const id = `${context.idPrefix ?? "field"}-${blockId}`.replace(/[^\w-]/g, "_");
  const hint = block.hint
    ? `<div class="muted" id="${id}-hint">${textHtml(block.hint, context)}</div>`
    : "";
  const problem = context.errors?.[blockId];
  const error = problem
    ? `<div class="field-error" id="${id}-error" role="alert">${escapeMarkup(problem)}</div>`
    : "";
  const described = [block.hint ? `${id}-hint` : null, problem ? `${id}-error` : null]
    .filter((part) => part !== null)
    .join(" ");
  const element = block.element;
  const label = `<label for="${id}"><b>${textHtml(block.label, context)}</b>${block.optional ? ' <span class="muted">(optional)</span>' : ""}</label>`;
  if (element.type !== "plain_text_input") {
    return `<div class="input" data-block-id="${escapeMarkup(blockId)}">${label}<div class="unsupported">[${escapeMarkup(element.type)} input: not drawn]</div>${hint}</div>`;
  }
  const common = `id="${id}" class="field"${attribute("data-action-id", element.action_id)}${attribute("placeholder", element.placeholder ? plainWords(element.placeholder) : undefined)}${attribute("maxlength", element.max_length === undefined ? undefined : String(element.max_length))}${described ? ` aria-describedby="${described}"` : ""}${problem ? ' aria-invalid="true"' : ""}${block.optional ? "" : " required"}${element.focus_on_load ? " autofocus" : ""}`;
  const value = context.values?.[blockId]?.[element.action_id ?? ""] ?? element.initial_value;
  const field = element.multiline
    ? `<textarea ${common} rows="4">${escapeMarkup(value ?? "")}</textarea>`
    : `<input type="text" ${common} autocomplete="off"${attribute("value", value)}>`;
  return `<div class="input${problem ? " invalid" : ""}" data-block-id="${escapeMarkup(blockId)}">${label}${field}${hint}${error}</div>`;
}

function blockHtml(block: AnyBlock, context: DrawContext, index: number): string {
  if (!isDrawn(block)) {
    return `<div class="unsupported">[${escapeMarkup(block.type)} block: not drawn here]</div>`;
  }
  const blockId = attribute("data-block-id", block.block_id);
  switch (block.type) {
    case "header":
      return `<h3 class="header"${blockId}>${textHtml(block.text, context)}</h3>`;
    case "section": {
      const text = block.text ? `<div>${textHtml(block.text, context)}</div>` : "";
      const fields = block.fields
        ? `<div class="fields">${block.fields.map((f) => `<div>${textHtml(f, context)}</div>`).join("")}</div>`
        : "";
      const accessory = block.accessory
        ? `<div class="accessory">${elementHtml(block.accessory, context)}</div>`
        : "";
      return `<div class="section"${blockId}><div class="grow">${text}${fields}</div>${accessory}</div>`;
    }
    case "context":
      return `<div class="context"${blockId}>${block.elements.map((e) => contextHtml(e, context)).join("")}</div>`;
    case "divider":
      return `<hr class="divider">`;
    case "actions":
      return `<div class="actions"${blockId}>${block.elements.map((e) => elementHtml(e, context)).join("")}</div>`;
    case "input":
      return inputHtml(block, context, index);
    case "image":
      return imageHtml(block, context);
  }
}

/** Blocks as Slack draws them inside a message, the App Home or a modal. */
export function blocksHtml(blocks: readonly AnyBlock[], context: DrawContext = {}): string {
  return `<div class="blocks">${blocks.map((block, i) => blockHtml(block, context, i)).join("")}</div>`;
}

/** Who posted a message, as its heading shows them. */
export interface Sender {
  name: string;
  /** One character or emoji on the avatar. */
  avatar: string;
  /** An app (the "APP" badge and the app's avatar colour). */
  app: boolean;
}

export interface MessageFrame {
  /** The time beside the name, e.g. "9:14 AM". */
  time: string;
  sender: Sender;
  /** "Only visible to you" above the name, as for a slash command's reply. */
  ephemeral?: boolean;
  /** A follow-up from the same sender: Slack drops the avatar and name line. */
  continued?: boolean;
  /** Shown after the time, e.g. "(edited)". */
  note?: string;
}

/** A message: avatar, name, time, then its content (blocks, text, files). */
export function messageHtml(content: string, frame: MessageFrame): string {
  if (frame.continued) {
    return `<div class="message continued"><div class="gutter"></div><div class="content">${content}</div></div>`;
  }
  const note = frame.ephemeral
    ? `<div class="ephemeral"><span aria-hidden="true">👁</span> Only visible to you</div>`
    : "";
  const badge = frame.sender.app ? `<span class="app">APP</span>` : "";
  const avatar = `<div class="avatar${frame.sender.app ? "" : " person"}" aria-hidden="true">${escapeMarkup(frame.sender.avatar)}</div>`;
  const extra = frame.note ? `<span class="time">${escapeMarkup(frame.note)}</span>` : "";
  return `<div class="message${frame.ephemeral ? " is-ephemeral" : ""}">${note}<div class="row">${avatar}<div class="content">
<div class="name"><b>${escapeMarkup(frame.sender.name)}</b>${badge}<span class="time">${escapeMarkup(frame.time)}</span>${extra}</div>
${content}</div></div></div>`;
}

/** A byte count as Slack's file cards show it: "412 B", "3.1 KB", "2.4 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file card: icon, name, kind and size, and a download link when `href` is given. */
export function fileHtml(file: { filename: string; size: number; href?: string }): string {
  const kind = file.filename.toLowerCase().endsWith(".csv") ? "CSV" : "File";
  const name = escapeMarkup(file.filename);
  const title =
    file.href === undefined
      ? `<b>${name}</b>`
      : `<a class="file-name" href="${escapeMarkup(file.href)}" download="${name}">${name}</a>`;
  const action =
    file.href === undefined
      ? ""
      : `<a class="button" href="${escapeMarkup(file.href)}" download="${name}" aria-label="Download ${name}">Download</a>`;
  return `<div class="file"><div class="file-icon" aria-hidden="true">${kind}</div><div class="grow">${title}<div class="muted">${kind} · ${fileSize(file.size)}</div></div>${action}</div>`;
}

/** The look of everything drawn here, and of the bars, tabs and panes around it. */
export const SLACK_CSS = `
* { box-sizing: border-box; }
.slack { background: #fff; color: #1d1c1d;
  font: 15px/1.46668 Lato, "Noto Sans", "DejaVu Sans", "Noto Color Emoji", sans-serif; }
.slack .emoji { font-family: "Noto Color Emoji"; font-weight: normal; font-style: normal; }
.slack .bar { display: flex; align-items: center; gap: 8px; min-height: 49px; padding: 0 20px;
  border-bottom: 1px solid #e2e2e2; font-size: 18px; font-weight: 900; }
.slack .bar .muted { font-size: 13px; font-weight: normal; }
.slack .muted { color: #616061; font-size: 13px; }
.slack .message { padding: 8px 20px; }
.slack .message.continued { display: flex; padding-top: 0; }
.slack .row { display: flex; }
.slack .gutter { width: 44px; flex: none; }
.slack .avatar { width: 36px; height: 36px; margin-right: 8px; flex: none; border-radius: 6px;
  background: #1264a3; display: flex; align-items: center; justify-content: center;
  font-family: "Noto Color Emoji", sans-serif; font-size: 20px; }
.slack .avatar.person { background: #e8912d; color: #fff; font: 900 18px Lato, sans-serif; }
.slack .content { flex: 1; min-width: 0; }
.slack .name { line-height: 22px; }
.slack .name b { font-weight: 900; }
.slack .app { margin-left: 4px; padding: 1px 3px; border-radius: 2px; background: rgba(29,28,29,.13);
  color: rgba(29,28,29,.7); font-size: 10px; font-weight: 700; vertical-align: 1px; }
.slack .time { margin-left: 8px; color: #616061; font-size: 12px; }
.slack .ephemeral { margin: 0 0 4px 44px; color: #616061; font-size: 13px; }
.slack .blocks > * { margin: 4px 0; }
.slack .header { margin: 8px 0 4px; font-size: 18px; font-weight: 900; line-height: 1.33; }
.slack .section { display: flex; gap: 12px; }
.slack .grow { flex: 1; min-width: 0; }
.slack .fields { display: grid; grid-template-columns: 1fr 1fr; column-gap: 16px; row-gap: 8px; margin-top: 2px; }
.slack .context { color: #616061; font-size: 13px; line-height: 1.38; }
.slack .context > span + span { margin-left: 8px; }
.slack .divider { border: 0; border-top: 1px solid #dddddd; margin: 12px 0; }
.slack .actions { display: flex; flex-wrap: wrap; gap: 8px; padding: 4px 0; }
.slack .button { display: inline-flex; align-items: center; height: 28px; margin: 0; padding: 0 12px;
  border: 1px solid rgba(29,28,29,.3); border-radius: 4px; background: #fff; color: #1d1c1d;
  font: 700 13px Lato, "Noto Sans", "DejaVu Sans", "Noto Color Emoji", sans-serif;
  white-space: nowrap; text-decoration: none; cursor: pointer; }
.slack .button:hover { background: #f8f8f8; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.slack .button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.slack .button.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.slack .button:focus-visible, .slack .field:focus-visible { outline: 2px solid #1264a3; outline-offset: 1px; }
.slack .button:disabled { opacity: .5; cursor: default; }
.slack .button.menu { font-weight: 400; }
.slack .select { position: relative; display: inline-flex; }
.slack .select select { appearance: none; padding-right: 30px; }
.slack .select::after { content: "⌄"; position: absolute; right: 11px; top: 1px; font-size: 14px;
  pointer-events: none; }
.slack .select.overflow select { width: 34px; padding: 0; color: transparent; }
.slack .select.overflow::after { content: "⋮"; right: 14px; top: 4px; }
.slack .button.date { font-weight: 400; }
.slack .button.date::-webkit-calendar-picker-indicator { margin-left: 6px; }
.slack .unsupported { color: #e01e5a; font-size: 13px; }
.slack .image-block { margin: 8px 0; }
.slack .image-block img { display: block; max-width: min(100%, 560px); height: auto;
  border: 1px solid rgba(29,28,29,.13); border-radius: 8px; }
.slack .image-title { color: #616061; font-size: 13px; margin-bottom: 4px; }
.slack .image-missing { padding: 12px; border: 1px dashed rgba(29,28,29,.3); border-radius: 8px;
  color: #616061; font-size: 13px; }
.slack b { font-weight: 700; }
.slack code { padding: 2px 3px 1px; border: 1px solid rgba(29,28,29,.13); border-radius: 3px;
  background: rgba(29,28,29,.04); color: #c01343; font: 12px "DejaVu Sans Mono", monospace; }
.slack .mention { padding: 0 2px; border-radius: 3px; background: rgba(29,155,209,.1); color: #1264a3; }
.slack a { color: #1264a3; }
.slack .replies { display: flex; align-items: center; gap: 8px; margin: 4px 0 0; font-size: 13px; }
.slack .replies .avatar { width: 24px; height: 24px; margin: 0; border-radius: 4px; font-size: 13px; }
.slack .replies b, .slack .replies button { color: #1264a3; font-weight: 700; }
.slack .pane { margin-top: 12px; border-top: 1px solid #e2e2e2; }
.slack .rule { display: flex; align-items: center; gap: 12px; padding: 4px 20px; color: #616061; font-size: 13px; }
.slack .rule::after { content: ""; flex: 1; border-top: 1px solid #e2e2e2; }
.slack .file { display: flex; align-items: center; gap: 12px; max-width: 420px; margin-top: 4px; padding: 12px;
  border: 1px solid rgba(29,28,29,.13); border-radius: 8px; }
.slack .file-icon { width: 40px; height: 40px; flex: none; border-radius: 6px; background: #2e7d32; color: #fff;
  display: flex; align-items: center; justify-content: center; font-size: 11px; font-weight: 900; }
.slack .file-name { font-weight: 700; color: #1d1c1d; text-decoration: none; }
.slack .tabs { display: flex; gap: 24px; padding: 0 20px; border-bottom: 1px solid #e2e2e2; font-size: 14px; }
.slack .tabs > * { padding: 10px 0; color: #616061; }
.slack .tabs .on, .slack .tabs [aria-selected="true"] { color: #1d1c1d; font-weight: 700; box-shadow: inset 0 -2px #1264a3; }
.slack .home { padding: 8px 24px 16px; }
.slack .input { margin: 12px 0; }
.slack .input label { display: block; }
.slack .field { display: block; width: 100%; margin: 4px 0; padding: 8px 10px;
  border: 1px solid rgba(29,28,29,.3); border-radius: 4px; font: inherit; color: #1d1c1d; }
.slack .field::placeholder { color: #868686; }
.slack .input.invalid .field { border-color: #e01e5a; }
.slack .field-error { color: #e01e5a; font-size: 13px; }
.slack .modal { width: 520px; max-width: 100%; margin: 16px auto; border: 1px solid #ddd; border-radius: 8px;
  background: #fff; box-shadow: 0 4px 12px rgba(0,0,0,.12); }
.slack .modal .bar { justify-content: space-between; }
.slack .modal .body { padding: 4px 24px 12px; }
.slack .modal .foot { display: flex; justify-content: flex-end; gap: 8px; padding: 16px 24px;
  border-top: 1px solid #e2e2e2; }
`;
