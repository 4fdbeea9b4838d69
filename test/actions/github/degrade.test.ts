// What the actions do when GitHub will not take their results: a token without a
// permission, a fork's read-only token, rate limits (retried once, then reported) and
// GitHub's own errors. Never a red build for it: notices name the permission, and the
// results are in the job summary.
import { describe, expect, it } from 'vitest';
import { HEAD_SHA, pullRequestPayload } from '../../support/github-api/events.ts';
import { GitHubApi } from '../../support/github-api/server.ts';
import { trainAndPushIn } from '../train-and-push.ts';
import { notices, reportComments, runs, step, TOKEN } from './setup.ts';
import { api, useGitHubSuite, ws } from './suite.ts';

useGitHubSuite();

const pr = { name: 'pull_request', payload: pullRequestPayload({ number: 12 }) };
const forkPr = { name: 'pull_request', payload: pullRequestPayload({ number: 13, headRepo: 'mallory/churn' }) };
const validate = (event = pr) => step(api, 'validate-data', ws.dir, event, { dataset: 'train' });
const count = (operationId: string) => api.requests.filter((r) => r.operationId === operationId).length;

describe('missing permissions', () => {
  it('without checks: write, a commit status stands in for the check run, and a notice says so', async () => {
    api.configure({ permissions: { checks: 'read' }, faults: [] });
    const run = await validate();
    expect(run.exitCode).toBe(0);
    expect(api.checkRuns).toEqual([]);
    expect(api.statuses).toEqual([expect.objectContaining({ sha: HEAD_SHA, state: 'success', context: 'pipewright / validate (train)' })]);
    expect(notices(run).join('\n')).toMatch(/lacks `checks: write`.*A commit status was set instead/);
    expect(reportComments(api, 12)).toHaveLength(1);
    expect(run.summary).toContain('Dataset `train` passed');
  });

  it('without pull-requests: write, no comment; the check run still goes out; a notice names the permission', async () => {
    api.configure({ permissions: { pull_requests: 'read' }, faults: [] });
    const run = await validate();
    expect(run.exitCode).toBe(0);
    expect(api.comments).toEqual([]);
    expect(api.checkRuns).toHaveLength(1);
    expect(notices(run).join('\n')).toContain('The PR report comment was not published: the token lacks `pull-requests: write`');
  });

  it('a fork pull request (read-only token): every write refused, the build stays green, notices explain', async () => {
    api.configure({ permissions: { checks: 'read', statuses: 'read', pull_requests: 'read', issues: 'read', contents: 'read' }, faults: [] });
    const run = await validate(forkPr);
    expect(run.exitCode).toBe(0);
    expect([api.checkRuns, api.statuses, api.comments]).toEqual([[], [], []]);
    const said = notices(run).join('\n');
    expect(said).toContain('`checks: write`');
    expect(said).toContain('`statuses: write`');
    expect(said).toContain('`pull-requests: write`');
    expect(said).toContain('comes from a fork');
    expect(run.commands.filter((c) => c.command === 'error')).toEqual([]);
    expect(run.summary).toContain('Dataset `train` passed');
  });

  it('a fork PR whose data fails: the step fails for the data (the author can fix that), not for GitHub', async () => {
    api.configure({ permissions: { checks: 'read', statuses: 'read', pull_requests: 'read' }, faults: [] });
    ws.write('data.csv', 'id,x\n1,0.5\n2,oops\n');
    const run = await validate(forkPr);
    expect(run.exitCode).toBe(1);
    expect(run.commands.filter((c) => c.command === 'error').map((c) => c.message).join('\n')).toContain('data rule');
    expect(run.commands.filter((c) => c.command === 'error').map((c) => c.message).join('\n')).not.toContain('GitHub');
  });

  it('promote without contents: write: promoted all the same, no event, a notice names contents: write', async () => {
    api.configure({ permissions: { contents: 'read' }, faults: [] });
    await trainAndPushIn(ws, 0.7);
    const run = await step(api, 'promote', ws.dir, pr);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.promoted).toBe('true');
    expect(api.dispatches).toEqual([]);
    expect(notices(run).join('\n')).toContain("The repository_dispatch event 'new_champion_registered' was not published: the token lacks `contents: write`");
  });
});

describe('rate limits and GitHub errors', () => {
  const resetSoon = () => String(Math.ceil(Date.now() / 1000) + 1);

  it('a 403 with an exhausted quota is waited out and retried once', async () => {
    api.configure({ permissions: {}, faults: [{ operationId: 'checks/create', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': resetSoon() } }] });
    const run = await validate();
    expect(run.exitCode).toBe(0);
    expect(count('checks/create')).toBe(2);
    expect(api.checkRuns).toHaveLength(1);
    expect(run.commands.filter((c) => c.command === 'warning')).toEqual([]);
  });

  it('a 429 with retry-after is retried once; a second 429 is reported, and the build stays green', async () => {
    api.configure({ permissions: {}, faults: [{ operationId: 'issues/create-comment', status: 429, headers: { 'retry-after': '1' } }] });
    await validate();
    expect(count('issues/create-comment')).toBe(2);
    expect(reportComments(api, 12)).toHaveLength(1);

    api.comments.length = 0;
    api.requests.length = 0;
    api.configure({ permissions: {}, faults: [{ operationId: 'issues/create-comment', status: 429, headers: { 'retry-after': '1' }, times: 2 }] });
    const run = await validate();
    expect(run.exitCode).toBe(0);
    expect(count('issues/create-comment')).toBe(2);
    expect(api.comments).toEqual([]);
    expect(notices(run, 'warning').join('\n')).toContain('rate limit was still exhausted after one retry');
  });

  it('a rate limit that resets in an hour is not waited for: reported at once', async () => {
    api.configure({ permissions: {}, faults: [{ operationId: 'checks/create', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600) } }] });
    const run = await validate();
    expect(run.exitCode).toBe(0);
    expect(count('checks/create')).toBe(1);
    expect(api.statuses).toEqual([]);
    expect(notices(run, 'warning').join('\n')).toContain('rate limit');
  });

  it('GitHub unreachable: a warning, and the step’s own verdict', async () => {
    const closed = await GitHubApi.start({ token: TOKEN });
    await closed.close();
    const { runActionAsync } = await import('../../support/action-runner.ts');
    const { eventEnv } = await import('../../support/github-api/events.ts');
    const offline = await runActionAsync('validate-data', { workspace: ws.dir, inputs: { dataset: 'train' }, env: { ...closed.env(), GITHUB_TOKEN: TOKEN, ...eventEnv(pr.name, pr.payload) } });
    runs.push(offline);
    expect(offline.exitCode).toBe(0);
    expect(notices(offline, 'warning').join('\n')).toContain('GitHub could not be reached');
  });

  it('a 5xx is reported as GitHub’s error, not retried, and the rest still goes out', async () => {
    api.configure({ permissions: {}, faults: [{ operationId: 'checks/create', status: 502 }] });
    const run = await validate();
    expect(run.exitCode).toBe(0);
    expect(count('checks/create')).toBe(1);
    expect(notices(run, 'warning').join('\n')).toContain('GitHub answered 502 (a GitHub-side error)');
    expect(reportComments(api, 12)).toHaveLength(1);
  });
});
