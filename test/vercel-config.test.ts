import { readdirSync, readFileSync } from "node:fs";
import { join, matchesGlob, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { chartFontFiles } from "../src/charts/render.ts";

interface VercelConfig {
  outputDirectory?: string;
  functions: Record<string, { maxDuration?: number; includeFiles?: string }>;
}

const root = join(import.meta.dirname, "..");
const config: VercelConfig = JSON.parse(readFileSync(join(root, "vercel.json"), "utf8"));

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** The functions whose work can post a chart: Slack requests and scheduled runs (digests). */
const DRAWING_FUNCTIONS = ["api/slack/events.ts", "api/cron/tick.ts", "api/cron/run.ts"];

describe("vercel.json", () => {
  it("gives every function under api/ a time limit", () => {
    const functions = filesUnder("api").filter((file) => file.endsWith(".ts"));
    for (const file of functions) {
      expect(config.functions[file]?.maxDuration, file).toBeGreaterThan(0);
    }
    expect(Object.keys(config.functions).sort()).toEqual(
      expect.arrayContaining(DRAWING_FUNCTIONS.sort()),
    );
  });

  it("ships the chart font with every function that can draw a chart (Vercel has no fonts)", () => {
    const fonts = chartFontFiles().map((file) => relative(root, file));
    expect(fonts.length).toBeGreaterThan(0);
    for (const name of DRAWING_FUNCTIONS) {
      const glob = config.functions[name]?.includeFiles ?? "";
      for (const font of fonts) expect(matchesGlob(font, glob), `${name}: ${font}`).toBe(true);
    }
  });

  it("publishes only the public/ folder, never the source, tests or docs", () => {
    expect(config.outputDirectory).toBe("public");
    const published = filesUnder("public");
    expect(published).toContain("public/index.html");
    expect(published.filter((file) => !/\.(html|css|png|svg|ico|txt)$/.test(file))).toEqual([]);
  });
});
