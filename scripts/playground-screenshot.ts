/**
 * The README's picture of the playground: `node scripts/playground-screenshot.ts` starts the
 * playground as `npm start` opens it without settings (sample data), types
 * `/efax failures yesterday` in a headless Chromium, shares the report and opens its thread, and
 * saves the window to `docs/images/playground.png` (shrunk with `pngquant` when it is installed).
 *
 * Options: `--out <file>` (default `docs/images/playground.png`), `--chromium <path>` (default
 * Debian's `/usr/bin/chromium`; fonts from `fonts-lato` and `fonts-noto-color-emoji`), `--scale`
 * (device pixels per CSS pixel, default 1).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatBytes } from "../bench/measure.ts";
import { startPlayground } from "../src/playground/server.ts";
import { DEFAULT_CHROMIUM, hasChromium, INSTALL_CHROMIUM, launchChromium } from "./chromium.ts";

const { values: options } = parseArgs({
  options: {
    out: { type: "string", default: "docs/images/playground.png" },
    chromium: { type: "string", default: DEFAULT_CHROMIUM },
    scale: { type: "string", default: "1" },
  },
});
const scale = Number(options.scale);
if (!(scale >= 1 && scale <= 3)) throw new Error("--scale must be a number from 1 to 3");
if (!hasChromium(options.chromium)) {
  console.error(`No Chromium at ${options.chromium}: ${INSTALL_CHROMIUM}, or pass --chromium.`);
  process.exit(2);
}
const out = resolve(options.out);
mkdirSync(dirname(out), { recursive: true });

const profile = mkdtempSync(join(tmpdir(), "playground-screenshot-"));
const playground = await startPlayground({
  env: { LOG_LEVEL: "warn" },
  port: 0,
  personName: "Maya Chen",
});
const browser = await launchChromium(profile, {
  executablePath: options.chromium,
  width: 1280,
  height: 860,
  scale,
});
try {
  browser.setDefaultTimeout(30_000);
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(playground.pageUrl);
  const composer = page.getByRole("textbox", { name: "Message #fax-ops" });
  await composer.fill("/efax failures yesterday");
  await composer.press("Enter");
  const log = page.getByRole("log", { name: "# fax-ops" });
  await log.getByRole("button", { name: "Share to channel" }).click();
  const shared = log.getByRole("article").filter({ hasText: "Shared by @" });
  await shared.getByRole("button", { name: /\d+ repl(y|ies)/ }).click();
  const thread = page.getByRole("log", { name: "Thread" });
  await thread.getByRole("link", { name: /^Download .*\.csv$/ }).waitFor();
  // The shared report from its heading in the channel; the thread down to its CSV.
  await shared.evaluate((node) => node.scrollIntoView({ block: "start" }));
  await thread.evaluate((node) => {
    node.scrollTop = node.scrollHeight;
  });
  await composer.focus();
  await page.screenshot({ path: out });
} finally {
  await browser.close();
  await playground.close();
  rmSync(profile, { recursive: true, force: true });
}
let note = "";
try {
  execFileSync("pngquant", ["--quality=80-98", "--speed=1", "--force", "--ext=.png", out], {
    stdio: "ignore",
  });
} catch {
  note = " (pngquant not found: not shrunk)";
}
console.log(`${out}  ${formatBytes(statSync(out).size)}${note}`);
