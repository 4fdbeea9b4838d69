// Compiles a DatasetContract into a ScanPlan: plain data (it crosses worker threads)
// that says, per column, which rules run and with which typed bounds.
import { excerpt, InputError } from '../errors.ts';
import { parseText } from './parse-values.ts';
import type { ColumnContract, ColumnType, DatasetContract } from './types.ts';

export interface ColumnPlan {
  name: string;
  /** Declared type, or the type the bounds imply (`number` for numeric min/max, else string). */
  type: ColumnType;
  declaredType: boolean;
  severity: 'error' | 'warn';
  notNull: boolean;
  unique: boolean;
  /** Typed bounds: numbers for numeric types, epoch ms for dates, text for strings. */
  min: number | string | null;
  max: number | string | null;
  values: Array<number | string> | null;
  pattern: string | null;
  lengthMin: number | null;
  lengthMax: number | null;
  mostly: number | undefined;
  /** Stale-row cutoff (epoch ms) when this is the freshness column. */
  freshCutoff: number | null;
  /** Feed the drift profile. */
  profile: boolean;
  /**
   * Second pass for `unique` examples: the joined hash table; every value it marks as
   * repeated becomes an example (first occurrences too), in row order.
   */
  probe?: Uint32Array;
}

export interface ScanPlan {
  columns: ColumnPlan[];
  duplicateKey: string[] | null;
  /** Second pass for `duplicates` examples: the first pass's joined key table. */
  duplicateProbe?: Uint32Array;
  missingRows: boolean;
  profile: boolean;
}

const MAX_AGE = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30d`, `12h`, `15m`, `90s`, `2w`, `500ms` to milliseconds. */
export function parseMaxAge(text: string): number {
  const m = MAX_AGE.exec(String(text).trim());
  if (!m) throw new InputError('contract', `checks.freshness.max-age: expected a duration like 30d, 12h or 15m, found '${excerpt(String(text))}'`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

function typedBound(column: string, key: string, type: ColumnType, value: unknown): number | string {
  if (type === 'string') return String(value);
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value ? 1 : 0;
  }
  const parsed = typeof value === 'number' && type !== 'date' && type !== 'timestamp' ? value : parseText(type, String(value));
  if (Number.isNaN(parsed)) throw new InputError('contract', `columns.${column}.${key}: expected a ${type} value, found '${excerpt(String(value))}'`);
  return parsed;
}

function lengthBounds(length: ColumnContract['length']): { min: number | null; max: number | null } {
  if (length === undefined) return { min: null, max: null };
  if (typeof length === 'number') return { min: length, max: length };
  return { min: length.min ?? null, max: length.max ?? null };
}

/** The plan for `contract` at time `now` (freshness cutoffs are fixed here, once). */
export function planScan(contract: DatasetContract, options: { profile?: boolean; now?: Date } = {}): ScanPlan {
  const profile = options.profile === true;
  const now = (options.now ?? new Date()).getTime();
  const freshness = contract.checks?.freshness;
  const columns: ColumnPlan[] = [];
  for (const [name, spec] of Object.entries(contract.columns ?? {})) {
    const numericBounds = typeof spec.min === 'number' || typeof spec.max === 'number';
    const type: ColumnType = spec.type ?? (numericBounds ? 'number' : 'string');
    const length = lengthBounds(spec.length);
    columns.push({
      name,
      type,
      declaredType: spec.type !== undefined,
      severity: spec.severity ?? 'error',
      notNull: spec.nullable === false,
      unique: spec.unique === true,
      min: spec.min === undefined ? null : typedBound(name, 'min', type, spec.min),
      max: spec.max === undefined ? null : typedBound(name, 'max', type, spec.max),
      values: spec.values === undefined ? null : spec.values.map((v, i) => typedBound(name, `values[${i}]`, type, v)),
      pattern: spec.pattern ?? null,
      lengthMin: length.min,
      lengthMax: length.max,
      mostly: spec.mostly,
      freshCutoff: null,
      profile,
    });
  }
  if (freshness) {
    let column = columns.find((c) => c.name === freshness.column);
    if (!column) {
      column = { ...blankColumn(freshness.column), type: 'timestamp', profile: false };
      columns.push(column);
    }
    if (column.type !== 'date' && column.type !== 'timestamp') {
      throw new InputError('contract', `checks.freshness.column: '${excerpt(freshness.column)}' must be a date or timestamp column, found type ${column.type}`);
    }
    column.freshCutoff = now - parseMaxAge(freshness['max-age']);
  }
  for (const key of contract.checks?.duplicates?.columns ?? []) {
    if (!columns.some((c) => c.name === key)) columns.push({ ...blankColumn(key), profile: false });
  }
  return {
    columns,
    duplicateKey: contract.checks?.duplicates?.columns ?? null,
    missingRows: contract.checks?.['missing-rows'] !== undefined,
    profile,
  };
}

function blankColumn(name: string): ColumnPlan {
  return {
    name,
    type: 'string',
    declaredType: false,
    severity: 'error',
    notNull: false,
    unique: false,
    min: null,
    max: null,
    values: null,
    pattern: null,
    lengthMin: null,
    lengthMax: null,
    mostly: undefined,
    freshCutoff: null,
    profile: false,
  };
}
