#!/usr/bin/env node
// The `efax` command (npm links it as node_modules/.bin/efax through packages/efax-cli, which only
// imports this file).
import { fileURLToPath } from "node:url";
import { requireNode, runTypeScript } from "./node-runtime.js";

requireNode("eFax Reports");
await runTypeScript(fileURLToPath(import.meta.url), async () => {
  const { runCli } = await import("../src/cli/main.ts");
  await runCli();
});
