/**
 * SVG to PNG with resvg (Rust, prebuilt for each platform inside its npm package: no system
 * library, no browser). Vercel functions have no system fonts, so the renderer gets the bundled
 * Atkinson Hyperlegible files (from `@expo-google-fonts/atkinson-hyperlegible`, TTF: resvg reads no
 * WOFF2) and never looks at the machine's fonts: a chart comes out the same on a laptop, in CI and
 * on Vercel. `renderAsync` rasterises on libuv's thread pool and the PNG is compressed there too
 * (`png.ts`), so the event loop keeps answering Slack while a chart is drawn.
 */
import { createRequire } from "node:module";
import { type RenderedImage, Resvg, type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import { FONT_FAMILY } from "./palette.ts";
import { encodePng, encodePngSync } from "./png.ts";
import type { Chart } from "./types.ts";

/** PNG pixels per chart unit: sharp on phones and high-density screens. */
export const DEFAULT_SCALE = 2;

const FONT_PACKAGE = "@expo-google-fonts/atkinson-hyperlegible";
const FONT_FILES = [
  "400Regular/AtkinsonHyperlegible_400Regular.ttf",
  "700Bold/AtkinsonHyperlegible_700Bold.ttf",
] as const;

let fontPaths: string[] | undefined;

/** Where the bundled font files are (resolved once). */
export function chartFontFiles(): string[] {
  if (!fontPaths) {
    const require = createRequire(import.meta.url);
    fontPaths = FONT_FILES.map((file) => require.resolve(`${FONT_PACKAGE}/${file}`));
  }
  return fontPaths;
}

function options(scale: number): ResvgRenderOptions {
  return {
    font: {
      fontFiles: chartFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    fitTo: { mode: "zoom", value: scale },
    background: "#FFFFFF",
    logLevel: "off",
  };
}

function pngOf(image: RenderedImage): Uint8Array {
  return encodePngSync(image.width, image.height, image.pixels);
}

/** Rasterises an SVG document to PNG bytes at `scale` (on the calling thread). */
export function svgToPng(svg: string, scale = DEFAULT_SCALE): Uint8Array {
  return pngOf(new Resvg(svg, options(scale)).render());
}

/**
 * A chart as PNG bytes, rasterised and compressed on libuv's thread pool: the event loop only
 * copies the pixels into rows.
 */
export async function renderChart(chart: Chart, scale = DEFAULT_SCALE): Promise<Uint8Array> {
  const image = await renderAsync(chart.svg, options(scale));
  return encodePng(image.width, image.height, image.pixels);
}

/** A chart as PNG bytes, on the calling thread (for the CLI and scripts). */
export function renderChartSync(chart: Chart, scale = DEFAULT_SCALE): Uint8Array {
  return svgToPng(chart.svg, scale);
}
