// Reads a branch's GitHub Actions workflow runs and the check runs Pipewright's actions
// publish, with conditional requests: an unchanged answer is a 304, which costs no rate limit.
// Plain `fetch`, no vscode: the view and the status bar only render what this returns.

/** Why GitHub could not be read; `key` is the same for the same problem, so it is reported once. */
export interface GitHubProblem {
  kind: 'unauthorized' | 'forbidden' | 'rate-limited' | 'not-found' | 'server' | 'timeout' | 'network';
  key: string;
  message: string;
  /** Rate limit: when requests are allowed again. */
  resetAt?: Date;
}

export class GitHubRequestError extends Error {
  constructor(readonly problem: GitHubProblem) {
    super(problem.message);
    this.name = 'GitHubRequestError';
  }
}

export interface StageCheck {
  /** The check run's name, e.g. `pipewright / train`. */
  name: string;
  status: string;
  conclusion: string | null;
  /** Seconds from start to completion; null while it runs. */
  seconds: number | null;
  /** The model version the stage names in its title or summary (`v3`), if any. */
  modelVersion: string | null;
  url: string | null;
}

export interface WorkflowRunStatus {
  id: number;
  /** The workflow's name and the run number: `Pipewright train #12`. */
  title: string;
  displayTitle: string;
  event: string;
  status: string;
  conclusion: string | null;
  headSha: string;
  created: string;
  seconds: number | null;
  url: string;
  stages: StageCheck[];
}

export interface BranchRuns {
  repository: string;
  branch: string;
  runs: WorkflowRunStatus[];
  /** True when every request was answered 304 (nothing changed since the last look). */
  unchanged: boolean;
}

export interface GitHubRunsOptions {
  /** `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  /** A token, or undefined to ask anonymously (public repositories). */
  token?: () => Promise<string | undefined>;
  fetch?: typeof fetch;
  /** Per request (default 10 s): a GitHub that never answers is reported, not waited on. */
  timeoutMs?: number;
  /** How many of the newest runs get their check runs read (default 5). */
  runsWithStages?: number;
  now?: () => Date;
}

interface CachedAnswer {
  etag: string;
  body: unknown;
}

/** Names of the check runs Pipewright's actions publish start with "pipewright". */
export function isPipewrightCheck(name: string): boolean {
  return /^pipewright\b/i.test(name.trim());
}

/** `v12` from a check run's title or summary (`Model v12 promoted`), or null. */
export function modelVersionIn(...texts: Array<string | null | undefined>): string | null {
  for (const text of texts) {
    const match = text ? /(?:^|[^\w.-])(v\d+)(?!\w|\.\d)/.exec(text) : null;
    if (match) return match[1]!;
  }
  return null;
}

function secondsBetween(start: string | null | undefined, end: string | null | undefined): number | null {
  if (!start || !end) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 1000) : null;
}

/** `owner/name`, checked, split; throws on anything else (it becomes part of a URL path). */
export function splitRepository(repository: string): [string, string] {
  const match = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(repository);
  if (!match || match[2] === '.' || match[2] === '..') {
    throw new Error(`expected a GitHub repository as 'owner/name', found '${repository}'`);
  }
  return [match[1]!, match[2]!];
}

function when(date: Date): string {
  return date.toISOString().slice(11, 16);
}

/** Turns a non-2xx answer into the problem people see. */
export function problemFromResponse(status: number, headers: Headers, apiUrl: string): GitHubProblem {
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = Number(headers.get('x-ratelimit-reset'));
  const retryAfter = Number(headers.get('retry-after'));
  if (status === 429 || (status === 403 && (remaining === '0' || Number.isFinite(retryAfter) && retryAfter > 0))) {
    const resetAt = remaining === '0' && reset > 0 ? new Date(reset * 1000) : retryAfter > 0 ? new Date(Date.now() + retryAfter * 1000) : undefined;
    return {
      kind: 'rate-limited',
      key: 'rate-limited',
      message: `GitHub rate limit reached${resetAt ? `: requests allowed again at ${when(resetAt)} UTC` : ''}. Signing in raises the limit.`,
      resetAt,
    };
  }
  if (status === 401) {
    return { kind: 'unauthorized', key: 'unauthorized', message: `GitHub refused the credentials (401) at ${apiUrl}: sign in to GitHub again.` };
  }
  if (status === 403) return { kind: 'forbidden', key: 'forbidden', message: `GitHub denied access (403): the token needs the 'repo' scope for private repositories.` };
  if (status === 404) {
    return { kind: 'not-found', key: 'not-found', message: `GitHub answered 404: the repository does not exist at ${apiUrl}, or it is private and you are not signed in.` };
  }
  return { kind: 'server', key: `server-${status}`, message: `GitHub answered ${status} at ${apiUrl}: showing the last known runs; retrying on the next refresh.` };
}

/** One client per API URL; keeps each URL's ETag and body for conditional requests. */
export class GitHubRunsClient {
  private readonly cache = new Map<string, CachedAnswer>();
  private readonly fetch: typeof fetch;
  /** The last rate-limit answer, while its reset time is ahead. */
  private rateLimited: GitHubProblem | undefined;
  readonly apiUrl: string;
  /** Requests sent, and how many were answered 304 (for the tests and the output channel). */
  readonly counts = { requests: 0, notModified: 0 };

