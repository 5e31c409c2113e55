/**
 * Paths of the OAuth install flow, served in multi-workspace mode: apart from the flow itself
 * (`install.ts`), so that a server can route them before it has loaded the flow.
 */
export const INSTALL_PATH = "/api/slack/install";
export const OAUTH_REDIRECT_PATH = "/api/slack/oauth_redirect";
