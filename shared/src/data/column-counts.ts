// What one column's rule checks produce, in a worker or in-process: counters, at most
// MAX_EXAMPLES examples per rule (rows local to the range) and the unique set's table.
// The shape ColumnCheck fills and merge, results and repeats read.
import type { UnexpectedValue } from './types.ts';

export const MAX_EXAMPLES = 20;

/** Thrown by a probing check once it has all the examples it can show. */
export class ProbeDone extends Error {
  constructor(readonly examples: UnexpectedValue[]) {
    super('probe done');
  }
}

export type ColumnRuleKey = 'type' | 'not-null' | 'min' | 'max' | 'values' | 'pattern' | 'length' | 'unique' | 'freshness';
/** In this order: a rule's index in ColumnCheck's counters. */
export const RULE_KEYS: ColumnRuleKey[] = ['type', 'not-null', 'min', 'max', 'values', 'pattern', 'length', 'unique', 'freshness'];

/** What a thread sends back for one column; rows in examples are local to its range. */
export interface ColumnCounts {
  nulls: number;
  nonNull: number;
  unexpected: Record<ColumnRuleKey, number>;
  examples: Record<ColumnRuleKey, UnexpectedValue[]>;
  /** Number of typed values and the newest one (freshness). */
  typed: number;
  latest: number;
  latestText: string | null;
  uniqueSlots: Uint32Array | null;
}

export function emptyRecord<T>(make: () => T): Record<ColumnRuleKey, T> {
  return { type: make(), 'not-null': make(), min: make(), max: make(), values: make(), pattern: make(), length: make(), unique: make(), freshness: make() };
}

export function emptyCounts(): ColumnCounts {
  return { nulls: 0, nonNull: 0, unexpected: emptyRecord(() => 0), examples: emptyRecord(() => []), typed: 0, latest: Number.NaN, latestText: null, uniqueSlots: null };
}
