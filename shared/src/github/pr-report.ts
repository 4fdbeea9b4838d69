// The one living pull-request comment: found again by a hidden marker (across pages, even
// after a person edited it), each stage owning one section that it rewrites in place.
import { inlineCode } from '../report/markdown.ts';
import { truncateOutput } from './checks.ts';
import { failureNotice, PERMISSION } from './notices.ts';
import type { GitHubPort } from './port.ts';
import type { GitHubNotice, IssueComment, PullRequestInfo, RunContext, Stage } from './types.ts';

export const REPORT_MARKER = '<!-- pipewright:report -->';
const SECTION = /<!-- pipewright:section ([A-Za-z0-9:._-]+) -->\n([\s\S]*?)\n<!-- pipewright:end \1 -->/g;
const ANY_MARKER = /<!-- pipewright:(?:report|section [A-Za-z0-9:._-]+) -->/;
const STAGE_ORDER: Stage[] = ['validate', 'train', 'promote', 'deploy', 'rollback', 'drift'];
/** GitHub's comment limit is 65,536 characters: sections share what the header leaves. */
const MAX_SECTION = 12_000;
const MAX_SECTIONS_TOTAL = 63_000;

/** One stage's part of the report. */
export interface ReportSection {
  stage: Stage;
  qualifier?: string;
  /** Markdown, untrusted strings already escaped. */
  markdown: string;
}

/** `validate:train`: the section's key in the markers (only safe characters). */
export function sectionKey(section: Pick<ReportSection, 'stage' | 'qualifier'>): string {
  const qualifier = section.qualifier?.replace(/[^A-Za-z0-9._-]/g, '-');
  return qualifier ? `${section.stage}:${qualifier}` : section.stage;
}

/** The sections of an existing report, by key; text outside sections is dropped. */
export function parseReportSections(body: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const match of body.matchAll(SECTION)) sections.set(match[1]!, match[2]!);
  return sections;
}

function stageRank(key: string): number {
  const rank = STAGE_ORDER.indexOf(key.split(':')[0] as Stage);
  return rank === -1 ? STAGE_ORDER.length : rank;
}

/** The whole comment: a header naming the PR, then the sections in pipeline order. */
export function composeReport(pullRequest: PullRequestInfo, sections: Map<string, string>): string {
  const keys = [...sections.keys()].sort((a, b) => stageRank(a) - stageRank(b) || a.localeCompare(b));
  const head = [
    REPORT_MARKER,
    '## Pipewright report',
    '',
    `Pull request #${pullRequest.number}: ${inlineCode(pullRequest.title)} · branch ${inlineCode(pullRequest.headRef)} → ${inlineCode(pullRequest.baseRef)}. Each stage rewrites its own section on every push.`,
    '',
  ];
  const total = keys.reduce((sum, key) => sum + sections.get(key)!.length, 0);
  const share = total > MAX_SECTIONS_TOTAL ? Math.floor(MAX_SECTIONS_TOTAL / keys.length) - 100 : Number.POSITIVE_INFINITY;
  const body = keys.map((key) => `<!-- pipewright:section ${key} -->\n${truncateOutput(sections.get(key)!, share)}\n<!-- pipewright:end ${key} -->`);
  return `${head.join('\n')}\n${body.join('\n\n')}\n`;
}

/** The section's text as stored: the commit it is about, then its Markdown (cut to its share). */
export function sectionText(section: ReportSection, headSha: string): string {
  return `${truncateOutput(section.markdown.trim(), MAX_SECTION)}\n\n<sub>${section.stage} · commit ${headSha.slice(0, 12)}</sub>`;
}

/**
 * Our report comments among a PR's comments (every page), oldest first: comments by a bot
 * (GITHUB_TOKEN's github-actions[bot], or an app) carrying a marker. A person's comment with
 * a copied marker is never taken: its author could edit the results afterwards. A person
 * editing ours leaves its author a bot, so it is still found. More than one means two jobs
 * raced to create it.
 */
export async function findReportComments(port: GitHubPort, issueNumber: number): Promise<IssueComment[]> {
  const found: IssueComment[] = [];
  for await (const comment of port.listComments(issueNumber)) if (comment.authorType === 'Bot' && ANY_MARKER.test(comment.body)) found.push(comment);
  return found;
}

/** The sections of `keep`, with those only a duplicate has added. */
function mergedSections(keep: IssueComment | undefined, duplicates: IssueComment[]): Map<string, string> {
  const sections = new Map<string, string>();
  for (const duplicate of duplicates) for (const [key, text] of parseReportSections(duplicate.body)) sections.set(key, text);
  if (keep) for (const [key, text] of parseReportSections(keep.body)) sections.set(key, text);
  return sections;
}

export interface ReportPublication {
  action: 'created' | 'updated' | 'none';
  commentId?: number;
  url?: string;
  notices: GitHubNotice[];
}

/**
 * Writes `section` into the PR's report comment: creates the comment on the first call,
 * afterwards rewrites it in place (never a second comment), keeping the other stages'
 * sections. Without a pull request, or when GitHub refuses, returns notices instead.
 */
export async function publishReportSection(port: GitHubPort, context: RunContext, section: ReportSection): Promise<ReportPublication> {
  const pullRequest = context.pullRequest;
  if (!pullRequest) {
    // Only a pull-request event without its pull_request is worth a notice; a push has no PR.
    const level = context.eventName.startsWith('pull_request') ? 'notice' : 'info';
    return { action: 'none', notices: [{ level, message: `No PR report: this '${context.eventName || 'unknown'}' run's event payload has no pull_request. The results are in the job summary.` }] };
  }
  try {
    const key = sectionKey(section);
    const text = sectionText(section, context.headSha);
    const [existing, ...duplicates] = await findReportComments(port, pullRequest.number);
    const sections = mergedSections(existing, duplicates);
    sections.set(key, text);
    let written = existing ? await port.updateComment(existing.id, composeReport(pullRequest, sections)) : await port.createComment(pullRequest.number, composeReport(pullRequest, sections));
    if (!existing) {
      // Another job may have created one meanwhile: the oldest stays, ours merges into it.
      const [first, ...others] = await findReportComments(port, pullRequest.number);
      if (first && first.id !== written.id) {
        const merged = mergedSections(first, others);
        merged.set(key, text);
        written = await port.updateComment(first.id, composeReport(pullRequest, merged));
        duplicates.push(...others);
      }
    }
    for (const duplicate of duplicates) if (duplicate.id !== written.id) await port.deleteComment(duplicate.id);
    return { action: existing ? 'updated' : 'created', commentId: written.id, url: written.url, notices: [] };
  } catch (error) {
    return { action: 'none', notices: [failureNotice(error, 'The PR report comment', PERMISSION.comments, context)] };
  }
}
