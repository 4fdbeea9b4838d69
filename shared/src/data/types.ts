// The dataset contract (the `datasets.<name>` section of the spec, keys as written
// there) and the shape of validation results (Great Expectations' result format).

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp';
export type DataFormat = 'csv' | 'jsonl' | 'parquet';

/** `datasets.<name>.columns.<column>` */
export interface ColumnContract {
  type?: ColumnType;
  nullable?: boolean;
  unique?: boolean;
  min?: number | string;
  max?: number | string;
  values?: Array<string | number | boolean>;
  pattern?: string;
  length?: { min?: number; max?: number } | number;
  /** Share of non-null values that must pass each value rule (GE `mostly`). */
  mostly?: number;
  /** `error` (default) fails the dataset; `warn` reports only. */
  severity?: 'error' | 'warn';
}

/** `datasets.<name>.checks` */
export interface TableChecks {
  'row-count'?: { min?: number; max?: number };
  'missing-rows'?: { max: number };
  duplicates?: { columns: string[]; max?: number };
  freshness?: { column: string; 'max-age': string };
}

/** `datasets.<name>.sql` */
export interface SqlSource {
  engine: 'postgres' | 'duckdb';
  /** Name of the environment variable that holds the connection URL (never the URL itself). */
  'url-env'?: string;
  /** DuckDB: a database file; omitted means in-memory. */
  database?: string;
  table: string;
  schema?: string;
}

/** `datasets.<name>` after `like:` has been resolved. */
export interface DatasetContract {
  path?: string;
  format?: DataFormat;
  strict?: boolean;
  columns?: Record<string, ColumnContract>;
  checks?: TableChecks;
  sql?: SqlSource;
}

/** Rule names as they appear in results. */
export type RuleName =
  | 'type'
  | 'not-null'
  | 'unique'
  | 'min'
  | 'max'
  | 'values'
  | 'pattern'
  | 'length'
  | 'row-count'
  | 'missing-rows'
  | 'duplicates'
  | 'freshness'
  | 'strict'
  | 'ragged-rows';

/** One unexpected value and the 1-based data row it came from (header excluded). */
export interface UnexpectedValue {
  row: number;
  value: unknown;
}

/** One rule's outcome, in Great Expectations' result format. */
export interface RuleResult {
  rule: RuleName;
  /** null for table-level rules */
  column: string | null;
  severity: 'error' | 'warn';
  passed: boolean;
  /** Rows the rule looked at (for value rules: non-null rows, per GE). */
  element_count: number;
  unexpected_count: number;
  /** 0–100, as GE reports it. */
  unexpected_percent: number;
  /** At most 20 examples. */
  partial_unexpected_list: UnexpectedValue[];
  /** What the rule expected, in words: `>= 18`, `one of basic, pro`. */
  expected?: string;
  /** What was observed, for table rules: `812 rows`. */
  observed?: string;
}

/** The sha256 fingerprint of one file, or of a directory/glob through its manifest. */
export interface DatasetFingerprint {
  /** `sha256:<hex>`: the file's hash, or the manifest's root hash. */
  digest: string;
  files: Array<{ path: string; sha256: string; bytes: number }>;
}

/** The report `pipewright validate` prints (JSON per the CLI contract). */
export interface ValidationReport {
  dataset: string;
  path: string;
  fingerprint: string;
  rows: number;
  passed: boolean;
  results: RuleResult[];
  files?: DatasetFingerprint['files'];
  seconds?: number;
}
