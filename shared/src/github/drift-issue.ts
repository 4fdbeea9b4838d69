// The drift monitor's issue: one open issue per model (label `pipewright:drift`), opened on
// drift, rewritten while drift lasts, closed with a comment when it is gone.
import type { DriftReport } from '../drift/types.ts';
import { driftHeadline } from '../drift/markdown.ts';
import { escapeMarkdown } from '../report/markdown.ts';
import { failureNotice, PERMISSION } from './notices.ts';
import type { GitHubPort } from './port.ts';
import type { GitHubNotice, Issue, RunContext } from './types.ts';
import { driftReportMarkdown } from './sections.ts';

export const DRIFT_LABEL = 'pipewright:drift';

function issueMarker(model: string): string {
  return `<!-- pipewright:drift model=${model.replace(/[^A-Za-z0-9._-]/g, '-')} -->`;
}

export interface DriftIssueInput {
  model: string;
  /** What the reference was, e.g. "the profile stored with churn v1 (champion)". */
  reference: string;
  report: DriftReport;
  /** What on-drift asked for, if anything. */
  action: string | null;
}

export interface DriftIssueOutcome {
  action: 'opened' | 'updated' | 'closed' | 'none';
  issue?: Issue;
  notices: GitHubNotice[];
}

export function driftIssueTitle(model: string): string {
  return `Data drift detected: model ${model}`;
}

export function driftIssueBody(input: DriftIssueInput, context: RunContext, now: Date): string {
  return [
    issueMarker(input.model),
    `**${driftHeadline(input.report)}** for model ${escapeMarkdown(input.model)}, last seen ${now.toISOString()}${context.runUrl ? ` in [this run](${context.runUrl})` : ''}.`,
    input.action ? `on-drift asks to **${input.action}**.` : '',
    '',
    driftReportMarkdown(input.report, input.reference),
    'Pipewright rewrites this issue while the drift lasts and closes it when a check finds none.',
    '',
  ].join('\n');
}

async function findOpen(port: GitHubPort, model: string): Promise<Issue | undefined> {
  const marker = issueMarker(model);
  return (await port.listOpenIssues(DRIFT_LABEL)).find((issue) => issue.body.includes(marker));
}

/** Brings the model's drift issue in line with `input.report`. Never throws for what GitHub answers. */
export async function syncDriftIssue(port: GitHubPort, context: RunContext, input: DriftIssueInput, now = new Date()): Promise<DriftIssueOutcome> {
  try {
    const open = await findOpen(port, input.model);
    if (input.report.drifted) {
      const body = driftIssueBody(input, context, now);
      if (open) return { action: 'updated', issue: await port.updateIssue(open.number, { body }), notices: [] };
      return { action: 'opened', issue: await port.createIssue({ title: driftIssueTitle(input.model), body, labels: [DRIFT_LABEL] }), notices: [] };
    }
    if (!open) return { action: 'none', notices: [] };
    await port.createComment(open.number, `Drift is gone: ${driftHeadline(input.report)} (${now.toISOString()}${context.runUrl ? `, [run](${context.runUrl})` : ''}). Closing.`);
    return { action: 'closed', issue: await port.updateIssue(open.number, { state: 'closed', stateReason: 'completed' }), notices: [] };
  } catch (error) {
    return { action: 'none', notices: [failureNotice(error, 'The drift issue', PERMISSION.issues, context)] };
  }
}
