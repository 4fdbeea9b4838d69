// The one error the GitHub port throws: what GitHub answered, classified so that the core
// can say which permission would help or whether to try again later.
import { PipewrightError } from '../errors.ts';

export type GitHubFailure = 'forbidden' | 'not-found' | 'unauthorized' | 'rate-limited' | 'server' | 'invalid' | 'network';

export class GitHubApiError extends PipewrightError {
  readonly status: number | undefined;
  readonly failure: GitHubFailure;
  /** The operation, e.g. `POST /repos/{owner}/{repo}/check-runs`. */
  readonly operation: string;

  constructor(operation: string, status: number | undefined, failure: GitHubFailure, detail: string) {
    super('github-api', `GitHub refused ${operation}: ${status === undefined ? '' : `${status} `}${detail}`.trim(), { exitCode: 2 });
    this.status = status;
    this.failure = failure;
    this.operation = operation;
  }
}

/** The failure class of a GitHub answer (403 with an exhausted quota is a rate limit, not a permission). */
export function classifyStatus(status: number, rateLimited: boolean): GitHubFailure {
  if (rateLimited || status === 429) return 'rate-limited';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  return 'invalid';
}
