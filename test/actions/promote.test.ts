// The promote action run exactly as the runner does, on a file: registry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('promote action', () => {
  it('promotes, and shows the gate table and a chart of each gated metric over versions', async () => {
    await trainAndPush(0.7);
    const first = runAction('promote', { workspace: ws.dir, inputs: { 'registry-token': secret } });
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({ promoted: 'true', version: 'v1', 'champion-before': '', 'champion-after': 'v1' });
    expect(first.stdout).toContain(`::add-mask::${secret}`);
    await trainAndPush(0.8);
    const second = runAction('promote', { workspace: ws.dir, inputs: { 'registry-token': secret } });
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({ promoted: 'true', version: 'v2', 'champion-before': 'v1', 'champion-after': 'v2' });
    const gates = JSON.parse(second.outputs.gates!) as Array<Record<string, unknown>>;
    expect(gates[1]).toEqual({ metric: 'auc', value: 0.85, champion_value: 0.75, threshold: 0.75, passed: true });
    expect(second.summary).toContain('### Promoted: v2');
    expect(second.summary).toContain('| metric | candidate v2 | champion v1 | rule | result | note |');
    expect(second.summary).toContain('| auc | 0.85 | 0.75 | >= champion + 0 (0.75) | pass |');
    expect(second.summary).toContain('```mermaid\nxychart-beta\n  title "auc by version"');
    expect(second.summary).toContain('x-axis ["v1", "v2"]');
    expect(second.summary).toContain('line [0.75, 0.85]');
    for (const text of [first.stdout, first.stderr, first.summary, second.stdout, second.summary]) expect(text.replace(`::add-mask::${secret}`, '')).not.toContain(secret);
  });

  it('fails the step and keeps the champion when a gate refuses the candidate', async () => {
    await trainAndPush(0.8);
    expect(runAction('promote', { workspace: ws.dir }).exitCode).toBe(0);
    await trainAndPush(0.75);
    const refused = runAction('promote', { workspace: ws.dir });
    expect(refused.exitCode).toBe(1);
    expect(refused.outputs).toMatchObject({ promoted: 'false', version: 'v2', 'champion-after': 'v1' });
    expect(refused.commands.find((c) => c.command === 'error')?.message).toContain('v2 not promoted: refused: 1 of 3 gates failed (auc)');
    expect(refused.summary).toContain('| auc | 0.8 | 0.85 | >= champion + 0 (0.85) | FAIL |');
    const reported = runAction('promote', { workspace: ws.dir, inputs: { 'fail-on-refusal': 'false' } });
    expect(reported.exitCode).toBe(0);
    expect(reported.commands.some((c) => c.command === 'warning')).toBe(true);
  });

  it('rejects a malformed version input', () => {
    const run = runAction('promote', { workspace: ws.dir, inputs: { version: 'latest' } });
    expect(run.exitCode).toBe(1);
    expect(run.commands.find((c) => c.command === 'error')?.message).toContain("Invalid version 'latest'");
  });
});
