// The GitHub port and what the core does with it: check runs, the PR report, events and
// the drift issue. No client here: hosts implement GitHubPort.
export { type CheckPublication, checkName, publishStageCheck, truncateOutput } from './checks.ts';
export { runContextFrom } from './context.ts';
export { DRIFT_LABEL, type DriftIssueInput, type DriftIssueOutcome, driftIssueBody, driftIssueTitle, syncDriftIssue } from './drift-issue.ts';
export { classifyStatus, type GitHubFailure, GitHubApiError } from './errors.ts';
export { DRIFT_EVENT, type DispatchOutcome, type DriftDetectedPayload, dispatchEvent, NEW_CHAMPION_EVENT, type NewChampionPayload } from './events.ts';
export { failureNotice, isPermissionProblem, PERMISSION, type Permission } from './notices.ts';
export type { GitHubPort } from './port.ts';
export {
  composeReport,
  findReportComments,
  parseReportSections,
  publishReportSection,
  REPORT_MARKER,
  type ReportPublication,
  type ReportSection,
  sectionKey,
  sectionText,
} from './pr-report.ts';
export { candidateVsChampionMarkdown, driftReportMarkdown, promotionPreviewMarkdown, promotionReportMarkdown, validationTitle } from './sections.ts';
export type * from './types.ts';
