// A `values` column's categories, counted by the scanner per index of the rule's list
// and handed over as counts, equal counting each value in row order: while the column
// holds a few distinct values, and after other strings push it into the summary table,
// its purges and its sampling.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../../shared/src/data/index.ts';
import { createProfileAccumulator } from '../../../shared/src/drift/index.ts';
import { seededRandom as random } from '../../support/random.ts';

async function profiles(values: Array<string | null>): Promise<{ scanned: unknown; expected: unknown }> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-values-profile-'));
  const csv = values.map((v) => (v === null ? '' : v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v));
  writeFileSync(join(dir, 'data.csv'), `id,plan\n${csv.map((v, i) => `${i},${v}`).join('\n')}\n`);
  const contract = { path: 'data.csv', columns: { id: { type: 'integer' as const }, plan: { type: 'string' as const, values: ['basic', 'pro', 'enterprise'] } } };
  const report = await validateDataset('data', contract, { workspace: dir, profile: true, tuning: { workers: 0 } });
  const accumulator = createProfileAccumulator([{ name: 'plan', type: 'string' }]);
  for (const v of values) {
    accumulator.add(0, v);
    accumulator.endRow();
  }
  return { scanned: report.profile!.columns.plan, expected: accumulator.snapshot().columns.plan };
}

describe('a values column in the profile', () => {
  const allowed = ['basic', 'pro', 'enterprise'];

  it('counts allowed values, nulls and a few violations (one quoted with doubled quotes) exactly', async () => {
    const r = random(7);
    const values = Array.from({ length: 20_000 }, (_, i) => (i % 97 === 0 ? null : i % 501 === 0 ? ['gold', 'say "hi"'][i % 2]! : allowed[Math.floor(r() * 3)]!));
    const { scanned, expected } = await profiles(values);
    expect(scanned).toEqual(expected);
    expect(scanned).toMatchObject({ offset: 0 });
  });

  it('equals per-value counting once many distinct violations push the column into purges and sampling', async () => {
    const r = random(8);
    const values = Array.from({ length: 200_000 }, (_, i) => (i > 3000 && r() < 0.3 ? `other-${Math.floor(r() * 1e6)}` : allowed[Math.floor(r() * 3)]!));
    const { scanned, expected } = await profiles(values);
    expect(scanned).toEqual(expected);
    expect((scanned as { offset: number }).offset).toBeGreaterThan(0);
  });
});
