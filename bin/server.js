#!/usr/bin/env node
// Entry for `npm start`.
import { fileURLToPath } from "node:url";
import { requireNode, runTypeScript } from "./node-runtime.js";

requireNode(
  "eFax Reports for Slack",
  " Install a current Node.js from https://nodejs.org and run `npm start` again.",
);
await runTypeScript(fileURLToPath(import.meta.url), async () => {
  const { runMain } = await import("../src/main.ts");
  await runMain();
});
