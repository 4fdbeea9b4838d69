// The two SQL dialects pushdown speaks (PostgreSQL, DuckDB): quoting, parameters,
// casts, regex matching and the physical row order that defines row numbers.

/** The typed form a value is compared in: what a contract type means in SQL. */
export type ValueKind = 'number' | 'text' | 'boolean' | 'date' | 'timestamp';
/** A parameter's SQL type: a value kind, or a native integer/float to compare a typed column without casting it. */
export type ParamKind = ValueKind | 'integer' | 'float';

export interface Dialect {
  readonly engine: 'postgres' | 'duckdb';
  /** The window that numbers rows in physical order (row numbers are ranks in this order). */
  readonly rowNumber: string;
  /** Session settings that make a plain scan return rows in physical order. */
  readonly scanOrderSettings: string[];
  /** Rows stream out of a scan in scan order (no parallel reordering): `LIMIT` takes the first. */
  readonly streamsInScanOrder: boolean;
  /**
   * When the table's row ids are dense (0 … rows-1, checked by `maxRowId` in the scan), the
   * row number is the row id + 1: no window, no sort.
   */
  readonly maxRowId: string | null;
  readonly denseRowNumber: string | null;
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
  /**
   * Order-independent content checksum of every row: an aggregate expression, and the name of
   * its method (part of the fingerprint, so methods never compare equal by accident).
   */
  checksum(tableAlias: string, families: readonly string[]): { sql: string; method: string };
}

/** `"name"` with embedded quotes doubled: any string becomes exactly one identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const pgTypes: Record<ParamKind, string> = { number: 'numeric', integer: 'bigint', float: 'double precision', text: 'text', boolean: 'boolean', date: 'date', timestamp: 'timestamptz' };
const duckTypes: Record<ParamKind, string> = { number: 'DOUBLE', integer: 'BIGINT', float: 'DOUBLE', text: 'VARCHAR', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMPTZ' };

export const postgres: Dialect = {
  engine: 'postgres',
  // With parallel workers off and synchronized scans off, a sequential scan returns rows in
  // ctid order from block 0 (PostgreSQL documents this for synchronize_seqscans): no sort.
  rowNumber: 'row_number() OVER ()',
  scanOrderSettings: ['SET max_parallel_workers_per_gather = 0', 'SET synchronize_seqscans = off'],
  streamsInScanOrder: true,
  maxRowId: null,
  denseRowNumber: null,
  safeCasts: false,
  cast: (expr, kind) => `CAST(${expr} AS ${pgTypes[kind]})`,
  text: (expr) => `CAST(${expr} AS text)`,
  binary: (expr, kind) => (kind === 'text' ? `(${expr} COLLATE "C")` : expr),
  length: (expr) => `char_length(${expr})`,
  matches: (expr, pattern) => `(${expr} ~ ${pattern})`,
  // A 64-bit hash of each row, summed exactly (int128 accumulator): order-free. The hash
  // functions are those hash partitioning relies on, so stable across versions. Hashing the
  // record field by field (PostgreSQL 14+) is ~3x faster than hashing its text, but needs a
  // hash function for every column type (json, point, xml have none): only known types.
  checksum: (alias, families) =>
    families.every((f) => f !== 'other')
      ? { sql: `sum(hash_record_extended(ROW(${alias}.*), 0))`, method: 'pg-record-hash-sum' }
      : { sql: `sum(hashtextextended(CAST(ROW(${alias}.*) AS text), 0))`, method: 'pg-text-hash-sum' },
};

/** PostgreSQL before 14 has no hash_record_extended: hash each row's text. */
export function postgresFor(versionNum: number): Dialect {
  if (versionNum >= 140000) return postgres;
  return { ...postgres, checksum: (alias) => ({ sql: `sum(hashtextextended(CAST(ROW(${alias}.*) AS text), 0))`, method: 'pg-text-hash-sum' }) };
}

export const duckdb: Dialect = {
  engine: 'duckdb',
  rowNumber: 'row_number() OVER (ORDER BY rowid)',
  scanOrderSettings: [],
  streamsInScanOrder: false,
  maxRowId: 'max(rowid)',
  denseRowNumber: 'rowid + 1',
  safeCasts: true,
  cast: (expr, kind) => `TRY_CAST(${expr} AS ${duckTypes[kind]})`,
  text: (expr) => `CAST(${expr} AS VARCHAR)`,
  binary: (expr) => expr,
  length: (expr) => `length(${expr})`,
  matches: (expr, pattern) => `regexp_matches(${expr}, ${pattern})`,
  // DuckDB's hash of the whole row (a struct): fast, stable within a DuckDB version.
  checksum: (alias) => ({ sql: `sum(CAST(hash(${alias}) AS HUGEINT))`, method: 'duckdb-hash-sum' }),
};

/** Values bound as positional parameters ($1, $2, …): nothing from a spec is ever spliced into SQL. */
export class Params {
  readonly values: Array<string | number | boolean | null> = [];
  readonly kinds: ParamKind[] = [];

  constructor(private readonly dialect: Dialect) {}

  /** Adds a value and returns its placeholder, cast to `kind` so both engines type it alike. */
  add(value: string | number | boolean | null, kind: ParamKind): string {
    this.values.push(value);
    this.kinds.push(kind);
    return this.placeholder(this.values.length, kind);
  }

  placeholder(index: number, kind: ParamKind): string {
    return `CAST($${index} AS ${this.dialect.engine === 'postgres' ? pgTypes[kind] : duckTypes[kind]})`;
  }

  /** Typed references to the parameters `sql` does not use: both engines need every one typed. */
  unused(sql: string): string[] {
    const used = new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    return this.kinds.flatMap((kind, i) => (used.has(i + 1) ? [] : [this.placeholder(i + 1, kind)]));
  }
}
