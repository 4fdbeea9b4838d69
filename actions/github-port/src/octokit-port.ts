// The GitHub port on @actions/github (octokit): each operation one REST call, a rate limit
// (403 with an exhausted quota, 429, or a retry-after) retried once after the wait GitHub
// names, every other refusal turned into GitHubApiError for the core to explain.
import { getOctokit } from '@actions/github';
import { classifyStatus, GitHubApiError, type GitHubPort } from '@pipewright/core/github';
import type { CheckAnnotation, CheckRunInput, CommitStatusInput, Issue, IssueComment } from '@pipewright/core/github';

type Octokit = ReturnType<typeof getOctokit>;

/** All of an action's GitHub calls together: a GitHub that does not answer cannot hold the job. */
const BUDGET_MS = 120_000;
/** Longest wait for a rate limit before giving up: a job should not sleep for an hour. */
const MAX_RATE_LIMIT_WAIT_MS = 60_000;
const PAGE_SIZE = 100;

interface ResponseLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** How long GitHub asks us to wait, when the answer is a rate limit; undefined otherwise. */
export function rateLimitWait(error: ResponseLike, now = Date.now()): number | undefined {
  const headers = error.response?.headers ?? {};
  const retryAfter = headers['retry-after'];
  if ((error.status === 429 || error.status === 403) && retryAfter !== undefined && Number.isFinite(Number(retryAfter))) return Number(retryAfter) * 1000;
  if (error.status === 429) return 1000;
  if (error.status === 403 && String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    return Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) + 250 : 1000;
  }
  return undefined;
}

function detailOf(error: ResponseLike): string {
  const data = error.response?.data as { message?: unknown } | undefined;
  const message = typeof data?.message === 'string' ? data.message : (error.message ?? '');
  // Octokit's message may carry the URL; keep the first line only.
  return message.split('\n')[0]!.slice(0, 300);
}

function toApiError(operation: string, error: unknown): GitHubApiError {
  if (error instanceof GitHubApiError) return error;
  const e = error as ResponseLike;
  if (typeof e.status !== 'number' || !e.response) return new GitHubApiError(operation, undefined, 'network', detailOf(e) || 'no answer');
  return new GitHubApiError(operation, e.status, classifyStatus(e.status, rateLimitWait(e) !== undefined), detailOf(e));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `call`; a rate limit is waited out and retried once, then reported. */
export async function withRateLimitRetry<T>(operation: string, call: () => Promise<T>, wait: (ms: number) => Promise<void> = sleep): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const ms = rateLimitWait(error as ResponseLike);
    if (ms === undefined || ms > MAX_RATE_LIMIT_WAIT_MS) throw toApiError(operation, error);
    await wait(ms);
    try {
      return await call();
    } catch (again) {
      throw toApiError(operation, again);
    }
  }
}

function annotationsOut(annotations: CheckAnnotation[]) {
  return annotations.map((a) => ({
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    annotation_level: a.level,
    message: a.message,
    ...(a.title ? { title: a.title } : {}),
  }));
}

function commentOf(data: { id: number; body?: string | null; html_url: string; user: { type: string } | null }): IssueComment {
  return { id: data.id, body: data.body ?? '', authorType: data.user?.type ?? 'User', url: data.html_url };
}

function issueOf(data: { number: number; title: string; body?: string | null; state: string; html_url: string }): Issue {
  return { number: data.number, title: data.title, body: data.body ?? '', state: data.state === 'closed' ? 'closed' : 'open', url: data.html_url };
}

export interface OctokitPortOptions {
  token: string;
  owner: string;
  repo: string;
  /** GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's. */
  baseUrl: string;
}

export class OctokitPort implements GitHubPort {
  private readonly octokit: Octokit;
  private readonly repository: { owner: string; repo: string };

  constructor(options: OctokitPortOptions) {
    // No retry or throttling plugins: withRateLimitRetry is the only retry, so a test can count requests.
    this.octokit = getOctokit(options.token, { baseUrl: options.baseUrl, request: { signal: AbortSignal.timeout(BUDGET_MS) }, log: { debug() {}, info() {}, warn() {}, error() {} } });
    this.repository = { owner: options.owner, repo: options.repo };
  }

