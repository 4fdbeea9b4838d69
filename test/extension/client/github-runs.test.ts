// The run-status client against a loopback GitHub that checks every request and response
// against GitHub's OpenAPI description: runs, stages, conditional requests, and failures.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitHubRequestError, GitHubRunsClient, isPipewrightCheck, modelVersionIn, problemFromResponse, splitRepository } from '../../../extension/src/client/github-runs.ts';
import { exampleWorkflowRun, type GitHubRunsServer, responseErrors, sampleRuns, startGitHubRunsServer } from '../../support/github-runs-server.ts';

let server: GitHubRunsServer;

beforeAll(async () => {
  const runs = sampleRuns('main');
  // A check run that is not Pipewright's, on the same commit: never shown.
  runs[1]!.stages.push({ name: 'lint', status: 'completed', conclusion: 'success', started: '2026-12-01T10:10:00Z', completed: '2026-12-01T10:11:00Z', title: 'ok', summary: 'v9' });
  // Another branch's run: never shown for main.
  runs.push({ ...sampleRuns('feature')[0]!, id: 9500, branch: 'feature', headSha: 'c'.repeat(40) });
  server = await startGitHubRunsServer('acme/churn', runs);
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.violations).toEqual([]);
  server.mode = 'ok';
});

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitHubRequestError);
  return (error as GitHubRequestError).problem;
}

describe('GitHubRunsClient.branchRuns', () => {
  it("lists the branch's workflow runs newest first with their Pipewright stages, durations and model version", async () => {
    const client = new GitHubRunsClient({ apiUrl: `${server.url}/` });
    const result = await client.branchRuns('acme/churn', 'main');
    expect(result.unchanged).toBe(false);
    expect(result.runs.map((r) => [r.title, r.conclusion, r.seconds])).toEqual([
      ['Pipewright train #42', 'success', 240],
      ['Pipewright train #41', 'failure', 180],
    ]);
    expect(result.runs[0]!.stages.map((s) => [s.name, s.conclusion, s.seconds, s.modelVersion])).toEqual([
      ['pipewright / promote', 'success', 60, 'v3'],
      ['pipewright / train', 'success', 120, null],
      ['pipewright / validate', 'success', 60, null],
    ]);
    expect(result.runs[0]!.stages[0]!.url).toMatch(/^https:\/\/github.com\/acme\/churn\/runs\/\d+$/);
    expect(result.runs[1]!.stages.map((s) => s.name)).toEqual(['pipewright / validate']);
  });

  it('asks again with If-None-Match: the 304 answers cost nothing and give the same runs', async () => {
    const client = new GitHubRunsClient({ apiUrl: server.url, token: async () => 'gho_secret' });
    const first = await client.branchRuns('acme/churn', 'main');
    const before = server.requests.length;
    const second = await client.branchRuns('acme/churn', 'main');
    const sent = server.requests.slice(before);
    expect(sent.length).toBe(3);
    expect(sent.every((r) => r.status === 304 && r.ifNoneMatch !== null && r.authorization === 'present')).toBe(true);
    expect(second.unchanged).toBe(true);
    expect(second.runs).toEqual(first.runs);
    expect(client.counts).toEqual({ requests: 6, notModified: 3 });
  });

  it('sees a change: a new run makes the list answer 200 again', async () => {
    const client = new GitHubRunsClient({ apiUrl: server.url });
    await client.branchRuns('acme/churn', 'main');
    server.runs.push({ ...sampleRuns('main')[1]!, id: 9003, runNumber: 43, status: 'in_progress', conclusion: null, stages: [] });
    try {
      const result = await client.branchRuns('acme/churn', 'main');
      expect(result.unchanged).toBe(false);
      expect(result.runs[0]).toMatchObject({ title: 'Pipewright train #43', status: 'in_progress', seconds: null });
    } finally {
      server.runs.pop();
    }
  });

  it('reports 401 as a sign-in problem', async () => {
    server.mode = 'unauthorized';
    const problem = await problemOf(new GitHubRunsClient({ apiUrl: server.url }).branchRuns('acme/churn', 'main'));
    expect(problem.kind).toBe('unauthorized');
    expect(problem.message).toContain('sign in to GitHub again');
  });

  it('reports a rate limit with its reset time and sends nothing more until then', async () => {
    server.mode = 'rate-limited';
    server.rateLimitReset = Math.floor(Date.parse('2026-12-01T10:42:00Z') / 1000);
    const client = new GitHubRunsClient({ apiUrl: server.url, now: () => new Date('2026-12-01T10:30:00Z') });
    const problem = await problemOf(client.branchRuns('acme/churn', 'main'));
    expect(problem).toMatchObject({ kind: 'rate-limited', key: 'rate-limited', resetAt: new Date('2026-12-01T10:42:00Z') });
    expect(problem.message).toContain('10:42 UTC');
    const before = server.requests.length;
    expect((await problemOf(client.branchRuns('acme/churn', 'main'))).kind).toBe('rate-limited');
    expect(server.requests.length).toBe(before);
  });

  it('reports a 500 as a server problem and keeps no half state', async () => {
    server.mode = 'server-error';
    const client = new GitHubRunsClient({ apiUrl: server.url });
    expect(await problemOf(client.branchRuns('acme/churn', 'main'))).toMatchObject({ kind: 'server', key: 'server-500' });
    server.mode = 'ok';
    expect((await client.branchRuns('acme/churn', 'main')).runs).toHaveLength(2);
  });

  it('gives up on a GitHub that never answers', async () => {
    server.mode = 'hang';
    const problem = await problemOf(new GitHubRunsClient({ apiUrl: server.url, timeoutMs: 200 }).branchRuns('acme/churn', 'main'));
    expect(problem).toMatchObject({ kind: 'timeout', key: 'timeout' });
    expect(problem.message).toContain('did not answer within 0.2 s');
  });

  it('reports an unreachable API URL', async () => {
    const problem = await problemOf(new GitHubRunsClient({ apiUrl: 'http://127.0.0.1:1' }).branchRuns('acme/churn', 'main'));
    expect(problem.kind).toBe('network');
    expect(problem.message).toContain('Cannot reach GitHub at http://127.0.0.1:1');
  });
});

