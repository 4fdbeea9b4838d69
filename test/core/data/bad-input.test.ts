// Bad input never crashes: each case is a clear error naming the file and, where it
// applies, the row, column and byte offset, or (ragged rows) a counted rule result.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../shared/src/errors.ts';
import { ruleOf, TINY_RANGES, validate, workspace } from './data-helpers.ts';

async function failure(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected the validation to fail');
}

const abc = { a: { type: 'integer' as const }, b: { type: 'integer' as const }, c: { type: 'integer' as const, nullable: false } };

describe('bad input', () => {
  for (const [label, tuning] of [
    ['in-process', { workers: 0 }],
    ['over worker ranges', TINY_RANGES],
  ] as const) {
    it(`counts ragged rows as a failed rule with their row numbers (${label})`, async () => {
      const dir = workspace({ 'd.csv': 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n' });
      const r = await validate(dir, { path: 'd.csv', columns: abc }, { tuning });
      expect(r.rows).toBe(4);
      expect(ruleOf(r.results, 'ragged-rows')).toMatchObject({
        passed: false,
        element_count: 4,
        unexpected_count: 2,
        partial_unexpected_list: [
          { row: 2, value: 'row 2 has 2 fields, expected 3' },
          { row: 3, value: 'row 3 has 4 fields, expected 3' },
        ],
      });
      // The short row's missing field is a null.
      expect(ruleOf(r.results, 'not-null', 'c')).toMatchObject({ unexpected_count: 1, partial_unexpected_list: [{ row: 2, value: null }] });
    });
  }

  it('rejects bytes that are not UTF-8, naming row, column and byte offset', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b,c\n1,2,3\n4,'), Buffer.from([0xff, 0xfe]), Buffer.from(',6\n')]);
    const dir = workspace({ 'd.csv': bytes });
    const e = await failure(validate(dir, { path: 'd.csv', columns: abc }));
    expect(e.code).toBe('csv-encoding');
    expect(e.location).toMatchObject({ file: 'd.csv', row: 2, columnName: 'b', byteOffset: 14 });
  });

  it('rejects a binary file at its first byte that is not text', async () => {
    const dir = workspace({
      'png.csv': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]),
      'nul.csv': Buffer.from('a,b,c\n1,2\u0000,3\n'),
      'nul.jsonl': Buffer.from('{"a": 1}\n\u0000\u0000'),
      'latin1.jsonl': Buffer.from([0x7b, 0xe9, 0x7d, 0x0a]),
    });
    const cases = [
      ['png.csv', 0, 'CSV'],
      ['nul.csv', 9, 'CSV'],
      ['nul.jsonl', 9, 'JSON Lines'],
      ['latin1.jsonl', 1, 'JSON Lines'],
    ] as const;
    for (const [path, at, what] of cases) {
      const e = await failure(validate(dir, { path, columns: abc }));
      expect(e.code).toBe('data-binary');
      expect(e.message).toBe(`binary data at byte ${at}: expected ${what} text (UTF-8); is this the right file?`);
      expect(e.location).toMatchObject({ file: path, byteOffset: at });
    }
  });

  it('names 200 KB of 0xB9 bytes as binary data at byte 0, quoting none of it', async () => {
    const junk = Buffer.alloc(200 * 1024, 0xb9);
    const dir = workspace({ 'd.csv': junk, 'd.jsonl': junk, 'gz.csv.gz': gzipSync(junk) });
    for (const path of ['d.csv', 'd.jsonl', 'gz.csv.gz']) {
      const e = await failure(validate(dir, { path, columns: abc }));
      expect(e.code).toBe('data-binary');
      expect(e.message).toMatch(/^binary data at byte 0: /);
      expect(e.message.length).toBeLessThan(120);
    }
  });

  it('quotes at most about 200 characters of a text header, value or key in any message', async () => {
    const long = 'x'.repeat(190 * 1024);
    const dir = workspace({
      'header.csv': `${long}\n1\n`,
      'many.csv': `${Array.from({ length: 5000 }, (_, i) => `column_${i}`).join(',')}\n`,
      'dup.csv': `${long},${long}\n`,
      'value.jsonl': `${JSON.stringify(long)}\n`,
      'syntax.jsonl': `{"a": ${'1'.repeat(100_000)}x}\n`,
    });
    const messages: string[] = [];
    for (const path of ['header.csv', 'dup.csv', 'value.jsonl', 'syntax.jsonl']) messages.push((await failure(validate(dir, { path, columns: abc }))).message);
    messages.push((await failure(validate(dir, { path: 'many.csv', columns: { column_1: { type: 'integer' }, nope: { type: 'integer' } } }))).message);
    for (const message of messages) expect(message.length, message.slice(0, 80)).toBeLessThan(500);
    expect(messages[0]).toContain(`is in the header '${'x'.repeat(200)}… (${long.length} characters)'`);
    expect(messages[4]).toMatch(/column 'nope' is declared in the contract but not in the header \(columns: column_0, column_1, .*, … \(\d+ more\)\)/);
  });

  it('rejects a truncated gzip with the compressed byte offset', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${i * 7},${i % 13}`).join('\n');
    const gz = gzipSync(`a,b,c\n${rows}\n`);
    const dir = workspace({ 'd.csv.gz': gz.subarray(0, Math.floor(gz.length / 2)) });
    const e = await failure(validate(dir, { path: 'd.csv.gz', columns: abc }));
    expect(e.code).toBe('data-gzip-truncated');
    expect(e.location).toMatchObject({ file: 'd.csv.gz', byteOffset: Math.floor(gz.length / 2) });
  });

  it('rejects an empty file and a file without a header', async () => {
    const dir = workspace({ 'empty.csv': '', 'headless.csv': '1,2,3\n4,5,6\n' });
    expect((await failure(validate(dir, { path: 'empty.csv', columns: abc }))).code).toBe('data-empty');
    const e = await failure(validate(dir, { path: 'headless.csv', columns: abc }));
    expect(e.code).toBe('csv-header');
    expect(e.message).toMatch(/none of the declared columns \(a, b, c\) is in the header '1,2,3'/);
  });

  it('reads a header-only file as zero rows', async () => {
    const dir = workspace({ 'd.csv': 'a,b,c\n' });
    const r = await validate(dir, { path: 'd.csv', columns: abc, checks: { 'row-count': { min: 1 } } });
    expect(r.rows).toBe(0);
    expect(ruleOf(r.results, 'not-null', 'c')).toMatchObject({ passed: true, element_count: 0, unexpected_percent: 0 });
    expect(ruleOf(r.results, 'row-count')).toMatchObject({ passed: false, observed: '0 rows' });
  });

  it('rejects a duplicate or empty column name in the header', async () => {
    const dir = workspace({ 'dup.csv': 'a,b,a\n1,2,3\n', 'blank.csv': 'a,,c\n1,2,3\n' });
    const dup = await failure(validate(dir, { path: 'dup.csv', columns: abc }));
    expect(dup.message).toBe("duplicate column name 'a' in the header (columns 1 and 3)");
    expect(dup.location).toMatchObject({ file: 'dup.csv', line: 1, column: 3 });
    expect((await failure(validate(dir, { path: 'blank.csv', columns: abc }))).message).toBe('column 2 of the header has no name');
  });

  it('stops at a 200 MB line with bounded memory and names its byte offset', async () => {
    const dir = workspace({});
    const file = join(dir, 'huge.csv');
    const out = createWriteStream(file);
    out.write('a,b,c\n1,2,3\n');
    const block = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < 200; i++) if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((r) => out.end(() => r()));
    const before = process.memoryUsage().rss;
    const e = await failure(validate(dir, { path: 'huge.csv', columns: abc }, { tuning: { workers: 0 } }));
    expect(e.code).toBe('csv-record-too-long');
    expect(e.message).toMatch(/longer than 16 MB/);
    expect(e.location).toMatchObject({ file: 'huge.csv', row: 2, byteOffset: 12 });
    expect(process.memoryUsage().rss - before).toBeLessThan(100 << 20);
  });

  it('names a missing file, a glob without matches, and an unreadable Parquet file', async () => {
    const dir = workspace({ 'x.parquet': 'PAR1 this is not parquet at all PAR1' });
    expect((await failure(validate(dir, { path: 'nope.csv', columns: abc }))).message).toBe("no such file or directory: 'nope.csv'");
    expect((await failure(validate(dir, { path: 'data/*.csv', columns: abc }))).code).toBe('data-missing');
    const e = await failure(validate(dir, { path: 'x.parquet', columns: abc }));
    expect(e.code).toBe('parquet-unreadable');
    expect(e.location).toMatchObject({ file: 'x.parquet' });
  });

  it('rejects a JSON Lines line that is not an object, with its row', async () => {
    const dir = workspace({ 'd.jsonl': '{"a":1}\n{"a":2\n' });
    const e = await failure(validate(dir, { path: 'd.jsonl', columns: { a: { type: 'integer' } } }));
    expect(e.code).toBe('jsonl-syntax');
    expect(e.location).toMatchObject({ file: 'd.jsonl', row: 2, byteOffset: 8 });
  });

  it('keeps paths inside the workspace', async () => {
    const dir = workspace({ 'outside.csv': 'a\n1\n', 'ws/inside.csv': 'a\n1\n' });
    await expect(validate(join(dir, 'ws'), { path: '../outside.csv', columns: {} })).rejects.toThrow(/outside the workspace/);
    expect((await validate(join(dir, 'ws'), { path: 'inside.csv', columns: {} })).rows).toBe(1);
  });
});
