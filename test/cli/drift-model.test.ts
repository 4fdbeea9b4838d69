// `pipewright drift --model VERSION`: the reference is the profile stored with a model
// version by `pipewright run`, so drift is measured against the data that model was
// trained on even after the training data has changed.
import { afterEach, describe, expect, it } from 'vitest';
import { docBlock, docCommands } from '../support/doc-examples.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';

let ws: PipelineWorkspace | undefined;
afterEach(() => ws?.cleanup());

interface DriftJson {
  reference: Record<string, string>;
  columns: Array<{ column: string; statistic: number | null; verdict: string }>;
}

describe('pipewright drift --model', () => {
  it('runs the example in docs/drift.md as written', async () => {
    ws = PipelineWorkspace.from('examples/churn');
    const [run, drift] = docCommands(docBlock('drift.md', 'drift-model'));
    expect((await ws.cli(run!)).code).toBe(0);
    const result = await ws.cli(drift!);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Reference: the profile stored with churn v1 \(champion, sha256:[0-9a-f]{12}…\)\n\ncolumn /);
  });

  it('compares with the champion’s stored profile, whatever the training data is now', async () => {
    ws = PipelineWorkspace.from('examples/churn');
    expect((await ws.cli(['run'])).code).toBe(0);
    expect((await ws.cli(['profile', '--dataset', 'train', '--out', 'then.json'])).code).toBe(0);
    const fromFile = JSON.parse((await ws.cli(['drift', '--reference', 'then.json', '--format', 'json'])).stdout) as DriftJson;

    const stored = await ws.cli(['drift', '--model', 'champion', '--format', 'json']);
    expect(stored.code, stored.stderr).toBe(0);
    const report = JSON.parse(stored.stdout) as DriftJson;
    expect(report.reference).toMatchObject({ model: 'champion', version: 'v1' });
    expect(report.reference.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(report.columns).toEqual(fromFile.columns);

    // The training data moves on (here: cut to its first 599 rows); the model's reference does not.
    ws.write('data/train.csv', ws.read('data/train.csv').split('\n').slice(0, 600).join('\n'));
    const fresh = JSON.parse((await ws.cli(['drift', '--format', 'json'])).stdout) as DriftJson;
    expect(fresh.columns).not.toEqual(fromFile.columns);
    const again = JSON.parse((await ws.cli(['drift', '--model', 'v1', '--format', 'json'])).stdout) as DriftJson;
    expect(again.columns).toEqual(fromFile.columns);
  });

  it('says what is missing: a version without a stored profile, an unknown version, both references', async () => {
    ws = PipelineWorkspace.from('examples/churn');
    expect((await ws.cli(['train', '--out', 'run.json'])).code).toBe(0);
    expect((await ws.cli(['registry', 'push', '--run', 'run.json'])).code).toBe(0);
    const bare = await ws.cli(['drift', '--model', 'v1']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("model churn v1 ('v1') has no drift reference profile: 'pipewright run' stores");
    expect(bare.stderr).not.toMatch(/\n\s+at /);

    // A profile attached to the version serves as well.
    expect((await ws.cli(['profile', '--dataset', 'train', '--out', 'reference.json'])).code).toBe(0);
    expect((await ws.cli(['registry', 'push', '--run', 'run.json', '--attach', 'drift-profile=reference.json'])).code).toBe(0);
    const fromFile = await ws.cli(['drift', '--reference', 'reference.json', '--format', 'json']);
    const attached = await ws.cli(['drift', '--model', 'latest', '--format', 'json']);
    expect(attached.code, attached.stderr).toBe(fromFile.code);
    expect(JSON.parse(attached.stdout).columns).toEqual(JSON.parse(fromFile.stdout).columns);

    const unknown = await ws.cli(['drift', '--model', 'v9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('v9');

    const both = await ws.cli(['drift', '--model', 'v1', '--reference', 'then.json']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either --reference FILE or --model VERSION');
  });
});
