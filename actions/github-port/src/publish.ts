// One call per action to tell GitHub how a stage went: the check run (or commit status) on
// the head commit and the stage's section of the PR report. Never throws and never fails
// the step: what GitHub refuses becomes a notice naming the permission that would help.
import { relative } from 'node:path';
import * as core from '@actions/core';
import {
  type CheckAnnotation,
  type CheckPublication,
  dispatchEvent,
  type DispatchOutcome,
  DRIFT_EVENT,
  type DriftDetectedPayload,
  type DriftIssueInput,
  type DriftIssueOutcome,
  type GitHubNotice,
  type GitHubPort,
  NEW_CHAMPION_EVENT,
  type NewChampionPayload,
  publishReportSection,
  publishStageCheck,
  type ReportPublication,
  type RunContext,
  type StageCheck,
  syncDriftIssue,
} from '@pipewright/core/github';
import { escapeMarkdown } from '@pipewright/core/report';
import { SpecError } from '@pipewright/core/spec';
import { announce, gitHubSession } from './session.ts';

export interface StagePublication extends StageCheck {
  /** The stage's PR report section; default: `summary`. */
  report?: string;
}

export interface StageOutcome {
  check: CheckPublication;
  report: ReportPublication;
}

const NOTHING: StageOutcome = { check: { via: 'none', notices: [] }, report: { action: 'none', notices: [] } };

/** Publishes the stage's check run and its PR report section; notices say what was not. */
export async function publishStage(stage: StagePublication): Promise<StageOutcome> {
  try {
    const { port, context } = gitHubSession();
    if (!port) return NOTHING;
    const { report, ...check } = stage;
    const outcome = { check: await publishStageCheck(port, context, check), report: await publishReportSection(port, context, { stage: check.stage, qualifier: check.qualifier, markdown: report ?? check.summary }) };
    announce([...outcome.check.notices, ...outcome.report.notices]);
    if (outcome.check.url) core.info(`Check run: ${outcome.check.url}`);
    return outcome;
  } catch (error) {
    core.warning(`Publishing to GitHub failed: ${error instanceof Error ? error.message : String(error)}. The results are in the job summary.`);
    return NOTHING;
  }
}

/** A spec's diagnostics as annotations on the spec file (relative to the workspace). */
export function specAnnotations(error: SpecError, specPath: string, workspace: string): CheckAnnotation[] {
  const path = relative(workspace, specPath);
  return error.diagnostics.map((d) => ({
    path,
    startLine: d.line,
    endLine: Math.max(d.line, d.endLine),
    level: d.severity === 'error' ? 'failure' : d.severity === 'warning' ? 'warning' : 'notice',
    message: d.message,
    title: d.code,
  }));
}

/**
 * The stage could not run (an invalid spec, a missing dataset): a failed check carrying the
 * message, with the spec's problems as annotations at their lines. Then fails the step.
 */
export async function failStage(stage: Pick<StageCheck, 'stage' | 'qualifier'>, error: unknown, spec?: { path: string; workspace: string }): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const annotations = error instanceof SpecError && spec ? specAnnotations(error, spec.path, spec.workspace) : [];
  await publishStage({ ...stage, conclusion: 'failure', title: message.split('\n')[0]!, summary: `### ${stage.stage} could not run\n\n${message.split('\n').map((l) => `> ${escapeMarkdown(l)}`).join('\n')}\n`, annotations });
  core.setFailed(message);
}

/** Runs `call` when there is a port to GitHub, then prints its notices; else `none`. */
async function onGitHub<T extends { notices: GitHubNotice[] }>(none: T, call: (port: GitHubPort, context: RunContext) => Promise<T>): Promise<T> {
  const { port, context } = gitHubSession();
  if (!port) return none;
  const outcome = await call(port, context);
  announce(outcome.notices);
  return outcome;
}

/** `repository_dispatch` `new_champion_registered` after a promotion. */
export function dispatchNewChampion(payload: NewChampionPayload): Promise<DispatchOutcome> {
  return onGitHub({ sent: false, notices: [] }, (port, context) => dispatchEvent(port, context, NEW_CHAMPION_EVENT, payload));
}

/** `repository_dispatch` `drift_detected`, to start retraining. */
export function dispatchDriftDetected(payload: Omit<DriftDetectedPayload, 'run_url'>): Promise<DispatchOutcome> {
  return onGitHub({ sent: false, notices: [] }, (port, context) => dispatchEvent(port, context, DRIFT_EVENT, { ...payload, run_url: context.runUrl ?? null }));
}

/** Opens, rewrites or closes the model's drift issue. */
export function syncDriftIssueOnGitHub(input: DriftIssueInput): Promise<DriftIssueOutcome> {
  return onGitHub({ action: 'none', notices: [] }, (port, context) => syncDriftIssue(port, context, input));
}
