/** Vercel function for one run handed over by a tick through QStash (fan-out). */
import { handleCronRun } from "../../src/serverless-cron.ts";

export const POST = handleCronRun;
