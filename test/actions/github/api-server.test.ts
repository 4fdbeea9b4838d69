// The loopback GitHub API checks requests against GitHub's description: what it does not
// allow is a violation (so the suites that use it fail), and its own answers are valid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubApi } from '../../support/github-api/server.ts';

let api: GitHubApi;
const TOKEN = 'ghs_loopbackToken0001';

async function call(method: string, path: string, body?: unknown, token = TOKEN) {
  const response = await fetch(`${api.url}${path}`, { method, headers: { authorization: `token ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

beforeAll(async () => {
  api = await GitHubApi.start({ token: TOKEN });
});
afterAll(() => api.close());

describe('loopback GitHub API', () => {
  it('serves a valid check run, comment, issue and dispatch with schema-valid answers', async () => {
    const check = await call('POST', '/repos/acme/churn/check-runs', { name: 'pipewright / validate', head_sha: 'a'.repeat(40), status: 'completed', conclusion: 'success', output: { title: 't', summary: 's' } });
    expect(check.status).toBe(201);
    expect(await call('POST', '/repos/acme/churn/issues/7/comments', { body: 'hello' })).toMatchObject({ status: 201 });
    expect(await call('POST', '/repos/acme/churn/issues', { title: 'x', body: 'y', labels: ['pipewright:drift'] })).toMatchObject({ status: 201 });
    expect(await call('POST', '/repos/acme/churn/dispatches', { event_type: 'drift_detected', client_payload: { model: 'churn' } })).toMatchObject({ status: 204 });
    expect(api.violations).toEqual([]);
  });

  it('records what the description does not allow: an unknown path, a bad body, an unknown query parameter', async () => {
    const before = api.violations.length;
    await call('POST', '/repos/acme/churn/check-runz', {});
    await call('POST', '/repos/acme/churn/check-runs', { name: 'x', head_sha: 'a', conclusion: 'great' });
    await call('GET', '/repos/acme/churn/issues/7/comments?per_page=100&sort=desc');
    await call('PATCH', '/repos/acme/churn/issues/comments/1', { text: 'no body key' });
    const found = api.violations.splice(before);
    expect(found).toHaveLength(4);
    expect(found[0]).toContain('no such operation');
    expect(found[1]).toMatch(/checks\/create.*body.*conclusion/);
    expect(found[2]).toContain("query parameter 'sort' is not in the description");
    expect(found[3]).toMatch(/issues\/update-comment.*body/);
  });

  it('answers 401 to a wrong token, 403 to a missing permission, and scripted faults once each', async () => {
    expect((await call('GET', '/repos/acme/churn/issues/7/comments', undefined, 'wrong')).status).toBe(401);
    api.configure({ permissions: { checks: 'read' }, faults: [{ operationId: 'repos/create-dispatch-event', status: 429, headers: { 'retry-after': '1' } }] });
    expect((await call('POST', '/repos/acme/churn/check-runs', { name: 'x', head_sha: 'a'.repeat(40) })).status).toBe(403);
    const limited = await call('POST', '/repos/acme/churn/dispatches', { event_type: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await call('POST', '/repos/acme/churn/dispatches', { event_type: 'x' })).status).toBe(204);
    expect(api.violations).toEqual([]);
  });

  it('pages comments with Link headers', async () => {
    api.seedComments(9, 120);
    const first = await call('GET', '/repos/acme/churn/issues/9/comments?per_page=100&page=1');
    expect((first.body as unknown[]).length).toBe(100);
    expect(first.headers.get('link')).toContain('rel="next"');
    const second = await call('GET', '/repos/acme/churn/issues/9/comments?per_page=100&page=2');
    expect((second.body as unknown[]).length).toBe(20);
    expect(second.headers.get('link')).not.toContain('rel="next"');
    expect(api.violations).toEqual([]);
  });
});

describe('the description check itself', () => {
  it('rejects an answer missing what GitHub always sends', async () => {
    const { matchOperation, responseViolations } = await import('../../support/github-api/openapi.ts');
    const op = matchOperation('POST', '/repos/acme/churn/issues/7/comments')!;
    expect(op.operationId).toBe('issues/create-comment');
    expect(responseViolations(op, 201, { id: 1, body: 'x' }).join('\n')).toMatch(/must have required property/);
  });
});
