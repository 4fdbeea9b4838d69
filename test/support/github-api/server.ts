// A loopback GitHub REST API for tests: every request is checked against GitHub's official
// description (a request it does not allow is recorded as a violation, which fails the
// test), answers are built from the description's examples and validated too. It keeps
// comments, check runs, statuses, issues and dispatches in memory, and can be told to
// refuse (permissions, a fork's read-only token), rate-limit, or fail (5xx) per test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { example, type MatchedOperation, matchOperation, requestViolations, responseViolations } from './openapi.ts';

export type Scope = 'checks' | 'statuses' | 'pull_requests' | 'issues' | 'contents';
export type Access = 'write' | 'read' | 'none';

/** A scripted answer: the next `times` requests to `operationId` get it instead of the real one. */
export interface Fault {
  operationId: string;
  status: number;
  headers?: Record<string, string>;
  /** Default: GitHub's error body for the status. */
  body?: unknown;
  times?: number;
}

export interface GitHubApiOptions {
  token: string;
  owner?: string;
  repo?: string;
  /** Missing scopes are `write`. A fork's token: every scope `read`. */
  permissions?: Partial<Record<Scope, Access>>;
  faults?: Fault[];
}

export interface StoredComment {
  id: number;
  issueNumber: number;
  body: string;
  userType: 'Bot' | 'User';
  login: string;
  created: string;
  updated: string;
}

export interface StoredIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  isPullRequest: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  body: unknown;
}

/** Which permission an operation needs (GitHub's "Resource not accessible by integration" otherwise). */
const NEEDS: Record<string, [Scope, Access]> = {
  'checks/create': ['checks', 'write'],
  'checks/update': ['checks', 'write'],
  'repos/create-commit-status': ['statuses', 'write'],
  'issues/list-comments': ['issues', 'read'],
  'issues/create-comment': ['pull_requests', 'write'],
  'issues/update-comment': ['pull_requests', 'write'],
  'issues/delete-comment': ['pull_requests', 'write'],
  'issues/list-for-repo': ['issues', 'read'],
  'issues/create': ['issues', 'write'],
  'issues/update': ['issues', 'write'],
  'repos/create-dispatch-event': ['contents', 'write'],
};

const RANK: Record<Access, number> = { none: 0, read: 1, write: 2 };

export class GitHubApi {
  readonly url: string;
  readonly comments: StoredComment[] = [];
  readonly issues: StoredIssue[] = [];
  readonly checkRuns: Array<Record<string, unknown> & { id: number }> = [];
  readonly statuses: Array<Record<string, unknown>> = [];
  readonly dispatches: Array<{ event_type: string; client_payload: Record<string, unknown> }> = [];
  readonly requests: RecordedRequest[] = [];
  /** Requests or answers the description does not allow: a test expects none. */
  readonly violations: string[] = [];
  /** Called before each operation is served: a test acts as a concurrent job here. */
  beforeOperation: ((operationId: string) => void) | undefined;
  options: Required<Pick<GitHubApiOptions, 'token' | 'owner' | 'repo'>> & { permissions: Partial<Record<Scope, Access>>; faults: Fault[] };
  private nextId = 1000;

  private constructor(
    private readonly server: Server,
    options: GitHubApiOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.options = { owner: 'acme', repo: 'churn', permissions: {}, faults: [], ...options };
  }

