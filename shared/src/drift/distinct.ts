// Exact value counts for numeric columns with few distinct values (ages, ratings,
// counts): an open-addressing hash table of doubles, given up for good on the first
// value past DISTINCT_CAPACITY. Low-cardinality columns then compare exactly at any size.

/** Numeric columns keep exact value counts up to this many distinct values. */
export const DISTINCT_CAPACITY = 256;
const SLOTS = DISTINCT_CAPACITY * 2;

// One scratch word to read a double's bits; JS runs each accumulator on one thread.
const scratch = new Float64Array(1);
const words = new Int32Array(scratch.buffer);

export class DistinctCounts {
  size = 0;
  overflow = false;
  private readonly keys = new Float64Array(SLOTS);
  private readonly counts = new Float64Array(SLOTS);

  add(value: number): void {
    // +0 and -0 are one value, as in numpy.
    const x = value + 0;
    const slot = this.slotOf(x);
    const count = this.counts[slot]!;
    if (count > 0) {
      this.counts[slot] = count + 1;
      return;
    }
    if (this.size === DISTINCT_CAPACITY) {
      this.overflow = true;
      return;
    }
    this.keys[slot] = x;
    this.counts[slot] = 1;
    this.size++;
  }

  /**
   * `add` for values[0, count), stopping at the overflow (after which counts are
   * dropped): returns how many were counted (count, or the index of the overflowing value).
   */
  addMany(values: Float64Array, count: number): number {
    for (let i = 0; i < count; i++) {
      this.add(values[i]!);
      if (this.overflow) return i;
    }
    return count;
  }

  /** The values held (ascending) and their counts, in `values` and `counts`; returns how many. */
  entries(values: Float64Array, counts: Float64Array): number {
    let n = 0;
    for (let i = 0; i < SLOTS; i++) if (this.counts[i]! > 0) values[n++] = this.keys[i]!;
    // A typed array sorts numerically; keys are never NaN and +0 stands for -0.
    values.subarray(0, n).sort();
    for (let i = 0; i < n; i++) counts[i] = this.counts[this.slotOf(values[i]!)]!;
    return n;
  }

  /** The slot holding x, or the empty slot where it would go. */
  private slotOf(x: number): number {
    scratch[0] = x;
    let slot = (Math.imul(words[0]! ^ Math.imul(words[1]!, 0x9e3779b1), 0x85ebca6b) >>> 23) & (SLOTS - 1);
    while (this.counts[slot]! !== 0 && this.keys[slot] !== x) slot = (slot + 1) & (SLOTS - 1);
    return slot;
  }
}
