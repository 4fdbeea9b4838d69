// Planning a run from the spec, and the artifact manifest digest.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../../schema/src/index.ts';
import { artifactManifest } from '../../../shared/src/train/artifact.ts';
import { datasetsUsed, planTraining } from '../../../shared/src/train/plan.ts';

const spec = (train: PipelineSpec['train']): PipelineSpec => ({
  version: 1,
  name: 'churn',
  datasets: { train: { path: 'data/train.csv' }, live: { path: 'data/live/*.jsonl' }, db: { sql: { engine: 'postgres', 'url-env': 'DATABASE_URL', table: 'customers' } } },
  train,
});

describe('planTraining', () => {
  it('splits the command first and templates each argument after, so values never split or inject', () => {
    const plan = planTraining(spec({ run: 'python3 train.py --name "{{ name }} model" --lr {{ params.lr }} --data {{ datasets.train.path }}', params: { lr: '0.1; rm -rf /' } }), {
      workspace: '/w',
      specPath: '/w/pipewright.yaml',
      specText: 'x',
    });
    expect(plan.argv).toEqual(['python3', 'train.py', '--name', 'churn model', '--lr', '0.1; rm -rf /', '--data', 'data/train.csv']);
    expect(plan).toMatchObject({ artifact: 'model/', metrics: 'model/metrics.json', datasets: { train: 'data/train.csv' }, spec: { path: 'pipewright.yaml' } });
    expect(plan.timeout).toBeUndefined();
  });

  it('parses the timeout and takes outputs and env from the spec', () => {
    const plan = planTraining(spec({ run: 'make train', timeout: '1h30m', artifact: 'out', metrics: 'out/scores.json', env: { SEED: 7 } }), { workspace: '/w', specPath: '/w/p.yaml', specText: '' });
    expect(plan).toMatchObject({ timeout: { ms: 5_400_000, text: '1h30m' }, artifact: 'out', metrics: 'out/scores.json', env: { SEED: '7' } });
  });

  it('fails clearly without train.run', () => {
    expect(() => planTraining(spec(undefined), { workspace: '/w', specPath: '/w/p.yaml', specText: '' })).toThrow("has no 'train.run'");
  });
});

describe('datasetsUsed', () => {
  it('is the datasets the command names, else every file dataset', () => {
    expect(datasetsUsed(spec({ run: 'x' }), 'python3 t.py {{ datasets.live.path }}')).toEqual({ live: 'data/live/*.jsonl' });
    expect(datasetsUsed(spec({ run: 'x' }), 'python3 t.py')).toEqual({ train: 'data/train.csv', live: 'data/live/*.jsonl' });
  });
});

describe('artifactManifest', () => {
  it('hashes every regular file, sorted by path, and equal trees hash equal', async () => {
    const make = () => {
      const dir = mkdtempSync(join(tmpdir(), 'pw-art-'));
      mkdirSync(join(dir, 'nested'));
      writeFileSync(join(dir, 'b.bin'), 'bee');
      writeFileSync(join(dir, 'nested', 'a.txt'), 'a');
      symlinkSync('/etc/passwd', join(dir, 'link'));
      return dir;
    };
    const one = await artifactManifest(make());
    const two = await artifactManifest(make());
    expect(one.digest).toBe(two.digest);
    expect(one.files.map((f) => [f.path, f.bytes])).toEqual([
      ['b.bin', 3],
      ['nested/a.txt', 1],
    ]);
    const changed = make();
    writeFileSync(join(changed, 'b.bin'), 'bee!');
    expect((await artifactManifest(changed)).digest).not.toBe(one.digest);
  });
});
