// What a contract column type means for a SQL column: which declared SQL types are
// compatible, how text values are checked for castability, and the typed expression
// value rules compare against.
import type { ColumnType } from '../types.ts';
import type { Dialect, ParamKind, Params, ValueKind } from './dialect.ts';

/** A SQL column type, reduced to what the rules care about. */
export type SqlFamily = 'integer' | 'decimal' | 'float' | 'text' | 'boolean' | 'date' | 'timestamp' | 'other';

export interface TableColumn {
  name: string;
  sqlType: string;
  family: SqlFamily;
}

/** Classifies a type name as information_schema reports it (PostgreSQL or DuckDB). */
export function sqlFamily(sqlType: string): SqlFamily {
  const t = sqlType.toLowerCase();
  if (/^(smallint|integer|bigint|hugeint|tinyint|int\d*|uinteger|ubigint|usmallint|utinyint|uhugeint)$/.test(t)) return 'integer';
  if (/^(numeric|decimal)/.test(t)) return 'decimal';
  if (/^(real|double|float)/.test(t)) return 'float';
  if (/^(text|varchar|character|char|bpchar|string|citext|name)/.test(t)) return 'text';
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t === 'date') return 'date';
  if (/^timestamp/.test(t)) return 'timestamp';
  return 'other';
}

/** Text forms accepted as each type (anchored; no surrounding whitespace). */
export const TEXT_FORMS = {
  integer: '^[-+]?[0-9]+$',
  number: '^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?$',
  date: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  timestamp: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?)?(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?$',
  boolean: ['true', 'false', '1', '0'],
  booleanTrue: ['true', '1'],
} as const;

const compatible: Record<ColumnType, SqlFamily[]> = {
  string: ['text'],
  integer: ['integer', 'decimal', 'float', 'text'],
  number: ['integer', 'decimal', 'float', 'text'],
  boolean: ['boolean', 'text'],
  date: ['date', 'text'],
  timestamp: ['timestamp', 'date', 'text'],
};

export function kindOf(type: ColumnType): ValueKind {
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'string') return 'text';
  return type;
}

/** The contract type a column is checked as when the contract declares none. */
export function inferredType(column: TableColumn, hint: { numericBounds: boolean }): ColumnType {
  switch (column.family) {
    case 'integer':
      return 'integer';
    case 'decimal':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    default:
      return hint.numericBounds ? 'number' : 'string';
  }
}

/** SQL expressions for one column under one contract type. */
export interface TypedColumn {
  /** The quoted column reference. */
  ref: string;
  /** The declared SQL type can hold the contract type at all. */
  compatible: boolean;
  /** Non-null value that is not a valid `type` (a boolean SQL expression), or null when none can be. */
  invalid(): string | null;
  /** The value as `kindOf(type)`, NULL when it is not a valid `type`. */
  typed(): string;
  /** The value's text form (for pattern, length and examples). */
  text: string;
  /** The parameter type to compare `typed()` with `value` in its native type (no per-row cast). */
  paramKind(value: string | number | boolean): ParamKind;
}

function textValid(type: ColumnType, ref: string, dialect: Dialect, params: Params): string {
  const re = (form: string) => dialect.matches(ref, params.add(form, 'text'));
  switch (type) {
    case 'string':
      return 'TRUE';
    case 'integer':
      return re(TEXT_FORMS.integer);
    case 'number':
      return re(TEXT_FORMS.number);
    case 'boolean':
      return `lower(${ref}) IN (${TEXT_FORMS.boolean.map((v) => params.add(v, 'text')).join(', ')})`;
    case 'date':
    case 'timestamp': {
      const shape = re(type === 'date' ? TEXT_FORMS.date : TEXT_FORMS.timestamp);
      if (dialect.safeCasts) return `(${shape} AND ${dialect.cast(ref, type)} IS NOT NULL)`;
      // PostgreSQL raises on 2024-02-30 or year 0: check the day against the month's length
      // only once the shape is known good (CASE evaluates in order; AND need not).
      const int = (from: number, len: number) => `CAST(substr(${ref}, ${from}, ${len}) AS integer)`;
      const lastDay = `CAST(extract(day FROM make_date(${int(1, 4)}, ${int(6, 2)}, 1) + interval '1 month' - interval '1 day') AS integer)`;
      return `(CASE WHEN ${shape} THEN (CASE WHEN ${int(1, 4)} > 0 THEN ${int(9, 2)} <= ${lastDay} ELSE FALSE END) ELSE FALSE END)`;
    }
  }
}

/** Builds `make` once, on first use: parameters are only bound when a query uses them. */
function once(make: () => string): () => string {
  let value: string | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/** Builds the expressions the rules need for `column` checked as contract `type`. */
export function typedColumn(column: TableColumn, type: ColumnType, dialect: Dialect, params: Params, quote: (name: string) => string): TypedColumn {
  const ref = quote(column.name);
  const kind = kindOf(type);
  const text = column.family === 'text' ? ref : dialect.text(ref);
  const none = () => null;
  const same = (): ParamKind => kind;
  if (!compatible[type].includes(column.family)) return { ref, compatible: false, invalid: () => `(${ref} IS NOT NULL)`, typed: () => 'NULL', text, paramKind: same };
  if (column.family === 'text') {
    if (type === 'string') return { ref, compatible: true, invalid: none, typed: () => ref, text, paramKind: same };
    const valid = once(() => textValid(type, ref, dialect, params));
    const typed = once(() =>
      type === 'boolean'
        ? `(CASE WHEN ${valid()} THEN lower(${ref}) IN (${TEXT_FORMS.booleanTrue.map((v) => params.add(v, 'text')).join(', ')}) END)`
        : `(CASE WHEN ${valid()} THEN ${dialect.cast(ref, kind)} END)`,
    );
    return { ref, compatible: true, invalid: () => `(${ref} IS NOT NULL AND NOT ${valid()})`, typed, text, paramKind: same };
  }
  if (kind === 'number') {
    // Numeric columns compare in their own type: an int column with an integer bound never
    // becomes numeric row by row.
    const paramKind = (value: string | number | boolean): ParamKind => {
      if (column.family === 'float') return 'float';
      return column.family === 'integer' && typeof value === 'number' && Number.isSafeInteger(value) ? 'integer' : 'number';
    };
    if (type === 'integer' && (column.family === 'decimal' || column.family === 'float')) {
      // A whole number stored in a fractional column is still an integer value.
      const whole = `(${ref} = trunc(${ref}))`;
      return { ref, compatible: true, invalid: () => `(${ref} IS NOT NULL AND NOT ${whole})`, typed: () => `(CASE WHEN ${whole} THEN ${ref} END)`, text, paramKind };
    }
    return { ref, compatible: true, invalid: none, typed: () => ref, text, paramKind };
  }
  const typed = column.family === 'boolean' || (column.family === 'date' && type === 'date') ? ref : dialect.cast(ref, kind);
  return { ref, compatible: true, invalid: none, typed: () => typed, text, paramKind: same };
}
