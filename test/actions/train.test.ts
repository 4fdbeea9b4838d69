// The train action run exactly as the runner does: node dist/index.js with INPUT_* and GITHUB_* files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RunRecord } from '../../shared/src/train/run-record.ts';
import { runAction } from '../support/action-runner.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';

let ws: PipelineWorkspace;
beforeEach(() => {
  ws = PipelineWorkspace.from('test/fixtures/train/workspace');
});
afterEach(() => ws.cleanup());

describe('train action', () => {
  it('trains, sets the outputs and writes metrics, time and memory to the summary', () => {
    const run = runAction('train', { workspace: ws.dir, inputs: { out: 'build/run.json' } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('training on 3 rows');
    expect(run.outputs.status).toBe('succeeded');
    expect(JSON.parse(run.outputs.metrics!)).toEqual({ accuracy: 0.8, auc: 0.85 });
    expect(Number(run.outputs['peak-memory-mb'])).toBeGreaterThan(1);
    expect(Number(run.outputs['train-seconds'])).toBeGreaterThan(0);
    expect(run.outputs['artifact-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    const record = JSON.parse(readFileSync(run.outputs.record!, 'utf8')) as RunRecord;
    expect(record.run_id).toBe(run.outputs['run-id']);
    expect(record.run_url).toBe('https://github.com/acme/churn/actions/runs/4242');
    expect(JSON.parse(ws.read('build/run.json'))).toEqual(record);
    expect(run.summary).toContain('### Training succeeded: toy');
    expect(run.summary).toContain('| accuracy | 0.8 |');
    expect(run.summary).toMatch(/\| wall time \| CPU time \| peak memory \|/);
    expect(run.summary).toContain(' MB |');
  });

  it('fails the step with the last lines of output when training fails', () => {
    ws.editSpec((spec) => {
      spec.train!.params!.mode = 'fail';
    });
    const run = runAction('train', { workspace: ws.dir });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('failed');
    const error = run.commands.find((c) => c.command === 'error');
    expect(error?.message).toContain('training exited with code 3');
    expect(error?.message).toContain('ValueError: learning rate too high');
    expect(run.summary).toContain('Last 50 lines of output');
  });

  it('refuses a spec path outside the workspace', () => {
    const run = runAction('train', { workspace: ws.dir, inputs: { spec: '../elsewhere/pipewright.yaml' } });
    expect(run.exitCode).toBe(1);
    expect(run.commands.find((c) => c.command === 'error')?.message).toContain('resolves outside the workspace');
  });
});

describe('docs/actions.md', () => {
  it.each(['train', 'promote', 'rollback', 'drift'])('documents every input (with its default) and output of %s', (name) => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/actions.md'), 'utf8');
    const start = doc.indexOf(`\n## ${name}\n`);
    const end = doc.indexOf('\n## ', start + 4);
    const section = doc.slice(start, end === -1 ? undefined : end);
    expect(section).toContain(`## ${name}`);
    const metadata = parse(readFileSync(join(import.meta.dirname, '../../actions', name, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
      outputs: Record<string, unknown>;
    };
    for (const [input, spec] of Object.entries(metadata.inputs)) {
      expect(section).toContain(`| \`${input}\` | no | ${spec.default ? `\`${spec.default}\` ` : ''}|`);
    }
    for (const output of Object.keys(metadata.outputs)) expect(section).toContain(`| \`${output}\` |`);
  });
});
