// Canary deploys: traffic targets, analysis, the controller and its state, from a spec.
export * from './types.ts';
export { type AnalyzeMetric, type CanaryPlan, type ControllerPorts, type PreStep, type RegistryPort, runCanary } from './controller.ts';
export { deployStatus, type DeployStatus } from './status.ts';
export { DeployInProgressError, DeploySpecError, DeployStateError, DeployVersionError, NothingUnfinishedError, TrafficError } from './errors.ts';
export { canaryPlan, type DeployOptions, deployFromSpec, deployStatusFromSpec, rampFromSpec } from './from-spec.ts';
export { type DeployPhase, type DeployState, readState, statePath } from './state.ts';
export { clockTime, type DeployResult, deployMarkdown, formatDeployText, formatEntry } from './timeline.ts';
export { CommandTarget, createTarget, NginxTarget, type TargetContext } from './targets/index.ts';