  static async start(options: GitHubApiOptions): Promise<GitHubApi> {
    let api: GitHubApi | undefined;
    const server = createServer((req, res) => {
      api!.handle(req, res).catch((error: unknown) => {
        api!.violations.push(`server error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = new GitHubApi(server, options);
    return api;
  }

  /** Changes permissions or faults between two runs of a test. */
  configure(change: Partial<Pick<GitHubApiOptions, 'permissions' | 'faults'>>): void {
    if (change.permissions) this.options.permissions = change.permissions;
    if (change.faults) this.options.faults = change.faults.map((f) => ({ ...f }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The environment an action needs to talk to this server. */
  env(): Record<string, string> {
    return { GITHUB_API_URL: this.url, GITHUB_REPOSITORY: `${this.options.owner}/${this.options.repo}` };
  }

  /** Adds a comment as if someone had written it (`count` of them). */
  seedComments(issueNumber: number, count: number, body: (i: number) => string = (i) => `comment ${i}`, userType: 'Bot' | 'User' = 'User'): void {
    for (let i = 0; i < count; i++) this.addComment(issueNumber, body(i), userType);
  }

  addComment(issueNumber: number, body: string, userType: 'Bot' | 'User' = 'Bot'): StoredComment {
    const now = new Date().toISOString();
    const comment: StoredComment = { id: this.nextId++, issueNumber, body, userType, login: userType === 'Bot' ? 'github-actions[bot]' : 'octocat', created: now, updated: now };
    this.comments.push(comment);
    return comment;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (data += chunk));
      req.on('end', () => resolve(data));
    });
    let body: unknown;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        this.violations.push(`${method} ${url.pathname}: the body is not JSON`);
      }
    }
    const op = matchOperation(method, url.pathname);
    const answer = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method, path: url.pathname + url.search, operationId: op?.operationId, status, body });
      if (op) this.violations.push(...responseViolations(op, status, payload));
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (!op) {
      this.violations.push(`${method} ${url.pathname}: no such operation in GitHub's description`);
      return answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    }
    const problems = requestViolations(op, url.searchParams, body);
    if (problems.length > 0) {
      this.violations.push(...problems);
      return answer(422, { message: 'Validation Failed', documentation_url: 'https://docs.github.com/rest' });
    }
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.options.token}` && auth !== `Bearer ${this.options.token}`) return answer(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (op.pathParams.owner !== this.options.owner || op.pathParams.repo !== this.options.repo) return answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });

    const fault = this.options.faults.find((f) => f.operationId === op.operationId && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return answer(fault.status, fault.body ?? { message: fault.status >= 500 ? 'Server Error' : 'API rate limit exceeded', documentation_url: 'https://docs.github.com/rest' }, fault.headers);
    }
    const need = NEEDS[op.operationId];
    if (need && RANK[this.options.permissions[need[0]] ?? 'write'] < RANK[need[1]]) {
      return answer(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' });
    }
    this.beforeOperation?.(op.operationId);
    const [status, payload, headers] = this.operate(op, url, body as Record<string, unknown> | undefined);
    return answer(status, payload, headers);
  }

  private operate(op: MatchedOperation, url: URL, body: Record<string, unknown> = {}): [number, unknown, Record<string, string>?] {
    const number = Number(op.pathParams.issue_number);
    switch (op.operationId) {
      case 'checks/create': {
        const run = { ...this.checkRunOf(body), id: this.nextId++ };
        this.checkRuns.push(run);
        return [201, this.checkRunAnswer(run)];
      }
      case 'checks/update': {
        const run = this.checkRuns.find((r) => r.id === Number(op.pathParams.check_run_id));
        if (!run) return [404, { message: 'Not Found' }];
        const output = body.output as { annotations?: unknown[] } | undefined;
        const stored = run.output as { annotations: unknown[] };
        stored.annotations.push(...(output?.annotations ?? []));
        return [200, this.checkRunAnswer(run)];
      }
      case 'repos/create-commit-status': {
        const status = { ...body, sha: op.pathParams.sha, id: this.nextId++ };
        this.statuses.push(status);
        return [201, this.statusAnswer(status)];
      }
      case 'issues/list-comments': {
        const all = this.comments.filter((c) => c.issueNumber === number);
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const links: string[] = [];
        const link = (p: number, rel: string) => `<${this.url}${url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
        const last = Math.max(1, Math.ceil(all.length / perPage));
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
        if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
        return [200, slice.map((c) => this.commentAnswer(c)), links.length > 0 ? { link: links.join(', ') } : {}];
      }
      case 'issues/create-comment': {
        if (!this.issueExists(number)) return [404, { message: 'Not Found' }];
        return [201, this.commentAnswer(this.addComment(number, String(body.body)))];
      }
      case 'issues/update-comment': {
        const comment = this.comments.find((c) => c.id === Number(op.pathParams.comment_id));
        if (!comment) return [404, { message: 'Not Found' }];
        comment.body = String(body.body);
        comment.updated = new Date().toISOString();
        return [200, this.commentAnswer(comment)];
      }
      case 'issues/delete-comment': {
        const at = this.comments.findIndex((c) => c.id === Number(op.pathParams.comment_id));
        if (at === -1) return [404, { message: 'Not Found' }];
        this.comments.splice(at, 1);
        return [204, undefined];
      }
      case 'issues/list-for-repo': {
        const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
        const state = url.searchParams.get('state') ?? 'open';
        const found = this.issues.filter((i) => (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l)));
        return [200, found.map((i) => this.issueAnswer(i))];
      }
      case 'issues/create': {
        const issue: StoredIssue = { number: this.issues.length + 1, title: String(body.title), body: String(body.body ?? ''), state: 'open', stateReason: null, labels: (body.labels as string[] | undefined) ?? [], isPullRequest: false };
        this.issues.push(issue);
        return [201, this.issueAnswer(issue)];
      }
      case 'issues/update': {
        const issue = this.issues.find((i) => i.number === number);
        if (!issue) return [404, { message: 'Not Found' }];
        if (typeof body.title === 'string') issue.title = body.title;
        if (typeof body.body === 'string') issue.body = body.body;
        if (body.state === 'open' || body.state === 'closed') issue.state = body.state;
        if (typeof body.state_reason === 'string') issue.stateReason = body.state_reason;
        return [200, this.issueAnswer(issue)];
      }
      case 'repos/create-dispatch-event': {
        this.dispatches.push({ event_type: String(body.event_type), client_payload: (body.client_payload as Record<string, unknown>) ?? {} });
        return [204, undefined];
      }
      default:
        this.violations.push(`${op.operationId}: allowed by the description but not served by this test server`);
        return [501, { message: 'Not implemented by the test server' }];
    }
  }

  /** Pull requests are issues too: a PR number the tests use exists. */
  private issueExists(number: number): boolean {
    return number > 0;
  }

  private checkRunOf(body: Record<string, unknown>): Record<string, unknown> {
    const output = (body.output as Record<string, unknown> | undefined) ?? {};
    return { ...body, output: { ...output, annotations: [...((output.annotations as unknown[]) ?? [])] } };
  }

  private base(): string {
    return `${this.url}/repos/${this.options.owner}/${this.options.repo}`;
  }

  private checkRunAnswer(run: Record<string, unknown> & { id: number }): unknown {
    const answer = example<Record<string, unknown>>('check-run');
    const output = run.output as { title?: string; summary?: string; text?: string; annotations: unknown[] };
    return {
      ...answer,
      id: run.id,
      name: run.name,
      head_sha: run.head_sha,
      status: run.status ?? 'queued',
      conclusion: run.conclusion ?? null,
      details_url: run.details_url ?? null,
      url: `${this.base()}/check-runs/${run.id}`,
      html_url: `https://github.com/${this.options.owner}/${this.options.repo}/runs/${run.id}`,
      output: {
        ...(answer.output as object),
        title: output.title ?? null,
        summary: output.summary ?? null,
        text: output.text ?? null,
        annotations_count: output.annotations.length,
        annotations_url: `${this.base()}/check-runs/${run.id}/annotations`,
      },
    };
  }

  private statusAnswer(status: Record<string, unknown>): unknown {
    return {
      ...example<Record<string, unknown>>('status'),
      id: status.id,
      state: status.state,
      context: status.context ?? 'default',
      description: status.description ?? null,
      target_url: status.target_url ?? null,
      url: `${this.base()}/statuses/${status.sha}`,
    };
  }

  private commentAnswer(c: StoredComment): unknown {
    const answer = example<Record<string, unknown> & { user: Record<string, unknown> }>('issue-comment');
    return {
      ...answer,
      id: c.id,
      body: c.body,
      url: `${this.base()}/issues/comments/${c.id}`,
      html_url: `https://github.com/${this.options.owner}/${this.options.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
      issue_url: `${this.base()}/issues/${c.issueNumber}`,
      created_at: c.created,
      updated_at: c.updated,
      user: { ...answer.user, login: c.login, type: c.userType },
    };
  }

  private issueAnswer(i: StoredIssue): unknown {
    const answer = example<Record<string, unknown> & { labels: Array<Record<string, unknown>> }>('issue');
    const label = answer.labels[0] ?? {};
    const { pull_request: _pr, ...plain } = answer;
    return {
      ...plain,
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      state_reason: i.stateReason,
      closed_at: i.state === 'closed' ? new Date().toISOString() : null,
      url: `${this.base()}/issues/${i.number}`,
      html_url: `https://github.com/${this.options.owner}/${this.options.repo}/issues/${i.number}`,
      labels: i.labels.map((name, k) => ({ ...label, id: k + 1, name, url: `${this.base()}/labels/${encodeURIComponent(name)}` })),
    };
  }
}
