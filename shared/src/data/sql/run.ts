// Runs a compiled contract on an open connection: describe the table, one aggregation
// scan, one grouping query, and (only when something is unexpected) one examples query.
import { createHash } from 'node:crypto';
import type { DatasetContract, RuleResult, ValidationReport } from '../types.ts';
import { sqlFamily, type TableColumn } from './columns.ts';
import { type Dialect, quoteIdent } from './dialect.ts';
import { excerpt } from '../../errors.ts';
import { SqlContractError, SqlSourceError } from './errors.ts';
import { type PlannedRule, planSql, type Totals } from './plan.ts';
import { collectExamples, examplesQuery } from './samples.ts';

/** What both engines offer: parameterised queries returning plain rows. */
export interface SqlConnection {
  readonly dialect: Dialect;
  /** `postgres 127.0.0.1:5432/app` or `duckdb data/warehouse.duckdb`: never a password. */
  readonly where: string;
  query(sql: string, params?: ReadonlyArray<string | number | boolean | null>): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface DescribedTable {
  schema: string;
  table: string;
  columns: TableColumn[];
  /** Base tables have a physical order; views do not. */
  ordered: boolean;
}

/** Reads the table's columns and declared types from information_schema. */
export async function describeTable(connection: SqlConnection, table: string, schema: string | undefined): Promise<DescribedTable> {
  const rows = await connection.query(
    `SELECT c.table_schema AS s, c.column_name AS n, c.data_type AS t, tb.table_type AS k
     FROM information_schema.columns c
     JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_catalog = c.table_catalog
     WHERE c.table_schema = coalesce($1, current_schema()) AND c.table_name = $2
     ORDER BY c.ordinal_position`,
    [schema ?? null, table],
  );
  if (rows.length === 0) {
    const shown = schema ? `${schema}.${table}` : table;
    throw new SqlSourceError('sql-table', `table '${shown}' not found in ${connection.where} (expected a table or view named '${table}'${schema ? ` in schema '${schema}'` : ' in the current schema'})`);
  }
  return {
    schema: String(rows[0]!.s),
    table,
    columns: rows.map((r) => ({ name: String(r.n), sqlType: String(r.t), family: sqlFamily(String(r.t)) })),
    ordered: /TABLE/i.test(String(rows[0]!.k)) && !/VIEW/i.test(String(rows[0]!.k)),
  };
}

function totalsOf(row: Record<string, unknown>, rowsAlias: string): Totals {
  const get = (alias: string) => {
    const value = row[alias];
    return value === null || value === undefined ? 0 : Number(value);
  };
  return { rows: get(rowsAlias), get, text: (alias) => (row[alias] === null || row[alias] === undefined ? null : String(row[alias])) };
}

function decideRule(rule: PlannedRule, totals: Totals): RuleResult {
  const element = totals.get(rule.elements);
  const unexpected = rule.unexpected ? totals.get(rule.unexpected) : 0;
  const decided = rule.decide?.(totals);
  let passed: boolean;
  if (decided) passed = decided.passed;
  else if (rule.mostly !== undefined) passed = element === 0 || (element - unexpected) / element >= rule.mostly;
  else passed = unexpected === 0;
  const result: RuleResult = {
    rule: rule.rule,
    column: rule.column,
    severity: rule.severity,
    passed,
    element_count: element,
    unexpected_count: unexpected,
    unexpected_percent: element > 0 ? (unexpected / element) * 100 : 0,
    partial_unexpected_list: [],
    expected: rule.expected,
  };
  if (decided?.observed) result.observed = decided.observed;
  return result;
}

/**
 * The table's fingerprint: sha256 over the engine, the qualified table name, each column's
 * name and declared type, the row count and the order-independent sum of every row's hash.
 */
export function tableFingerprint(engine: string, described: DescribedTable, rows: number, checksum: { method: string; value: string | null }): string {
  const canonical = JSON.stringify({
    engine,
    table: `${described.schema}.${described.table}`,
    columns: described.columns.map((c) => [c.name, c.sqlType]),
    rows,
    checksum: [checksum.method, checksum.value ?? '0'],
  });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

/** Each regex compiled once by the engine first, so a bad one names its column. */
async function checkPatterns(contract: DatasetContract, connection: SqlConnection): Promise<void> {
  for (const [name, spec] of Object.entries(contract.columns ?? {})) {
    if (spec.pattern === undefined) continue;
    try {
      await connection.query(`SELECT ${connection.dialect.matches("''", 'CAST($1 AS VARCHAR)')} AS ok`, [spec.pattern]);
    } catch (error) {
      const detail = (error as Error).message.replace(`${connection.where}: `, '');
      throw new SqlContractError(`columns.${name}.pattern: ${connection.dialect.engine} cannot use the regex /${excerpt(spec.pattern)}/: ${excerpt(detail)}`);
    }
  }
}

/** Validates `contract` against the table its `sql:` names, on `connection`. */
export async function validateOnConnection(name: string, contract: DatasetContract, connection: SqlConnection, now: Date, signal?: AbortSignal): Promise<ValidationReport> {
  const started = performance.now();
  const source = contract.sql!;
  const described = await describeTable(connection, source.table, source.schema);
  signal?.throwIfAborted();
  const dialect = connection.dialect;
  const table = { sql: `${quoteIdent(described.schema)}.${quoteIdent(described.table)}`, display: `${described.schema}.${described.table}`, columns: described.columns, ordered: described.ordered };
  const plan = planSql(contract, table, dialect, now);
  await checkPatterns(contract, connection);
  const [scanRow] = await connection.query(plan.scan.sql, plan.scan.params);
  signal?.throwIfAborted();
  const row: Record<string, unknown> = { ...scanRow };
  if (plan.grouping) Object.assign(row, (await connection.query(plan.grouping.sql, plan.grouping.params))[0]);
  signal?.throwIfAborted();
  const totals = totalsOf(row, `${plan.prefix}rows`);
  const results = plan.rules.map((rule) => decideRule(rule, totals));
  const failing = plan.rules.filter((rule, i) => rule.predicate !== null && results[i]!.unexpected_count > 0);
  if (failing.length > 0) {
    for (const setting of dialect.scanOrderSettings) await connection.query(setting);
    const dense = plan.maxRowId !== null && dialect.denseRowNumber !== null && totals.get(plan.maxRowId) + 1 === totals.rows;
    const numbering = dense ? dialect.denseRowNumber! : described.ordered ? dialect.rowNumber : 'row_number() OVER ()';
    const examples = collectExamples(plan, failing, await connection.query(examplesQuery(plan, failing, dialect, numbering), plan.predicateParams.values));
    for (const [rule, list] of examples) results[plan.rules.indexOf(rule)]!.partial_unexpected_list = list;
  }
  const fingerprint = tableFingerprint(dialect.engine, described, totals.rows, { method: plan.checksum.method, value: totals.text(plan.checksum.alias) });
  return {
    dataset: name,
    path: `${dialect.engine}:${described.schema}.${described.table}`,
    fingerprint,
    rows: totals.rows,
    passed: results.every((r) => r.passed || r.severity === 'warn'),
    results,
    seconds: (performance.now() - started) / 1000,
  };
}
