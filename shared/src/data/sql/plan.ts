// Compiles a DatasetContract into one aggregation scan (every rule's counts, the row
// count and the content checksum), one grouping query (unique, duplicates), and the
// row-level predicates the examples query uses. Values from the spec become parameters.
import type { ColumnContract, ColumnType, DatasetContract, RuleName } from '../types.ts';
import { inferredType, kindOf, type TableColumn, TEXT_FORMS, typedColumn } from './columns.ts';
import { type Dialect, Params, quoteIdent, type ValueKind } from './dialect.ts';
import { excerpt, excerptList } from '../../errors.ts';
import { SqlContractError } from './errors.ts';

/** One rule to report; its counts come from the scan or the grouping query by alias. */
export interface PlannedRule {
  rule: RuleName;
  column: string | null;
  severity: 'error' | 'warn';
  expected: string;
  /** Alias of element_count in the scan: the column's non-null count or the row count. */
  elements: string;
  /** Alias of unexpected_count in the scan or grouping query; null when the rule has none. */
  unexpected: string | null;
  /** Rules that `mostly` applies to carry it. */
  mostly?: number;
  /** Row-level predicate for examples; null for rules without row examples. */
  predicate: string | null;
  /** The example value (text form), or NULL. */
  example: string;
  /** How to turn the example's text back into a value. */
  exampleAs?: 'number' | 'boolean';
  /** Extra window expression the predicate refers to as `window` (unique, duplicates). */
  window?: { alias: string; expr: string };
  /** Table rules decide from the totals. */
  decide?: (totals: Totals) => { passed: boolean; observed?: string };
}

export interface Totals {
  rows: number;
  get(alias: string): number;
  text(alias: string): string | null;
}

export interface SqlPlan {
  table: string;
  /** Prefix of every alias we add; no table column starts with it. */
  prefix: string;
  scan: { sql: string; params: Params['values'] };
  grouping: { sql: string; params: Params['values'] } | null;
  rules: PlannedRule[];
  /** Params used by predicates (shared by the examples query, which repeats them). */
  predicateParams: Params;
  checksum: { alias: string; method: string };
  /** Alias of the largest row id, when the engine has row ids and the source is a table. */
  maxRowId: string | null;
}

const VALUE_RULES = new Set<RuleName>(['type', 'min', 'max', 'values', 'pattern', 'length']);

function aliasPrefix(columns: TableColumn[]): string {
  let prefix = '__pw';
  for (let i = 1; columns.some((c) => c.name.toLowerCase().startsWith(prefix)); i++) prefix = `__pw${i}`;
  return prefix;
}

/** Converts a bound from the spec into a parameter of the column's kind, or says why not. */
function boundValue(value: unknown, kind: ValueKind, where: string): string | number | boolean {
  if (kind === 'number') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) throw new SqlContractError(`${where}: expected a number, found ${excerpt(JSON.stringify(value) ?? String(value))}`);
    return n;
  }
  if (kind === 'boolean') {
    if (typeof value === 'boolean') return value;
    const text = String(value).toLowerCase();
    if ((TEXT_FORMS.boolean as readonly string[]).includes(text)) return (TEXT_FORMS.booleanTrue as readonly string[]).includes(text);
    throw new SqlContractError(`${where}: expected true or false, found ${excerpt(JSON.stringify(value) ?? String(value))}`);
  }
  if (kind === 'date' || kind === 'timestamp') {
    const text = String(value);
    if (!new RegExp(kind === 'date' ? TEXT_FORMS.date : TEXT_FORMS.timestamp).test(text)) {
      throw new SqlContractError(`${where}: expected an ISO 8601 ${kind} (2024-01-31${kind === 'timestamp' ? 'T12:00:00Z' : ''}), found ${excerpt(JSON.stringify(value) ?? String(value))}`);
    }
    return text;
  }
  return String(value);
}

function exampleKind(column: TableColumn): PlannedRule['exampleAs'] {
  if (column.family === 'integer' || column.family === 'decimal' || column.family === 'float') return 'number';
  return column.family === 'boolean' ? 'boolean' : undefined;
}

