/** Vercel function for Slack's one request URL: commands, events and interactivity. */
import { handleSlackEvents } from "../../src/serverless.ts";

export const POST = handleSlackEvents;
