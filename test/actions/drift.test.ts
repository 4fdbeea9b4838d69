// Runs the bundled drift action exactly as the runner does, on the churn example after
// `pipewright run` stored the reference profile with v1 (the champion).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoStackTrace, runAction } from '../support/action-runner.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';

let ws: PipelineWorkspace;

function run(inputs: Record<string, string>) {
  return runAction('drift', { workspace: ws.dir, inputs });
}

beforeAll(async () => {
  ws = PipelineWorkspace.from('examples/churn');
  const run = await ws.cli(['run']);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(() => ws.cleanup());

describe('actions/drift', () => {
  it('compares the live data with the champion’s stored profile: outputs, report and job summary', () => {
    const result = run({ model: 'champion' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ drifted: 'false', action: '', 'drifted-columns': 'spend_30d', share: '0.2' });
    const report = JSON.parse(readFileSync(result.outputs.report!, 'utf8')) as { reference: string; columns: Array<{ column: string; verdict: string }> };
    expect(report.reference).toBe('the profile stored with churn v1 (champion)');
    expect(report.columns.find((c) => c.column === 'spend_30d')).toMatchObject({ verdict: 'drift' });
    expect(result.summary).toContain('| spend_30d |');
    expect(result.summary).toContain('```mermaid');
    expect(result.summary).toContain('_Reference: the profile stored with churn v1 (champion)._');
  });

  it('follows on-drift: retrain is an output and a notice, alert a warning, fail a failed step', () => {
    const outcomes: Record<string, ReturnType<typeof run>> = {};
    for (const onDrift of ['retrain', 'alert', 'fail'] as const) {
      ws.editSpec((spec) => {
        spec.drift!.share = 0.2;
        spec.drift!['on-drift'] = onDrift;
      });
      outcomes[onDrift] = run({ model: 'champion' });
    }
    expect(outcomes.retrain).toMatchObject({ exitCode: 0, outputs: { drifted: 'true', action: 'retrain' } });
    expect(outcomes.retrain!.commands).toContainEqual(expect.objectContaining({ command: 'notice', message: expect.stringContaining('retrain') }));
    expect(outcomes.alert).toMatchObject({ exitCode: 0, outputs: { drifted: 'true', action: 'alert' } });
    expect(outcomes.alert!.commands).toContainEqual(expect.objectContaining({ command: 'warning', message: expect.stringContaining('on-drift: alert') }));
    expect(outcomes.fail).toMatchObject({ exitCode: 1, outputs: { drifted: 'true', action: 'fail' } });
    expect(outcomes.fail!.commands).toContainEqual(expect.objectContaining({ command: 'error', message: expect.stringContaining('1 of 5 columns drifted') }));
  });

  it('fails with a clear message on bad inputs, and masks the registry token', () => {
    const both = run({ model: 'champion', reference: 'reference.json' });
    expect(both.exitCode).toBe(1);
    expect(both.commands).toContainEqual(expect.objectContaining({ command: 'error', message: expect.stringContaining("Inputs 'model' ('champion') and 'reference' ('reference.json') were both given") }));
    const outside = run({ reference: '../elsewhere/profile.json' });
    expect(outside.exitCode).toBe(1);
    expect(outside.commands.find((c) => c.command === 'error')?.message).toContain('outside the workspace');
    const unknown = run({ model: 'v9', 'registry-token': 'tok-s3cr3t-0042' });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.commands.find((c) => c.command === 'error')?.message).toContain('v9');
    expect(unknown.stdout).toContain('::add-mask::tok-s3cr3t-0042');
    expect(unknown.stdout.replace('::add-mask::tok-s3cr3t-0042', '')).not.toContain('tok-s3cr3t-0042');
    for (const result of [both, outside, unknown]) expectNoStackTrace(result);
  });
});
