// What a failed GitHub call means for a person: which permission would enable it, or that
// GitHub itself had a problem. Never a reason to fail the build: results stay in the job summary.
import { GitHubApiError } from './errors.ts';
import type { GitHubNotice, RunContext } from './types.ts';

/** The `permissions:` scope each kind of write needs on a workflow's GITHUB_TOKEN. */
export const PERMISSION = {
  checks: 'checks: write',
  statuses: 'statuses: write',
  comments: 'pull-requests: write',
  issues: 'issues: write',
  dispatch: 'contents: write',
} as const;

export type Permission = (typeof PERMISSION)[keyof typeof PERMISSION];

function forkNote(context: RunContext): string {
  return context.pullRequest?.fromFork ? ' This pull request comes from a fork, whose GITHUB_TOKEN is read-only whatever the workflow asks for.' : '';
}

/** True when GitHub refused for lack of rights (as opposed to a rate limit or an outage). */
export function isPermissionProblem(error: unknown): error is GitHubApiError {
  return error instanceof GitHubApiError && (error.failure === 'forbidden' || error.failure === 'not-found' || error.failure === 'unauthorized');
}

/**
 * A notice for `what` (e.g. "the PR report") not published. Permission problems name the
 * permission; rate limits, outages and network errors say so and are warnings.
 */
export function failureNotice(error: unknown, what: string, permission: Permission, context: RunContext): GitHubNotice {
  if (isPermissionProblem(error)) {
    return {
      level: 'notice',
      message: `${what} was not published: the token lacks \`${permission}\` (GitHub answered ${error.status ?? 'no status'}). The results are in the job summary; give the job \`${permission}\` under \`permissions:\` to publish it.${forkNote(context)}`,
    };
  }
  if (error instanceof GitHubApiError) {
    const why =
      error.failure === 'rate-limited'
        ? 'GitHub’s rate limit was still exhausted after one retry'
        : error.failure === 'server'
          ? `GitHub answered ${error.status} (a GitHub-side error)`
          : error.failure === 'network'
            ? 'GitHub could not be reached'
            : `GitHub answered ${error.status ?? '?'}`;
    return { level: 'warning', message: `${what} was not published: ${why}. The results are in the job summary. (${error.message})` };
  }
  return { level: 'warning', message: `${what} was not published: ${error instanceof Error ? error.message : String(error)}. The results are in the job summary.` };
}
