/** Vercel function: where Slack sends the installer back with the OAuth code. */
import { handleInstallStep } from "../../src/serverless.ts";

export function GET(request: Request): Promise<Response> {
  return handleInstallStep("redirect", request);
}
