/**
 * Slack's limits on messages and views (design.md § Slack platform limits), checked the way Slack
 * would before it refuses a post with `invalid_blocks` or `msg_blocks_too_long`. Tests run every
 * view through these; views themselves budget their text so they never trip them.
 */
import { isDay } from "../dates/calendar.ts";

/** One broken limit: where (`blocks[3].fields[2]`) and what, in words. */
export interface LimitViolation {
  path: string;
  message: string;
}

/** The numbers, in one place. */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  /** All text of a message's blocks together; Slack answers `msg_blocks_too_long` above it. */
  messageText: 12_000,
  /** Slack's advice for the top-level `text`; longer is truncated in notifications. */
  fallbackText: 4_000,
  viewBytes: 250_000,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  buttonUrl: 3_000,
  accessibilityLabel: 75,
  overflowOptions: 5,
  selectOptions: 100,
  optionText: 75,
  optionValue: 75,
  placeholder: 150,
  inputLabel: 2_000,
  inputHint: 2_000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3_000,
  blockId: 255,
  actionId: 255,
  callbackId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageAltText: 2_000,
  imageTitle: 2_000,
  imageUrl: 3_000,
} as const;

/** How Slack's file ids look (`F` and at least 8 capitals or digits); it refuses others. */
const SLACK_FILE_ID = /^F[A-Z0-9]{8,}$/;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

class Checker {
  readonly violations: LimitViolation[] = [];

  fail(path: string, message: string): void {
    this.violations.push({ path, message });
  }

  max(path: string, what: string, length: number, limit: number): void {
    if (length > limit) this.fail(path, `${what} is ${length} characters (limit ${limit})`);
  }

  /** A text object: present, the right type, 1…limit characters. */
  text(path: string, value: unknown, limit: number, types: readonly string[]): void {
    if (!isRecord(value) || typeof value.text !== "string") {
      this.fail(path, "text object is missing");
      return;
    }
    if (typeof value.type !== "string" || !types.includes(value.type)) {
      this.fail(path, `text type must be ${types.join(" or ")}, not ${String(value.type)}`);
    }
    if (value.text.length === 0)
      this.fail(path, "text is empty (Slack needs at least 1 character)");
    this.max(path, "text", value.text.length, limit);
  }

  id(path: string, what: string, value: unknown, limit: number): void {
    if (value === undefined) return;
    if (typeof value !== "string" || value === "") this.fail(path, `${what} must be a string`);
    else this.max(path, what, value.length, limit);
  }

  confirm(path: string, value: unknown): void {
    if (value === undefined) return;
    if (!isRecord(value)) {
      this.fail(path, "confirm must be an object");
      return;
    }
    if (value.title !== undefined) {
      this.text(`${path}.title`, value.title, SLACK_LIMITS.confirmTitle, ["plain_text"]);
    }
    this.text(`${path}.text`, value.text, SLACK_LIMITS.confirmText, ["plain_text", "mrkdwn"]);
    for (const key of ["confirm", "deny"]) {
      if (value[key] !== undefined) {
        this.text(`${path}.${key}`, value[key], SLACK_LIMITS.confirmButton, ["plain_text"]);
      }
    }
  }

  element(path: string, element: unknown): string | null {
    if (!isRecord(element)) {
      this.fail(path, "element must be an object");
      return null;
    }
    this.id(path, "action_id", element.action_id, SLACK_LIMITS.actionId);
    this.confirm(`${path}.confirm`, element.confirm);
    if (element.placeholder !== undefined) {
      this.text(`${path}.placeholder`, element.placeholder, SLACK_LIMITS.placeholder, [
        "plain_text",
      ]);
    }
    switch (element.type) {
      case "button":
        this.text(`${path}.text`, element.text, SLACK_LIMITS.buttonText, ["plain_text"]);
        if (element.value !== undefined) {
          if (typeof element.value !== "string") this.fail(path, "button value must be a string");
          else this.max(path, "button value", element.value.length, SLACK_LIMITS.buttonValue);
        }
        if (typeof element.url === "string") {
          this.max(path, "button url", element.url.length, SLACK_LIMITS.buttonUrl);
        }
        if (typeof element.accessibility_label === "string") {
          this.max(
            path,
            "accessibility_label",
            element.accessibility_label.length,
            SLACK_LIMITS.accessibilityLabel,
          );
        }
        break;
      case "overflow": {
        const options = list(element.options);
        if (options.length < 1 || options.length > SLACK_LIMITS.overflowOptions) {
          this.fail(path, `overflow has ${options.length} options (1 to 5 allowed)`);
        }
        options.forEach((option, i) => {
          this.option(`${path}.options[${i}]`, option);
        });
        break;
      }
      case "static_select": {
        const options = list(element.options);
        if (options.length < 1 || options.length > SLACK_LIMITS.selectOptions) {
          this.fail(path, `select has ${options.length} options (1 to 100 allowed)`);
        }
        options.forEach((option, i) => {
          this.option(`${path}.options[${i}]`, option);
        });
        break;
      }
      case "datepicker":
        if (element.initial_date !== undefined) {
          const day = element.initial_date;
          if (typeof day !== "string" || !isDay(day)) {
            this.fail(path, "initial_date must be a real YYYY-MM-DD day");
          }
        }
        break;
      case "timepicker":
        if (element.initial_time !== undefined) {
          const time = element.initial_time;
          if (typeof time !== "string" || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
            this.fail(path, "initial_time must be a time written HH:mm");
          }
        }
        break;
      case "conversations_select":
      case "channels_select": {
        const initial =
          element.type === "channels_select"
            ? element.initial_channel
            : element.initial_conversation;
        if (initial !== undefined && (typeof initial !== "string" || initial === "")) {
          this.fail(path, "the initial conversation must be a channel id");
        }
        break;
      }
      case "plain_text_input":
        if (typeof element.initial_value === "string") {
          this.max(path, "initial_value", element.initial_value.length, SLACK_LIMITS.sectionText);
        }
        break;
      default:
        this.fail(path, `element type ${String(element.type)} is not checked here`);
    }
    return typeof element.action_id === "string" ? element.action_id : null;
  }

