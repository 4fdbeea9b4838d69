// The same generated data in PostgreSQL, in DuckDB and as a CSV file: every engine must
// reach the same verdict with the same element and unexpected counts for every rule.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDataset } from '../../shared/src/data/index.ts';
import { validateSqlDataset } from '../../shared/src/data/sql/index.ts';
import type { ValidationReport } from '../../shared/src/data/types.ts';
import { customersContract, generateCustomers } from '../fixtures/sql/generate.ts';
import { loadDuckDB, loadPostgres, writeCsv } from '../fixtures/sql/tables.ts';
import { type RunningPostgres, startPostgres } from '../support/servers.ts';

const ROWS = 4000;
const now = new Date('2024-03-12T00:00:00Z');
let data = generateCustomers(ROWS);
let server: RunningPostgres;
let dir: string;

/** Comparable essentials of each result, keyed by rule and column. */
function essentials(report: ValidationReport) {
  return Object.fromEntries(
    report.results.map((r) => [`${r.rule}:${r.column ?? ''}`, { passed: r.passed, element_count: r.element_count, unexpected_count: r.unexpected_count, rows: r.partial_unexpected_list.map((u) => u.row) }]),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-sql-diff-'));
  server = await startPostgres();
  // DuckDB and the CSV file get PostgreSQL's physical row order, so row numbers can agree too.
  data = await loadPostgres(server.connectionString, 'customers', data);
  await loadDuckDB(join(dir, 'customers.duckdb'), 'customers', data);
  writeCsv(join(dir, 'customers.csv'), data);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('differential: PostgreSQL, DuckDB and CSV agree', () => {
  let pgReport: ValidationReport;
  let duckReport: ValidationReport;
  let csvReport: ValidationReport;
  let csvParallel: ValidationReport;

  beforeAll(async () => {
    pgReport = await validateSqlDataset('customers', { ...customersContract, sql: { engine: 'postgres', 'url-env': 'DB', table: 'customers' } }, { env: { DB: server.connectionString }, now });
    duckReport = await validateSqlDataset('customers', { ...customersContract, sql: { engine: 'duckdb', database: 'customers.duckdb', table: 'customers' } }, { env: {}, now, workspace: dir });
    csvReport = await validateDataset('customers', { ...customersContract, path: 'customers.csv' }, { workspace: dir, now });
    // The same file on two worker threads over 16 KB byte ranges: counts merge across ranges.
    csvParallel = await validateDataset('customers', { ...customersContract, path: 'customers.csv' }, { workspace: dir, now, tuning: { workers: 2, parallelFromBytes: 0, rangeBytes: 16_384 } });
  }, 60_000);

  it('finds problems of every kind in the generated data', () => {
    const failed = new Set(pgReport.results.filter((r) => !r.passed).map((r) => r.rule));
    for (const rule of ['type', 'not-null', 'unique', 'min', 'max', 'values', 'pattern', 'length', 'duplicates'] as const) expect(failed, rule).toContain(rule);
    expect(pgReport.rows).toBe(ROWS);
    expect(pgReport.passed).toBe(false);
  });

  it('PostgreSQL and DuckDB give the same verdicts, counts and example rows', () => {
    expect(essentials(duckReport)).toEqual(essentials(pgReport));
    expect(duckReport.rows).toBe(pgReport.rows);
    expect(duckReport.passed).toBe(pgReport.passed);
  });

  it('the CSV file gives the same verdicts, counts and example rows as PostgreSQL', () => {
    expect(essentials(csvReport)).toEqual(essentials(pgReport));
    expect(csvReport.rows).toBe(pgReport.rows);
    expect(csvReport.passed).toBe(pgReport.passed);
  });

  it('the CSV file scanned in parallel byte ranges agrees too', () => {
    // Counts agree exactly. A repeat whose first occurrence lies in another byte range is only
    // found when the ranges merge, so those examples are not always the first 20 repeats.
    const withoutRepeatRows = (report: ValidationReport) =>
      Object.fromEntries(Object.entries(essentials(report)).map(([key, value]) => [key, key.startsWith('unique:') || key.startsWith('duplicates:') ? { ...value, rows: [] } : value]));
    expect(withoutRepeatRows(csvParallel)).toEqual(withoutRepeatRows(pgReport));
  });

  it('example values agree between engines (numbers as numbers, text as text)', () => {
    for (const [i, r] of pgReport.results.entries()) {
      expect(duckReport.results[i]!.partial_unexpected_list, `${r.rule}:${r.column}`).toEqual(r.partial_unexpected_list);
    }
  });
});
