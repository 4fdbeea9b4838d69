// The drift profile of a `sql:` table (PostgreSQL through a cursor, DuckDB by pages) equals
// the profile of the same rows read from a CSV file, so drift-check can watch a table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDataset } from '../../shared/src/data/index.ts';
import { profileSqlDataset } from '../../shared/src/data/sql/index.ts';
import { compareProfiles } from '../../shared/src/drift/compare.ts';
import type { ColumnProfile, DatasetProfile } from '../../shared/src/drift/types.ts';
import { customersContract, generateCustomers } from '../fixtures/sql/generate.ts';
import { loadDuckDB, loadPostgres, writeCsv } from '../fixtures/sql/tables.ts';
import { type RunningPostgres, startPostgres } from '../support/servers.ts';

const ROWS = 3000;
let data = generateCustomers(ROWS);
let server: RunningPostgres;
let dir: string;
let csv: DatasetProfile;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-sql-profile-'));
  server = await startPostgres();
  data = await loadPostgres(server.connectionString, 'customers', data);
  await loadDuckDB(join(dir, 'customers.duckdb'), 'customers', data);
  writeCsv(join(dir, 'customers.csv'), data);
  csv = (await validateDataset('customers', { ...customersContract, path: 'customers.csv' }, { workspace: dir, profile: true })).profile!;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What a profile says of a column that does not depend on the order rows arrived in. */
function essentials(column: ColumnProfile) {
  if (column.kind === 'numeric') return { kind: column.kind, count: column.count, min: column.min, max: column.max, mean: column.mean === null ? null : +column.mean.toPrecision(10) };
  return { kind: column.kind, count: column.count, top: column.top.slice(0, 10) };
}

describe('profileSqlDataset', () => {
  for (const engine of ['postgres', 'duckdb'] as const) {
    it(`${engine}: the same counts, ranges and categories as the CSV of the same rows, and no drift against it`, async () => {
      const sql = engine === 'postgres' ? { engine, 'url-env': 'DB', table: 'customers' } : { engine, database: 'customers.duckdb', table: 'customers' };
      const profile = await profileSqlDataset('customers', { ...customersContract, sql }, { env: { DB: server.connectionString }, workspace: dir });
      expect(profile.rows).toBe(ROWS);
      const columns = Object.keys(csv.columns);
      expect(Object.keys(profile.columns).sort()).toEqual(columns.sort());
      for (const name of columns) {
        expect(essentials(profile.columns[name] as ColumnProfile), name).toEqual(essentials(csv.columns[name] as ColumnProfile));
      }
      const report = compareProfiles(csv, profile);
      expect(report.drifted).toBe(false);
      expect(report.columns.filter((c) => c.drifted)).toEqual([]);
    });
  }

  it('names the table when it is not there', async () => {
    const contract = { ...customersContract, sql: { engine: 'postgres' as const, 'url-env': 'DB', table: 'nowhere' } };
    await expect(profileSqlDataset('customers', contract, { env: { DB: server.connectionString } })).rejects.toThrow("table 'nowhere' not found");
  });
});
