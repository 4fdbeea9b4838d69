// SQL pushdown benchmark: a 12-rule contract on a generated table in PostgreSQL and DuckDB,
// as Pipewright's single aggregation scan versus one query per rule (how dbt runs tests),
// in the same run. Prints times and ratios. Usage: pnpm exec tsx bench/sql-pushdown.bench.ts [rows]
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { connectDuckDB } from '../shared/src/data/sql/duckdb.ts';
import { connectPostgres } from '../shared/src/data/sql/postgres.ts';
import { type SqlConnection, validateOnConnection } from '../shared/src/data/sql/run.ts';
import type { DatasetContract } from '../shared/src/data/types.ts';
import { startPostgres } from '../test/support/servers.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const dataDir = new URL('./.data/', import.meta.url).pathname;

// Nulls, bad values and a repeated id at fixed strides, so every rule has work to do.
const generate = (rows: number) => `SELECT i AS id,
  CASE WHEN i % 50 = 0 THEN NULL ELSE 10 + (i * 7) % 120 END AS age,
  (ARRAY['basic','pro','enterprise','gold'])[1 + (i % 4)] AS plan,
  CASE WHEN i % 97 = 0 THEN 'no-at-sign' ELSE 'user' || i || '@example.com' END AS email,
  CASE WHEN i % 333 = 0 THEN 'n/a' ELSE CAST(i % 1000 AS VARCHAR) END AS score,
  CAST((i % 10000) AS DOUBLE PRECISION) / 7 - 10 AS spend,
  CASE WHEN i % 40 = 0 THEN NULL ELSE 'name' || (i % 5000) END AS name,
  CASE WHEN i % 3 = 0 THEN TRUE ELSE FALSE END AS active,
  CASE WHEN i % 60 = 0 THEN NULL ELSE 'c' || (i % 77) END AS code,
  CAST('2024-01-01' AS DATE) + CAST(i % 300 AS INTEGER) AS signup
  FROM generate_series(1, ${rows}) AS g(i)`;

const contract: DatasetContract = {
  columns: {
    id: { type: 'integer', nullable: false, unique: true },
    name: { nullable: false },
    code: { nullable: false },
    age: { type: 'integer', min: 18, max: 120 },
    plan: { values: ['basic', 'pro', 'enterprise'] },
    email: { pattern: '^[^@]+@[^@]+$' },
    score: { type: 'integer' },
  },
  checks: { 'row-count': { min: 1000 } },
};

/** The same 12 rules as separate queries, one scan each (what running 12 dbt tests does). */
function perRuleQueries(regex: (col: string, re: string) => string): string[] {
  return [
    'SELECT count(*) FROM t WHERE id IS NULL',
    'SELECT count(*) FROM t WHERE name IS NULL',
    'SELECT count(*) FROM t WHERE code IS NULL',
    'SELECT count(*) FROM t WHERE age < 18',
    'SELECT count(*) FROM t WHERE age > 120',
    "SELECT count(*) FROM t WHERE plan NOT IN ('basic', 'pro', 'enterprise')",
    `SELECT count(*) FROM t WHERE NOT ${regex('email', '^[^@]+@[^@]+$')}`,
    `SELECT count(*) FROM t WHERE NOT ${regex('score', '^[-+]?[0-9]+$')}`,
    'SELECT count(*) FROM t WHERE id IS NOT NULL AND CAST(id AS text) IS NULL',
    'SELECT count(*) FROM t WHERE age IS NOT NULL AND CAST(age AS text) IS NULL',
    'SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM t WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1) g',
    'SELECT count(*) FROM t',
  ];
}

/** Runs the contract on `connection`, timing each statement by phase. */
async function phases(connection: SqlConnection, sql: DatasetContract['sql']) {
  const spent = { describe: 0, scan: 0, grouping: 0, examples: 0 };
  const timed: SqlConnection = {
    dialect: connection.dialect,
    where: connection.where,
    close: () => connection.close(),
    async query(text, params) {
      const start = performance.now();
      const rows = await connection.query(text, params);
      // Order of statements: describe, scan, grouping, then (settings and) examples.
      const phase = text.includes('information_schema') ? 'describe' : spent.scan === 0 ? 'scan' : text.startsWith('SELECT (SELECT') ? 'grouping' : 'examples';
      spent[phase] += (performance.now() - start) / 1000;
      return rows;
    },
  };
  const [total, report] = await time(() => validateOnConnection('t', { ...contract, sql }, timed, new Date()));
  await connection.close();
  const failed = report.results.filter((r) => !r.passed).length;
  return { total, spent, results: report.results.length, failed };
}

function print(engine: string, load: number, perRule: number, run: Awaited<ReturnType<typeof phases>>): void {
  const { spent } = run;
  const counts = spent.scan + spent.grouping;
  console.log(`${engine}: ${ROWS.toLocaleString('en-US')} rows, 10 columns (load ${load.toFixed(1)} s); ${run.results} results, ${run.failed} failed`);
  console.log(`  pipewright: aggregation scan ${spent.scan.toFixed(3)} s + unique/duplicates ${spent.grouping.toFixed(3)} s + examples ${spent.examples.toFixed(3)} s = ${run.total.toFixed(3)} s total`);
  console.log(`  one count query per rule (12 queries): ${perRule.toFixed(3)} s`);
  console.log(`  counts only, per-rule / pushdown: ${(perRule / counts).toFixed(2)}x; with examples: ${(perRule / run.total).toFixed(2)}x`);
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [(performance.now() - start) / 1000, value];
}

async function benchPostgres(): Promise<void> {
  const server = await startPostgres();
  try {
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    const [load] = await time(() => client.query(`CREATE TABLE t AS ${generate(ROWS)}`));
    await client.query('VACUUM ANALYZE t');
    const [perRule] = await time(async () => {
      for (const sql of perRuleQueries((c, re) => `${c} ~ '${re}'`)) await client.query(sql);
    });
    await client.end();
    const env = { DB: server.connectionString };
    const sql = { engine: 'postgres' as const, 'url-env': 'DB', table: 't' };
    await phases(await connectPostgres(env, 'DB'), sql);
    print('postgres', load, perRule, await phases(await connectPostgres(env, 'DB'), sql));
  } finally {
    await server.stop();
  }
}

async function benchDuckDB(): Promise<void> {
  type Connection = { run(sql: string): Promise<unknown>; closeSync(): void };
  const { DuckDBInstance } = createRequire(new URL('../shared/package.json', import.meta.url))('@duckdb/node-api') as {
    DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<Connection>; closeSync(): void }> };
  };
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'sql-pushdown.duckdb');
  rmSync(file, { force: true });
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  const [load] = await time(() => connection.run(`CREATE TABLE t AS ${generate(ROWS).replace('generate_series(1, ', 'range(1, 1 + ').replace('AS g(i)', 'AS g(i)')}`));
  const [perRule] = await time(async () => {
    for (const sql of perRuleQueries((c, re) => `regexp_matches(${c}, '${re}')`)) await connection.run(sql.replace('AS text', 'AS VARCHAR'));
  });
  connection.closeSync();
  instance.closeSync();
  const sql = { engine: 'duckdb' as const, database: 'sql-pushdown.duckdb', table: 't' };
  await phases(await connectDuckDB(sql.database, dataDir), sql);
  print('duckdb', load, perRule, await phases(await connectDuckDB(sql.database, dataDir), sql));
}

await benchPostgres();
await benchDuckDB();
