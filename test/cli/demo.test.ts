// `pipewright demo` and `pipewright run` at the command line, through main().
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoResult } from '../../shared/src/pipeline/index.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function emptyDir(): PipelineWorkspace {
  const ws = PipelineWorkspace.from('test/fixtures/train/workspace');
  dirs.push(ws.dir);
  return ws;
}

describe('pipewright demo', () => {
  it('promotes v1 and v2, refuses v3 on the auc gate, rolls back to v1, and ends on v2 lineage', async () => {
    const ws = emptyDir();
    const result = await ws.cli(['demo', '--dir', 'demo', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const demo = JSON.parse(result.stdout) as DemoResult;
    expect(demo.passed).toBe(true);
    expect(demo.runs.map((r) => [r.version, r.promotion?.promoted])).toEqual([
      ['v1', true],
      ['v2', true],
      ['v3', false],
    ]);
    expect(demo.runs[2]!.promotion!.gates.find((g) => !g.passed)?.metric).toBe('auc');
    expect(demo.rollback).toMatchObject({ rolled_back: true, champion_before: 'v2', champion_after: 'v1' });
    expect(demo.lineage.card.version).toBe('v2');
    expect(demo.lineage.card.data.train).toMatchObject({ path: 'data/train.csv', fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(demo.lineage.card.git.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('tells the steps as text', async () => {
    const ws = emptyDir();
    const result = await ws.cli(['demo', '--dir', 'demo']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✗ promote   refused: auc; champion stays v2');
    expect(result.stdout).toContain('champion: v2 -> v1');
    expect(result.stdout).toMatch(/data train: data\/train\.csv sha256:[0-9a-f]{64}/);
  });

  it('refuses a directory that is not empty, with exit 2 and no stack trace', async () => {
    const ws = emptyDir();
    const dir = mkdtempSync(join(tmpdir(), 'pw-demo-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const result = await ws.cli(['demo', '--dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`pipewright demo: demo directory '${dir}' is not empty: give a new or empty --dir\n`);
  });
});

describe('pipewright run', () => {
  it('prints one JSON document with every step and exits 1 when a gate refuses', async () => {
    const ws = emptyDir();
    expect((await ws.cli(['demo', '--dir', 'demo', '--format', 'json'])).code).toBe(0);
    const result = await ws.cli(['run', 'demo/pipewright.yaml', '--format', 'json']);
    // The demo left epochs: 2 in the spec: the candidate v4 loses to champion v1 on auc.
    expect(result.code).toBe(1);
    const run = JSON.parse(result.stdout);
    expect(run.version).toBe('v4');
    expect(run.steps.map((s: { step: string }) => s.step)).toEqual(['validate', 'features', 'train', 'push', 'promote', 'drift']);
    expect(run.steps.at(-1).status).toBe('skipped');
  });
});
