// The rollback action run exactly as the runner does, on a file: registry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegistry } from '../../shared/src/registry/index.ts';
import { runAction } from '../support/action-runner.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';
import { trainAndPushIn } from './train-and-push.ts';

let ws: PipelineWorkspace;
beforeEach(() => {
  ws = PipelineWorkspace.from('test/fixtures/train/workspace');
});
afterEach(() => ws.cleanup());
const trainAndPush = (quality: number) => trainAndPushIn(ws, quality);
const secret = 'ghp_s3cr3tT0kenValue';

describe('rollback action', () => {
  it('moves the alias back, says what moved, and is a no-op when re-run', async () => {
    await trainAndPush(0.7);
    await trainAndPush(0.8);
    expect(runAction('promote', { workspace: ws.dir, inputs: { version: 'v1' } }).exitCode).toBe(0);
    expect(runAction('promote', { workspace: ws.dir }).exitCode).toBe(0);
    const inputs = { reason: 'p99 latency regression', 'registry-token': secret };
    const run = runAction('rollback', { workspace: ws.dir, inputs });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ 'rolled-back': 'true', 'champion-before': 'v2', 'champion-after': 'v1' });
    expect(run.summary).toContain('### Rolled back champion to v1');
    expect(run.summary).toContain('| reason | rollback: p99 latency regression |');
    expect(run.summary).toContain('| actor | octocat |');
    expect(run.stdout).toContain(`::add-mask::${secret}`);
    expect(run.summary).not.toContain(secret);
    const again = runAction('rollback', { workspace: ws.dir, inputs });
    expect(again.exitCode).toBe(0);
    expect(again.outputs['rolled-back']).toBe('false');
    expect(again.summary).toContain('### champion unchanged');
    const history = await openRegistry('file:.pipewright/registry', { workspace: ws.dir }).history('champion');
    expect(history.map((m) => m.to)).toEqual(['v1', 'v2', 'v1']);
  });

  it('fails when there is no earlier champion', async () => {
    await trainAndPush(0.7);
    expect(runAction('promote', { workspace: ws.dir }).exitCode).toBe(0);
    const run = runAction('rollback', { workspace: ws.dir });
    expect(run.exitCode).toBe(1);
    expect(run.commands.find((c) => c.command === 'error')?.message).toContain('no champion before v1');
  });
});
