// The run's context from the runner's environment and its event payload (plain data in,
// plain data out): which repository, which commit checks attach to, which pull request.
import type { PullRequestInfo, RunContext } from './types.ts';

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function pullRequestOf(payload: Record<string, unknown>): PullRequestInfo | undefined {
  const pr = record(payload.pull_request);
  if (typeof pr.number !== 'number') return undefined;
  const head = record(pr.head);
  const base = record(pr.base);
  const headRepo = text(record(head.repo).full_name);
  const baseRepo = text(record(base.repo).full_name);
  return {
    number: pr.number,
    title: text(pr.title),
    headRef: text(head.ref),
    headSha: text(head.sha),
    baseRef: text(base.ref),
    fromFork: headRepo !== '' && baseRepo !== '' && headRepo !== baseRepo,
  };
}

/** GITHUB_REPOSITORY, GITHUB_EVENT_NAME, GITHUB_SHA, GITHUB_REF, GITHUB_SERVER_URL, GITHUB_RUN_ID and the parsed event payload. */
export function runContextFrom(env: NodeJS.ProcessEnv, payload: unknown): RunContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const event = record(payload);
  const pullRequest = pullRequestOf(event);
  const pushed = text(event.after);
  const headSha = pullRequest?.headSha || (/^[0-9a-f]{40}$/.test(pushed) && !/^0+$/.test(pushed) ? pushed : '') || (env.GITHUB_SHA ?? '');
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  return {
    owner,
    repo,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    headSha,
    ref: env.GITHUB_REF ?? '',
    pullRequest,
    runUrl: env.GITHUB_RUN_ID && owner ? `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
  };
}
