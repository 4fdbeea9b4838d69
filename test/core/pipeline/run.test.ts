// The whole pipeline on a copy of the churn example: order, gating, and what it records.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDemoWorkspace, runPipeline, stepOrder } from '../../../shared/src/pipeline/index.ts';
import { openRegistry } from '../../../shared/src/registry/index.ts';
import type { PipelineSpec } from '../../../shared/src/spec/index.ts';

const example = resolve(import.meta.dirname, '../../../examples/churn');
const workspaces: string[] = [];

function copyOfExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-pipeline-'));
  workspaces.push(dir);
  prepareDemoWorkspace(example, join(dir, 'churn'));
  return join(dir, 'churn');
}

const quiet = { env: process.env, onOutput: () => {} };

afterEach(() => {
  for (const dir of workspaces.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('stepOrder', () => {
  it('runs validate first, stages by needs (ties in declaration order), train last', () => {
    const spec = {
      version: 1,
      name: 'm',
      stages: {
        report: { run: 'r', needs: ['features', 'split'] },
        features: { run: 'f', needs: ['validate'] },
        split: { run: 's' },
      },
      train: { run: 't', needs: ['report'] },
    } as unknown as PipelineSpec;
    expect(stepOrder(spec)).toEqual(['validate', 'features', 'split', 'report', 'train']);
  });
});

describe('runPipeline', () => {
  it('validates, runs the stage, trains, pushes with the drift profile in the card, promotes and checks drift', async () => {
    const workspace = copyOfExample();
    const run = await runPipeline(join(workspace, 'pipewright.yaml'), quiet);
    expect(run.steps.map((s) => [s.step, s.status])).toEqual([
      ['validate', 'passed'],
      ['features', 'passed'],
      ['train', 'passed'],
      ['push', 'passed'],
      ['promote', 'passed'],
      ['drift', 'passed'],
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.version).toBe('v1');
    expect(run.promotion?.champion_after).toBe('v1');
    // The example's live data has drifted spend, but not enough columns for dataset drift.
    expect(run.drift).toMatchObject({ drifted: false, action: null });
    expect(readFileSync(join(workspace, 'build/features.csv'), 'utf8').split(/\r?\n/)[0]).toBe('customer_id,tenure_days,spend_per_year_of_age');
    const version = await openRegistry('file:.pipewright/registry', { workspace }).show('champion');
    expect(version.card.drift_profile).toMatchObject({ dataset: 'train', rows: 2000 });
    expect(Object.keys((version.card.drift_profile as { columns: object }).columns)).toContain('spend_30d');
  });

  it('stops before training when the data breaks its contract', async () => {
    const workspace = copyOfExample();
    appendFileSync(join(workspace, 'data/train.csv'), 'C999999,7,basic,kid@example.com,2026-05-01,10.5,false\n');
    const run = await runPipeline(join(workspace, 'pipewright.yaml'), quiet);
    expect(run.exitCode).toBe(1);
    expect(run.steps[0]).toMatchObject({ step: 'validate', status: 'failed' });
    expect(run.steps[0]!.summary).toContain('age: min');
    expect(run.steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);
    expect(await openRegistry('file:.pipewright/registry', { workspace }).list()).toEqual([]);
  });

  it('fails a stage that exits non-zero or does not write its outputs, and skips training', async () => {
    const workspace = copyOfExample();
    const spec = join(workspace, 'pipewright.yaml');
    const original = readFileSync(spec, 'utf8');
    writeFileSync(spec, original.replace('--out build/features.csv', '--no-such-flag'));
    let run = await runPipeline(spec, quiet);
    expect(run.steps[1]).toMatchObject({ step: 'features', status: 'failed' });
    expect(run.steps[1]!.summary).toMatch(/python3 exited with 2/);
    expect(run.steps.find((s) => s.step === 'train')?.status).toBe('skipped');

    writeFileSync(spec, original.replace('outputs: [build/features.csv]', 'outputs: [build/other.csv]'));
    run = await runPipeline(spec, quiet);
    expect(run.steps[1]).toMatchObject({ step: 'features', status: 'failed', summary: 'exited 0 but did not write build/other.csv' });
  });
});