  option(path: string, option: unknown): void {
    if (!isRecord(option)) {
      this.fail(path, "option must be an object");
      return;
    }
    this.text(`${path}.text`, option.text, SLACK_LIMITS.optionText, ["plain_text"]);
    if (typeof option.value !== "string") this.fail(path, "option value must be a string");
    else this.max(path, "option value", option.value.length, SLACK_LIMITS.optionValue);
  }

  block(path: string, block: unknown): void {
    if (!isRecord(block)) {
      this.fail(path, "block must be an object");
      return;
    }
    this.id(path, "block_id", block.block_id, SLACK_LIMITS.blockId);
    const actionIds: string[] = [];
    const noteActionId = (id: string | null, at: string) => {
      if (id === null) return;
      if (actionIds.includes(id)) this.fail(at, `action_id ${id} is repeated in one block`);
      actionIds.push(id);
    };
    switch (block.type) {
      case "header":
        this.text(`${path}.text`, block.text, SLACK_LIMITS.headerText, ["plain_text"]);
        break;
      case "section": {
        if (block.text === undefined && block.fields === undefined) {
          this.fail(path, "section needs text or fields");
        }
        if (block.text !== undefined) {
          this.text(`${path}.text`, block.text, SLACK_LIMITS.sectionText, ["plain_text", "mrkdwn"]);
        }
        if (block.fields !== undefined) {
          const items = list(block.fields);
          if (items.length === 0 || items.length > SLACK_LIMITS.sectionFields) {
            this.fail(`${path}.fields`, `section has ${items.length} fields (1 to 10 allowed)`);
          }
          items.forEach((field, i) => {
            this.text(`${path}.fields[${i}]`, field, SLACK_LIMITS.fieldText, [
              "plain_text",
              "mrkdwn",
            ]);
          });
        }
        if (block.accessory !== undefined) {
          noteActionId(this.element(`${path}.accessory`, block.accessory), path);
        }
        break;
      }
      case "context": {
        const elements = list(block.elements);
        if (elements.length === 0 || elements.length > SLACK_LIMITS.contextElements) {
          this.fail(path, `context has ${elements.length} elements (1 to 10 allowed)`);
        }
        elements.forEach((element, i) => {
          this.text(`${path}.elements[${i}]`, element, SLACK_LIMITS.sectionText, [
            "plain_text",
            "mrkdwn",
          ]);
        });
        break;
      }
      case "actions": {
        const elements = list(block.elements);
        if (elements.length === 0 || elements.length > SLACK_LIMITS.actionsElements) {
          this.fail(path, `actions has ${elements.length} elements (1 to 25 allowed)`);
        }
        elements.forEach((element, i) => {
          noteActionId(this.element(`${path}.elements[${i}]`, element), `${path}.elements[${i}]`);
        });
        break;
      }
      case "input":
        this.text(`${path}.label`, block.label, SLACK_LIMITS.inputLabel, ["plain_text"]);
        if (block.hint !== undefined) {
          this.text(`${path}.hint`, block.hint, SLACK_LIMITS.inputHint, ["plain_text"]);
        }
        this.element(`${path}.element`, block.element);
        break;
      case "divider":
        break;
      case "image":
        this.image(path, block);
        break;
      default:
        this.fail(path, `block type ${String(block.type)} is not checked here`);
    }
  }

