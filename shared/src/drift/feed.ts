// A scanner's side of one profiled column: what the rules already parsed goes on to the
// column's adder (resolved once, so each value is one monomorphic call). String fields
// that still point into a byte scanner's buffer wait here as (start, end) pairs and
// reach the column in batches; once the column's category sampler skips values (an
// identifier, free text), the feed knows how many it will not look at and passes over
// those with a decrement, handing each picked value over as it comes. `flush` must run
// before the buffer's bytes change or another buffer is used (the CSV scanner flushes
// at the end of each scanned window, as it does for `unique`). A `values` rule's
// strings are counted here by their index in the rule's list, and handed over as
// counts: the column's counts do not depend on order while it holds a few distinct
// values, and any other string first waits for these counts.
import type { CategoricalProfileSink, NumericProfileSink, ProfileAccumulator } from './types.ts';

/** String fields batched before they reach the column, while it looks at every value. */
const FEED_BATCH = 256;
/** The first batch is short, as a numeric column's (see numeric-column.ts). */
const FIRST_BATCH = 16;

export class ColumnFeed {
  private readonly numeric: NumericProfileSink | null;
  private readonly categorical: CategoricalProfileSink | null;
  private readonly starts = new Int32Array(FEED_BATCH);
  private readonly ends = new Int32Array(FEED_BATCH);
  private size = 0;
  private buf: Uint8Array | null = null;
  /**
   * Batches end at this size: FIRST_BATCH, then FEED_BATCH, and 1 once the sampler
   * passes over values (each value it looks at is handed over at once, to learn how
   * many it passes over next).
   */
  private batchEnd = FIRST_BATCH;
  /** String values offered so far, and the one the sampler looks at next (values before it are passed over). */
  private offered = 0;
  private wanted = 0;
  /** Values the column has been handed or told about. */
  private reported = 0;
  /** A boolean column's values, not yet handed over. */
  private trues = 0;
  private falses = 0;
  /** Counts per `values` string, not yet handed over (null: hand each one over). */
  private valueCounts: Float64Array | null = null;
  private valueTexts: readonly string[] = [];
  private pendingValues = 0;

  constructor(profile: ProfileAccumulator, columnIndex: number) {
    this.numeric = profile.numeric(columnIndex);
    this.categorical = profile.categorical(columnIndex);
  }

  /** A parsed value (booleans as 1 or 0, counted here until `flush`); NaN, a value not of the column's type, counts as missing. */
  addNumber(value: number): void {
    if (this.numeric !== null) this.numeric.add(value);
    else if (value === 1) this.trues++;
    else if (value === 0) this.falses++;
    else this.categorical!.addNull();
  }

  /** The scanner's estimate of the rows its range holds. */
  expectRows(rows: number): void {
    this.categorical?.expectValues(rows);
  }

  addNull(): void {
    if (this.numeric !== null) this.numeric.addNull();
    else this.categorical!.addNull();
  }

  /** Lets `addValue` count the strings of a `values` rule by their index in `texts`. */
  countValues(texts: readonly string[]): void {
    if (this.categorical === null || texts.length === 0) return;
    this.valueTexts = texts;
    this.valueCounts = new Float64Array(texts.length);
  }

  /** The string texts[index] of the list given to `countValues`. */
  addValue(index: number, text: string): void {
    const counts = this.valueCounts;
    if (counts === null) {
      this.addText(text);
      return;
    }
    counts[index]!++;
    this.pendingValues++;
  }

  /** The UTF-8 text buf[start, end) of a string column. */
  addBytes(buf: Uint8Array, start: number, end: number): void {
    if (++this.offered < this.wanted) return;
    // `values` counts still pending go first at `flush`: while they are pending, counts do not depend on order.
    const n = this.size++;
    this.buf = buf;
    this.starts[n] = start;
    this.ends[n] = end;
    if (n + 1 === this.batchEnd) this.flush();
  }

  /** A string column's value the scanner has as a string (an escaped field, a `values` string): in row order. */
  addText(text: string): void {
    if (this.size > 0 || this.pendingValues > 0) this.flush();
    if (++this.offered < this.wanted) return;
    this.reportPassed(1);
    this.reported++;
    this.wantNext(this.categorical!.takeText(text));
  }

  flush(): void {
    if (this.pendingValues > 0) this.handOverValues();
    const size = this.size;
    this.reportPassed(size);
    if (size > 0) {
      this.size = 0;
      this.reported += size;
      this.wantNext(this.categorical!.takeBytesMany(this.buf!, this.starts, this.ends, size));
    }
    if (this.trues + this.falses > 0) {
      this.categorical!.addBooleans(this.trues, this.falses);
      this.trues = 0;
      this.falses = 0;
    }
  }

  /** Tells the column about the values passed over so far (all offered but the last `pending`). */
  private reportPassed(pending: number): void {
    const passed = this.offered - pending - this.reported;
    if (passed === 0) return;
    this.categorical!.passOver(passed);
    this.reported += passed;
  }

  /** The sampler passes over the `count` values after the last one offered. */
  private wantNext(count: number): void {
    this.wanted = this.offered + count + 1;
    this.batchEnd = count > 0 || this.batchEnd === 1 ? 1 : FEED_BATCH;
  }

  /**
   * Hands the counted `values` strings over as counts while the column's counts do not
   * depend on order; from the value that ends that on, one by one, and counts no more.
   */
  private handOverValues(): void {
    const counts = this.valueCounts!;
    const categorical = this.categorical!;
    this.pendingValues = 0;
    for (let i = 0; i < counts.length; i++) {
      let count = counts[i]!;
      counts[i] = 0;
      if (count > 0 && categorical.orderFree()) {
        categorical.addCount(this.valueTexts[i]!, count);
        continue;
      }
      for (; count > 0; count--) this.addText(this.valueTexts[i]!);
    }
    if (!categorical.orderFree()) this.valueCounts = null;
  }
}
