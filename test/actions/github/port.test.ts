// The octokit port in process against the loopback API: two jobs racing to create the
// PR report end with one comment holding both sections; leftovers of an earlier race are
// merged; pages are followed; rate-limit waits are read from GitHub's headers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OctokitPort, rateLimitWait, withRateLimitRetry } from '../../../actions/github-port/src/index.ts';
import { composeReport, GitHubApiError, parseReportSections, publishReportSection, type RunContext } from '../../../shared/src/github/index.ts';
import { GitHubApi } from '../../support/github-api/server.ts';
import { TOKEN } from './setup.ts';

let api: GitHubApi;
let port: OctokitPort;
const PR = { number: 5, title: 'T', headRef: 'f', headSha: 'a'.repeat(40), baseRef: 'main', fromFork: false };
const context: RunContext = { owner: 'acme', repo: 'churn', eventName: 'pull_request', headSha: PR.headSha, ref: 'refs/pull/5/merge', pullRequest: PR, runUrl: undefined };
const reports = () => api.comments.filter((c) => c.body.includes('<!-- pipewright:'));

beforeAll(async () => {
  api = await GitHubApi.start({ token: TOKEN });
  port = new OctokitPort({ token: TOKEN, owner: 'acme', repo: 'churn', baseUrl: api.url });
});
afterAll(() => api.close());
beforeEach(() => {
  api.comments.length = 0;
  api.beforeOperation = undefined;
  expect(api.violations).toEqual([]);
});

describe('the PR report under concurrent jobs', () => {
  it('two jobs create at once: the older comment stays with both sections, ours is deleted', async () => {
    let raced = false;
    api.beforeOperation = (operationId) => {
      if (operationId !== 'issues/create-comment' || raced) return;
      raced = true;
      api.addComment(5, composeReport(PR, new Map([['train', 'trained by the other job']])), 'Bot');
    };
    const outcome = await publishReportSection(port, context, { stage: 'validate', qualifier: 'train', markdown: 'validated' });
    expect(outcome.notices).toEqual([]);
    expect(reports()).toHaveLength(1);
    expect([...parseReportSections(reports()[0]!.body).keys()].sort()).toEqual(['train', 'validate:train']);
    expect(outcome.commentId).toBe(reports()[0]!.id);
    expect(api.violations).toEqual([]);
  });

  it('leftovers of an earlier race are merged into the first and deleted', async () => {
    api.addComment(5, 'a person: LGTM', 'User');
    const first = api.addComment(5, composeReport(PR, new Map([['train', 'T1']])), 'Bot');
    api.addComment(5, composeReport(PR, new Map([['promote', 'P1']])), 'Bot');
    await publishReportSection(port, context, { stage: 'drift', markdown: 'D' });
    expect(reports().map((c) => c.id)).toEqual([first.id]);
    expect([...parseReportSections(reports()[0]!.body).keys()].sort()).toEqual(['drift', 'promote', 'train']);
    expect(api.comments.some((c) => c.body === 'a person: LGTM')).toBe(true);
    expect(api.violations).toEqual([]);
  });

  it('follows pages to the end', async () => {
    api.seedComments(5, 250);
    const seen: number[] = [];
    for await (const comment of port.listComments(5)) seen.push(comment.id);
    expect(seen).toHaveLength(250);
    expect(api.violations).toEqual([]);
  });
});

describe('rate limits', () => {
  const limited = (status: number, headers: Record<string, string>) => ({ status, response: { headers } });

  it('reads the wait from retry-after or the quota reset; other refusals are no rate limit', () => {
    expect(rateLimitWait(limited(429, { 'retry-after': '3' }))).toBe(3000);
    expect(rateLimitWait(limited(403, { 'retry-after': '2' }))).toBe(2000);
    expect(rateLimitWait(limited(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }), 1_000_000)).toBe(10_250);
    expect(rateLimitWait(limited(403, { 'x-ratelimit-remaining': '12' }))).toBeUndefined();
    expect(rateLimitWait(limited(502, {}))).toBeUndefined();
  });

  it('retries once after the wait, then reports a GitHubApiError classified as rate-limited', async () => {
    const waits: number[] = [];
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(Object.assign(new Error('API rate limit exceeded'), limited(429, { 'retry-after': '1' })));
    };
    const error = await withRateLimitRetry('GET /x', failing, async (ms) => void waits.push(ms)).catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(waits).toEqual([1000]);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ failure: 'rate-limited', status: 429 });
  });
});
