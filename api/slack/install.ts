/** Vercel function: the "Add to Slack" page of the OAuth install (multi-workspace mode). */
import { handleInstallStep } from "../../src/serverless.ts";

export function GET(request: Request): Promise<Response> {
  return handleInstallStep("install", request);
}
