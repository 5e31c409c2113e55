// What both entry points (`efax`, `npm start`) need before any TypeScript loads. Plain JavaScript,
// so an old Node prints one clear line instead of a syntax error.
//
// The oldest Node.js that runs the project is 22.19: the embedded store needs `node:sqlite`
// without a flag (22.13, 23.4), and Bolt's Socket Mode client brings undici 8, which needs 22.19
// (on the 23 line, 23.8: it loads zlib's zstd at start). Node.js strips the types of src/ itself
// from 22.18 and 23.6, so no supported release needs the strip flag any more; `runTypeScript`
// still re-runs with it where types are not stripped (Node started with stripping turned off).
import { spawn } from "node:child_process";
import * as nodeModule from "node:module";

const STRIP_FLAG = "--experimental-strip-types";

/** The oldest minor release of each major line that runs the project; later majors all do. */
const OLDEST = { 22: 19, 23: 8 };

/** Exits with one line when this Node.js cannot run the project (older than 22.19). */
export function requireNode(product, hint = "") {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major > 23 || (major in OLDEST && minor >= OLDEST[major])) return;
  const needs = major === 23 ? "23.8" : "22.19";
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
    quietSqliteWarning();
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

/**
 * Node.js 22 calls `node:sqlite` experimental and says so on stderr at every start (Node.js 24 no
 * longer does): drop that one warning, and pass every other one on.
 */
function quietSqliteWarning() {
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning, ...rest) => {
    const message = typeof warning === "string" ? warning : warning?.message;
    const type = typeof rest[0] === "string" ? rest[0] : rest[0]?.type;
    if (type === "ExperimentalWarning" && /^SQLite\b/.test(String(message))) return;
    return Reflect.apply(emitWarning, process, [warning, ...rest]);
  };
}
