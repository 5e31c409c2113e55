import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { addDays, dayInZone } from "../src/dates/calendar.ts";
import { formatDay } from "../src/dates/format.ts";
import { parseWhen } from "../src/dates/parse-when.ts";
import type { EfaxCredentials } from "../src/efax/types.ts";
import { type EfaxServer, startEfaxServer, TEST_EFAX_CREDENTIALS } from "./support/efax-server.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/efax.js", import.meta.url));
const DAY = "2026-11-20";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process with only the environment given (plus PATH and TZ). */
function run(
  args: string[],
  env: Record<string, string> = {},
  command = process.execPath,
): Promise<Run> {
  const argv = command === process.execPath ? [BIN, ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
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

function credentialsEnv(credentials: EfaxCredentials, url: string): Record<string, string> {
  return {
    EFAX_API_URL: url,
    EFAX_API_KEY: credentials.apiKey,
    EFAX_USERNAME: credentials.username,
    EFAX_PASSWORD: credentials.password,
  };
}

function expectNoSecret(result: Run, credentials: EfaxCredentials): void {
  for (const secret of [credentials.apiKey, credentials.password]) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number().int().nonnegative();
const counts = z.record(z.string(), count);
/** The documented `--format json` shapes, strict: no key more, no key less. */
const faxJson = z.strictObject({
  report: z.enum(["overview", "numbers", "failures"]),
  from: day,
  to: day,
  sample: z.boolean(),
  totals: z.strictObject({
    attempts: count,
    successes: count,
    failures: count,
    successRate: z.number().min(0).max(1).nullable(),
    byReason: counts,
  }),
  rows: z.array(
    z.strictObject({
      day,
      did: z.string(),
      user: z.string(),
      destination: z.string().optional(),
      attempts: count,
      successes: count,
      failures: count,
      byReason: counts,
    }),
  ),
});
const billableJson = z.strictObject({
  report: z.literal("billable"),
  from: day,
  to: day,
  sample: z.boolean(),
  totals: z.strictObject({ outbound: counts, inbound: count, total: count }),
  rows: z.array(
    z.strictObject({ day, did: z.string(), outbound: counts, inbound: count, total: count }),
  ),
});
const summaryJson = z.strictObject({
  report: z.literal("summary"),
  from: day,
  to: day,
  sample: z.boolean(),
  overview: faxJson,
  failures: faxJson,
  billable: billableJson,
});

function keysOf(value: unknown): string[] {
  return typeof value === "object" && value !== null ? Object.keys(value) : [];
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

describe("efax --help", () => {
  it.each([[["--help"]], [["report", "--help"]], [[]]])("%j explains everything", async (args) => {
    const result = await run(args);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    for (const word of ["overview", "numbers", "failures", "billable", "summary"]) {
      expect(result.stdout).toContain(`\n  ${word} `);
    }
    for (const text of [
      "last friday",
      "from nov 1 to nov 7",
      "past 7 days",
      "--format <text|json|csv>",
      "--tz <zone>",
      "--sandbox",
      "--mask",
      "EFAX_API_KEY, EFAX_USERNAME, EFAX_PASSWORD",
      "EFAX_API_URL",
      "https://api.secure.efaxdeveloper.com/v1",
      '"successRate"',
      '"byReason"',
      "EXIT CODES",
      "3    eFax rejected the credentials",
    ]) {
      expect(result.stdout).toContain(text);
    }
  });
});

describe("efax --help on ranges", () => {
  it("describes reversed and rolled ranges as they are really read", async () => {
    const result = await run(["--help"]);
    const help = result.stdout.replace(/\s+/g, " ");
    // Each example the help gives, read as the help says on the day its own examples assume.
    const now = new Date(Date.UTC(2026, 10, 26, 12));
    const read = (words: string) => {
      const { from, to } = parseWhen(words, { timeZone: "UTC", now });
      return [from, to];
    };
    const examples: [string, string, string[]][] = [
      [
        "dec 28 to jan 3",
        "dec 28 to jan 3 crosses into the new year",
        ["2025-12-28", "2026-01-03"],
      ],
      [
        "friday to monday",
        "friday to monday runs from the latest Friday to the Monday after it",
        ["2026-11-20", "2026-11-23"],
      ],
      [
        "dec 1 to nov 30",
        "dec 1 to nov 30 and nov 7 to nov 1 are read swapped (30 Nov – 1 Dec",
        ["2025-11-30", "2025-12-01"],
      ],
      ["nov 7 to nov 1", "1–7 Nov)", ["2026-11-01", "2026-11-07"]],
      [
        "2026-11-25 to 2026-11-20",
        "2026-11-25 to 2026-11-20 is 20–25 Nov 2026",
        ["2026-11-20", "2026-11-25"],
      ],
      ["today to yesterday", "today or yesterday, are put in order", ["2026-11-25", "2026-11-26"]],
      [
        "dec 30 to jan 2 2026",
        "dec 30 to jan 2 2026 starts on 30 Dec 2025",
        ["2025-12-30", "2026-01-02"],
      ],
    ];
    for (const [words, claim, range] of examples) {
      expect(help).toContain(claim);
      expect(read(words), words).toEqual(range);
    }
    // Thursday 26 Nov 2026: this week's Friday is still to come.
    expect(help).toContain(
      "An end that falls after today is refused (monday to friday, asked on a Thursday)",
    );
    expect(() => read("monday to friday")).toThrow("is still to come");
    expect(help).not.toContain("the end is the first matching day after the start: dec 28");
  });
});

describe("efax <report> without the word report", () => {
  it("prints exactly what efax report <report> prints", async () => {
    const [bare, full, bareJson, fullJson] = await Promise.all([
      run(["failures", "yesterday", "--sandbox", "--tz", "UTC"]),
      run(["report", "failures", "yesterday", "--sandbox", "--tz", "UTC"]),
      run(["pages", DAY, "--format", "json", "--sandbox"]),
      run(["report", "billable", DAY, "--format", "json", "--sandbox"]),
    ]);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toBe("");
    expect(bare.stdout).toMatch(/^Failures · yesterday \(.+\) · Sample data\n/);
    expect(bare.stdout).toBe(full.stdout);
    expect(bareJson.code).toBe(0);
    expect(billableJson.parse(JSON.parse(bareJson.stdout))).toEqual(
      billableJson.parse(JSON.parse(fullJson.stdout)),
    );
  });

  it("works through npx", async () => {
    const result = await run(["efax", "failures", "yesterday", "--sandbox"], {}, "npx");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Failures · yesterday \(.+\) · Sample data\n/);
  });
});

describe("efax typo suggestions", () => {
  it.each([
    [
      ["report", "failrues", "yesterday", "--sandbox"],
      'There is no report called "failrues". Did you mean failures?',
      "efax report failures yesterday --sandbox",
      "See efax report --help.",
    ],
    [
      ["failrues", "yesterday", "--sandbox"],
      'There is no report or command "failrues". Did you mean failures?',
      "efax failures yesterday --sandbox",
      "See efax --help.",
    ],
    [
      ["report", "failures", DAY, "--fromat", "json", "--sandbox"],
      "There is no option --fromat. Did you mean --format?",
      `efax report failures ${DAY} --format json --sandbox`,
      "See efax report --help.",
    ],
    [
      ["report", "numbers", DAY, "--format=jsno", "--sandbox"],
      '--format must be one of text, json, csv, not "jsno". Did you mean json?',
      `efax report numbers ${DAY} --format=json --sandbox`,
      "See efax report --help.",
    ],
  ])("%j says what was meant, and the command it gives works", async (args, message, fix, help) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`${message}\n  ${fix}\n${help}\n`);
    const [name, ...fixed] = fix.split(" ");
    expect(name).toBe("efax");
    const again = await run(fixed);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toBe("");
  });
});

describe("fax numbers in the output", () => {
  it("reads as Slack shows them in text, and stays eFax's digits in JSON and CSV", async () => {
    const [text, numbers, billable, json, csv] = await Promise.all([
      run(["report", "failures", DAY, "--sandbox"]),
      run(["report", "numbers", DAY, "--sandbox"]),
      run(["report", "billable", DAY, "--sandbox"]),
      run(["report", "failures", DAY, "--format", "json", "--sandbox"]),
      run(["report", "failures", DAY, "--format", "csv", "--sandbox"]),
    ]);
    for (const result of [text, numbers, billable]) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("+1 312-555-0178");
      expect(result.stdout).not.toMatch(/\b1\d{10}\b/);
    }
    // Rankings of DIDs and destinations, and the destinations where every attempt failed.
    expect(text.stdout).toMatch(/\n {2}\+1 312-555-0178 +[\d,]+ +[\d,]+ +[\d.]+%\n/);
    expect(text.stdout).toMatch(
      /\n {2}\+1 \d{3}-555-\d{4} +\d+ {2}[A-Z][a-z ]+ +\+1 \d{3}-555-01\d\d +[a-z.]+ +\d+\n/,
    );
    expect(numbers.stdout).toMatch(/Destinations with the most failures[^\n]*\n[^\n]+\n {2}\+1 /);
    expect(billable.stdout).toMatch(/\n {2}\+1 312-555-0178 +[\d,]+/);
    // Users are left alone.
    expect(text.stdout).toMatch(/\n {2}lab\.results +\d/);

    const rows = faxJson.parse(JSON.parse(json.stdout)).rows;
    expect(rows.map((row) => row.did)).toContain("13125550178");
    for (const row of rows) {
      expect(row.did).toMatch(/^1\d{10}$/);
      expect(row.destination).toMatch(/^1\d{10}$/);
    }
    expect(csv.stdout).toContain(",13125550178,lab.results,1");
    expect(csv.stdout).not.toContain("+1 ");
  });
});

