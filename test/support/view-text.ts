/**
 * What a person reads in a Block Kit message or view, as plain lines: header, sections, fields,
 * context, and `[button]` labels. Lets view tests assert what a user sees, not JSON shapes.
 */

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string {
  return isRecord(value) && typeof value.text === "string" ? value.text : "";
}

function elementText(element: unknown): string {
  if (!isRecord(element)) return "";
  switch (element.type) {
    case "button":
      return `[${textOf(element.text)}]`;
    case "static_select":
      return isRecord(element.initial_option)
        ? `[${textOf(element.initial_option.text)} ▾]`
        : `[${textOf(element.placeholder)} ▾]`;
    case "datepicker":
      return `[📅 ${typeof element.initial_date === "string" ? element.initial_date : ""}]`;
    case "plain_text_input":
      return "[____]";
    case "timepicker":
      return `[🕘 ${typeof element.initial_time === "string" ? element.initial_time : ""}]`;
    case "conversations_select":
    case "channels_select": {
      const initial = element.initial_conversation ?? element.initial_channel;
      return `[# ${typeof initial === "string" ? initial : textOf(element.placeholder)} ▾]`;
    }
    default:
      return textOf(element);
  }
}

/** One string per line a reader sees, in order. */
export function visibleLines(
  surface: { blocks?: readonly unknown[] } | { blocks: unknown },
): string[] {
  const blocks = Array.isArray(surface.blocks) ? surface.blocks : [];
  const lines: string[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    switch (block.type) {
      case "header":
        lines.push(`# ${textOf(block.text)}`);
        break;
      case "section": {
        if (block.text) lines.push(textOf(block.text));
        if (Array.isArray(block.fields)) lines.push(block.fields.map(textOf).join(" | "));
        if (block.accessory) lines.push(elementText(block.accessory));
        break;
      }
      case "context":
        if (Array.isArray(block.elements)) lines.push(`> ${block.elements.map(textOf).join(" ")}`);
        break;
      case "actions":
        if (Array.isArray(block.elements)) lines.push(block.elements.map(elementText).join(" "));
        break;
      case "input":
        lines.push(
          `${textOf(block.label)}: ${elementText(block.element)}  (${textOf(block.hint)})`,
        );
        break;
      case "divider":
        lines.push("---");
        break;
    }
  }
  return lines;
}

/** {@link visibleLines} joined, for `toContain` checks and readable snapshots. */
export function visibleText(
  surface: { blocks?: readonly unknown[] } | { blocks: unknown },
): string {
  return visibleLines(surface).join("\n");
}

/** Every button of a surface: label, action id and value. */
export function buttons(surface: {
  blocks?: readonly unknown[];
}): { text: string; actionId: string; value: string }[] {
  const found: { text: string; actionId: string; value: string }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (!isRecord(value)) return;
    if (value.type === "button") {
      found.push({
        text: textOf(value.text),
        actionId: typeof value.action_id === "string" ? value.action_id : "",
        value: typeof value.value === "string" ? value.value : "",
      });
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(surface.blocks);
  return found;
}
