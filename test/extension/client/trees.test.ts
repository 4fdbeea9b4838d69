// The views' nodes and the status-bar text, built from a real registry on disk, real run
// records and the GitHub client's results, without VS Code.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegistry } from '../../../shared/src/registry/index.ts';
import { RUN_RECORD_SCHEMA, type RunRecord } from '../../../shared/src/train/index.ts';
import type { BranchRuns } from '../../../extension/src/client/github-runs.ts';
import { readLocalRuns } from '../../../extension/src/client/local-runs.ts';
import { NoticeBoard } from '../../../extension/src/client/notices.ts';
import { readRegistry } from '../../../extension/src/client/registry-source.ts';
import { buildRegistryTree, championVersion, modelCardMarkdown } from '../../../extension/src/client/registry-tree.ts';
import { repositoryFromRemote } from '../../../extension/src/client/repository.ts';
import { buildRunTree, lastRun } from '../../../extension/src/client/run-tree.ts';
import { statusText } from '../../../extension/src/client/status-text.ts';
import { formatSeconds } from '../../../extension/src/client/view-node.ts';
import { card } from '../../core/registry/helpers.ts';

let dir: string;
let spec: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-ext-trees-'));
  spec = join(dir, 'pipewright.yaml');
  writeFileSync(spec, 'version: 1\nname: churn\nregistry:\n  url: file:.pipewright/registry\npromote:\n  alias: champion\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(runId: string, status: RunRecord['status'], metrics: Record<string, number>, started: string): RunRecord {
  return {
    schema: RUN_RECORD_SCHEMA,
    run_id: runId,
    name: 'churn',
    status,
    started,
    ended: started,
    command: ['python3', 'train.py'],
    exit_code: status === 'succeeded' ? 0 : 3,
    signal: null,
    git: { commit: 'abcdef1234567890', dirty: true },
    spec: { path: 'pipewright.yaml', sha256: 'x' },
    params: {},
    metrics,
    data: {},
    artifact: null,
    train_seconds: 3.25,
    cpu_seconds: 3,
    peak_memory_mb: 80,
    host: { hostname: 'h', platform: 'linux', arch: 'x64', cpus: 2, memory_mb: 1000 },
    run_url: null,
    log_tail: status === 'succeeded' ? ['done'] : ['Traceback (most recent call last):', 'ValueError: no rows'],
    error: status === 'succeeded' ? null : 'exited with code 3',
  };
}

function writeRuns(...records: RunRecord[]): void {
  const runs = join(dir, '.pipewright', 'runs');
  mkdirSync(runs, { recursive: true });
  for (const r of records) writeFileSync(join(runs, `${r.run_id}.json`), JSON.stringify(r));
}

describe('the registry view', () => {
  it('lists versions newest first, marks champion and production, and shows the alias history', async () => {
    const registry = openRegistry('file:.pipewright/registry', { workspace: dir });
    const artifact = join(dir, 'model');
    mkdirSync(artifact);
    writeFileSync(join(artifact, 'model.json'), '{}');
    await registry.push(card('run-1', { accuracy: 0.81, auc: 0.9 }), artifact);
    await registry.push(card('run-2', { accuracy: 0.8712, auc: 0.93 }), artifact);
    await registry.moveAlias('champion', 'v1', { actor: 'ada', reason: 'first' });
    await registry.moveAlias('production', 'v1', { actor: 'ada', reason: 'deploy' });
    await registry.moveAlias('champion', 'v2', { actor: 'bob', reason: 'gates passed' });

    const snapshot = await readRegistry(spec, {});
    const nodes = buildRegistryTree(snapshot);
    expect(nodes.map((n) => n.label)).toEqual(['v2', 'v1', 'Alias history']);
    expect(nodes[0]).toMatchObject({ contextValue: 'modelVersion.champion', icon: { id: 'star-full' } });
    expect(nodes[0]!.description).toMatch(/^★ champion · accuracy 0\.8712, auc 0\.93 · 2026-11-26 01:00$/);
    expect(nodes[1]).toMatchObject({ contextValue: 'modelVersion', icon: { id: 'rocket' } });
    expect(nodes[1]!.description).toContain('★ production');
    expect(nodes[0]!.children!.map((c) => `${c.label}=${c.description}`)).toEqual(['accuracy=0.8712', 'auc=0.93', 'training time=13 s', 'commit=0123456']);
    expect(nodes[2]!.children!.map((c) => c.label)).toEqual(['champion: v1 → v2', 'production: ∅ → v1', 'champion: ∅ → v1']);
    expect(championVersion(snapshot)).toBe('v2');

    const markdown = modelCardMarkdown(snapshot.versions[1]!, snapshot.url);
    expect(markdown).toContain('# churn v2');
    expect(markdown).toContain('| accuracy | 0.8712 |');
    expect(markdown).toContain('Aliases: `champion`');
    expect(markdown).toContain('- model.json (2 bytes, sha256:');
  });

  it('says so when the registry has no versions yet', async () => {
    const snapshot = await readRegistry(spec, {});
    expect(championVersion(snapshot)).toBeNull();
    expect(buildRegistryTree(snapshot).map((n) => n.label)).toEqual([`No model versions in ${snapshot.url} yet`]);
  });
});

