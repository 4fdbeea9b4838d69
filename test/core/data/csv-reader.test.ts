import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CsvScanner } from '../../../shared/src/data/csv-scan.ts';
import { workerEntry } from '../../../shared/src/data/worker-pool.ts';
import { ruleOf, TINY_RANGES, validate, workspace } from './data-helpers.ts';

// A `values` rule that nothing satisfies lists every non-null value it saw (up to 20),
// with its row: a window onto exactly what the reader parsed.
const seeAll = { values: ['\u0000never'] };

async function parsed(csv: string | Buffer, columns: string[], tuning = {}) {
  const dir = workspace({ 'd.csv': csv });
  const report = await validate(dir, { path: 'd.csv', columns: Object.fromEntries(columns.map((c) => [c, { ...seeAll }])) }, { tuning });
  const rows: Array<Record<string, unknown>> = Array.from({ length: report.rows }, () => ({}));
  for (const c of columns) {
    for (const e of ruleOf(report.results, 'values', c).partial_unexpected_list) rows[e.row - 1]![c] = e.value;
  }
  return { report, rows };
}

describe('CSV reader (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes, newlines inside quotes and empty fields as nulls', async () => {
    const csv = 'a,b,c\n"x, y","say ""hi""",plain\n"line1\nline2",,""\nlast,"",z';
    const { report, rows } = await parsed(csv, ['a', 'b', 'c']);
    expect(report.rows).toBe(3);
    expect(rows).toEqual([{ a: 'x, y', b: 'say "hi"', c: 'plain' }, { a: 'line1\nline2' }, { a: 'last', c: 'z' }]);
  });

  it('handles CRLF line ends, a UTF-8 BOM, blank lines and a missing final newline', async () => {
    const csv = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\r\n1,"a\r\nb"\r\n\r\n2,é\r\n3,c')]);
    const { report, rows } = await parsed(csv, ['id', 'name']);
    expect(report.rows).toBe(3);
    expect(rows).toEqual([
      { id: '1', name: 'a\r\nb' },
      { id: '2', name: 'é' },
      { id: '3', name: 'c' },
    ]);
  });

  it('parses any RFC 4180 file the same in-process and over tiny worker ranges', async () => {
    const field = fc.oneof(fc.constantFrom('', 'a', '"', ',', '\n', '\r\n', 'x"y', 'é'), fc.string({ maxLength: 6 }));
    const record = fc.array(field, { minLength: 3, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 20 }), fc.boolean(), async (records, crlf) => {
        const nl = crlf ? '\r\n' : '\n';
        const quote = (v: string) => (/[",\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
        // An all-empty single-field record would be a blank line; three fields never are.
        const csv = `p,q,r${nl}${records.map((r) => r.map(quote).join(',')).join(nl)}${nl}`;
        const expected = records.map((r) => Object.fromEntries(['p', 'q', 'r'].flatMap((c, i) => (r[i] === '' ? [] : [[c, r[i]]]))));
        const one = await parsed(csv, ['p', 'q', 'r'], { workers: 0 });
        expect(one.rows).toEqual(expected);
        const many = await parsed(csv, ['p', 'q', 'r'], { ...TINY_RANGES, rangeBytes: 7 });
        expect(many.rows).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('counts and numbers rows identically whatever the range size, with quoted newlines across boundaries', async () => {
    const lines = ['id,note,score'];
    for (let i = 1; i <= 3000; i++) {
      const note = i % 7 === 0 ? `"multi\nline, ${i}"` : i % 5 === 0 ? `"quote ""${i}"""` : `n${i}`;
      lines.push(`${i},${note},${i % 11 === 0 ? 'bad' : i % 13 === 0 ? '' : i / 10}`);
    }
    const dir = workspace({ 'd.csv': `${lines.join('\n')}\n` });
    const contract = { path: 'd.csv', columns: { id: { type: 'integer' as const, unique: true }, note: { type: 'string' as const, pattern: '^n' }, score: { type: 'number' as const, nullable: false, max: 250 } } };
    // The split runs below must really use worker threads.
    expect(await workerEntry()).toMatch(/scan-worker/);
    const base = await validate(dir, contract, { tuning: { workers: 0 } });
    expect(base.rows).toBe(3000);
    expect(ruleOf(base.results, 'type', 'score').unexpected_count).toBe(272);
    for (const rangeBytes of [13, 256, 4096]) {
      const split = await validate(dir, contract, { tuning: { ...TINY_RANGES, rangeBytes } });
      expect({ ...split, seconds: 0 }).toEqual({ ...base, seconds: 0 });
    }
  });

  it('gives the scanner its row estimate within the first 64 KB of a range, and a close one', async () => {
    // The estimate sizes the hash sets and tells the profile to sample an identifier at once.
    const lines = ['id,name'];
    // Rows of one length (ids 100001 on), so the estimate is the row count plus 10%.
    for (let i = 100_001; i <= 140_000; i++) lines.push(`${i},customer-${i.toString(16).padStart(8, '0')}`);
    const dir = workspace({ 'd.csv': `${lines.join('\n')}\n` });
    const estimates: Array<{ seen: number; expected: number }> = [];
    const reserve = vi.spyOn(CsvScanner.prototype, 'reserve').mockImplementation(function (this: CsvScanner, rows: number) {
      estimates.push({ seen: this.tally.rows, expected: rows });
    });
    try {
        const report = await validate(dir, { path: 'd.csv', columns: { id: { type: 'integer', unique: true } } }, { tuning: { workers: 0 } });
      expect(report.rows).toBe(40_000);
    } finally {
      reserve.mockRestore();
    }
    expect(estimates).toHaveLength(1);
    const rowBytes = lines[1]!.length + 1;
    expect(estimates[0]!.seen).toBeLessThanOrEqual(Math.ceil((64 << 10) / rowBytes));
    expect(estimates[0]!.expected).toBe(Math.ceil(40_000 * 1.1));
  });
});
