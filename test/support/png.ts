/**
 * Reading rendered charts back: PNG bytes decoded with pngjs, pixels addressed in chart units
 * (the PNG is drawn at `scale` pixels per unit), colours compared as `#RRGGBB`.
 */
import { PNG } from "pngjs";

export interface Picture {
  width: number;
  height: number;
  scale: number;
  /** `#RRGGBB` at chart unit (x, y). */
  at(x: number, y: number): string;
  /** Alpha (0–255) at pixel (px, py). */
  alphaAtPixel(px: number, py: number): number;
  /** `#RRGGBB` at pixel (px, py). */
  atPixel(px: number, py: number): string;
  /** How many pixels of a vertical line at chart x, from y0 to y1 (units), have `color`. */
  countInColumn(x: number, y0: number, y1: number, color: string): number;
  /** The topmost pixel row (in units) of a vertical line at chart x that has `color`, or null. */
  topOf(x: number, color: string): number | null;
  /** Pixels with `color` inside a rectangle given in units. */
  countIn(box: { left: number; top: number; right: number; bottom: number }, color: string): number;
}

function hex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`.toUpperCase();
}

export function decodePng(bytes: Uint8Array, scale = 2): Picture {
  const png = PNG.sync.read(Buffer.from(bytes));
  const { width, height, data } = png;
  const atPixel = (px: number, py: number): string => {
    const x = Math.min(width - 1, Math.max(0, Math.round(px)));
    const y = Math.min(height - 1, Math.max(0, Math.round(py)));
    const i = (y * width + x) * 4;
    return hex(data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0);
  };
  const picture: Picture = {
    width,
    height,
    scale,
    atPixel,
    alphaAtPixel: (px, py) => data[(py * width + px) * 4 + 3] ?? 0,
    at: (x, y) => atPixel(x * scale, y * scale),
    countInColumn(x, y0, y1, color) {
      let count = 0;
      for (let py = Math.round(y0 * scale); py <= Math.round(y1 * scale); py++) {
        if (atPixel(x * scale, py) === color) count++;
      }
      return count;
    },
    topOf(x, color) {
      for (let py = 0; py < height; py++) if (atPixel(x * scale, py) === color) return py / scale;
      return null;
    },
    countIn(box, color) {
      let count = 0;
      for (let py = Math.round(box.top * scale); py < Math.round(box.bottom * scale); py++) {
        for (let px = Math.round(box.left * scale); px < Math.round(box.right * scale); px++) {
          if (atPixel(px, py) === color) count++;
        }
      }
      return count;
    },
  };
  return picture;
}

/** True when every pixel of the PNG is fully opaque. */
export function isOpaque(picture: Picture): boolean {
  for (let py = 0; py < picture.height; py++) {
    for (let px = 0; px < picture.width; px++) {
      if (picture.alphaAtPixel(px, py) !== 255) return false;
    }
  }
  return true;
}
