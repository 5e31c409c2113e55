/**
 * The local Slack Web API for tests: the playground's (`src/playground/slack-api.ts`), one
 * implementation for both. Records every call; see {@link startSlackApiServer}.
 */
export * from "../../src/playground/slack-api.ts";
