/**
 * Debian's Chromium as the project's tools use it: the README pictures, the playground's screenshot
 * and its browser test. The flags keep a headless Chromium quiet on a machine with no network
 * beyond its own (no background updates, sync or QUIC) and inside a container (no sandbox, no GPU).
 */
import { existsSync } from "node:fs";
import { type BrowserContext, chromium } from "playwright-core";

/** Where Debian's `chromium` package puts the browser. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** How to get it, in one line. */
export const INSTALL_CHROMIUM = "apt-get install -y chromium";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True when a Chromium is at `path`. */
export function hasChromium(path = DEFAULT_CHROMIUM): boolean {
  return existsSync(path);
}

/** A headless Chromium with a fresh profile in `profileDir` (a new empty directory). */
export function launchChromium(
  profileDir: string,
  options: { executablePath?: string; width?: number; height?: number; scale?: number } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: options.executablePath ?? DEFAULT_CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    deviceScaleFactor: options.scale ?? 1,
    args: CHROMIUM_FLAGS,
  });
}
