/**
 * Timing and memory helpers shared by the benchmark sections. Peak memory is a process-wide
 * high-water mark, so every memory figure comes from a fresh child process that measures one
 * thing only; times are medians, since a single run is at the mercy of the machine.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

/** One goal's outcome, printed as `PASS`/`MISS` at the end of the run. */
export interface Goal {
  met: boolean;
  text: string;
}

/** A part of the benchmark: measures, prints its table, returns its goals. */
export interface Section {
  /** Short name for `--sections`. */
  name: string;
  title: string;
  run(context: { sizes: readonly number[]; workDir: string }): Promise<Goal[]>;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** Milliseconds `run` takes, once. */
export function timeOnce(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** Peak resident set size of this process so far, in bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export interface ChildRun<T> {
  /** What the child printed as JSON on its last line of output. */
  result: T;
  /** Wall-clock time from spawn to exit, process start included. */
  wallMs: number;
}

/**
 * Runs `node [nodeFlags] script [args]` and parses the last line the child prints as JSON
 * (the child reports its own figures, e.g. `peakRssBytes()`). Rejects with the child's stderr
 * when it exits non-zero.
 */
export function runNodeChild<T>(
  script: string,
  args: readonly string[],
  options: {
    nodeFlags?: readonly string[];
    parse: (value: unknown) => T;
    /** The child's environment. Default: this process's. */
    env?: NodeJS.ProcessEnv;
  },
): Promise<ChildRun<T>> {
  const command = [...(options.nodeFlags ?? []), script, ...args];
  return runCommand(process.execPath, command, options.env ? { env: options.env } : {}).then(
    ({ stdout, wallMs }) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      return { result: options.parse(JSON.parse(last)), wallMs };
    },
  );
}

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** `discard` sends stdout to /dev/null (nothing is read back; `stdout` is then ""). Default `keep`. */
  stdout?: "keep" | "discard";
}

/**
 * Runs a command to completion and measures its wall-clock time, process start included: the
 * figure a person at a terminal sees. Rejects with its stderr (its stdout when stderr is empty) when it exits non-zero.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<{ stdout: string; stderr: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["ignore", options.stdout === "discard" ? "ignore" : "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const wallMs = performance.now() - start;
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0) resolve({ stdout, stderr, wallMs });
      else {
        const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
        reject(
          new Error(`${command} ${args.join(" ")} ${how}:\n${stderr.trim() || stdout.trim()}`),
        );
      }
    });
  });
}

/** Median wall-clock time of `runs` runs of a command, after `warmup` unmeasured ones. */
export async function timeCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions & { runs?: number; warmup?: number } = {},
): Promise<{ medianMs: number; runsMs: number[] }> {
  for (let i = 0; i < (options.warmup ?? 1); i++) await runCommand(command, args, options);
  const runsMs: number[] = [];
  for (let i = 0; i < (options.runs ?? 5); i++) {
    runsMs.push((await runCommand(command, args, options)).wallMs);
  }
  return { medianMs: median(runsMs), runsMs };
}

/** `1234567` → `"1.2 MB"` (powers of 1000, as people read sizes). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}

/** `12.345` → `"12.3 ms"`, `1234.5` → `"1.23 s"`. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** `PASS` or `MISS`, for goal lines. */
export function verdict(met: boolean): "PASS" | "MISS" {
  return met ? "PASS" : "MISS";
}

/** A plain-text table with aligned columns; numbers-looking cells align right. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return /^[\d.,×x% -]+(ms|s|kB|MB|GB|×)?$/.test(cell)
          ? cell.padStart(width)
          : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}
