// The drift monitor run as the runner runs it on schedule and repository_dispatch
// payloads, against the loopback GitHub API: the issue opened on drift, rewritten on the
// next, closed when drift is gone; drift_detected sent; missing permissions degrade.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestPayload, repositoryDispatchPayload, schedulePayload } from '../../support/github-api/events.ts';
import { GitHubApi } from '../../support/github-api/server.ts';
import { PipelineWorkspace } from '../../support/pipeline-workspace.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPostgres } from '../../fixtures/sql/tables.ts';
import { expectNoStackTrace } from '../../support/action-runner.ts';
import { startPostgres } from '../../support/servers.ts';
import { docBlock } from '../../support/doc-examples.ts';
import { expectTokenNeverShown, notices, runs, step, TOKEN } from './setup.ts';

let api: GitHubApi;
let ws: PipelineWorkspace;
const schedule = { name: 'schedule', payload: schedulePayload() };

function share(value: number, onDrift: 'retrain' | 'alert' | 'fail' = 'retrain') {
  ws.editSpec((spec) => {
    spec.drift!.share = value;
    spec.drift!['on-drift'] = onDrift;
  });
}

beforeAll(async () => {
  api = await GitHubApi.start({ token: TOKEN });
  ws = PipelineWorkspace.from('examples/churn');
  const run = await ws.cli(['run']);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(async () => {
  expectTokenNeverShown(runs);
  ws.cleanup();
  await api.close();
});
afterEach(() => expect(api.violations).toEqual([]));

describe('actions/drift-check', () => {
  it('drift opens one issue and sends drift_detected; the next drift rewrites it; no drift closes it', async () => {
    share(0.2);
    const first = await step(api, 'drift-check', ws.dir, schedule);
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ drifted: 'true', action: 'retrain', 'drifted-columns': 'spend_30d', issue: '1', dispatched: 'true' });
    expect(api.issues).toHaveLength(1);
    expect(api.issues[0]).toMatchObject({ state: 'open', labels: ['pipewright:drift'], title: 'Data drift detected: model churn' });
    expect(api.issues[0]!.body).toContain('| spend_30d |');
    expect(api.issues[0]!.body).toContain('the profile stored with churn v1 (champion)');
    // Exactly the payload docs/github.md shows.
    expect(api.dispatches).toEqual([{ event_type: 'drift_detected', client_payload: JSON.parse(docBlock('github.md', 'drift-payload')) }]);
    expect(api.checkRuns.map((r) => [r.name, r.conclusion])).toEqual([['pipewright / drift', 'neutral']]);
    const firstBody = api.issues[0]!.body;

    // The next scheduled run still sees drift: the same issue, rewritten.
    const second = await step(api, 'drift-check', ws.dir, { name: 'repository_dispatch', payload: repositoryDispatchPayload('new_champion_registered', { model: 'churn', version: 'v1' }) });
    expect(second.outputs).toMatchObject({ drifted: 'true', issue: '1' });
    expect(api.issues).toHaveLength(1);
    expect(api.issues[0]!.body).not.toBe(firstBody);
    expect(api.requests.filter((r) => r.operationId === 'issues/update')).toHaveLength(1);
    expect(api.dispatches).toHaveLength(2);

    // Drift gone: a closing comment, the issue closed as completed, no event.
    share(0.5);
    const gone = await step(api, 'drift-check', ws.dir, schedule);
    expect(gone.exitCode).toBe(0);
    expect(gone.outputs).toMatchObject({ drifted: 'false', action: '', issue: '1', dispatched: 'false' });
    expect(api.issues[0]).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(api.comments.filter((c) => c.issueNumber === 1).map((c) => c.body)).toEqual([expect.stringContaining('Drift is gone: No dataset drift')]);
    expect(api.dispatches).toHaveLength(2);

    // Still no drift: nothing more to do.
    const quiet = await step(api, 'drift-check', ws.dir, schedule);
    expect(quiet.outputs.issue).toBe('');
    expect(api.issues).toHaveLength(1);
  });

  it('without issues: write: no issue, a notice names it; the event still goes out; on-drift: fail fails the step', async () => {
    share(0.2);
    api.configure({ permissions: { issues: 'read' }, faults: [] });
    const run = await step(api, 'drift-check', ws.dir, schedule);
    expect(run.exitCode).toBe(0);
    expect(notices(run).join('\n')).toContain('The drift issue was not published: the token lacks `issues: write`');
    expect(api.dispatches.at(-1)!.event_type).toBe('drift_detected');

    api.configure({ permissions: { contents: 'read' }, faults: [] });
    const failing = await step(api, 'drift-check', ws.dir, schedule, { 'on-drift': 'fail' });
    expect(failing.exitCode).toBe(1);
    expect(failing.outputs).toMatchObject({ action: 'fail', dispatched: 'false' });
    expect(failing.commands.find((c) => c.command === 'error')?.message).toContain('on-drift: fail');
    api.configure({ permissions: {}, faults: [] });
  });

  it('reads a file or glob given as current instead of the dataset’s own path', async () => {
    share(0.5);
    const all = await step(api, 'drift-check', ws.dir, schedule, { dataset: 'live' });
    const one = await step(api, 'drift-check', ws.dir, schedule, { current: 'data/live/day2.jsonl' });
    const rows = (run: typeof all) => (JSON.parse(readFileSync(run.outputs.report!, 'utf8')) as { current_rows: number }).current_rows;
    expect(all.exitCode).toBe(0);
    expect(one.exitCode).toBe(0);
    expect(rows(one)).toBeGreaterThan(0);
    expect(rows(one)).toBeLessThan(rows(all));
    const outside = await step(api, 'drift-check', ws.dir, schedule, { current: '../../etc/passwd' });
    expect(outside.exitCode).toBe(1);
    expect(outside.commands.find((c) => c.command === 'error')?.message).toContain('outside the workspace');
  });

  it('watches a sql: table as it watches files: the same verdict as the same rows in a file', async () => {
    share(0.2);
    const server = await startPostgres();
    try {
      const rows = readFileSync(ws.path('data/live/day1.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      const columns = { customer_id: 'text', age: 'integer', plan: 'text', email: 'text', signup_date: 'date', spend_30d: 'double precision', churned: 'boolean' };
      await loadPostgres(server.connectionString, 'customers', { columns, rows: rows.map((r) => Object.keys(columns).map((c) => r[c] as string | number | boolean | null)) });
      const table = await step(api, 'drift-check', ws.dir, schedule, { dataset: 'customers_db', issue: 'false' }, { DATABASE_URL: server.connectionString });
      expect(table.exitCode, table.stdout).toBe(0);
      const file = await step(api, 'drift-check', ws.dir, schedule, { current: 'data/live/day1.jsonl', issue: 'false' });
      expect(table.outputs['drifted-columns']).toBe(file.outputs['drifted-columns']);
      expect(Number(table.outputs.share)).toBeCloseTo(Number(file.outputs.share), 9);
      expect(table.outputs.drifted).toBe(file.outputs.drifted);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('a sql: dataset without its connection URL, or a bad input: a clear message, a failed drift check, no stack trace', async () => {
    const sql = await step(api, 'drift-check', ws.dir, schedule, { dataset: 'customers_db' });
    expect(sql.exitCode).toBe(1);
    expect(sql.commands.find((c) => c.command === 'error')?.message).toContain('environment variable DATABASE_URL is not set');
    const bad = await step(api, 'drift-check', ws.dir, schedule, { 'on-drift': 'panic' });
    expect(bad.commands.find((c) => c.command === 'error')?.message).toContain("Invalid input 'on-drift': 'panic'");
    for (const run of [sql, bad]) expectNoStackTrace(run);
    expect(api.checkRuns.slice(-2).map((r) => r.conclusion)).toEqual(['failure', 'failure']);
  });

  it('the drift action (kept as it was) also publishes its check and PR section on a pull request', async () => {
    share(0.5);
    const run = await step(api, 'drift', ws.dir, { name: 'pull_request', payload: pullRequestPayload({ number: 21 }) }, { model: 'champion' });
    expect(run.exitCode).toBe(0);
    expect(api.checkRuns.at(-1)).toMatchObject({ name: 'pipewright / drift', conclusion: 'success' });
    expect(api.comments.filter((c) => c.issueNumber === 21)[0]!.body).toContain('pipewright:section drift');
  });
});

describe('docs/actions.md', () => {
  it('documents every input (with its default) and output of drift-check', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/actions.md'), 'utf8');
    const section = doc.slice(doc.indexOf('\n## drift-check\n'));
    const metadata = parse(readFileSync(join(import.meta.dirname, '../../../actions/drift-check/action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; outputs: Record<string, unknown> };
    for (const [input, spec] of Object.entries(metadata.inputs)) expect(section).toContain(`| \`${input}\` | no | ${spec.default ? `\`${spec.default}\` ` : ''}|`);
    for (const output of Object.keys(metadata.outputs)) expect(section).toContain(`| \`${output}\` |`);
  });
});
