/**
 * Text placed inside HTML or SVG that we write ourselves (install pages, the playground, charts):
 * a name from Slack or a report never becomes markup.
 */

/** Escapes text for an HTML or XML text node or a quoted attribute value. */
export function escapeMarkup(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
