#!/usr/bin/env node
// The `efax` command (npm links it as node_modules/.bin/efax through packages/efax-cli, which only
// imports this file). Plain JavaScript so it runs right after `npm install`:
// Node.js strips the TypeScript types of src/ itself (by default from 22.18 and 23.6; older
// Node 22 releases get --experimental-strip-types by re-running this file with it).
import { spawnSync } from "node:child_process";
import * as nodeModule from "node:module";
import { fileURLToPath } from "node:url";

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
const STRIP_FLAG = "--experimental-strip-types";

if (major < 22 || (major === 22 && minor < 6)) {
  const needs = major === 22 ? "22.6" : "22";
  process.stderr.write(
    `eFax Reports needs Node.js ${needs} or newer (found v${process.versions.node})\n`,
  );
  process.exit(1);
}

if (!process.features.typescript && !process.execArgv.includes(STRIP_FLAG)) {
  const child = spawnSync(
    process.execPath,
    [
      STRIP_FLAG,
      "--disable-warning=ExperimentalWarning",
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: "inherit" },
  );
  process.exit(child.signal ? 130 : (child.status ?? 1));
} else {
  // Reuses compiled (and type-stripped) modules across runs: a faster start for every command.
  nodeModule.enableCompileCache?.();
  const { runCli } = await import("../src/cli/main.ts");
  await runCli();
}
