// What both entry points (`efax`, `npm start`) need before any TypeScript loads. Plain JavaScript,
// so an old Node prints one clear line instead of a syntax error. Node.js strips the types of src/
// itself (by default from 22.18 and 23.6); older Node 22 releases are re-run with the flag.
import { spawn } from "node:child_process";
import * as nodeModule from "node:module";

const STRIP_FLAG = "--experimental-strip-types";

/** Exits with one line when this Node.js cannot run the project (older than 22.6). */
export function requireNode(product, hint = "") {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 6)) return;
  const needs = major === 22 ? "22.6" : "22";
  process.stderr.write(
    `${product} needs Node.js ${needs} or newer (found v${process.versions.node}).${hint}\n`,
  );
  process.exit(1);
}

/**
 * Runs `load` (which imports the TypeScript entry) when this Node strips types, with the module
 * compile cache on for a faster start. Otherwise re-runs `file` with the strip flag, forwarding
 * Ctrl-C and SIGTERM, and exits as the child did (130 when a signal ended it).
 */
export async function runTypeScript(file, load) {
  if (process.features.typescript || process.execArgv.includes(STRIP_FLAG)) {
    nodeModule.enableCompileCache?.();
    await load();
    return;
  }
  const child = spawn(
    process.execPath,
    [STRIP_FLAG, "--disable-warning=ExperimentalWarning", file, ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(signal ? 130 : (code ?? 1)));
}
