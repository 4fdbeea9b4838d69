// A stage's verdict on the head commit: a check run with summary, details and annotations,
// or a commit status when the token may not write checks, or only notices saying why not.
import { escapeMarkdown } from '../report/markdown.ts';
import { failureNotice, isPermissionProblem, PERMISSION } from './notices.ts';
import type { GitHubPort } from './port.ts';
import type { CheckAnnotation, CheckConclusion, GitHubNotice, RunContext, StageCheck } from './types.ts';

/** GitHub's limits: 65,535 characters per output field, 50 annotations per request. */
const MAX_OUTPUT = 65_535;
const ANNOTATIONS_PER_REQUEST = 50;
const MAX_DESCRIPTION = 140;

export interface CheckPublication {
  via: 'check-run' | 'commit-status' | 'none';
  url?: string;
  notices: GitHubNotice[];
}

/** `pipewright / validate (train)`: one name per stage and qualifier, stable across pushes. */
export function checkName(check: Pick<StageCheck, 'stage' | 'qualifier'>): string {
  return `pipewright / ${check.stage}${check.qualifier ? ` (${check.qualifier})` : ''}`;
}

/** Cuts Markdown to GitHub's field limit, saying so, and closes a code block or `<details>` the cut left open. */
export function truncateOutput(text: string, limit = MAX_OUTPUT): string {
  if (text.length <= limit) return text;
  const note = '\n\n_… cut to fit GitHub’s limit; the job summary has all of it._\n';
  const closers = '\n```\n</details>\n';
  let cut = text.slice(0, Math.max(0, limit - note.length - closers.length));
  if ((cut.match(/^```/gm) ?? []).length % 2 === 1) cut += '\n```';
  if ((cut.match(/<details>/g) ?? []).length > (cut.match(/<\/details>/g) ?? []).length) cut += '\n</details>';
  return cut + note;
}

function statusState(conclusion: CheckConclusion): 'success' | 'failure' {
  return conclusion === 'failure' ? 'failure' : 'success';
}

function oneLine(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1)}…`;
}

/** The check's details: where it ran, and every annotation as a line (GitHub shows at most 50 per request inline). */
export function checkDetails(context: RunContext, check: StageCheck): string {
  const lines = [check.text ?? '', `Event \`${context.eventName || 'unknown'}\` on commit \`${context.headSha.slice(0, 12)}\`${context.runUrl ? ` · [workflow run](${context.runUrl})` : ''}.`];
  const annotations = check.annotations ?? [];
  if (annotations.length > 0) lines.push('', '#### Annotations', '', ...annotations.map((a) => `- \`${a.path}:${a.startLine}\` ${a.level}: ${escapeMarkdown(a.message)}`));
  return lines.filter((l, i) => i > 0 || l !== '').join('\n');
}

async function sendCheckRun(port: GitHubPort, context: RunContext, check: StageCheck): Promise<string> {
  const annotations: CheckAnnotation[] = check.annotations ?? [];
  const title = oneLine(check.title, 1000);
  const summary = truncateOutput(check.summary);
  const created = await port.createCheckRun({
    name: checkName(check),
    headSha: context.headSha,
    conclusion: check.conclusion,
    detailsUrl: context.runUrl,
    title,
    summary,
    text: truncateOutput(checkDetails(context, check)),
    annotations: annotations.slice(0, ANNOTATIONS_PER_REQUEST),
  });
  for (let at = ANNOTATIONS_PER_REQUEST; at < annotations.length; at += ANNOTATIONS_PER_REQUEST) {
    await port.addCheckAnnotations(created.id, { title, summary, annotations: annotations.slice(at, at + ANNOTATIONS_PER_REQUEST) });
  }
  return created.url;
}

/**
 * Publishes `check` on the run's head commit. A token without `checks: write` (a fork's,
 * or a workflow that did not ask) gets a commit status instead; a token that may write
 * neither leaves notices naming what would help. Never throws for what GitHub answers.
 */
export async function publishStageCheck(port: GitHubPort, context: RunContext, check: StageCheck): Promise<CheckPublication> {
  try {
    return { via: 'check-run', url: await sendCheckRun(port, context, check), notices: [] };
  } catch (error) {
    if (!isPermissionProblem(error)) return { via: 'none', notices: [failureNotice(error, `The check run '${checkName(check)}'`, PERMISSION.checks, context)] };
    const checksNotice = failureNotice(error, `The check run '${checkName(check)}' with its annotations`, PERMISSION.checks, context);
    try {
      await port.createCommitStatus({
        sha: context.headSha,
        state: statusState(check.conclusion),
        context: checkName(check),
        description: oneLine(check.title, MAX_DESCRIPTION),
        targetUrl: context.runUrl,
      });
      return { via: 'commit-status', notices: [{ level: 'notice', message: `${checksNotice.message} A commit status was set instead.` }] };
    } catch (statusError) {
      return { via: 'none', notices: [checksNotice, failureNotice(statusError, `The commit status '${checkName(check)}'`, PERMISSION.statuses, context)] };
    }
  }
}