describe("efax report --mask", () => {
  it("shows every destination as •••-•••-<last 4> in text, JSON and CSV; fax lines stay readable", async () => {
    const [plain, text, json, csv, summary] = await Promise.all([
      run(["report", "numbers", DAY, "--format", "json", "--sandbox"]),
      run(["report", "failures", DAY, "--sandbox", "--mask"]),
      run(["report", "numbers", DAY, "--format", "json", "--sandbox", "--mask"]),
      run(["report", "failures", DAY, "--format", "csv", "--sandbox", "--mask"]),
      run(["report", "summary", DAY, "--sandbox", "--mask"]),
    ]);
    const raw = faxJson.parse(JSON.parse(plain.stdout)).rows;
    const destinations = new Set(raw.map((row) => row.destination ?? ""));
    expect(destinations.size).toBeGreaterThan(5);
    for (const result of [text, json, csv, summary]) {
      expect(result.code).toBe(0);
      for (const destination of destinations) {
        const digits = destination.slice(-10);
        const spelled = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
        expect(result.stdout).not.toContain(digits);
        expect(result.stdout).not.toContain(spelled);
      }
      expect(result.stdout).toContain("•••-•••-");
    }
    const masked = faxJson.parse(JSON.parse(json.stdout)).rows;
    expect(masked).toHaveLength(raw.length);
    masked.forEach((row, index) => {
      expect(row.did).toBe(raw[index]?.did);
      expect(row.destination).toBe(`•••-•••-${raw[index]?.destination?.slice(-4)}`);
    });
    expect(text.stdout).toContain("+1 312-555-0178");
    expect(csv.stdout).toContain(",13125550178,lab.results,•••-•••-");
  });
});