describe('the pieces', () => {
  it("the loopback server's validator refuses bodies GitHub's description does not allow", () => {
    const run = exampleWorkflowRun();
    expect(responseErrors('/repos/{owner}/{repo}/actions/runs', { total_count: 1, workflow_runs: [run] })).toBeNull();
    const { id: _id, ...withoutId } = run;
    expect(responseErrors('/repos/{owner}/{repo}/actions/runs', { total_count: 1, workflow_runs: [withoutId] })).toContain("must have required property 'id'");
    expect(responseErrors('/repos/{owner}/{repo}/actions/runs', { total_count: 1, workflow_runs: [{ ...run, run_number: 'x' }] })).toContain('must be integer');
  });

  it('tells a rate limit, a secondary limit, a missing scope and a missing repository apart', () => {
    const api = 'https://ghe.example.com/api/v3';
    const primary = problemFromResponse(403, new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.parse('2026-12-01T08:05:00Z') / 1000) }), api);
    expect(primary).toMatchObject({ kind: 'rate-limited', resetAt: new Date('2026-12-01T08:05:00Z') });
    expect(primary.message).toBe('GitHub rate limit reached: requests allowed again at 08:05 UTC. Signing in raises the limit.');
    expect(problemFromResponse(429, new Headers({ 'retry-after': '30' }), api)).toMatchObject({ kind: 'rate-limited' });
    expect(problemFromResponse(403, new Headers({ 'retry-after': '60' }), api).kind).toBe('rate-limited');
    expect(problemFromResponse(403, new Headers({ 'x-ratelimit-remaining': '12' }), api)).toMatchObject({ kind: 'forbidden', key: 'forbidden' });
    expect(problemFromResponse(404, new Headers(), api).message).toContain(`the repository does not exist at ${api}`);
    expect(problemFromResponse(502, new Headers(), api)).toMatchObject({ kind: 'server', key: 'server-502' });
  });

  it('takes only owner/name repositories', () => {
    expect(splitRepository('acme/churn')).toEqual(['acme', 'churn']);
    for (const bad of ['acme', 'acme/churn/x', '../x', 'acme/..', 'a cme/x']) expect(() => splitRepository(bad)).toThrow(`expected a GitHub repository as 'owner/name', found '${bad}'`);
  });

  it("recognises Pipewright's check runs and the model version they name", () => {
    expect(['pipewright / train', 'Pipewright: promote', 'pipewright'].map(isPipewrightCheck)).toEqual([true, true, true]);
    expect(['lint', 'not pipewright', 'pipewrighter'].map(isPipewrightCheck)).toEqual([false, false, false]);
    expect(modelVersionIn(null, 'Model v12 promoted')).toBe('v12');
    expect(modelVersionIn('node v20.1 and 1.2.3v4', 'churn:v7')).toBe('v7');
    expect(modelVersionIn('nothing here')).toBeNull();
  });
});
