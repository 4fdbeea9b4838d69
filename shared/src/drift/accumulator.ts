// Builds a DatasetProfile in the scanner's single pass. The per-value path is on the
// hot path (tens of millions of calls): scanners resolve each column's own adder once
// (`numeric(i)` / `categorical(i)`), so a value is one monomorphic call; numeric work
// is batched (numeric-column.ts) and a numeric value never allocates. `add` with a
// column index remains for callers that hand over mixed values (JSON Lines, tests).
import type { ColumnType } from '../data/types.ts';
import { FrequentValues, trimCategories } from './frequent.ts';
import { NumericColumn } from './numeric-column.ts';
import type { CategoricalColumnProfile, CategoricalProfileSink, DatasetProfile, ProfileAccumulator, ProfileColumn } from './types.ts';

export function isNumericType(type: ColumnType): boolean {
  return type === 'integer' || type === 'number' || type === 'date' || type === 'timestamp';
}

class CategoricalColumn implements CategoricalProfileSink {
  count = 0;
  nulls = 0;
  trues = 0;
  falses = 0;
  readonly frequent = new FrequentValues();

  add(value: string): void {
    this.count++;
    this.frequent.add(value);
  }

  addCount(value: string, count: number): void {
    this.count += count;
    this.frequent.addCount(value, count);
  }

  orderFree(): boolean {
    return this.frequent.orderFree();
  }

  addBooleans(trues: number, falses: number): void {
    this.count += trues + falses;
    this.trues += trues;
    this.falses += falses;
  }

  takeBytesMany(buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number): number {
    this.count += count;
    return this.frequent.takeBytesMany(buf, starts, ends, count);
  }

  takeText(value: string): number {
    this.count++;
    return this.frequent.takeText(value);
  }

  passOver(count: number): void {
    this.count += count;
  }

  addNull(): void {
    this.nulls++;
  }

  expectValues(count: number): void {
    this.frequent.expectValues(count);
  }

  snapshot(type: ColumnType, rows: number): CategoricalColumnProfile {
    const counts = this.frequent.snapshot();
    const booleans: Array<[string, number]> = [];
    if (this.trues > 0) booleans.push(['true', this.trues]);
    if (this.falses > 0) booleans.push(['false', this.falses]);
    // A string 'true' and a boolean true are one category (trimCategories adds them up).
    const { top, offset } = trimCategories([...counts.top, ...booleans], counts.offset);
    return { kind: 'categorical', type, count: this.count, nulls: Math.max(this.nulls, rows - this.count), top, offset };
  }
}

class Accumulator implements ProfileAccumulator {
  private rows = 0;
  private readonly numericColumns: Array<NumericColumn | null>;
  private readonly categoricalColumns: Array<CategoricalColumn | null>;

  constructor(private readonly columns: ProfileColumn[]) {
    this.numericColumns = columns.map((c) => (isNumericType(c.type) ? new NumericColumn() : null));
    this.categoricalColumns = columns.map((c) => (isNumericType(c.type) ? null : new CategoricalColumn()));
  }

  numeric(columnIndex: number): NumericColumn | null {
    return this.numericColumns[columnIndex] ?? null;
  }

  categorical(columnIndex: number): CategoricalColumn | null {
    return this.categoricalColumns[columnIndex] ?? null;
  }

  add(columnIndex: number, value: number | string | boolean | null): void {
    const numeric = this.numericColumns[columnIndex];
    if (numeric) {
      if (typeof value === 'number') numeric.add(value);
      else numeric.addNull();
      return;
    }
    const categorical = this.categoricalColumns[columnIndex];
    if (!categorical) return;
    if (value === null) categorical.addNull();
    else if (typeof value === 'boolean') categorical.addBooleans(value ? 1 : 0, value ? 0 : 1);
    else categorical.add(typeof value === 'number' ? String(value) : value);
  }

  endRow(): void {
    this.rows++;
  }

  endRows(count: number): void {
    this.rows += count;
  }

  snapshot(): DatasetProfile {
    const columns: DatasetProfile['columns'] = {};
    this.columns.forEach((column, i) => {
      const state = this.numericColumns[i] ?? this.categoricalColumns[i]!;
      columns[column.name] = state.snapshot(column.type, this.rows);
    });
    return { version: 1, rows: this.rows, columns };
  }
}

/** A profile accumulator for `columns`, indexed as the scanner passes them. */
export function createProfileAccumulator(columns: ProfileColumn[]): ProfileAccumulator {
  return new Accumulator(columns);
}
