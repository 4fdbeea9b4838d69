// SQL pushdown on a real PostgreSQL: each rule's counts and examples, typed and text
// columns, hostile names and values, and each bad input's error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSqlDataset } from '../../shared/src/data/sql/index.ts';
import type { DatasetContract, RuleResult } from '../../shared/src/data/types.ts';
import { datasetContract, loadValidSpec } from '../../shared/src/spec/index.ts';
import { loadPostgres, type TableData } from '../fixtures/sql/tables.ts';
import { fencedBlocks } from '../support/doc-examples.ts';
import { freePort, type RunningPostgres, startPostgres } from '../support/servers.ts';

const customers: TableData = {
  columns: { id: 'integer', name: 'text', age: 'text', plan: 'text', email: 'text', signup: 'text', spend: 'double precision', active: 'boolean', seen: 'timestamp' },
  rows: [
    [1, 'ann', '34', 'pro', 'ann@x.io', '2024-01-01', 10.5, true, '2024-03-01 10:00:00'],
    [2, 'bob', 'abc', 'gold', 'bob-at-x', '2024-02-30', -1, false, '2024-03-02 11:00:00'],
    [2, null, '17', null, null, null, null, null, null],
    [4, 'dee', '121', 'basic', 'dee@x.io', '2024-13-01', 3, true, '2024-02-01 00:00:00'],
    [5, 'e', '40', 'pro', 'e@x', '2024-02-29', 0, true, '2024-03-03 00:00:00'],
  ],
};

const contract: DatasetContract = {
  sql: { engine: 'postgres', 'url-env': 'PW_TEST_DB', table: 'customers' },
  strict: true,
  columns: {
    id: { type: 'integer', nullable: false, unique: true },
    name: { type: 'string', nullable: false, length: { min: 2, max: 10 } },
    age: { type: 'integer', min: 18, max: 120 },
    plan: { type: 'string', values: ['basic', 'pro', 'enterprise'] },
    email: { type: 'string', pattern: '^[^@]+@[^@]+$', mostly: 0.7 },
    signup: { type: 'date' },
    spend: { type: 'number', min: 0 },
    active: { type: 'boolean' },
  },
  checks: { 'row-count': { min: 3, max: 4 }, 'missing-rows': { max: 0.1 }, duplicates: { columns: ['id'], max: 0 }, freshness: { column: 'seen', 'max-age': '2d' } },
};

let server: RunningPostgres;
let env: NodeJS.ProcessEnv;

function rule(results: RuleResult[], name: string, column: string | null): RuleResult {
  const found = results.find((r) => r.rule === name && r.column === column);
  if (!found) throw new Error(`no ${name} result for ${column}`);
  return found;
}

beforeAll(async () => {
  server = await startPostgres();
  env = { PW_TEST_DB: server.connectionString };
  await loadPostgres(server.connectionString, 'customers', customers);
});

afterAll(async () => {
  await server?.stop();
});