  async createCheckRun(input: CheckRunInput): Promise<{ id: number; url: string }> {
    const { data } = await withRateLimitRetry('POST /repos/{owner}/{repo}/check-runs', () =>
      this.octokit.rest.checks.create({
        ...this.repository,
        name: input.name,
        head_sha: input.headSha,
        status: 'completed',
        conclusion: input.conclusion,
        completed_at: new Date().toISOString(),
        ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
        output: { title: input.title, summary: input.summary, ...(input.text ? { text: input.text } : {}), annotations: annotationsOut(input.annotations) },
      }),
    );
    return { id: data.id, url: data.html_url ?? data.url };
  }

  async addCheckAnnotations(checkRunId: number, output: { title: string; summary: string; annotations: CheckAnnotation[] }): Promise<void> {
    await withRateLimitRetry('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', () =>
      this.octokit.rest.checks.update({ ...this.repository, check_run_id: checkRunId, output: { title: output.title, summary: output.summary, annotations: annotationsOut(output.annotations) } }),
    );
  }

  async createCommitStatus(input: CommitStatusInput): Promise<void> {
    await withRateLimitRetry('POST /repos/{owner}/{repo}/statuses/{sha}', () =>
      this.octokit.rest.repos.createCommitStatus({
        ...this.repository,
        sha: input.sha,
        state: input.state,
        context: input.context,
        description: input.description,
        ...(input.targetUrl ? { target_url: input.targetUrl } : {}),
      }),
    );
  }

  async *listComments(issueNumber: number): AsyncIterable<IssueComment> {
    for (let page = 1; ; page++) {
      const { data, headers } = await withRateLimitRetry('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', () =>
        this.octokit.rest.issues.listComments({ ...this.repository, issue_number: issueNumber, per_page: PAGE_SIZE, page }),
      );
      for (const comment of data) yield commentOf(comment);
      if (data.length < PAGE_SIZE || !/rel="next"/.test(headers.link ?? '')) return;
    }
  }

  async createComment(issueNumber: number, body: string): Promise<IssueComment> {
    const { data } = await withRateLimitRetry('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', () =>
      this.octokit.rest.issues.createComment({ ...this.repository, issue_number: issueNumber, body }),
    );
    return commentOf(data);
  }

  async updateComment(commentId: number, body: string): Promise<IssueComment> {
    const { data } = await withRateLimitRetry('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', () =>
      this.octokit.rest.issues.updateComment({ ...this.repository, comment_id: commentId, body }),
    );
    return commentOf(data);
  }

  async deleteComment(commentId: number): Promise<void> {
    await withRateLimitRetry('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', () => this.octokit.rest.issues.deleteComment({ ...this.repository, comment_id: commentId }));
  }

  async listOpenIssues(label: string): Promise<Issue[]> {
    const { data } = await withRateLimitRetry('GET /repos/{owner}/{repo}/issues', () =>
      this.octokit.rest.issues.listForRepo({ ...this.repository, state: 'open', labels: label, per_page: PAGE_SIZE }),
    );
    return data.filter((issue) => !issue.pull_request).map(issueOf);
  }

  async createIssue(input: { title: string; body: string; labels: string[] }): Promise<Issue> {
    const { data } = await withRateLimitRetry('POST /repos/{owner}/{repo}/issues', () => this.octokit.rest.issues.create({ ...this.repository, ...input }));
    return issueOf(data);
  }

  async updateIssue(issueNumber: number, change: { title?: string; body?: string; state?: 'open' | 'closed'; stateReason?: 'completed' | 'not_planned' }): Promise<Issue> {
    const { stateReason, ...rest } = change;
    const { data } = await withRateLimitRetry('PATCH /repos/{owner}/{repo}/issues/{issue_number}', () =>
      this.octokit.rest.issues.update({ ...this.repository, issue_number: issueNumber, ...rest, ...(stateReason ? { state_reason: stateReason } : {}) }),
    );
    return issueOf(data);
  }

  async dispatch(eventType: string, payload: Record<string, unknown>): Promise<void> {
    await withRateLimitRetry('POST /repos/{owner}/{repo}/dispatches', () =>
      this.octokit.rest.repos.createDispatchEvent({ ...this.repository, event_type: eventType, client_payload: payload }),
    );
  }
}
