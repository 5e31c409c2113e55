/**
 * Every view builder, for listeners: `import { buildReportMessage, … } from "./views/index.ts"`.
 * Views are pure: plain data in, `@slack/types` objects out; no I/O, no clock.
 */

export {
  type AdminHomeState,
  type AuditLine,
  adminHomeBlocks,
  auditLineText,
  buildAuditMessage,
  buildMaskingMessage,
  buildMaskingUsageMessage,
  HOME_AUDIT_LINES,
  maskingLine,
} from "./admin.ts";
export {
  type AlertFacts,
  type AlertMessageInput,
  type AlertsHomeState,
  type AlertsStatus,
  type AlertThresholds,
  alertsHomeBlocks,
  buildAlertMessage,
  buildAlertsFaultNotice,
  buildAlertsMessage,
  buildAlertsProblemMessage,
  buildQuietNotice,
  buildUnquietNotice,
  clockText,
  percentText,
  type QuietView,
  RULE_TITLES,
} from "./alerts.ts";
export type { SlackMessage } from "./blocks.ts";
export { type ChartDisplay, chartAsText, chartBlocks } from "./chart.ts";
export {
  buildDigestChannelMessage,
  buildDigestFaultNotice,
  buildDigestMessage,
  buildDigestNotAllowedMessage,
  buildDigestOffMessage,
  buildDigestProblemMessage,
  buildDigestSavedMessage,
  buildDigestStatusMessage,
  buildDigestTroubleMessage,
  DIGEST_FAULTS,
  type DigestChannelProblem,
  type DigestFault,
  type DigestHomeState,
  type DigestMessageInput,
  type DigestSettingView,
  type DigestTrouble,
  digestOffNotice,
  digestRefusedNotice,
  digestSavedNotice,
  type NextDigest,
  scheduleWords,
} from "./digest.ts";
export {
  type AdminContext,
  buildAppUnavailableMessage,
  buildConnectFailedMessage,
  buildCredentialsRejectedMessage,
  buildDateErrorMessage,
  buildEfaxUnavailableMessage,
  buildErrorMessage,
  buildNotAllowedMessage,
  buildNotConnectedMessage,
  buildNotInstalledMessage,
  buildSettingNotAllowedMessage,
  buildSlackRefusedMessage,
  buildStaleButtonMessage,
  buildStoreUnavailableMessage,
  buildTimeZoneNotAllowedMessage,
  buildUnexpectedErrorMessage,
  buildUnknownCommandMessage,
  buildUnknownTimeZoneMessage,
  buildUnreadableAccountMessage,
  type EfaxTrouble,
  type ErrorContent,
} from "./errors.ts";
export { buildHelpMessage, type HelpEntry, type HelpOptions, MORE_COMMANDS } from "./help.ts";
export {
  buildHomeView,
  type ConnectedHome,
  type HomeFigures,
  type HomeProblem,
  type HomeState,
  homeProblemText,
  type NotConnectedHome,
  type SampleHome,
} from "./home.ts";
export {
  buildInstalledPage,
  buildInstallFailedPage,
  buildWelcomeMessage,
  type InstallPageLinks,
  type InstallProblem,
  type WelcomeState,
} from "./install.ts";
export { checkMessage, checkView, type LimitViolation, SLACK_LIMITS } from "./limits.ts";
export {
  buildConnectModal,
  buildDisconnectConfirm,
  type ConnectErrorsResponse,
  type ConnectModalOptions,
  type ConnectProblem,
  connectErrors,
  connectProblemErrors,
  connectProblemText,
} from "./modals.ts";
export {
  buildConnectedMessage,
  buildCsvSentNotice,
  buildDisconnectedMessage,
  buildLoadingMessage,
  buildSharedNotice,
  csvComment,
} from "./notices.ts";
export {
  buildReportMessage,
  buildSharedMessage,
  buildThreadDetails,
  type ReportAudience,
  type ReportMessageOptions,
  type SharedMessageOptions,
} from "./report.ts";
export { hasData as hasReportData } from "./report-parts.ts";
export { type AccountSummary, buildStatusMessage, type WorkspaceStatus } from "./status.ts";
