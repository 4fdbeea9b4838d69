// A loopback GitHub REST API for the run-status client and the end-to-end test. Every request
// must be an operation of GitHub's official OpenAPI description (@octokit/openapi) with only
// declared query parameters; every response body is validated with ajv against that
// operation's response schema before it is sent. Anything else is a recorded violation that
// the tests assert to be empty. Answers carry ETags and honour If-None-Match (304).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type OpenApi = {
  paths: Record<string, Record<string, { parameters?: Array<{ $ref?: string; name?: string; in?: string }>; responses: Record<string, unknown> }>>;
  components: { parameters: Record<string, { name: string; in: string }>; examples: Record<string, { value: unknown }> };
};

const require = createRequire(import.meta.url);
let description: OpenApi | undefined;
let ajv: Ajv | undefined;

function openApi(): { doc: OpenApi; ajv: Ajv } {
  if (!description || !ajv) {
    description = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as OpenApi;
    // OpenAPI 3.0 schemas: `nullable`, `example` and x- keywords are not JSON Schema keywords.
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    ajv.addSchema(description as object, 'github');
  }
  return { doc: description, ajv };
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(pointer: string): ValidateFunction {
  openApi();
  let validate = validators.get(pointer);
  if (!validate) {
    validate = openApi().ajv.compile({ $ref: `github#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

/** Errors of `body` as the 200 answer of GET `template`, or null when GitHub's description allows it. */
export function responseErrors(template: string, body: unknown): string | null {
  const validate = validatorFor(`/paths/${pointerEscape(template)}/get/responses/200/content/application~1json/schema`);
  return validate(body) ? null : openApi().ajv.errorsText(validate.errors);
}

const pointerEscape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

const patterns = new Map<string, RegExp>();
function templatePattern(template: string): RegExp {
  let pattern = patterns.get(template);
  if (!pattern) {
    const literal = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(`^${literal.join('[^/]+')}$`);
    patterns.set(template, pattern);
  }
  return pattern;
}

/** The OpenAPI path template `url` matches, with its operation's declared query parameter names. */
function operationFor(method: string, pathname: string): { template: string; query: Set<string> } | undefined {
  const { doc } = openApi();
  for (const [template, item] of Object.entries(doc.paths)) {
    const pattern = templatePattern(template);
    const op = item[method.toLowerCase()];
    if (!op || !pattern.test(pathname)) continue;
    const query = new Set<string>();
    for (const p of op.parameters ?? []) {
      const param = p.$ref ? doc.components.parameters[p.$ref.split('/').pop()!] : (p as { name: string; in: string });
      if (param?.in === 'query') query.add(param.name);
    }
    return { template, query };
  }
  return undefined;
}

/** GitHub's own example bodies from the description: real shapes to start fixtures from. */
export function exampleWorkflowRun(): Record<string, unknown> {
  const value = openApi().doc.components.examples['workflow-run-paginated']!.value as { workflow_runs: Array<Record<string, unknown>> };
  return structuredClone(value.workflow_runs[0]!);
}

export function exampleCheckRun(): Record<string, unknown> {
  const value = openApi().doc.components.examples['check-run-paginated']!.value as { check_runs: Array<Record<string, unknown>> };
  return structuredClone(value.check_runs[0]!);
}

export interface RunFixture {
  id: number;
  name: string;
  runNumber: number;
  headSha: string;
  branch: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  created: string;
  updated: string;
  checkSuiteId: number;
  /** The Pipewright check runs of this run's commit. */
  stages: Array<{ name: string; status: 'queued' | 'in_progress' | 'completed'; conclusion: 'success' | 'failure' | null; started: string; completed: string | null; title: string; summary: string }>;
}

/** How the server answers: normally, or one of the failures the client must survive. */
export type ServerMode = 'ok' | 'unauthorized' | 'rate-limited' | 'server-error' | 'hang';

export interface RecordedRequest {
  method: string;
  url: string;
  status: number;
  ifNoneMatch: string | null;
  authorization: string | null;
}

export interface GitHubRunsServer {
  url: string;
  repository: string;
  requests: RecordedRequest[];
  /** Requests or responses the OpenAPI description does not allow; tests expect none. */
  violations: string[];
  mode: ServerMode;
  /** Epoch seconds the rate limit resets at, in `rate-limited` mode. */
  rateLimitReset: number;
  runs: RunFixture[];
  close(): Promise<void>;
}

function workflowRunBody(repository: string, fixture: RunFixture, baseUrl: string): Record<string, unknown> {
  const run = exampleWorkflowRun();
  const repoUrl = `${baseUrl}/repos/${repository}`;
  return {
    ...run,
    id: fixture.id,
    name: fixture.name,
    display_title: `${fixture.name} on ${fixture.branch}`,
    run_number: fixture.runNumber,
    head_branch: fixture.branch,
    head_sha: fixture.headSha,
    status: fixture.status,
    conclusion: fixture.conclusion,
    created_at: fixture.created,
    updated_at: fixture.updated,
    run_started_at: fixture.created,
    check_suite_id: fixture.checkSuiteId,
    event: 'push',
    url: `${repoUrl}/actions/runs/${fixture.id}`,
    html_url: `https://github.com/${repository}/actions/runs/${fixture.id}`,
  };
}

function checkRunBody(fixture: RunFixture, stage: RunFixture['stages'][number], index: number, repository: string): Record<string, unknown> {
  const check = exampleCheckRun();
  const id = fixture.id * 100 + index;
  return {
    ...check,
    id,
    name: stage.name,
    head_sha: fixture.headSha,
    external_id: `pipewright-${stage.name}`,
    status: stage.status,
    conclusion: stage.conclusion,
    started_at: stage.started,
    completed_at: stage.completed,
    html_url: `https://github.com/${repository}/runs/${id}`,
    check_suite: { id: fixture.checkSuiteId },
    output: { title: stage.title, summary: stage.summary, text: null, annotations_count: 0, annotations_url: `https://api.github.com/repos/${repository}/check-runs/${id}/annotations` },
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

/** Starts the server on 127.0.0.1 (an OS-chosen port) for `repository` with `runs`. */
export async function startGitHubRunsServer(repository: string, runs: RunFixture[]): Promise<GitHubRunsServer> {
  openApi();
  const hanging = new Set<ServerResponse>();
  const state: GitHubRunsServer = {
    url: '',
    repository,
    requests: [],
    violations: [],
    mode: 'ok',
    rateLimitReset: 0,
    runs,
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', state.url);
    const record = (status: number) =>
      state.requests.push({ method: req.method ?? '', url: url.pathname + url.search, status, ifNoneMatch: req.headers['if-none-match'] ?? null, authorization: req.headers.authorization ? 'present' : null });
    const op = operationFor(req.method ?? 'GET', url.pathname);
    if (!op) {
      state.violations.push(`${req.method} ${url.pathname}: not an operation of GitHub's REST API`);
      record(404);
      send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    for (const name of url.searchParams.keys()) {
      if (!op.query.has(name)) state.violations.push(`${req.method} ${op.template}: query parameter '${name}' is not declared`);
    }
    const errorPointer = '/components/schemas/basic-error';
    const fail = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const validate = validatorFor(errorPointer);
      if (!validate(body)) state.violations.push(`${status} body: ${openApi().ajv.errorsText(validate.errors)}`);
      record(status);
      send(res, status, body, headers);
    };
    switch (state.mode) {
      case 'hang':
        record(0);
        hanging.add(res);
        return;
      case 'unauthorized':
        fail(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
        return;
      case 'rate-limited':
        fail(
          403,
          { message: 'API rate limit exceeded for 127.0.0.1.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting', status: '403' },
          { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '60', 'x-ratelimit-reset': String(state.rateLimitReset) },
        );
        return;
      case 'server-error':
        fail(500, { message: 'Server Error', status: '500' });
        return;
      case 'ok':
        break;
    }
    const base = `${url.protocol}//${url.host}`;
    const [owner, name] = repository.split('/');
    const repoPath = `/repos/${owner}/${name}`;
    let body: unknown;
    if (url.pathname === `${repoPath}/actions/runs`) {
      const branch = url.searchParams.get('branch');
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const matching = runs.filter((r) => !branch || r.branch === branch).sort((a, b) => b.id - a.id);
      body = { total_count: matching.length, workflow_runs: matching.slice(0, perPage).map((r) => workflowRunBody(repository, r, base)) };
    } else if (url.pathname.startsWith(`${repoPath}/commits/`) && url.pathname.endsWith('/check-runs')) {
      const sha = decodeURIComponent(url.pathname.slice(`${repoPath}/commits/`.length, -'/check-runs'.length));
      const checks = runs.filter((r) => r.headSha === sha).flatMap((r) => r.stages.map((s, i) => checkRunBody(r, s, i, repository)));
      body = { total_count: checks.length, check_runs: checks };
    } else {
      record(404);
      send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    const errors = responseErrors(op.template, body);
    if (errors) state.violations.push(`GET ${op.template} 200: ${errors}`);
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32)}"`;
    const common = { etag, 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-github-api-version-selected': '2022-11-28' };
    if (req.headers['if-none-match'] === etag) {
      record(304);
      res.writeHead(304, common);
      res.end();
      return;
    }
    record(200);
    send(res, 200, body, common);
  }

  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A small history for `branch`: an older failed run and a newer successful one with its stages. */
export function sampleRuns(branch: string, now = Date.parse('2026-12-01T10:00:00Z')): RunFixture[] {
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    {
      id: 9001,
      name: 'Pipewright train',
      runNumber: 41,
      headSha: 'a'.repeat(40),
      branch,
      status: 'completed',
      conclusion: 'failure',
      created: at(0),
      updated: at(3),
      checkSuiteId: 501,
      stages: [
        { name: 'pipewright / validate', status: 'completed', conclusion: 'failure', started: at(0), completed: at(1), title: 'train: 2 rules failed', summary: 'age: min failed on 12 rows' },
      ],
    },
    {
      id: 9002,
      name: 'Pipewright train',
      runNumber: 42,
      headSha: 'b'.repeat(40),
      branch,
      status: 'completed',
      conclusion: 'success',
      created: at(10),
      updated: at(14),
      checkSuiteId: 502,
      stages: [
        { name: 'pipewright / validate', status: 'completed', conclusion: 'success', started: at(10), completed: at(11), title: 'train: 11 rules passed', summary: '2000 rows' },
        { name: 'pipewright / train', status: 'completed', conclusion: 'success', started: at(11), completed: at(13), title: 'Trained churn: accuracy 0.87', summary: 'run 20261201T101100Z' },
        { name: 'pipewright / promote', status: 'completed', conclusion: 'success', started: at(13), completed: at(14), title: 'Model v3 promoted to champion', summary: 'every gate passed' },
      ],
    },
  ];
}