function lengthBounds(length: ColumnContract['length']): { min?: number; max?: number } | undefined {
  if (length === undefined) return undefined;
  return typeof length === 'number' ? { min: length, max: length } : length;
}

/** `30d`, `12h`, `15m`, `90s`, `2w` in milliseconds. */
export function parseMaxAge(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(text.trim());
  if (!m) throw new SqlContractError(`checks.freshness.max-age: expected a duration like 30d, 12h, 15m, found '${excerpt(String(text))}'`);
  const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

/** Builds the plan for `contract` against the table's actual columns. */
export function planSql(contract: DatasetContract, table: { sql: string; display: string; columns: TableColumn[]; ordered: boolean }, dialect: Dialect, now: Date): SqlPlan {
  const prefix = aliasPrefix(table.columns);
  const rowAlias = `${prefix}_t`;
  const params = new Params(dialect);
  const select: string[] = [`count(*) AS ${quoteIdent(`${prefix}rows`)}`];
  const rules: PlannedRule[] = [];
  const grouping: string[] = [];
  let n = 0;
  const agg = (expr: string): string => {
    const alias = `${prefix}a${n++}`;
    select.push(`${expr} AS ${quoteIdent(alias)}`);
    return alias;
  };
  const countWhere = (predicate: string) => agg(`count(*) FILTER (WHERE ${predicate})`);
  const rowsAlias = `${prefix}rows`;
  // Windows run in the examples query, over rows already numbered in scan order.
  const order = ` ORDER BY ${quoteIdent(`${prefix}rn`)}`;
  const find = (name: string, where: string): TableColumn => {
    const column = table.columns.find((c) => c.name === name);
    if (!column) {
      const names = excerptList(table.columns.map((c) => `'${c.name}'`));
      throw new SqlContractError(`${where}: column '${name}' not found in table ${table.display} (columns: ${names})`);
    }
    return column;
  };

  for (const [name, spec] of Object.entries(contract.columns ?? {})) {
    const column = find(name, `columns.${name}`);
    const severity = spec.severity ?? 'error';
    const numericBounds = typeof spec.min === 'number' || typeof spec.max === 'number';
    const type: ColumnType = spec.type ?? inferredType(column, { numericBounds });
    const kind = kindOf(type);
    const c = typedColumn(column, type, dialect, params, quoteIdent);
    const nonnull = agg(`count(${c.ref})`);
    const exampleAs = exampleKind(column);
    // Bound and set rules compare numbers, so their examples are numbers even from a text column.
    const valueRule = (rule: RuleName, expected: string, predicate: string) => {
      const as = kind === 'number' && (rule === 'min' || rule === 'max' || rule === 'values') ? 'number' : exampleAs;
      rules.push({ rule, column: name, severity, expected, elements: nonnull, unexpected: countWhere(predicate), mostly: spec.mostly, predicate, example: c.text, exampleAs: as });
    };

    if (spec.type !== undefined) {
      const invalid = c.invalid();
      rules.push({
        rule: 'type',
        column: name,
        severity,
        expected: c.compatible ? type : `${type} (the column's SQL type is ${column.sqlType})`,
        elements: nonnull,
        unexpected: invalid ? countWhere(invalid) : null,
        mostly: spec.mostly,
        predicate: invalid,
        example: c.text,
        exampleAs,
      });
    }
    if (spec.nullable === false) {
      const predicate = `${c.ref} IS NULL`;
      rules.push({ rule: 'not-null', column: name, severity, expected: 'not null', elements: rowsAlias, unexpected: countWhere(predicate), predicate, example: 'NULL' });
    }
    if (spec.unique) {
      // GE counts every row whose value occurs more than once; the examples are the repeats
      // (second and later occurrences), as a streaming scan finds them.
      const alias = `${prefix}u${n++}`;
      const count = quoteIdent(`${prefix}n`);
      grouping.push(`(SELECT coalesce(sum(${count}), 0) FROM (SELECT count(*) AS ${count} FROM ${table.sql} WHERE ${c.ref} IS NOT NULL GROUP BY ${c.ref} HAVING count(*) > 1) AS ${quoteIdent(`${prefix}g`)}) AS ${quoteIdent(alias)}`);
      const window = { alias: `${prefix}w${n++}`, expr: `row_number() OVER (PARTITION BY ${c.ref}${order})` };
      rules.push({ rule: 'unique', column: name, severity, expected: 'unique', elements: nonnull, unexpected: alias, predicate: `(${c.ref} IS NOT NULL AND ${quoteIdent(window.alias)} > 1)`, example: c.text, exampleAs, window });
    }
    if (spec.min !== undefined) {
      const bound = boundValue(spec.min, kind, `columns.${name}.min`);
      valueRule('min', `>= ${bound}`, `(${dialect.binary(c.typed(), kind)} < ${params.add(bound, c.paramKind(bound))})`);
    }
    if (spec.max !== undefined) {
      const bound = boundValue(spec.max, kind, `columns.${name}.max`);
      valueRule('max', `<= ${bound}`, `(${dialect.binary(c.typed(), kind)} > ${params.add(bound, c.paramKind(bound))})`);
    }
    if (spec.values !== undefined) {
      const list = spec.values.map((v, i) => {
        const value = boundValue(v, kind, `columns.${name}.values[${i}]`);
        return params.add(value, c.paramKind(value));
      });
      const predicate = list.length === 0 ? `(${c.typed()} IS NOT NULL)` : `(${c.typed()} IS NOT NULL AND NOT (${c.typed()} IN (${list.join(', ')})))`;
      valueRule('values', `one of ${spec.values.join(', ')}`, predicate);
    }
    if (spec.pattern !== undefined) {
      valueRule('pattern', `matches /${spec.pattern}/`, `(${c.ref} IS NOT NULL AND NOT ${dialect.matches(c.text, params.add(spec.pattern, 'text'))})`);
    }
    const length = lengthBounds(spec.length);
    if (length) {
      const len = dialect.length(c.text);
      const parts: string[] = [];
      if (length.min !== undefined) parts.push(`${len} < ${params.add(boundValue(length.min, 'number', `columns.${name}.length.min`), 'number')}`);
      if (length.max !== undefined) parts.push(`${len} > ${params.add(boundValue(length.max, 'number', `columns.${name}.length.max`), 'number')}`);
      const expected = length.min === length.max ? `length ${length.min}` : `length ${length.min ?? 0}..${length.max ?? '∞'}`;
      valueRule('length', expected, parts.length ? `(${c.ref} IS NOT NULL AND (${parts.join(' OR ')}))` : 'FALSE');
    }
  }

  const checks = contract.checks ?? {};
  if (checks['row-count']) {
    const { min, max } = checks['row-count'];
    const expected = [min !== undefined ? `>= ${min}` : '', max !== undefined ? `<= ${max}` : ''].filter(Boolean).join(' and ');
    rules.push({
      rule: 'row-count',
      column: null,
      severity: 'error',
      expected: `${expected} rows`,
      elements: rowsAlias,
      unexpected: null,
      predicate: null,
      example: 'NULL',
      decide: (t) => ({ passed: (min === undefined || t.rows >= min) && (max === undefined || t.rows <= max), observed: `${t.rows} rows` }),
    });
  }
  if (checks['missing-rows']) {
    const share = checks['missing-rows'].max;
    const predicate = `(${table.columns.map((c) => `${quoteIdent(c.name)} IS NULL`).join(' OR ')})`;
    const alias = countWhere(predicate);
    rules.push({
      rule: 'missing-rows',
      column: null,
      severity: 'error',
      expected: `<= ${+(share * 100).toPrecision(6)}% of rows with a null`,
      elements: rowsAlias,
      unexpected: alias,
      predicate,
      example: 'NULL',
      decide: (t) => ({ passed: t.rows === 0 || t.get(alias) / t.rows <= share, observed: `${t.get(alias)} of ${t.rows} rows` }),
    });
  }
  if (checks.duplicates) {
    const keys = checks.duplicates.columns.map((k) => quoteIdent(find(k, 'checks.duplicates.columns').name));
    const max = checks.duplicates.max ?? 0;
    const alias = `${prefix}d${n++}`;
    const count = quoteIdent(`${prefix}n`);
    grouping.push(`(SELECT coalesce(sum(${count} - 1), 0) FROM (SELECT count(*) AS ${count} FROM ${table.sql} GROUP BY ${keys.join(', ')} HAVING count(*) > 1) AS ${quoteIdent(`${prefix}g`)}) AS ${quoteIdent(alias)}`);
    const window = { alias: `${prefix}w${n++}`, expr: `row_number() OVER (PARTITION BY ${keys.join(', ')}${order})` };
    const example = keys.length === 1 ? dialect.text(keys[0]!) : `concat_ws(', ', ${keys.map((k) => dialect.text(k)).join(', ')})`;
    rules.push({
      rule: 'duplicates',
      column: null,
      severity: 'error',
      expected: `<= ${max} duplicate rows on (${checks.duplicates.columns.join(', ')})`,
      elements: rowsAlias,
      unexpected: alias,
      predicate: `(${quoteIdent(window.alias)} > 1)`,
      example,
      window,
      decide: (t) => ({ passed: t.get(alias) <= max, observed: `${t.get(alias)} duplicate rows` }),
    });
  }
  if (checks.freshness) {
    const name = checks.freshness.column;
    const column = find(name, 'checks.freshness.column');
    const type = contract.columns?.[name]?.type === 'date' || column.family === 'date' ? 'date' : 'timestamp';
    const c = typedColumn(column, type, dialect, params, quoteIdent);
    const maxAge = checks.freshness['max-age'];
    const cutoff = new Date(now.getTime() - parseMaxAge(maxAge)).toISOString();
    const latest = agg(dialect.text(`max(${dialect.cast(c.typed(), 'timestamp')})`));
    const predicate = `(${dialect.cast(c.typed(), 'timestamp')} < ${params.add(cutoff, 'timestamp')})`;
    const nonnull = agg(`count(${c.typed()})`);
    rules.push({
      rule: 'freshness',
      column: name,
      severity: 'error',
      expected: `latest value within ${maxAge} (after ${cutoff})`,
      elements: nonnull,
      unexpected: countWhere(predicate),
      predicate,
      example: c.text,
      decide: (t) => {
        const value = t.text(latest);
        if (value === null) return { passed: false, observed: 'no values' };
        const time = Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
        return { passed: time >= Date.parse(cutoff), observed: `latest ${value}` };
      },
    });
  }
  if (contract.strict) {
    const declared = new Set(Object.keys(contract.columns ?? {}));
    const extra = table.columns.filter((c) => !declared.has(c.name)).map((c) => c.name);
    rules.push({
      rule: 'strict',
      column: null,
      severity: 'error',
      expected: 'only declared columns',
      elements: rowsAlias,
      unexpected: null,
      predicate: null,
      example: 'NULL',
      decide: () => ({ passed: extra.length === 0, observed: extra.length ? `undeclared columns: ${extra.join(', ')}` : `${table.columns.length} declared columns` }),
    });
  }

  const hash = dialect.checksum(quoteIdent(rowAlias), table.columns.map((c) => c.family));
  const checksum = { alias: agg(hash.sql), method: hash.method };
  const maxRowId = table.ordered && dialect.maxRowId ? agg(dialect.maxRowId) : null;
  for (const rule of rules) if (!VALUE_RULES.has(rule.rule)) delete rule.mostly;
  const from = `${table.sql} AS ${quoteIdent(rowAlias)}`;
  return {
    table: table.sql,
    prefix,
    scan: { sql: `SELECT ${select.join(',\n  ')}\nFROM ${from}`, params: params.values },
    grouping: grouping.length ? { sql: `SELECT ${grouping.join(',\n  ')}`, params: [] } : null,
    rules,
    predicateParams: params,
    checksum,
    maxRowId,
  };
}