  /** An image block: alt text, and either a public URL or an uploaded Slack file, not both. */
  image(path: string, block: Json): void {
    if (typeof block.alt_text !== "string" || block.alt_text.length === 0) {
      this.fail(`${path}.alt_text`, "an image needs alt text");
    } else {
      this.max(`${path}.alt_text`, "alt_text", block.alt_text.length, SLACK_LIMITS.imageAltText);
    }
    if (block.title !== undefined) {
      this.text(`${path}.title`, block.title, SLACK_LIMITS.imageTitle, ["plain_text"]);
    }
    const hasUrl = block.image_url !== undefined;
    const file = block.slack_file;
    if (hasUrl === (file !== undefined)) {
      this.fail(path, "an image needs exactly one of image_url and slack_file");
    }
    if (hasUrl) {
      const url = block.image_url;
      if (typeof url !== "string" || url === "") this.fail(`${path}.image_url`, "must be a URL");
      else this.max(`${path}.image_url`, "image_url", url.length, SLACK_LIMITS.imageUrl);
    }
    if (file !== undefined) {
      if (!isRecord(file) || (file.id === undefined) === (file.url === undefined)) {
        this.fail(`${path}.slack_file`, "slack_file needs exactly one of id and url");
      } else if (file.id !== undefined && !SLACK_FILE_ID.test(String(file.id))) {
        this.fail(`${path}.slack_file.id`, `${String(file.id)} is not a Slack file id`);
      }
    }
  }

  blocks(blocks: unknown, limit: number): void {
    if (!Array.isArray(blocks)) {
      this.fail("blocks", "blocks must be a list");
      return;
    }
    if (blocks.length > limit) this.fail("blocks", `${blocks.length} blocks (limit ${limit})`);
    const blockIds = new Set<string>();
    blocks.forEach((block, i) => {
      this.block(`blocks[${i}]`, block);
      if (isRecord(block) && typeof block.block_id === "string") {
        if (blockIds.has(block.block_id)) {
          this.fail(`blocks[${i}]`, `block_id ${block.block_id} is repeated`);
        }
        blockIds.add(block.block_id);
      }
    });
  }
}

/**
 * Characters of every text object inside `value` (section texts, fields, context, buttons,
 * options…): what Slack adds up for `msg_blocks_too_long`.
 */
export function blockTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + blockTextLength(v), 0);
  if (!isRecord(value)) return 0;
  let sum = 0;
  if ((value.type === "mrkdwn" || value.type === "plain_text") && typeof value.text === "string") {
    sum += value.text.length;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key !== "text" || typeof child !== "string") sum += blockTextLength(child);
  }
  return sum;
}

/** Every limit a message (`{ text, blocks }`, as posted or sent to a `response_url`) breaks. */
export function checkMessage(message: unknown): LimitViolation[] {
  const check = new Checker();
  if (!isRecord(message)) return [{ path: "", message: "message must be an object" }];
  if (typeof message.text !== "string" || message.text.trim() === "") {
    check.fail("text", "fallback text is missing");
  } else {
    check.max("text", "fallback text", message.text.length, SLACK_LIMITS.fallbackText);
  }
  check.blocks(message.blocks, SLACK_LIMITS.messageBlocks);
  const total = blockTextLength(message.blocks);
  if (total > SLACK_LIMITS.messageText) {
    check.fail(
      "blocks",
      `all block text is ${total} characters (limit ${SLACK_LIMITS.messageText})`,
    );
  }
  return check.violations;
}

/** Every limit a Home tab or modal view breaks. */
export function checkView(view: unknown): LimitViolation[] {
  const check = new Checker();
  if (!isRecord(view)) return [{ path: "", message: "view must be an object" }];
  if (view.type !== "home" && view.type !== "modal") {
    check.fail("type", `view type must be home or modal, not ${String(view.type)}`);
  }
  check.blocks(view.blocks, SLACK_LIMITS.viewBlocks);
  const bytes = Buffer.byteLength(JSON.stringify(view), "utf8");
  if (bytes >= SLACK_LIMITS.viewBytes) {
    check.fail("", `view is ${bytes} bytes as JSON (limit ${SLACK_LIMITS.viewBytes})`);
  }
  check.id("callback_id", "callback_id", view.callback_id, SLACK_LIMITS.callbackId);
  if (view.private_metadata !== undefined) {
    if (typeof view.private_metadata !== "string") {
      check.fail("private_metadata", "private_metadata must be a string");
    } else {
      check.max(
        "private_metadata",
        "private_metadata",
        view.private_metadata.length,
        SLACK_LIMITS.privateMetadata,
      );
    }
  }
  if (view.type === "modal") {
    check.text("title", view.title, SLACK_LIMITS.modalTitle, ["plain_text"]);
    for (const key of ["submit", "close"]) {
      if (view[key] !== undefined) {
        check.text(key, view[key], SLACK_LIMITS.modalButton, ["plain_text"]);
      }
    }
    const hasInput = list(view.blocks).some((b) => isRecord(b) && b.type === "input");
    if (hasInput && view.submit === undefined) {
      check.fail("submit", "a modal with inputs needs a submit button");
    }
  }
  return check.violations;
}