describe('validateSqlDataset on PostgreSQL', () => {
  it('counts every rule with GE semantics and lists examples with row numbers', async () => {
    const report = await validateSqlDataset('customers', contract, { env, now: new Date('2024-03-04T00:00:00Z') });
    expect(report.rows).toBe(5);
    expect(report.path).toBe('postgres:public.customers');
    expect(report.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const r = report.results;
    // GE: both rows holding id 2 are unexpected; the example is the repeat.
    expect(rule(r, 'unique', 'id')).toMatchObject({ passed: false, element_count: 5, unexpected_count: 2, partial_unexpected_list: [{ row: 3, value: 2 }] });
    expect(rule(r, 'not-null', 'name')).toMatchObject({ passed: false, element_count: 5, unexpected_count: 1, unexpected_percent: 20, partial_unexpected_list: [{ row: 3, value: null }] });
    expect(rule(r, 'length', 'name')).toMatchObject({ passed: false, element_count: 4, unexpected_count: 1, partial_unexpected_list: [{ row: 5, value: 'e' }] });
    // Nulls pass value rules; an uncastable value fails `type` only.
    expect(rule(r, 'type', 'age')).toMatchObject({ passed: false, element_count: 5, unexpected_count: 1, partial_unexpected_list: [{ row: 2, value: 'abc' }] });
    expect(rule(r, 'min', 'age')).toMatchObject({ passed: false, unexpected_count: 1, partial_unexpected_list: [{ row: 3, value: 17 }] });
    expect(rule(r, 'max', 'age')).toMatchObject({ passed: false, unexpected_count: 1, partial_unexpected_list: [{ row: 4, value: 121 }] });
    expect(rule(r, 'values', 'plan')).toMatchObject({ passed: false, element_count: 4, unexpected_count: 1, unexpected_percent: 25, partial_unexpected_list: [{ row: 2, value: 'gold' }] });
    // mostly 0.7: 1 of 4 non-null emails fails, 75% pass.
    expect(rule(r, 'pattern', 'email')).toMatchObject({ passed: true, element_count: 4, unexpected_count: 1, partial_unexpected_list: [{ row: 2, value: 'bob-at-x' }] });
    // 2024-02-30 and month 13 are not dates; 2024-02-29 is (a leap year).
    expect(rule(r, 'type', 'signup')).toMatchObject({ passed: false, element_count: 4, unexpected_count: 2, partial_unexpected_list: [{ row: 2, value: '2024-02-30' }, { row: 4, value: '2024-13-01' }] });
    expect(rule(r, 'type', 'spend')).toMatchObject({ passed: true, element_count: 4, unexpected_count: 0 });
    expect(rule(r, 'min', 'spend')).toMatchObject({ passed: false, unexpected_count: 1, partial_unexpected_list: [{ row: 2, value: -1 }] });
    expect(rule(r, 'type', 'active')).toMatchObject({ passed: true, element_count: 4 });
    expect(rule(r, 'row-count', null)).toMatchObject({ passed: false, element_count: 5, observed: '5 rows' });
    expect(rule(r, 'missing-rows', null)).toMatchObject({ passed: false, element_count: 5, unexpected_count: 1, partial_unexpected_list: [{ row: 3, value: null }] });
    expect(rule(r, 'duplicates', null)).toMatchObject({ passed: false, unexpected_count: 1, partial_unexpected_list: [{ row: 3, value: '2' }] });
    expect(rule(r, 'freshness', 'seen')).toMatchObject({ passed: true, element_count: 4, unexpected_count: 2, observed: 'latest 2024-03-03 00:00:00+00' });
    expect(rule(r, 'strict', null)).toMatchObject({ passed: false, observed: 'undeclared columns: seen' });
    expect(report.passed).toBe(false);
  });

  it('passes a clean contract and fingerprints the content, not the order of rows', async () => {
    const clean: DatasetContract = { sql: contract.sql, columns: { id: { type: 'integer', nullable: false } }, checks: { 'row-count': { min: 1 } } };
    const first = await validateSqlDataset('customers', clean, { env });
    expect(first.passed).toBe(true);
    expect(first.results.every((x) => x.passed)).toBe(true);
    // The same table in another database, rows loaded in reverse: same fingerprint.
    const admin = new pg.Client({ connectionString: server.connectionString });
    await admin.connect();
    await admin.query('CREATE DATABASE copy');
    await admin.end();
    const copyUrl = server.connectionString.replace(/\/postgres$/, '/copy');
    await loadPostgres(copyUrl, 'customers', { ...customers, rows: [...customers.rows].reverse() });
    const reversed = await validateSqlDataset('customers', clean, { env: { PW_TEST_DB: copyUrl } });
    expect(reversed.fingerprint).toBe(first.fingerprint);
    // One value changed: another fingerprint.
    await loadPostgres(copyUrl, 'customers', { ...customers, rows: customers.rows.map((row, i) => (i === 4 ? [...row.slice(0, 6), 0.5, ...row.slice(7)] : row)) });
    const changed = await validateSqlDataset('customers', clean, { env: { PW_TEST_DB: copyUrl } });
    expect(changed.fingerprint).not.toBe(first.fingerprint);
    expect((await validateSqlDataset('customers', clean, { env })).fingerprint).toBe(first.fingerprint);
  });

  it('checks text booleans and timestamps, exact lengths, failing mostly, stale data and warn severity', async () => {
    await loadPostgres(server.connectionString, 'events', {
      columns: { flag: 'text', at: 'text', code: 'varchar(10)', day: 'date' },
      rows: [
        ['TRUE', '2024-03-01T10:00:00Z', 'AB', '2024-01-05'],
        ['0', '2024-03-01 10:00:00+02:00', 'ABC', '2024-01-06'],
        ['yes', '2024-02-30T10:00:00Z', 'A', null],
        [null, '2024-03-01T24:00:00Z', 'CD', '2023-12-31'],
      ],
    });
    const report = await validateSqlDataset(
      'events',
      {
        sql: { ...contract.sql!, table: 'events' },
        columns: { flag: { type: 'boolean', values: [true] }, at: { type: 'timestamp', max: '2024-03-01T09:00:00Z' }, code: { length: 2, mostly: 0.6, severity: 'warn' }, day: { type: 'date', min: '2024-01-01' } },
        checks: { freshness: { column: 'day', 'max-age': '30d' } },
      },
      { env, now: new Date('2024-03-01T00:00:00Z') },
    );
    const r = report.results;
    expect(rule(r, 'type', 'flag')).toMatchObject({ element_count: 3, unexpected_count: 1, partial_unexpected_list: [{ row: 3, value: 'yes' }] });
    expect(rule(r, 'values', 'flag')).toMatchObject({ unexpected_count: 1, partial_unexpected_list: [{ row: 2, value: '0' }] });
    expect(rule(r, 'type', 'at')).toMatchObject({ unexpected_count: 2, partial_unexpected_list: [{ row: 3, value: '2024-02-30T10:00:00Z' }, { row: 4, value: '2024-03-01T24:00:00Z' }] });
    // 10:00Z is after the bound; 10:00+02:00 is 08:00Z, within it.
    expect(rule(r, 'max', 'at')).toMatchObject({ unexpected_count: 1, partial_unexpected_list: [{ row: 1, value: '2024-03-01T10:00:00Z' }] });
    // 2 of 4 lengths are not 2: 50% pass < mostly 60%; a warn rule does not fail the dataset.
    expect(rule(r, 'length', 'code')).toMatchObject({ passed: false, severity: 'warn', unexpected_count: 2, expected: 'length 2' });
    expect(rule(r, 'min', 'day')).toMatchObject({ unexpected_count: 1, partial_unexpected_list: [{ row: 4, value: '2023-12-31' }] });
    expect(rule(r, 'freshness', 'day')).toMatchObject({ passed: false, element_count: 3, unexpected_count: 3, observed: 'latest 2024-01-06 00:00:00+00' });
    const onlyWarn = await validateSqlDataset('events', { sql: { ...contract.sql!, table: 'events' }, columns: { code: { length: 2, severity: 'warn' } } }, { env });
    expect(onlyWarn.passed).toBe(true);
  });

  it('fingerprints a table whose column types have no hash function (json) through their text', async () => {
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    await client.query(`CREATE TABLE docs AS SELECT i AS id, CAST('{"k": ' || i || '}' AS json) AS body FROM generate_series(1, 100) AS g(i)`);
    await client.end();
    const report = await validateSqlDataset('docs', { sql: { ...contract.sql!, table: 'docs' }, columns: { id: { type: 'integer', unique: true } } }, { env });
    expect(report).toMatchObject({ passed: true, rows: 100 });
    expect(report.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('checks declared SQL types for compatibility with the contract type', async () => {
    const report = await validateSqlDataset('customers', { sql: contract.sql, columns: { active: { type: 'integer' }, id: { type: 'string' }, spend: { type: 'integer' } } }, { env });
    expect(rule(report.results, 'type', 'active')).toMatchObject({ passed: false, element_count: 4, unexpected_count: 4, expected: "integer (the column's SQL type is boolean)" });
    expect(rule(report.results, 'type', 'id')).toMatchObject({ passed: false, unexpected_count: 5 });
    // 10.5 and -1 … only 10.5 is not a whole number.
    expect(rule(report.results, 'type', 'spend')).toMatchObject({ passed: false, unexpected_count: 1, partial_unexpected_list: [{ row: 1, value: 10.5 }] });
  });

  it('never lets a column name or a value from the spec inject SQL', async () => {
    const hostile = `x"; DROP TABLE customers; --`;
    const value = `'); DROP TABLE customers; --`;
    const table = `hostile"; DROP TABLE customers; --`;
    await loadPostgres(server.connectionString, table, { columns: { [hostile]: 'text' }, rows: [[value], ['ok'], ["it's"]] });
    const report = await validateSqlDataset('hostile', { sql: { ...contract.sql!, table }, columns: { [hostile]: { values: [value, "it's"], pattern: "^[a-z' ]+$", length: { max: 40 } } } }, { env });
    expect(rule(report.results, 'values', hostile)).toMatchObject({ unexpected_count: 1, partial_unexpected_list: [{ row: 2, value: 'ok' }] });
    expect(rule(report.results, 'pattern', hostile)).toMatchObject({ unexpected_count: 1, partial_unexpected_list: [{ row: 1, value }] });
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    const { rows } = await client.query("SELECT count(*)::int AS n FROM customers");
    await client.end();
    expect(rows[0].n).toBe(5);
  });

  it('reports a missing environment variable, table and column clearly', async () => {
    await expect(validateSqlDataset('customers', contract, { env: {} })).rejects.toThrow('environment variable PW_TEST_DB is not set');
    await expect(validateSqlDataset('x', { sql: { ...contract.sql!, table: 'nope' } }, { env })).rejects.toThrow(/table 'nope' not found in postgres 127\.0\.0\.1:\d+\/postgres/);
    await expect(validateSqlDataset('x', { sql: contract.sql, columns: { agee: { min: 1 } } }, { env })).rejects.toThrow(/columns\.agee: column 'agee' not found in table public\.customers \(columns: 'id', 'name'/);
    await expect(validateSqlDataset('x', { sql: contract.sql, columns: { age: { type: 'integer', min: 'old' } } }, { env })).rejects.toThrow('columns.age.min: expected a number, found "old"');
    await expect(validateSqlDataset('x', { sql: contract.sql, columns: { email: { pattern: '([a-z]' } } }, { env })).rejects.toThrow(/^columns\.email\.pattern: postgres cannot use the regex \/\(\[a-z\]\/: invalid regular expression/);
  });

  it('names host:port of an unreachable server and never the password', async () => {
    const port = await freePort();
    const error = await validateSqlDataset('customers', contract, { env: { PW_TEST_DB: `postgres://app:s3cr3t-pw@127.0.0.1:${port}/db` } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`cannot reach postgres 127.0.0.1:${port}/db: ECONNREFUSED (is the server running and the URL's host and port right?)`);
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message, stack: (error as Error).stack })).not.toContain('s3cr3t');
    await expect(validateSqlDataset('customers', contract, { env: { PW_TEST_DB: 'not a url s3cr3t' } })).rejects.toThrow(/^environment variable PW_TEST_DB does not hold a valid PostgreSQL URL/);
  });

  it('runs the example spec in docs/sql-pushdown.md', async () => {
    const example = fencedBlocks('sql-pushdown.md', 'yaml')[0]!.text;
    const dir = mkdtempSync(join(tmpdir(), 'pw-sql-doc-'));
    try {
      writeFileSync(join(dir, 'pipewright.yaml'), example);
      const loaded = await loadValidSpec(join(dir, 'pipewright.yaml'));
      const report = await validateSqlDataset('customers_db', datasetContract(loaded.spec, 'customers_db'), { env: { DATABASE_URL: server.connectionString } });
      expect(report.rows).toBe(5);
      expect(rule(report.results, 'type', 'age')).toMatchObject({ unexpected_count: 1, partial_unexpected_list: [{ row: 2, value: 'abc' }] });
      expect(rule(report.results, 'pattern', 'email')).toMatchObject({ passed: true, unexpected_count: 1 });
      expect(rule(report.results, 'duplicates', null)).toMatchObject({ passed: false, unexpected_count: 1 });
      expect(report.passed).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('numbers the rows of a view in the order the view returns them', async () => {
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    await client.query('CREATE OR REPLACE VIEW young AS SELECT id, age FROM customers ORDER BY id DESC');
    await client.end();
    const report = await validateSqlDataset('young', { sql: { ...contract.sql!, table: 'young' }, columns: { age: { type: 'integer' } } }, { env });
    expect(rule(report.results, 'type', 'age')).toMatchObject({ unexpected_count: 1 });
    expect(rule(report.results, 'type', 'age').partial_unexpected_list[0]!.value).toBe('abc');
  });

  it('numbers rows by ctid rank on a large table with reused page space, without sorting', async () => {
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    await client.query(`CREATE TABLE big AS SELECT i AS id, CASE WHEN i % 997 = 0 THEN 'bad' ELSE 'ok-' || repeat('x', i % 40) END AS note FROM generate_series(1, 300000) AS g(i)`);
    // Free space in early pages, then new short rows: they land there, out of insertion order.
    await client.query('DELETE FROM big WHERE id % 7 = 0');
    await client.query('VACUUM big');
    await client.query(`INSERT INTO big SELECT 400000 + i, CASE WHEN i % 3 = 0 THEN 'bad' ELSE 'ok' END FROM generate_series(1, 20000) AS g(i)`);
    const expected = await client.query(`SELECT rn FROM (SELECT row_number() OVER (ORDER BY ctid) AS rn, note FROM big) s WHERE note = 'bad' ORDER BY rn LIMIT 20`);
    const lastBad = await client.query(`SELECT rn FROM (SELECT row_number() OVER (ORDER BY ctid) AS rn, id FROM big) s WHERE id = 400003`);
    await client.end();
    const report = await validateSqlDataset('big', { sql: { ...contract.sql!, table: 'big' }, columns: { note: { pattern: '^ok', mostly: 0.5 }, id: { max: 400002 } } }, { env });
    expect(rule(report.results, 'pattern', 'note').partial_unexpected_list.map((u) => u.row)).toEqual(expected.rows.map((r) => Number(r.rn)));
    // The late insert sits among the early rows: row numbers follow pages, not insertion.
    expect(Number(lastBad.rows[0].rn)).toBeLessThan(100_000);
    expect(rule(report.results, 'max', 'id').partial_unexpected_list[0]!.row).toBe(Number(lastBad.rows[0].rn));
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(validateSqlDataset('customers', contract, { env, signal: controller.signal })).rejects.toThrow(/abort/i);
  });
});
