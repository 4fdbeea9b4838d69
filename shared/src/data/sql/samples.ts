// The examples query: up to 20 unexpected rows per rule, in one pass over the table,
// each with its row number (the row's 1-based rank in the table's physical scan order:
// ctid on PostgreSQL, rowid on DuckDB).
import type { UnexpectedValue } from '../types.ts';
import { type Dialect, quoteIdent } from './dialect.ts';
import type { PlannedRule, SqlPlan } from './plan.ts';

export const MAX_EXAMPLES = 20;

/**
 * Builds the query. Every rule's flag is computed (so every bound parameter is used), but
 * only `failing` rules filter rows and get running counts.
 */
export function examplesQuery(plan: SqlPlan, failing: PlannedRule[], dialect: Dialect, ordered: boolean): string {
  const p = plan.prefix;
  const rn = quoteIdent(`${p}rn`);
  const withPredicate = plan.rules.filter((r) => r.predicate !== null);
  const flag = (r: PlannedRule) => quoteIdent(`${p}f${withPredicate.indexOf(r)}`);
  const value = (r: PlannedRule) => quoteIdent(`${p}v${withPredicate.indexOf(r)}`);
  const running = (r: PlannedRule) => quoteIdent(`${p}k${withPredicate.indexOf(r)}`);
  const windows = withPredicate.flatMap((r) => (r.window ? [`${r.window.expr} AS ${quoteIdent(r.window.alias)}`] : []));
  const order = ordered ? `ORDER BY ${dialect.rowOrder}` : '';
  const numbered = [`row_number() OVER (${order}) AS ${rn}`, ...windows, `${quoteIdent(`${p}_t`)}.*`].join(', ');
  const flags = withPredicate.map((r) => `coalesce(${r.predicate}, FALSE) AS ${flag(r)}, ${r.example} AS ${value(r)}`);
  const counts = failing.map((r) => `sum(CASE WHEN ${flag(r)} THEN 1 ELSE 0 END) OVER ${quoteIdent(`${p}win`)} AS ${running(r)}`);
  return [
    `SELECT * FROM (`,
    `  SELECT *, ${counts.join(', ')} FROM (`,
    `    SELECT ${rn}, ${flags.join(', ')}`,
    `    FROM (SELECT ${numbered} FROM ${plan.table} AS ${quoteIdent(`${p}_t`)}) AS ${quoteIdent(`${p}l1`)}`,
    `  ) AS ${quoteIdent(`${p}l2`)}`,
    `  WHERE ${failing.map(flag).join(' OR ')}`,
    `  WINDOW ${quoteIdent(`${p}win`)} AS (ORDER BY ${rn} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`,
    `) AS ${quoteIdent(`${p}l3`)}`,
    `WHERE ${failing.map((r) => `(${flag(r)} AND ${running(r)} <= ${MAX_EXAMPLES})`).join(' OR ')}`,
    `ORDER BY ${rn}`,
  ].join('\n');
}

function truthy(value: unknown): boolean {
  return value === true || value === 't' || value === 'true';
}

function exampleValue(text: unknown, as: PlannedRule['exampleAs']): unknown {
  if (text === null || text === undefined) return null;
  if (as === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : String(text);
  }
  if (as === 'boolean') return truthy(text);
  return String(text);
}

/** Splits the rows of the examples query into each failing rule's list. */
export function collectExamples(plan: SqlPlan, failing: PlannedRule[], rows: Array<Record<string, unknown>>): Map<PlannedRule, UnexpectedValue[]> {
  const p = plan.prefix;
  const withPredicate = plan.rules.filter((r) => r.predicate !== null);
  const lists = new Map<PlannedRule, UnexpectedValue[]>(failing.map((r) => [r, []]));
  for (const row of rows) {
    for (const rule of failing) {
      const i = withPredicate.indexOf(rule);
      const list = lists.get(rule)!;
      if (truthy(row[`${p}f${i}`]) && list.length < MAX_EXAMPLES) {
        list.push({ row: Number(row[`${p}rn`]), value: exampleValue(row[`${p}v${i}`], rule.exampleAs) });
      }
    }
  }
  return lists;
}
