/**
 * A few helpers to write SVG as text: escaping, elements with attributes, rounding, and an
 * estimate of how wide a line of text is, for laying out legends and labels.
 */

import { escapeMarkup } from "../views/markup.ts";
import { FONT_FAMILY } from "./palette.ts";

type AttributeValue = string | number | undefined | null | false;

/** A number as SVG writes it: at most two decimals, no trailing zeros, never `-0`. */
export function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

function attributes(attrs: Readonly<Record<string, AttributeValue>>): string {
  let out = "";
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    const text = typeof value === "number" ? num(value) : escapeMarkup(value);
    out += ` ${name}="${text}"`;
  }
  return out;
}

/** `<name attrs/>`, or `<name attrs>children</name>` when children are given. */
export function el(
  name: string,
  attrs: Readonly<Record<string, AttributeValue>>,
  children?: string | readonly string[],
): string {
  if (children === undefined) return `<${name}${attributes(attrs)}/>`;
  const inner = typeof children === "string" ? children : children.join("");
  return `<${name}${attributes(attrs)}>${inner}</${name}>`;
}

export interface TextOptions {
  size: number;
  fill: string;
  anchor?: "start" | "middle" | "end";
  bold?: boolean;
}

/** A line of text whose baseline starts (or is centred, or ends) at `x`, `y`. */
export function text(x: number, y: number, content: string, options: TextOptions): string {
  return el(
    "text",
    {
      x,
      y,
      "font-size": options.size,
      "font-weight": options.bold ? 700 : undefined,
      "text-anchor": options.anchor && options.anchor !== "start" ? options.anchor : undefined,
      fill: options.fill,
    },
    escapeMarkup(content),
  );
}

/** The root element: an opaque card of `width` × `height` units with the bundled font. */
export function svgDocument(width: number, height: number, body: readonly string[]): string {
  return el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      width,
      height,
      viewBox: `0 0 ${num(width)} ${num(height)}`,
      "font-family": FONT_FAMILY,
    },
    body,
  );
}

/** Characters of the bundled font that are clearly narrower or wider than an average letter. */
const NARROW = new Set([..."iljI.,:;'!|·()[]1 "]);
const WIDE = new Set([..."MWmw%–—"]);

/** About how wide `content` is at `size` units: a little generous, so layouts never collide. */
export function textWidth(content: string, size: number, bold = false): number {
  let em = 0;
  for (const char of content) {
    if (NARROW.has(char)) em += 0.3;
    else if (WIDE.has(char)) em += 0.86;
    else if (char >= "A" && char <= "Z") em += 0.66;
    else em += 0.57;
  }
  return em * size * (bold ? 1.04 : 1);
}

/** `content` cut to at most `max` characters, ending in "…" when cut. */
export function clip(content: string, max: number): string {
  const chars = [...content];
  return chars.length <= max ? content : `${chars.slice(0, max - 1).join("")}…`;
}
