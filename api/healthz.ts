/** Vercel function behind `GET /healthz` (rewritten in vercel.json). */
import { serverlessHealth } from "../src/serverless.ts";

export const GET = serverlessHealth;
