// The profile the data scanner builds in its validation pass — split over worker
// threads and merged with mergeProfiles — against pandas/numpy on the same CSV.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../../shared/src/data/index.ts';
import { parseProfile } from '../../../shared/src/drift/index.ts';
import type { CategoricalColumnProfile, NumericColumnProfile } from '../../../shared/src/drift/types.ts';

const PANDAS = `
import json, sys
import pandas as pd
df = pd.read_csv(sys.argv[1], keep_default_na=False, na_values=[''])
out = {}
for c in ['amount', 'age']:
    s = df[c].dropna().astype(float)
    out[c] = {'count': int(s.count()), 'nulls': int(df[c].isna().sum()), 'min': float(s.min()), 'max': float(s.max()), 'mean': float(s.mean()), 'variance': float(s.var(ddof=0))}
p = df['plan'].dropna()
out['plan'] = {'count': int(p.count()), 'nulls': int(df['plan'].isna().sum()), 'top': {k: int(v) for k, v in p.value_counts().items()}}
json.dump(out, sys.stdout)
`;
import { seededRandom as random } from '../../support/random.ts';

describe('profile from a multi-worker validation pass', () => {
  it('matches pandas exactly for counts, min/max and categories, to 1e-9 for mean and variance', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-scan-profile-'));
    const r = random(42);
    const plans = ['basic', 'pro', 'enterprise', 'trial'];
    const lines = ['id,amount,age,plan'];
    for (let i = 0; i < 120_000; i++) {
      const amount = r() < 0.03 ? '' : (r() * 1e4 - 2e3).toFixed(3);
      const age = r() < 0.01 ? '' : String(18 + Math.floor(r() * 70));
      const plan = r() < 0.02 ? '' : plans[Math.floor(r() * r() * 4)]!;
      lines.push(`${i},${amount},${age},${plan}`);
    }
    writeFileSync(join(dir, 'data.csv'), `${lines.join('\n')}\n`);
    const contract = { path: 'data.csv', columns: { id: { type: 'integer' as const }, amount: { type: 'number' as const }, age: { type: 'integer' as const }, plan: { type: 'string' as const } } };
    const report = await validateDataset('data', contract, { workspace: dir, profile: true, tuning: { workers: 2, parallelFromBytes: 0, rangeBytes: 256 * 1024 } });
    const profile = report.profile!;
    expect(profile.rows).toBe(120_000);
    // Merged worker sketches and histograms are consistent (weights sum to the counts).
    expect(() => parseProfile(JSON.stringify(profile), 'merged')).not.toThrow();
    const python = spawnSync('/usr/bin/python3', ['-c', PANDAS, join(dir, 'data.csv')], { encoding: 'utf8' });
    if (python.status !== 0) throw new Error(`/usr/bin/python3 with pandas is needed for this test: ${python.error?.message ?? python.stderr}`);
    const expected = JSON.parse(python.stdout);
    for (const name of ['amount', 'age']) {
      const got = profile.columns[name] as NumericColumnProfile;
      const want = expected[name];
      expect([got.count, got.nulls, got.min, got.max]).toEqual([want.count, want.nulls, want.min, want.max]);
      expect(Math.abs(got.mean! - want.mean)).toBeLessThanOrEqual(1e-9 * Math.abs(want.mean));
      expect(Math.abs(got.variance! - want.variance)).toBeLessThanOrEqual(1e-9 * want.variance);
    }
    expect((profile.columns.age as NumericColumnProfile).distinct!.counts.reduce((s, c) => s + c, 0)).toBe(expected.age.count);
    const plan = profile.columns.plan as CategoricalColumnProfile;
    expect([plan.count, plan.nulls, plan.offset]).toEqual([expected.plan.count, expected.plan.nulls, 0]);
    expect(Object.fromEntries(plan.top)).toEqual(expected.plan.top);
  });
});
