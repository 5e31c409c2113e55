#!/usr/bin/env node
// Entry for `npm start`. Checks the Node.js version before any TypeScript is loaded, so an old
// Node prints one clear line instead of a syntax error. Node 22.6–22.17 strip types only behind a
// flag: the shim re-runs itself with it.
import { spawn } from "node:child_process";

const [major] = process.versions.node.split(".").map(Number);
if (major < 22) {
  console.error(
    `eFax Reports for Slack needs Node.js 22 or newer; this is Node.js ${process.versions.node}. ` +
      "Install a current Node.js from https://nodejs.org and run `npm start` again.",
  );
  process.exit(1);
}

if (process.features.typescript) {
  const { runMain } = await import("../src/main.ts");
  await runMain();
} else {
  const child = spawn(
    process.execPath,
    ["--experimental-strip-types", "--no-warnings", ...process.execArgv, ...process.argv.slice(1)],
    { stdio: "inherit" },
  );
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
