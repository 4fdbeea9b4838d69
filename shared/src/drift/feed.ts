// The byte scanner's side of a categorical profile column. Fields still point into the
// scanner's buffer, so they wait here as (start, end) pairs and reach the column in
// batches: its sampler then jumps straight to the values it picks instead of taking a
// call per value. `flush` must run before the buffer's bytes change (the CSV scanner
// flushes at the end of each scanned window, as it does for `unique`).
import type { CategoricalProfileSink } from './types.ts';

export const FEED_BATCH = 256;

export class CategoryFeed {
  private readonly starts = new Int32Array(FEED_BATCH);
  private readonly ends = new Int32Array(FEED_BATCH);
  private size = 0;
  private buf: Uint8Array | null = null;

  constructor(readonly sink: CategoricalProfileSink) {}

  /** The UTF-8 text buf[start, end). */
  addBytes(buf: Uint8Array, start: number, end: number): void {
    if (buf !== this.buf) {
      this.flush();
      this.buf = buf;
    }
    const n = this.size++;
    this.starts[n] = start;
    this.ends[n] = end;
    if (n + 1 === FEED_BATCH) this.flush();
  }

  /** A value the scanner has as a string (an unescaped field, a `values` string): in row order. */
  add(text: string): void {
    if (this.size > 0) this.flush();
    this.sink.add(text);
  }

  flush(): void {
    if (this.size === 0) return;
    this.sink.addBytesMany(this.buf!, this.starts, this.ends, this.size);
    this.size = 0;
  }
}
