// Parquet through hyparquet: row group by row group, reading only the columns the
// rules need; verdicts match the same rows as CSV. The fixture is written here with
// hyparquet-writer (several row groups, nulls, typed columns).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { scanParquet } from '../../../shared/src/data/parquet.ts';
import { planScan } from '../../../shared/src/data/plan.ts';
import { ruleOf, validate, workspace } from './data-helpers.ts';

const N = 250;
const ids = Array.from({ length: N }, (_, i) => (i === 200 ? 7 : i + 1));
const names = ids.map((id, i) => (i % 50 === 3 ? null : `n${id}`));
const scores = ids.map((_, i) => (i % 40 === 0 ? -1 : (i % 17) / 2));
const flags = ids.map((_, i) => i % 3 === 0);
const notes = ids.map((_, i) => `note ${i}`.repeat(3));

function fixture(dir: string): void {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: ids, type: 'INT32' },
      { name: 'name', data: names, type: 'STRING' },
      { name: 'score', data: scores, type: 'DOUBLE' },
      { name: 'flag', data: flags, type: 'BOOLEAN' },
      { name: 'note', data: notes, type: 'STRING' },
    ],
    rowGroupSize: 64,
  });
  writeFileSync(join(dir, 'd.parquet'), Buffer.from(buffer));
  const csv = ['id,name,score,flag,note', ...ids.map((id, i) => `${id},${names[i] ?? ''},${scores[i]},${flags[i]},${notes[i]}`)];
  writeFileSync(join(dir, 'd.csv'), `${csv.join('\n')}\n`);
}

const contract = {
  columns: {
    id: { type: 'integer' as const, unique: true },
    name: { type: 'string' as const, nullable: false, pattern: '^n[0-9]+$' },
    score: { type: 'number' as const, min: 0, max: 8 },
  },
};

describe('Parquet reader', () => {
  it('gives the same verdicts and counts as the same rows in CSV', async () => {
    const dir = workspace();
    fixture(dir);
    const pq = await validate(dir, { ...contract, path: 'd.parquet' });
    const csv = await validate(dir, { ...contract, path: 'd.csv' });
    expect(pq.rows).toBe(N);
    const shape = (r: typeof pq) => r.results.map((x) => [x.rule, x.column, x.passed, x.element_count, x.unexpected_count, x.partial_unexpected_list.map((e) => e.row)]);
    expect(shape(pq)).toEqual(shape(csv));
    expect(ruleOf(pq.results, 'unique', 'id')).toMatchObject({ unexpected_count: 2, partial_unexpected_list: [{ row: 7, value: 7 }, { row: 201, value: 7 }] });
    expect(ruleOf(pq.results, 'not-null', 'name').unexpected_count).toBe(5);
    expect(ruleOf(pq.results, 'min', 'score')).toMatchObject({ unexpected_count: 7, partial_unexpected_list: expect.arrayContaining([{ row: 1, value: -1 }]) });
  });

  it('decodes only the columns the rules need', async () => {
    const dir = workspace();
    fixture(dir);
    const plan = planScan({ columns: { score: { min: 0 }, flag: {}, note: {} } });
    const scan = await scanParquet(join(dir, 'd.parquet'), 'd.parquet', { plan, profileColumns: null, profileIndexes: [] });
    expect(scan.read).toEqual(['score']);
    expect(scan.columns).toEqual(['id', 'name', 'score', 'flag', 'note']);
    expect(scan.part.tally.rows).toBe(N);
  });
});
