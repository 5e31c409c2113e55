/** Vercel function for the scheduled tick: Vercel Cron (GET), a QStash schedule (POST). */
import { handleCronTick } from "../../src/serverless-cron.ts";

export const GET = handleCronTick;
export const POST = handleCronTick;