  constructor(private readonly options: GitHubRunsOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** GET `path` (relative to the API URL) with If-None-Match; returns the body and whether it was a 304. */
  async get(path: string): Promise<{ body: unknown; notModified: boolean }> {
    const now = this.options.now?.() ?? new Date();
    // Asking again before the reset only spends another request on the same 403.
    if (this.rateLimited?.resetAt && now < this.rateLimited.resetAt) throw new GitHubRequestError(this.rateLimited);
    const url = `${this.apiUrl}${path}`;
    const cached = this.cache.get(url);
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
    };
    const token = await this.options.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    if (cached) headers['if-none-match'] = cached.etag;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    let response: Response;
    this.counts.requests++;
    try {
      response = await this.fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new GitHubRequestError({ kind: 'timeout', key: 'timeout', message: `GitHub did not answer within ${timeoutMs / 1000} s at ${this.apiUrl}: showing the last known runs.` });
      }
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new GitHubRequestError({ kind: 'network', key: `network-${cause}`, message: `Cannot reach GitHub at ${this.apiUrl} (${cause}).` });
    }
    if (response.status === 304 && cached) {
      this.counts.notModified++;
      return { body: cached.body, notModified: true };
    }
    if (!response.ok) {
      await response.body?.cancel();
      const problem = problemFromResponse(response.status, response.headers, this.apiUrl);
      if (problem.resetAt) this.rateLimited = problem;
      throw new GitHubRequestError(problem);
    }
    this.rateLimited = undefined;
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new GitHubRequestError({ kind: 'server', key: 'server-invalid-json', message: `GitHub answered ${response.status} with a body that is not JSON at ${url}.` });
    }
    const etag = response.headers.get('etag');
    if (etag) this.cache.set(url, { etag, body });
    return { body, notModified: false };
  }

  /** The newest workflow runs of `branch` and, for the newest few, their Pipewright check runs. */
  async branchRuns(repository: string, branch: string, perPage = 10): Promise<BranchRuns> {
    const [owner, repo] = splitRepository(repository);
    const base = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
    const listed = await this.get(`${base}/actions/runs?branch=${encodeURIComponent(branch)}&per_page=${perPage}`);
    let unchanged = listed.notModified;
    const runs = ((listed.body as { workflow_runs?: RawWorkflowRun[] }).workflow_runs ?? []).map(toWorkflowRun);
    const withStages = runs.slice(0, this.options.runsWithStages ?? 5);
    // One check-run list per commit, shared by the runs of that commit.
    const bySha = new Map<string, Promise<{ body: unknown; notModified: boolean }>>();
    for (const run of withStages) {
      if (!bySha.has(run.headSha)) bySha.set(run.headSha, this.get(`${base}/commits/${encodeURIComponent(run.headSha)}/check-runs?per_page=100`));
    }
    const raw = new Map((listed.body as { workflow_runs?: RawWorkflowRun[] }).workflow_runs?.map((r) => [r.id, r]) ?? []);
    for (const run of withStages) {
      const answer = await bySha.get(run.headSha)!;
      unchanged &&= answer.notModified;
      const suite = raw.get(run.id)?.check_suite_id;
      const checks = ((answer.body as { check_runs?: RawCheckRun[] }).check_runs ?? []).filter(
        (c) => isPipewrightCheck(c.name) && (suite === undefined || c.check_suite?.id === undefined || c.check_suite.id === suite),
      );
      run.stages = checks.map(toStageCheck).sort((a, b) => a.name.localeCompare(b.name));
    }
    return { repository, branch, runs, unchanged };
  }
}

interface RawWorkflowRun {
  id: number;
  name?: string | null;
  display_title: string;
  run_number: number;
  event: string;
  status: string | null;
  conclusion: string | null;
  head_sha: string;
  html_url: string;
  created_at: string;
  updated_at: string;
  run_started_at?: string;
  check_suite_id?: number;
}

interface RawCheckRun {
  name: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  html_url: string | null;
  check_suite: { id: number } | null;
  output: { title: string | null; summary: string | null };
}

function toWorkflowRun(raw: RawWorkflowRun): WorkflowRunStatus {
  const done = raw.status === 'completed';
  return {
    id: raw.id,
    title: `${raw.name ?? 'workflow'} #${raw.run_number}`,
    displayTitle: raw.display_title,
    event: raw.event,
    status: raw.status ?? 'unknown',
    conclusion: raw.conclusion,
    headSha: raw.head_sha,
    created: raw.created_at,
    seconds: done ? secondsBetween(raw.run_started_at ?? raw.created_at, raw.updated_at) : null,
    url: raw.html_url,
    stages: [],
  };
}

function toStageCheck(raw: RawCheckRun): StageCheck {
  return {
    name: raw.name,
    status: raw.status,
    conclusion: raw.conclusion,
    seconds: secondsBetween(raw.started_at, raw.completed_at),
    modelVersion: modelVersionIn(raw.output?.title, raw.output?.summary),
    url: raw.html_url,
  };
}