describe('the runs view', () => {
  const github: BranchRuns = {
    repository: 'acme/churn',
    branch: 'main',
    unchanged: false,
    runs: [
      {
        id: 7,
        title: 'Pipewright train #42',
        displayTitle: 'Retrain',
        event: 'push',
        status: 'completed',
        conclusion: 'success',
        headSha: 'b'.repeat(40),
        created: '2026-12-01T10:10:00Z',
        seconds: 240,
        url: 'https://github.com/acme/churn/actions/runs/7',
        stages: [
          { name: 'pipewright / promote', status: 'completed', conclusion: 'success', seconds: 60, modelVersion: 'v3', url: 'https://github.com/acme/churn/runs/1' },
          { name: 'pipewright / train', status: 'in_progress', conclusion: null, seconds: null, modelVersion: null, url: null },
        ],
      },
    ],
  };

  it('reads local run records newest first and names the files it cannot read', async () => {
    writeRuns(record('20261201T090000Z-aaaaaaaa', 'succeeded', { accuracy: 0.8712, auc: 0.9 }, '2026-12-01T09:00:00Z'), record('20261201T110000Z-bbbbbbbb', 'failed', {}, '2026-12-01T11:00:00Z'));
    writeFileSync(join(dir, '.pipewright', 'runs', '20261201T120000Z-cccccccc.json'), '{ half');
    const local = await readLocalRuns(dir);
    expect(local.runs.map((r) => r.run_id)).toEqual(['20261201T110000Z-bbbbbbbb', '20261201T090000Z-aaaaaaaa']);
    expect(local.unreadable).toHaveLength(1);
    expect(local.unreadable[0]!.reason).toContain('expected a JSON run record');

    const [githubNode, localNode] = buildRunTree({ github: { state: 'runs', runs: github }, local: local.runs, unreadable: local.unreadable });
    expect(githubNode).toMatchObject({ label: 'GitHub', description: 'acme/churn · main' });
    const run = githubNode!.children![0]!;
    expect(run).toMatchObject({ label: 'Pipewright train #42', description: 'success · 4 min · v3 · push', icon: { id: 'pass' }, url: github.runs[0]!.url });
    expect(run.children!.map((c) => [c.label, c.description, c.icon?.id])).toEqual([
      ['pipewright / promote', 'success · 1 min · v3', 'pass'],
      ['pipewright / train', 'in progress', 'sync~spin'],
    ]);
    expect(localNode!.children!.map((c) => [c.label, c.description, c.icon?.id])).toEqual([
      ['20261201T110000Z-bbbbbbbb', 'failed · 3.3 s', 'error'],
      ['20261201T090000Z-aaaaaaaa', 'succeeded · 3.3 s · accuracy 0.8712, auc 0.9', 'pass'],
      [local.unreadable[0]!.reason, undefined, 'warning'],
    ]);
    expect(localNode!.children![0]!.tooltip).toContain('error: exited with code 3');
    // A failed run shows why and the last lines it printed; a good one its metrics.
    expect(localNode!.children![0]!.children!.map((c) => c.label)).toEqual(['exited with code 3', 'Traceback (most recent call last):', 'ValueError: no rows']);
    expect(localNode!.children![1]!.children!.map((c) => `${c.label} ${c.description}`)).toEqual(['accuracy 0.8712', 'auc 0.9']);
    // The newest of either kind: the local failure at 11:00 beats GitHub's 10:10.
    expect(lastRun({ github: { state: 'runs', runs: github }, local: local.runs })).toMatchObject({ where: 'local', outcome: 'failed' });
  });

  it('keeps the last known runs under a problem, and asks to sign in when that helps', () => {
    const problem = { kind: 'rate-limited' as const, key: 'rate-limited', message: 'GitHub rate limit reached: requests allowed again at 10:42 UTC.' };
    const [kept] = buildRunTree({ github: { state: 'runs', runs: github, problem }, local: [] });
    expect(kept!.children!.map((c) => c.label)).toEqual([problem.message, 'Pipewright train #42']);
    expect(kept!.children![0]!.command?.id).toBe('pipewright.github.signIn');
    const [failed, local] = buildRunTree({ github: { state: 'problem', problem: { kind: 'server', key: 'server-500', message: 'GitHub answered 500' }, repository: 'acme/churn', branch: 'main' }, local: [] });
    expect(failed!.children!.map((c) => [c.label, c.command])).toEqual([['GitHub answered 500', undefined]]);
    expect(local!.children![0]!.label).toMatch(/^No local runs yet/);
    const [none] = buildRunTree({ github: { state: 'no-repository', reason: 'The workspace is not a git repository' }, local: [] });
    expect(none!.children![0]!.label).toBe('The workspace is not a git repository');
    // Without a spec the view has no nodes: VS Code shows its welcome text.
    expect(buildRunTree({ noSpec: true, github: { state: 'no-repository', reason: 'none' }, local: [] })).toEqual([]);
  });
});