describe("efax report --sandbox", () => {
  it("prints yesterday's failures as a readable table, without colours when piped", async () => {
    const result = await run(["report", "failures", "yesterday", "--sandbox", "--tz", "UTC"]);
    const yesterday = addDays(dayInZone(new Date(), "UTC"), -1);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const [title, subtitle] = result.stdout.split("\n");
    expect(title).toBe(`Failures · yesterday (${formatDay(yesterday)}) · Sample data`);
    expect(subtitle).toBe("1 day · dates in UTC · built-in sample data, not an eFax account");
    expect(result.stdout).toContain("Failures by reason");
    expect(result.stdout).toContain("Destinations where every attempt failed");
    expect(result.stdout).toMatch(/\n {2}Attempts +[\d,]+\n/);
    expect(result.stdout).not.toContain("\u001b[");
  });

  it("reads the days in the machine's zone when --tz is not given", async () => {
    const zone = "Pacific/Kiritimati";
    const result = await run(["report", "summary", "--sandbox"], { TZ: zone });
    const yesterday = addDays(dayInZone(new Date(), zone), -1);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").slice(0, 2)).toEqual([
      `Summary · yesterday (${formatDay(yesterday)}) · Sample data`,
      `1 day · dates in ${zone} · built-in sample data, not an eFax account`,
    ]);
  });

  it("works through npx, as a new user would try it", async () => {
    const result = await run(["efax", "report", "failures", "yesterday", "--sandbox"], {}, "npx");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Failures · yesterday \(.+\) · Sample data\n/);
  });

  it("prints one JSON object whose totals add up from its rows", async () => {
    const result = await run(["report", "numbers", DAY, "--format", "json", "--sandbox"]);
    expect(result.code).toBe(0);
    const value: unknown = JSON.parse(result.stdout);
    expect(keysOf(value)).toEqual(["report", "from", "to", "sample", "totals", "rows"]);
    const json = faxJson.parse(value);
    expect(json).toMatchObject({ report: "numbers", from: DAY, to: DAY, sample: true });
    const { totals, rows } = json;
    expect(keysOf(totals)).toEqual([
      "attempts",
      "successes",
      "failures",
      "successRate",
      "byReason",
    ]);
    expect(rows.length).toBeGreaterThan(100);
    expect(totals.attempts).toBe(sum(rows.map((r) => r.attempts)));
    expect(totals.failures).toBe(sum(rows.map((r) => r.failures)));
    expect(sum(Object.values(totals.byReason))).toBe(totals.failures);
    expect(totals.successRate).toBeCloseTo(totals.successes / totals.attempts, 10);
    for (const row of rows) {
      expect(sum(Object.values(row.byReason))).toBe(row.failures);
      expect(Object.values(row.byReason).every((n) => n > 0)).toBe(true);
    }
    expect(keysOf(rows[0])).toEqual([
      "day",
      "did",
      "user",
      "destination",
      "attempts",
      "successes",
      "failures",
      "byReason",
    ]);
  });

  it("leaves the destination out of account-overview rows", async () => {
    const result = await run(["report", "account", DAY, "--format", "json", "--sandbox"]);
    expect(result.code).toBe(0);
    const json = faxJson.parse(JSON.parse(result.stdout));
    expect(json.report).toBe("overview");
    expect(json.rows.length).toBeGreaterThan(0);
    expect(json.rows.every((row) => !("destination" in row))).toBe(true);
  });

  it("prints billable pages by resolution with totals", async () => {
    const result = await run(["report", "pages", DAY, "--format", "json", "--sandbox"]);
    expect(result.code).toBe(0);
    const { report, totals, rows } = billableJson.parse(JSON.parse(result.stdout));
    expect(report).toBe("billable");
    expect(keysOf(totals)).toEqual(["outbound", "inbound", "total"]);
    expect(Object.keys(totals.outbound).slice(0, 2)).toEqual(["STANDARD", "FINE"]);
    expect(totals.total).toBe(sum(Object.values(totals.outbound)) + totals.inbound);
    expect(sum(rows.map((row) => row.total))).toBe(totals.total);
    expect(sum(rows.map((row) => row.inbound))).toBe(totals.inbound);
  });

  it("prints the summary as the three report objects", async () => {
    const result = await run(["report", "summary", DAY, "--format", "json", "--sandbox"]);
    expect(result.code).toBe(0);
    const value: unknown = JSON.parse(result.stdout);
    expect(keysOf(value)).toEqual([
      "report",
      "from",
      "to",
      "sample",
      "overview",
      "failures",
      "billable",
    ]);
    expect(summaryJson.parse(value)).toMatchObject({
      report: "summary",
      from: DAY,
      to: DAY,
      sample: true,
      overview: { report: "overview", from: DAY, to: DAY, sample: true },
      failures: { report: "failures" },
      billable: { report: "billable" },
    });
  });

  it("prints CSV with one line per row", async () => {
    const [csv, json] = await Promise.all([
      run(["report", "failures", DAY, "--format", "csv", "--sandbox"]),
      run(["report", "failures", DAY, "--format", "json", "--sandbox"]),
    ]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split("\r\n");
    expect(lines[0]).toBe(
      "date,did,user,destination,attempts,successes,failures,Busy,Call placement error,Fax transmission failed,No answer,No dial tone,Unspecified failure",
    );
    expect(lines.at(-1)).toBe("");
    expect(lines.length - 2).toBe(faxJson.parse(JSON.parse(json.stdout)).rows.length);
  });

  it("prints the summary CSV as three files, each named", async () => {
    const result = await run(["report", "summary", DAY, "--format", "csv", "--sandbox"]);
    expect(result.code).toBe(0);
    const names = result.stdout.split("\r\n").filter((line) => line.startsWith("# "));
    expect(names).toEqual([
      `# efax-account-overview-${DAY}.csv`,
      `# efax-failures-${DAY}.csv`,
      `# efax-billable-pages-${DAY}.csv`,
    ]);
    expect(result.stdout).toContain(
      `\r\n\r\n# efax-failures-${DAY}.csv\r\ndate,did,user,destination,`,
    );
  });

  it("reports progress for a range on stderr, never on stdout", async () => {
    const result = await run([
      "report",
      "failures",
      "2026-11-01",
      "to",
      "2026-11-03",
      "--format",
      "json",
      "--sandbox",
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Fetching 3 days… 0/3\n");
    expect(result.stderr).toContain("Fetching 3 days… 3/3\n");
    expect(result.stdout).not.toContain("Fetching");
    expect(faxJson.parse(JSON.parse(result.stdout))).toMatchObject({
      from: "2026-11-01",
      to: "2026-11-03",
    });
  });

  it("says which days and zone a text report covers", async () => {
    const result = await run([
      "report",
      "billable",
      "2026-11-01",
      "-",
      "2026-11-07",
      "--sandbox",
      "--tz",
      "Europe/Berlin",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Billable pages · 1–7 Nov 2026 · Sample data\n7 days · dates in Europe\/Berlin/,
    );
    expect(result.stdout).toMatch(/\n {2}All \d+ DIDs +[\d,]+/);
  });
});

describe("efax usage errors (exit 2)", () => {
  it.each([
    [
      ["report", "faxes", "--sandbox"],
      'There is no report called "faxes"',
      "See efax report --help.",
    ],
    [["report", "--sandbox"], "Name a report", "See efax report --help."],
    [["report", "failures", "--colour"], "There is no option --colour", "See efax report --help."],
    [
      ["report", "failures", "--format", "xml", "--sandbox"],
      '--format must be one of text, json, csv, not "xml"',
      "",
    ],
    [
      ["report", "failures", "--tz", "Mars/Olympus", "--sandbox"],
      '"Mars/Olympus" is not a time zone',
      "",
    ],
    [
      ["report", "failures", "nov", "20", "banana", "--sandbox"],
      'I couldn\'t understand "banana" in "nov 20 banana"',
      "Try, for example: yesterday, today",
    ],
    [
      ["report", "failures", "2099-01-01", "--sandbox"],
      "is still to come",
      "Try, for example: today, yesterday",
    ],
    [
      ["report", "failures", "past", "40", "days", "--sandbox"],
      "covers 40 days",
      "at most 31 days",
    ],
  ])("%j", async (args, message, hint) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("names the missing credentials and suggests --sandbox", async () => {
    const result = await run(["report", "failures", DAY], { EFAX_API_KEY: "some-key-value" });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("set EFAX_USERNAME, EFAX_PASSWORD in the environment");
    expect(result.stderr).toContain("--sandbox");
    expect(result.stderr).not.toContain("some-key-value");
  });

  it("refuses an EFAX_API_URL that is not a URL", async () => {
    const result = await run(["report", "failures", DAY], {
      ...credentialsEnv(TEST_EFAX_CREDENTIALS, "api.example.com/v1"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("EFAX_API_URL must be an http(s) URL");
    expectNoSecret(result, TEST_EFAX_CREDENTIALS);
  });
});

describe("efax report against a local eFax server", () => {
  let server: EfaxServer;
  beforeAll(async () => {
    server = await startEfaxServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("fetches with the credentials from the environment, and prints what the sample data prints", async () => {
    server.setFault(null);
    const before = server.requests.length;
    const [live, sample] = await Promise.all([
      run(
        ["report", "numbers", DAY, "--format", "json"],
        credentialsEnv(TEST_EFAX_CREDENTIALS, server.url),
      ),
      run(["report", "numbers", DAY, "--format", "json", "--sandbox"]),
    ]);
    expect(live.code).toBe(0);
    expect(live.stderr).toBe("");
    expect(server.requests.slice(before).map((r) => [r.path, r.status])).toEqual([
      [`/v1/number-overview/${DAY}`, 200],
    ]);
    const liveJson = faxJson.parse(JSON.parse(live.stdout));
    expect(liveJson.sample).toBe(false);
    expect({ ...liveJson, sample: true }).toEqual(faxJson.parse(JSON.parse(sample.stdout)));
    expectNoSecret(live, TEST_EFAX_CREDENTIALS);
  });

  it("exits 3 when eFax rejects the credentials, and prints no secret", async () => {
    server.setFault(null);
    const wrong = { ...TEST_EFAX_CREDENTIALS, password: "wrong-password-Xy7Qz2" };
    const result = await run(["report", "failures", DAY], credentialsEnv(wrong, server.url));
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("eFax rejected the API key, username or password");
    expect(result.stderr).toContain("Check EFAX_API_KEY, EFAX_USERNAME and EFAX_PASSWORD");
    expectNoSecret(result, wrong);
    expectNoSecret(result, TEST_EFAX_CREDENTIALS);
  });

  it("exits 3 for a wrong API key too", async () => {
    server.setFault(null);
    const wrong = { ...TEST_EFAX_CREDENTIALS, apiKey: "wrong-key-Lm3Pq8" };
    const result = await run(
      ["report", "billable", DAY, "--format", "json"],
      credentialsEnv(wrong, server.url),
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expectNoSecret(result, wrong);
  });

  it("exits 4 when eFax keeps failing", async () => {
    server.setFault({ kind: "status", status: 503 });
    const result = await run(
      ["report", "failures", DAY, "--format", "csv"],
      credentialsEnv(TEST_EFAX_CREDENTIALS, server.url),
    );
    server.setFault(null);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("after 3 attempts");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expectNoSecret(result, TEST_EFAX_CREDENTIALS);
  });

  it("exits 4 when eFax sends something unreadable", async () => {
    server.setFault({ kind: "malformed" });
    const result = await run(
      ["report", "summary", "2026-11-01", "to", "2026-11-04"],
      credentialsEnv(TEST_EFAX_CREDENTIALS, server.url),
    );
    server.setFault(null);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("malformed");
    expectNoSecret(result, TEST_EFAX_CREDENTIALS);
  });
});
