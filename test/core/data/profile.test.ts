// The drift profile built in the validation pass: the same as feeding every value to the
// accumulator by hand, including the fast path that skips decoding sampled strings.
import { describe, expect, it } from 'vitest';
import type { ColumnContract } from '../../../shared/src/data/index.ts';
import { createProfileAccumulator } from '../../../shared/src/drift/index.ts';
import { validate, workspace } from './data-helpers.ts';

describe('profile in the validation pass', () => {
  it('equals the accumulator fed every value, for a high-cardinality string column too', async () => {
    // `ok` is a boolean column with nulls and values that are not booleans (missing to the profile).
    const flags = ['true', 'false', 'false', '', 'maybe', 'TRUE'];
    const rows = Array.from({ length: 60_000 }, (_, i) => ({ id: `user-${(i * 7919) % 60_000}`, plan: ['basic', 'pro'][i % 2]!, n: i % 2 === 0 ? String(i / 4) : '', ok: flags[i % 7 % 6]! }));
    const dir = workspace({ 'd.csv': `id,plan,n,ok\n${rows.map((r) => `${r.id},${r.plan},${r.n},${r.ok}`).join('\n')}\n` });
    const columns: Record<string, ColumnContract> = { id: { type: 'string' }, plan: { type: 'string', values: ['basic', 'pro'] }, n: { type: 'number' }, ok: { type: 'boolean' } };
    const report = await validate(dir, { path: 'd.csv', columns }, { profile: true, tuning: { workers: 0 } });
    const expected = createProfileAccumulator([
      { name: 'id', type: 'string' },
      { name: 'plan', type: 'string' },
      { name: 'n', type: 'number' },
      { name: 'ok', type: 'boolean' },
    ]);
    for (const r of rows) {
      expected.add(0, r.id);
      expected.add(1, r.plan);
      expected.add(2, r.n === '' ? null : Number(r.n));
      expected.add(3, r.ok.toLowerCase() === 'true' ? true : r.ok.toLowerCase() === 'false' ? false : null);
      expected.endRow();
    }
    const booleans = rows.filter((r) => /^(true|false)$/i.test(r.ok)).length;
    expect(report.profile!.columns.ok).toMatchObject({ kind: 'categorical', count: booleans, nulls: rows.length - booleans });
    expect(report.profile).toEqual(expected.snapshot());
  });

  it('equals the accumulator for JSON Lines too, booleans included (the scanner counts them until its last flush)', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({ ok: i % 3 === 0 ? true : i % 3 === 1 ? false : null, s: `v${i % 5}`, x: i % 4 === 0 ? null : i / 7 }));
    const dir = workspace({ 'd.jsonl': records.map((r) => JSON.stringify(r)).join('\n') });
    const columns: Record<string, ColumnContract> = { ok: { type: 'boolean' }, s: { type: 'string' }, x: { type: 'number' } };
    const report = await validate(dir, { path: 'd.jsonl', columns }, { profile: true });
    const expected = createProfileAccumulator([
      { name: 'ok', type: 'boolean' },
      { name: 's', type: 'string' },
      { name: 'x', type: 'number' },
    ]);
    for (const r of records) {
      expected.add(0, r.ok);
      expected.add(1, r.s);
      expected.add(2, r.x);
      expected.endRow();
    }
    expect(report.profile).toEqual(expected.snapshot());
    expect(report.profile!.columns.ok).toMatchObject({ count: 2000, nulls: 1000 });
  });
});