describe('the status bar and the pieces', () => {
  it('shows the champion and the last run, and a warning sign for a problem', () => {
    expect(statusText({ champion: 'v2', lastRun: { where: 'local', label: 'r', outcome: 'passed', time: 't' } }).text).toBe('$(package) champion v2  $(pass) last run passed');
    const bad = statusText({ champion: null, lastRun: null, problem: 'GitHub answered 500' });
    expect(bad.text).toBe('$(package) no champion  $(warning)');
    expect(bad.tooltip).toBe('No champion yet\nNo runs yet\nGitHub answered 500');
  });

  it('finds owner/name in remotes of github.com and Enterprise Server', () => {
    expect(repositoryFromRemote('https://github.com/acme/churn.git')).toBe('acme/churn');
    expect(repositoryFromRemote('git@github.com:acme/churn.git')).toBe('acme/churn');
    expect(repositoryFromRemote('ssh://git@ghe.example.com/acme/churn')).toBe('acme/churn');
    expect(repositoryFromRemote('https://user:tok@ghe.example.com/acme/my.repo/')).toBe('acme/my.repo');
    expect(repositoryFromRemote('/srv/git/churn')).toBeNull();
  });

  it('notifies once per distinct problem', () => {
    const board = new NoticeBoard();
    expect(['github-timeout', 'github-timeout', 'github-server-500', 'github-timeout'].map((k) => board.shouldNotify(k))).toEqual([true, false, true, false]);
  });

  it('formats durations', () => {
    expect([3.25, 42, 240, 245, 3600, 3725, null].map(formatSeconds)).toEqual(['3.3 s', '42 s', '4 min', '4 min 5 s', '1 h', '1 h 2 min', '']);
  });
});
