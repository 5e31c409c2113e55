#!/usr/bin/env node
// Entry for `npm start`. Plain JavaScript so an old Node prints one clear line instead of a
// syntax error. Node.js strips the TypeScript types of src/ itself (by default from 22.18 and
// 23.6); older Node 22 releases are re-run with --experimental-strip-types.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
const STRIP_FLAG = "--experimental-strip-types";

if (major < 22 || (major === 22 && minor < 6)) {
  const needs = major === 22 ? "22.6" : "22";
  process.stderr.write(
    `eFax Reports for Slack needs Node.js ${needs} or newer (found v${process.versions.node}). ` +
      "Install a current Node.js from https://nodejs.org and run `npm start` again.\n",
  );
  process.exit(1);
}

if (process.features.typescript || process.execArgv.includes(STRIP_FLAG)) {
  const { runMain } = await import("../src/main.ts");
  await runMain();
} else {
  const child = spawn(
    process.execPath,
    [STRIP_FLAG, "--disable-warning=ExperimentalWarning", fileURLToPath(import.meta.url)],
    { stdio: "inherit" },
  );
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
