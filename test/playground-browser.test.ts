/**
 * The playground as a new user meets it: `npm start` in a clean environment (no settings at all),
 * then a real Chromium driven by playwright-core types a command, sees the report, pages through
 * it, shares it, opens the thread, downloads the CSV, switches report and opens the App Home.
 *
 * Needs Debian's `chromium` (`apt-get install -y chromium`; `.ci/run` installs it). Without it the
 * test fails in CI and is skipped elsewhere with a one-line note saying how to install it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_CHROMIUM,
  hasChromium,
  INSTALL_CHROMIUM,
  launchChromium,
} from "../scripts/chromium.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
const HAS_CHROMIUM = hasChromium(CHROMIUM);
const IN_CI = (process.env.CI ?? "") !== "" && process.env.CI !== "false";
const INSTALL = INSTALL_CHROMIUM;
const ROOT = join(import.meta.dirname, "..");
/** Generous: a slow, shared 2-core machine runs the whole suite beside this. */
const WAIT_MS = 30_000;

if (!HAS_CHROMIUM && !IN_CI) {
  console.warn(`Skipping the playground browser test: no Chromium at ${CHROMIUM} (${INSTALL}).`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `npm start` as a new user runs it: no settings, only what a shell always has. */
function npmStart(port: number, dataDir: string): { child: ChildProcess; output: () => string } {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? tmpdir(),
    PORT: String(port),
    DATA_DIR: dataDir,
  };
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  return { child, output: () => output };
}

/** Resolves with the page's URL once `npm start` prints it; fails if it exits first. */
function pageUrlOf(started: ReturnType<typeof npmStart>): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const found = /Playground: open (http:\/\/localhost:\d+\/)/.exec(started.output());
      if (found?.[1]) {
        clearInterval(timer);
        clearTimeout(limit);
        resolve(found[1]);
      }
    };
    const timer = setInterval(look, 50);
    const limit = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`npm start did not open the playground:\n${started.output()}`));
    }, 60_000);
    started.child.once("exit", (code) => {
      clearInterval(timer);
      clearTimeout(limit);
      reject(new Error(`npm start exited (${code}):\n${started.output()}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGINT");
  const killed = setTimeout(() => {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  }, 10_000);
  await exited;
  clearTimeout(killed);
}

/** The heading of the report message in `scope` (the first block of every report). */
async function heading(scope: Locator): Promise<string> {
  return ((await scope.getByRole("heading").first().textContent()) ?? "").trim();
}

describe.skipIf(!HAS_CHROMIUM && !IN_CI)("the playground in a real browser", () => {
  const temp = mkdtempSync(join(tmpdir(), "efax-playground-browser-"));
  let started: ReturnType<typeof npmStart> | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let url = "";

  /** In CI a missing browser fails every test here, each saying why; it never skips silently. */
  const needBrowser = () => {
    if (!HAS_CHROMIUM) {
      throw new Error(
        `The playground browser test needs Chromium at ${CHROMIUM} and it is missing: ${INSTALL} (.ci/run installs it).`,
      );
    }
  };

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    started = npmStart(await freePort(), join(temp, "data"));
    url = await pageUrlOf(started);
    context = await launchChromium(join(temp, "profile"), { executablePath: CHROMIUM });
    context.setDefaultTimeout(WAIT_MS);
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (started) await stop(started.child);
    rmSync(temp, { recursive: true, force: true });
  }, 30_000);

  it("opens from a clean environment, on this computer only, saying which settings would connect Slack", async () => {
    needBrowser();
    const health = await fetch(new URL("/healthz", url));
    expect(await health.json()).toMatchObject({ ok: true, mode: "playground" });
    const output = started?.output() ?? "";
    expect(output).toContain("SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set");
    expect(output).toContain("(listening on this computer only; sample data; nothing is saved)");
    expect(existsSync(join(temp, "data"))).toBe(false);
  });

  it("answers /efax with the report, pages through it, shares it, and gives the CSV from the thread", async () => {
    needBrowser();
    await page.goto(url);
    expect(await page.title()).toBe("eFax Reports playground");
    const composer = page.getByRole("textbox", { name: "Message #fax-ops" });
    await composer.fill("/efax failures last week");
    await composer.press("Enter");

    const log = page.getByRole("log", { name: "# fax-ops" });
    const report = log.getByRole("article").filter({ hasText: "Only visible to you" }).last();
    await report.getByRole("button", { name: "Share to channel" }).waitFor();
    const week = await heading(report);
    expect(week).toMatch(/^Failures · /);

    await report.getByRole("button", { name: /Previous 7 days/ }).click();
    await expect.poll(() => heading(report), { timeout: WAIT_MS }).not.toBe(week);
    await report.getByRole("button", { name: /Next 7 days/ }).click();
    await expect.poll(() => heading(report), { timeout: WAIT_MS }).toBe(week);

    await report.getByRole("button", { name: "Share to channel" }).click();
    await log.getByText("Shared to #fax-ops").waitFor();
    const shared = log.getByRole("article").filter({ hasText: "Shared by @" });
    expect(await heading(shared)).toBe(week);
    await shared.getByRole("button", { name: /\d+ repl(y|ies)/ }).click();

    const thread = page.getByRole("log", { name: "Thread" });
    const file = thread.getByRole("link", { name: /^Download efax-failures-.*\.csv$/ });
    const [download] = await Promise.all([page.waitForEvent("download"), file.click()]);
    expect(download.suggestedFilename()).toMatch(/^efax-failures-.*\.csv$/);
    const bytes = readFileSync(await download.path());
    // Marked as UTF-8 for spreadsheets, as the app sends every CSV.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toMatch(/^date,did,user,destination,attempts,/);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2},/);
    await thread
      .getByText(/Details of Failures/)
      .first()
      .waitFor();
  }, 180_000);

  it("switches to another report on the same days from the menu", async () => {
    needBrowser();
    const composer = page.getByRole("textbox", { name: "Message #fax-ops" });
    await composer.fill("/efax overview yesterday");
    await composer.press("Enter");
    const log = page.getByRole("log", { name: "# fax-ops" });
    const report = log.getByRole("article").filter({ hasText: "Other report, same days" }).last();
    await expect.poll(() => heading(report), { timeout: WAIT_MS }).toMatch(/^Account overview/);
    await report.getByRole("combobox", { name: "Other report, same days" }).selectOption({
      label: "Billable pages",
    });
    await expect.poll(() => heading(report), { timeout: WAIT_MS }).toMatch(/^Billable pages/);
  }, 120_000);

  it("answers a mention in the message's thread", async () => {
    needBrowser();
    const composer = page.getByRole("textbox", { name: "Message #fax-ops" });
    await composer.fill("@eFax Reports failures yesterday");
    await composer.press("Enter");
    const log = page.getByRole("log", { name: "# fax-ops" });
    const asked = log
      .getByRole("article")
      .filter({ hasText: "@eFax Reports failures yesterday" })
      .last();
    await asked.getByRole("button", { name: "1 reply" }).click();
    const thread = page.getByRole("log", { name: "Thread" });
    await expect
      .poll(() => heading(thread.getByRole("article").nth(1)), { timeout: WAIT_MS })
      .toMatch(/^Failures · /);
  }, 120_000);

  it("shows the App Home, and runs a report from it with the keyboard", async () => {
    needBrowser();
    await page.getByRole("button", { name: "eFax Reports", exact: true }).click();
    const home = page.getByRole("tabpanel", { name: "Home" });
    await home.getByRole("heading", { name: "Fax activity" }).waitFor();
    await home.getByText(/^Last 7 days/).waitFor();

    await home.getByRole("button", { name: "Failures", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("tab", { name: "Messages" }).click();
    const messages = page.getByRole("log", { name: "eFax Reports" });
    await expect
      .poll(() => heading(messages.getByRole("article").last()), { timeout: WAIT_MS })
      .toMatch(/^Failures · /);
  }, 120_000);

  it("opens the app's Connect dialog from the Home, shows its errors, and closes it with Escape", async () => {
    needBrowser();
    await page.getByRole("tab", { name: "Home" }).click();
    const home = page.getByRole("tabpanel", { name: "Home" });
    const change = home.getByRole("button", { name: "Change eFax account" });
    await change.click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    const apiKey = dialog.getByRole("textbox", { name: "API key" });
    await expect
      .poll(() => apiKey.evaluate((node) => node === node.ownerDocument.activeElement))
      .toBe(true);
    await apiKey.fill("a-key");
    await dialog.getByRole("button", { name: "Check and connect" }).click();
    // The app's own answer, under the field it is about; what was typed stays.
    await dialog.getByRole("alert").first().waitFor();
    expect(
      await dialog.getByRole("textbox", { name: "Username" }).getAttribute("aria-invalid"),
    ).toBe("true");
    expect(await apiKey.inputValue()).toBe("a-key");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await expect
      .poll(() => change.evaluate((node) => node === node.ownerDocument.activeElement))
      .toBe(true);
  }, 120_000);
});
