// The two SQL dialects pushdown speaks (PostgreSQL, DuckDB): quoting, parameters,
// casts, regex matching and the physical row order that defines row numbers.

/** The typed form a value is compared in: what a contract type means in SQL. */
export type ValueKind = 'number' | 'text' | 'boolean' | 'date' | 'timestamp';

export interface Dialect {
  readonly engine: 'postgres' | 'duckdb';
  /** The expression that orders rows physically: row numbers are ranks in this order. */
  readonly rowOrder: string;
  /** Casts that never fail at run time (DuckDB TRY_CAST); PostgreSQL guards casts with CASE. */
  readonly safeCasts: boolean;
  cast(expr: string, kind: ValueKind): string;
  /** The value's text form. */
  text(expr: string): string;
  /** Text compared by code point, whatever the database's collation (as JavaScript compares). */
  binary(expr: string, kind: ValueKind): string;
  /** Number of characters (not bytes). */
  length(expr: string): string;
  /** True when `expr` contains a match of the regex in `pattern` (both SQL expressions). */
  matches(expr: string, pattern: string): string;
  /** Order-independent content checksum of every row (two aggregate expressions). */
  checksum(tableAlias: string): [string, string];
}

/** `"name"` with embedded quotes doubled: any string becomes exactly one identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const pgTypes: Record<ValueKind, string> = { number: 'numeric', text: 'text', boolean: 'boolean', date: 'date', timestamp: 'timestamptz' };
const duckTypes: Record<ValueKind, string> = { number: 'DOUBLE', text: 'VARCHAR', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMPTZ' };

export const postgres: Dialect = {
  engine: 'postgres',
  rowOrder: 'ctid',
  safeCasts: false,
  cast: (expr, kind) => `CAST(${expr} AS ${pgTypes[kind]})`,
  text: (expr) => `CAST(${expr} AS text)`,
  binary: (expr, kind) => (kind === 'text' ? `(${expr} COLLATE "C")` : expr),
  length: (expr) => `char_length(${expr})`,
  matches: (expr, pattern) => `(${expr} ~ ${pattern})`,
  // md5 of each row's text form, split into two signed 64-bit halves and summed as numeric:
  // exact, order-independent, and computed in the same scan as the rules.
  checksum: (alias) => {
    const md5 = `md5(CAST(ROW(${alias}.*) AS text))`;
    return [`sum(CAST(CAST(CAST('x' || substr(${md5}, 1, 16) AS bit(64)) AS bigint) AS numeric))`, `sum(CAST(CAST(CAST('x' || substr(${md5}, 17, 16) AS bit(64)) AS bigint) AS numeric))`];
  },
};

export const duckdb: Dialect = {
  engine: 'duckdb',
  rowOrder: 'rowid',
  safeCasts: true,
  cast: (expr, kind) => `TRY_CAST(${expr} AS ${duckTypes[kind]})`,
  text: (expr) => `CAST(${expr} AS VARCHAR)`,
  binary: (expr) => expr,
  length: (expr) => `length(${expr})`,
  matches: (expr, pattern) => `regexp_matches(${expr}, ${pattern})`,
  checksum: (alias) => {
    const text = `CAST(${alias} AS VARCHAR)`;
    return [`sum(CAST(md5_number_upper(${text}) AS HUGEINT))`, `sum(CAST(md5_number_lower(${text}) AS HUGEINT))`];
  },
};

/** Values bound as positional parameters ($1, $2, …): nothing from a spec is ever spliced into SQL. */
export class Params {
  readonly values: Array<string | number | boolean | null> = [];

  constructor(private readonly dialect: Dialect) {}

  /** Adds a value and returns its placeholder, cast to `kind` so both engines type it alike. */
  add(value: string | number | boolean | null, kind: ValueKind): string {
    this.values.push(value);
    const placeholder = `$${this.values.length}`;
    if (this.dialect.engine === 'postgres') return `CAST(${placeholder} AS ${pgTypes[kind]})`;
    return `CAST(${placeholder} AS ${duckTypes[kind]})`;
  }
}
