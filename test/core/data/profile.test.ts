// The drift profile built in the validation pass: the same as feeding every value to the
// accumulator by hand, including the fast path that skips decoding sampled strings.
import { describe, expect, it } from 'vitest';
import type { ColumnContract } from '../../../shared/src/data/index.ts';
import { createProfileAccumulator, type DatasetProfile } from '../../../shared/src/drift/index.ts';
import { validate, workspace } from './data-helpers.ts';

type Value = string | number | boolean | null;

/** The profile of `rows` (values in the order of `columns`), fed value by value. */
function byHand(columns: Record<string, ColumnContract>, rows: Value[][]): DatasetProfile {
  const accumulator = createProfileAccumulator(Object.entries(columns).map(([name, c]) => ({ name, type: c.type ?? 'string' })));
  for (const row of rows) {
    for (const [i, value] of row.entries()) accumulator.add(i, value);
    accumulator.endRow();
  }
  return accumulator.snapshot();
}

describe('profile in the validation pass', () => {
  it('equals the accumulator fed every value, for a high-cardinality string column too', async () => {
    // `ok` is a boolean column with nulls and values that are not booleans (missing to the profile).
    const flags = ['true', 'false', 'false', '', 'maybe', 'TRUE'];
    const rows = Array.from({ length: 60_000 }, (_, i) => ({ id: `user-${(i * 7919) % 60_000}`, plan: ['basic', 'pro'][i % 2]!, n: i % 2 === 0 ? String(i / 4) : '', ok: flags[i % 7 % 6]! }));
    const dir = workspace({ 'd.csv': `id,plan,n,ok\n${rows.map((r) => `${r.id},${r.plan},${r.n},${r.ok}`).join('\n')}\n` });
    const columns: Record<string, ColumnContract> = { id: { type: 'string' }, plan: { type: 'string', values: ['basic', 'pro'] }, n: { type: 'number' }, ok: { type: 'boolean' } };
    const report = await validate(dir, { path: 'd.csv', columns }, { profile: true, tuning: { workers: 0 } });
    const flag = (text: string) => (/^true$/i.test(text) ? true : /^false$/i.test(text) ? false : null);
    const booleans = rows.filter((r) => flag(r.ok) !== null).length;
    expect(report.profile!.columns.ok).toMatchObject({ kind: 'categorical', count: booleans, nulls: rows.length - booleans });
    expect(report.profile).toEqual(byHand(columns, rows.map((r) => [r.id, r.plan, r.n === '' ? null : Number(r.n), flag(r.ok)])));
  });

  it('equals the accumulator for JSON Lines too, booleans included (the scanner counts them until its last flush)', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({ ok: i % 3 === 0 ? true : i % 3 === 1 ? false : null, s: `v${i % 5}`, x: i % 4 === 0 ? null : i / 7 }));
    const dir = workspace({ 'd.jsonl': records.map((r) => JSON.stringify(r)).join('\n') });
    const columns: Record<string, ColumnContract> = { ok: { type: 'boolean' }, s: { type: 'string' }, x: { type: 'number' } };
    const report = await validate(dir, { path: 'd.jsonl', columns }, { profile: true });
    expect(report.profile!.columns.ok).toMatchObject({ count: 2000, nulls: 1000 });
    expect(report.profile).toEqual(byHand(columns, records.map((r) => [r.ok, r.s, r.x])));
  });
});
