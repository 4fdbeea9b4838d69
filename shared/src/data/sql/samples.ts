// The examples query: up to 20 unexpected rows per failing rule, each with its row number: the row's 1-based rank in the table's physical scan
// order (ctid order on PostgreSQL, rowid order on DuckDB, the returned order for a view).
import type { UnexpectedValue } from '../types.ts';
import { type Dialect, quoteIdent } from './dialect.ts';
import type { PlannedRule, SqlPlan } from './plan.ts';

export const MAX_EXAMPLES = 20;

/**
 * Builds the query for the `failing` rules (those with a predicate and unexpected rows): one
 * `UNION ALL` branch per rule returning its first 20 rows. `numbering` is the SQL expression
 * of the row number (a window in scan order, or the row id + 1 when row ids are dense).
 */
export function examplesQuery(plan: SqlPlan, failing: PlannedRule[], dialect: Dialect, numbering: string): string {
  const p = plan.prefix;
  const name = (suffix: string) => quoteIdent(`${p}${suffix}`);
  const rn = name('rn');
  const t = name('_t');
  const numbered = `SELECT ${numbering} AS ${rn}, ${t}.* FROM ${plan.table} AS ${t}`;
  const branches = failing.map((r, i) => {
    // unique/duplicates windows sort; they run over rows already numbered, so the number stays.
    const source = r.window ? `SELECT *, ${r.window.expr} AS ${quoteIdent(r.window.alias)} FROM (${numbered}) AS ${name('l0')}` : numbered;
    // Where rows stream in scan order, the first 20 to pass the filter are the first 20 by
    // row number and the scan stops there; elsewhere a top-20 by row number.
    const first = dialect.streamsInScanOrder && !r.window ? `LIMIT ${MAX_EXAMPLES}` : `ORDER BY ${rn} LIMIT ${MAX_EXAMPLES}`;
    return `SELECT * FROM (SELECT ${i} AS ${name('b')}, ${rn}, ${dialect.text(r.example)} AS ${name('v')}__UNUSED__ FROM (${source}) AS ${name('l1')} WHERE ${r.predicate} ${first}) AS ${name(`t${i}`)}`;
  });
  // Every bound parameter must appear (typed) even when its rule is not failing.
  const unused = plan.predicateParams.unused(branches.join('\n')).map((ref, i) => `, ${ref} AS ${name(`p${i}`)}`).join('');
  return `${branches.map((b) => b.replace('__UNUSED__', unused)).join('\nUNION ALL\n')}\nORDER BY ${rn}`;
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
  const lists = new Map<PlannedRule, UnexpectedValue[]>(failing.map((r) => [r, []]));
  for (const row of rows) {
    // Each row comes from the branch of one rule; a row failing two rules comes twice.
    const i = Number(row[`${p}b`]);
    const rule = failing[i];
    const list = rule ? lists.get(rule)! : [];
    if (rule && list.length < MAX_EXAMPLES) list.push({ row: Number(row[`${p}rn`]), value: exampleValue(row[`${p}v`], rule.exampleAs) });
  }
  return lists;
}
