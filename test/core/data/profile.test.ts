// The drift profile built in the validation pass: the same as feeding every value to the
// accumulator by hand, including the fast path that skips decoding sampled strings.
import { describe, expect, it } from 'vitest';
import { createProfileAccumulator } from '../../../shared/src/drift/index.ts';
import { validate, workspace } from './data-helpers.ts';

describe('profile in the validation pass', () => {
  it('equals the accumulator fed every value, for a high-cardinality string column too', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => ({ id: `user-${(i * 7919) % 60_000}`, plan: ['basic', 'pro'][i % 2]!, n: i % 2 === 0 ? String(i / 4) : '' }));
    const dir = workspace({ 'd.csv': `id,plan,n\n${rows.map((r) => `${r.id},${r.plan},${r.n}`).join('\n')}\n` });
    const report = await validate(dir, { path: 'd.csv', columns: { id: { type: 'string' }, plan: { type: 'string', values: ['basic', 'pro'] }, n: { type: 'number' } } }, { profile: true, tuning: { workers: 0 } });
    const expected = createProfileAccumulator([
      { name: 'id', type: 'string' },
      { name: 'plan', type: 'string' },
      { name: 'n', type: 'number' },
    ]);
    for (const r of rows) {
      expected.add(0, r.id);
      expected.add(1, r.plan);
      expected.add(2, r.n === '' ? null : Number(r.n));
      expected.endRow();
    }
    expect(report.profile).toEqual(expected.snapshot());
  });
});
