// The examples query: up to 20 unexpected rows per failing rule, each with its row number: the row's 1-based rank in the table's physical scan
// order (ctid order on PostgreSQL, rowid order on DuckDB, the returned order for a view).
import type { UnexpectedValue } from '../types.ts';
import { type Dialect, quoteIdent } from './dialect.ts';
import type { PlannedRule, SqlPlan } from './plan.ts';

export const MAX_EXAMPLES = 20;

/** Builds the query for the `failing` rules (those with a predicate and unexpected rows). */
export function examplesQuery(plan: SqlPlan, failing: PlannedRule[], dialect: Dialect, ordered: boolean): string {
  const p = plan.prefix;
  const name = (suffix: string) => quoteIdent(`${p}${suffix}`);
  const rn = name('rn');
  const t = name('_t');
  const numbered = `SELECT ${ordered ? dialect.rowNumber : 'row_number() OVER ()'} AS ${rn}, ${t}.* FROM ${plan.table} AS ${t}`;
  // unique/duplicates windows sort; they run over rows already numbered, so the number stays.
  const withWindows = (rules: PlannedRule[]) => {
    const windows = rules.flatMap((r) => (r.window ? [`${r.window.expr} AS ${quoteIdent(r.window.alias)}`] : []));
    return windows.length ? `SELECT *, ${windows.join(', ')} FROM (${numbered}) AS ${name('l0')}` : numbered;
  };
  const value = (r: PlannedRule) => dialect.text(r.example);
  if (dialect.streamsInScanOrder) {
    // Rows flow in scan order, so each rule's first 20 are the first 20 to pass its filter:
    // the scan stops there. A window sorts, so those rules order by row number instead.
    const branches = failing.map((r, i) => {
      const first = r.window ? `ORDER BY ${rn} LIMIT ${MAX_EXAMPLES}` : `LIMIT ${MAX_EXAMPLES}`;
      return `SELECT * FROM (SELECT ${i} AS ${name('b')}, ${rn}, ${value(r)} AS ${name('v')}__UNUSED__ FROM (${withWindows([r])}) AS ${name('l1')} WHERE ${r.predicate} ${first}) AS ${name(`t${i}`)}`;
    });
    const unused = plan.predicateParams.unused(branches.join('\n')).map((ref, i) => `, ${ref} AS ${name(`p${i}`)}`).join('');
    return `${branches.map((b) => b.replace('__UNUSED__', unused)).join('\nUNION ALL\n')}\nORDER BY ${rn}`;
  }
  // Otherwise only flagged rows (narrow: number, flags, values) are materialised, and each
  // rule takes its first 20 by row number from them (a top-N, no full sort).
  const flags = failing.map((r, i) => `coalesce(${r.predicate}, FALSE) AS ${name(`f${i}`)}, ${value(r)} AS ${name(`v${i}`)}`);
  const flagged = [
    'SELECT * FROM (',
    `  SELECT ${rn}, ${flags.join(', ')}__UNUSED__`,
    `  FROM (${withWindows(failing)}) AS ${name('l1')}`,
    `) AS ${name('l2')}`,
    `WHERE ${failing.map((_, i) => name(`f${i}`)).join(' OR ')}`,
  ].join('\n');
  // Every bound parameter must appear (typed) even when its rule is not failing.
  const unused = plan.predicateParams.unused(flagged).map((ref, i) => `, ${ref} AS ${name(`p${i}`)}`);
  const branches = failing.map(
    (_, i) => `SELECT * FROM (SELECT ${i} AS ${name('b')}, ${rn}, ${name(`v${i}`)} AS ${name('v')} FROM ${name('flagged')} WHERE ${name(`f${i}`)} ORDER BY ${rn} LIMIT ${MAX_EXAMPLES}) AS ${name(`t${i}`)}`,
  );
  return [`WITH ${name('flagged')} AS MATERIALIZED (`, flagged.replace('__UNUSED__', unused.join('')), ')', branches.join('\nUNION ALL\n'), `ORDER BY ${rn}`].join('\n');
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
