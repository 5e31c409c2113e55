/**
 * `efax report … --chart <file>`: the real CLI in a child process writes the PNG Slack would show
 * (the same bytes as drawing it here), says where on stderr, works on sample data and on a live
 * account (fetching the four weeks before for the normal range), and refuses a file it cannot
 * write before fetching anything, with exit 2.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderChartSync } from "../src/charts/index.ts";
import { createSampleSource } from "../src/efax/sandbox.ts";
import type { ReportName } from "../src/reports/catalog.ts";
import { runReport } from "../src/reports/run.ts";
import { chartForReport } from "../src/services/charts.ts";
import { type EfaxServer, startEfaxServer, TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";
import { decodePng } from "./support/png.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/efax.js", import.meta.url));
const MONTH = { from: "2026-11-01", to: "2026-11-30" };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? ROOT, TZ: "UTC", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The PNG drawn in this process from the sample data, the way the CLI draws it. */
async function expectedPng(name: ReportName, range: { from: string; to: string }) {
  const source = createSampleSource();
  const options = { previous: false, sample: true };
  const report = await runReport(source, name, range, options);
  const { chart } = await chartForReport(
    report,
    (n, r) => runReport(source, n, r, { ...options, rankings: false }),
    { singleDay: "always" },
  );
  if (!chart) throw new Error("no chart");
  return renderChartSync(chart);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "efax-chart-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("efax report --chart on sample data", () => {
  it("writes the report's chart and says where on stderr", async () => {
    const file = join(dir, "failures.png");
    const result = await run([
      "report",
      "failures",
      "from",
      MONTH.from,
      "to",
      MONTH.to,
      "--sandbox",
      "--chart",
      file,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Failures · 1–30 Nov 2026 · Sample data");
    expect(result.stderr).toContain(`Chart written to ${file} (PNG, 960×600).`);
    const written = readFileSync(file);
    expect(written.equals(Buffer.from(await expectedPng("failures", MONTH)))).toBe(true);
    const png = decodePng(written);
    expect([png.width, png.height]).toEqual([960, 600]);
  });

  it("keeps stdout for the report in JSON too, and draws one day against its weekdays", async () => {
    const file = join(dir, "day.png");
    const day = "2026-11-26";
    const result = await run([
      "report",
      "overview",
      day,
      "--sandbox",
      "--format",
      "json",
      "--chart",
      file,
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).report).toBe("overview");
    expect(result.stderr).toBe(`Chart written to ${file} (PNG, 960×600).\n`);
    const written = readFileSync(file);
    expect(written.equals(Buffer.from(await expectedPng("overview", { from: day, to: day })))).toBe(
      true,
    );
  });

  it("refuses a file it cannot write, before fetching anything, with exit 2", async () => {
    const notAFolder = join(dir, "plain.txt");
    writeFileSync(notAFolder, "x");
    const cases: [string, string][] = [
      [join(dir, "missing", "c.png"), "its folder does not exist"],
      [dir, "that is a folder"],
      [join(notAFolder, "c.png"), "part of the path is not a folder"],
    ];
    for (const [file, why] of cases) {
      const result = await run(["report", "overview", "last week", "--sandbox", "--chart", file]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `Cannot write the chart to ${file}: ${why}. Give --chart a file in a folder you can write to, such as --chart chart.png.\n`,
      );
    }
  });

  it("asks for the file when --chart has none", async () => {
    const result = await run(["report", "overview", "--sandbox", "--chart"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--chart needs a value, as in --chart failures.png.");
  });
});

describe("efax report --chart on an eFax account", () => {
  let server: EfaxServer;
  beforeAll(async () => {
    server = await startEfaxServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("fetches the four weeks before the range for the normal range, then writes the chart", async () => {
    const file = join(dir, "live.png");
    const before = server.requests.length;
    const result = await run(
      ["report", "billable", "from", "2026-11-23", "to", "2026-11-29", "--chart", file],
      {
        EFAX_API_URL: server.url,
        EFAX_API_KEY: TEST_EFAX_CREDENTIALS.apiKey,
        EFAX_USERNAME: TEST_EFAX_CREDENTIALS.username,
        EFAX_PASSWORD: TEST_EFAX_CREDENTIALS.password,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Chart written to ${file}`);
    const days = server.requests
      .slice(before)
      .map((r) => r.path.replace("/v1/billable-pages/", ""))
      .sort();
    // The week itself, then the 28 days before it (26 Oct – 22 Nov).
    expect(days).toHaveLength(7 + 28);
    expect(days[0]).toBe("2026-10-26");
    expect(days.at(-1)).toBe("2026-11-29");
    const png = decodePng(readFileSync(file));
    expect([png.width, png.height]).toEqual([960, 600]);
  });
});
