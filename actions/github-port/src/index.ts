// The actions' side of the GitHub port: the octokit implementation and the one-call
// helpers each action uses (registryInputs, publishStage, failStage, dispatches, the drift issue).
export { actionWorkspace, type RegistryInputs, registryInputs } from './inputs.ts';
export { OctokitPort, rateLimitWait, withRateLimitRetry } from './octokit-port.ts';
export { dispatchDriftDetected, dispatchNewChampion, failStage, publishStage, specAnnotations, type StageOutcome, type StagePublication, syncDriftIssueOnGitHub } from './publish.ts';
export { announce, type GitHubSession, gitHubSession } from './session.ts';
