// SQL pushdown on DuckDB (in-process, no server): read-only files, views, text dates,
// hostile names, and the errors for a missing or escaping database file.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSqlDataset } from '../../../../shared/src/data/sql/index.ts';
import type { RuleResult } from '../../../../shared/src/data/types.ts';
import { loadDuckDB } from '../../../fixtures/sql/tables.ts';

let dir: string;
const hostile = `x"; DROP TABLE events; --`;

function find(results: RuleResult[], rule: string, column: string | null): RuleResult {
  return results.find((r) => r.rule === rule && r.column === column)!;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-duckdb-'));
  await loadDuckDB(join(dir, 'w.duckdb'), 'events', {
    columns: { id: 'INTEGER', day: 'VARCHAR', at: 'VARCHAR', [hostile]: 'VARCHAR' },
    rows: [
      [1, '2024-02-29', '2024-03-01T10:00:00Z', 'a'],
      [2, '2023-02-29', '2024-03-01 10:00', `'); DROP TABLE events; --`],
      [3, '2024-13-01', '2024-03-01T25:00:00', null],
      [4, null, '2024-03-01T10:00:00+02:00', 'b'],
    ],
  });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('validateSqlDataset on DuckDB', () => {
  it('checks dates and timestamps stored as text, and leaves the database file untouched', async () => {
    const before = createHash('sha256').update(readFileSync(join(dir, 'w.duckdb'))).digest('hex');
    const report = await validateSqlDataset(
      'events',
      { sql: { engine: 'duckdb', database: 'w.duckdb', table: 'events' }, columns: { day: { type: 'date' }, at: { type: 'timestamp', min: '2024-03-01T09:00:00Z' }, [hostile]: { values: ['a', 'b'] } } },
      { env: {}, workspace: dir },
    );
    expect(find(report.results, 'type', 'day')).toMatchObject({ element_count: 3, unexpected_count: 2, partial_unexpected_list: [{ row: 2, value: '2023-02-29' }, { row: 3, value: '2024-13-01' }] });
    expect(find(report.results, 'type', 'at')).toMatchObject({ element_count: 4, unexpected_count: 1, partial_unexpected_list: [{ row: 3, value: '2024-03-01T25:00:00' }] });
    // 10:00+02:00 is 08:00 UTC: before the bound.
    expect(find(report.results, 'min', 'at')).toMatchObject({ unexpected_count: 1, partial_unexpected_list: [{ row: 4, value: '2024-03-01T10:00:00+02:00' }] });
    expect(find(report.results, 'values', hostile)).toMatchObject({ unexpected_count: 1, partial_unexpected_list: [{ row: 2, value: `'); DROP TABLE events; --` }] });
    expect(report.path).toBe('duckdb:main.events');
    expect(createHash('sha256').update(readFileSync(join(dir, 'w.duckdb'))).digest('hex')).toBe(before);
  });

  it('numbers rows by rank after deletes leave gaps in the row ids', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [i + 1, i % 500 === 6 ? 'bad' : 'ok']);
    await loadDuckDB(join(dir, 'gaps.duckdb'), 'g', { columns: { id: 'INTEGER', v: 'VARCHAR' }, rows }, ['DELETE FROM g WHERE id <= 100', 'DELETE FROM g WHERE id % 2 = 0']);
    const report = await validateSqlDataset('g', { sql: { engine: 'duckdb', database: 'gaps.duckdb', table: 'g' }, columns: { v: { values: ['ok'] } } }, { env: {}, workspace: dir });
    // Left: odd ids from 101; 'bad' at ids 507, 1007, … (odd ones only): rank = (id - 101) / 2 + 1.
    const bad = rows.filter(([id, v]) => v === 'bad' && (id as number) > 100 && (id as number) % 2 === 1).map(([id]) => ((id as number) - 101) / 2 + 1);
    expect(bad).toEqual([204, 454, 704, 954, 1204]);
    expect(find(report.results, 'values', 'v')).toMatchObject({ element_count: 1450, unexpected_count: 5 });
    expect(find(report.results, 'values', 'v').partial_unexpected_list.map((u) => u.row)).toEqual(bad);
  });

  it('reads the database path from url-env when no database is named', async () => {
    const report = await validateSqlDataset('events', { sql: { engine: 'duckdb', 'url-env': 'WAREHOUSE', table: 'events' }, columns: { id: { type: 'integer', unique: true } } }, { env: { WAREHOUSE: 'w.duckdb' }, workspace: dir });
    expect(report.passed).toBe(true);
    expect(report.rows).toBe(4);
  });

  it('names a missing table, a missing file and a path outside the workspace', async () => {
    await expect(validateSqlDataset('x', { sql: { engine: 'duckdb', database: 'w.duckdb', table: 'nope' } }, { env: {}, workspace: dir })).rejects.toThrow("table 'nope' not found in duckdb w.duckdb");
    await expect(validateSqlDataset('x', { sql: { engine: 'duckdb', database: 'missing.duckdb', table: 't' } }, { env: {}, workspace: dir })).rejects.toThrow(`DuckDB database 'missing.duckdb' not found (looked at ${join(dir, 'missing.duckdb')})`);
    await expect(validateSqlDataset('x', { sql: { engine: 'duckdb', database: '../elsewhere.duckdb', table: 't' } }, { env: {}, workspace: dir })).rejects.toThrow("path '../elsewhere.duckdb' resolves outside the workspace");
    // RE2 has no look-behind: the error names the column before any scan.
    await expect(validateSqlDataset('x', { sql: { engine: 'duckdb', database: 'w.duckdb', table: 'events' }, columns: { day: { pattern: '(?<=x)y' } } }, { env: {}, workspace: dir })).rejects.toThrow(/^columns\.day\.pattern: duckdb cannot use the regex \/\(\?<=x\)y\/: /);
  });
});
