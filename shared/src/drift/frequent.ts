// Bounded category counts for string and boolean columns: exact while a column has at
// most TRACK_CAPACITY distinct values, then a Misra-Gries summary with batched
// decrements (Agarwal et al., "Mergeable summaries", 2012). Every stored count is a
// lower bound and undercounts by at most `offset`; an untracked value occurred at
// most `offset` times.
//
// Speed: a column with many distinct values (ids, free text) would purge again and again.
// After every PURGES_PER_STRIDE purges the summary samples more sparsely: one value,
// chosen at random, from each block of `stride` values (up to MAX_STRIDE) counts with
// weight `stride`; a column whose first DISTINCT_CHECK values are all distinct samples
// at once when its scanner expects SPARSE_FROM_VALUES values or more, in blocks sized
// so that about SPARSE_COUNTED of its values are counted (at least MAX_STRIDE).
// Counts are then estimates (sampling noise plus the undercount that
// `offset` bounds) rather than lower bounds; such a column's summary is approximate
// anyway. Measured: the 5 most frequent values of a 200,000-value Zipf column with
// 50,000 distinct values come out within 10% (test/core/drift/frequent.test.ts).
import { ByteCounts } from './byte-counts.ts';

/** Distinct values tracked while scanning before a purge. */
export const TRACK_CAPACITY = 1024;
/** Categories kept in a profile (the rest are summed into `other`). */
export const KEEP_CATEGORIES = 256;
/** Longer values are stored as a prefix and a hash, so a profile stays small. */
export const MAX_CATEGORY_LENGTH = 120;
const PURGES_PER_STRIDE = 8;
/** The ramp's largest block; strides are powers of two. */
const MAX_STRIDE = 64;
/**
 * A column whose first DISTINCT_CHECK values are all distinct samples at once when its
 * scanner expects at least this many values, skipping the ramp's ~40,000 counted values.
 */
export const SPARSE_FROM_VALUES = 1 << 18;
/**
 * Values such a column counts, whatever its size: its blocks (its most frequent count,
 * for distinct values) stay under 1/4,096 of the values, far under the 0.1% by which
 * drift tells identifiers and free text from categories, and its cost stops growing
 * with the rows.
 */
export const SPARSE_COUNTED = 4096;

/**
 * 256 distinct values in a row: a column of at most TRACK_CAPACITY categories, which
 * is counted exactly, shows a repeat by then but with odds of 1.4e-14 (1,024 equally
 * frequent values: exp(-256 * 255 / 2048)); skewed columns repeat sooner.
 */
export const DISTINCT_CHECK = 256;
/** Distinct values counted in a small array before the byte table takes over. */
const FEW = 8;

/** The block length for a column sampled at once among `expected` values: a power of two. */
function sparseStride(expected: number): number {
  let stride = MAX_STRIDE;
  while (stride * 2 * SPARSE_COUNTED <= expected) stride *= 2;
  return stride;
}

export interface CategoryCounts {
  /** [value, count] sorted by count, descending, then value. */
  top: Array<[string, number]>;
  /** Upper bound of any count's undercount; 0 means the counts are exact. */
  offset: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class FrequentValues {
  /**
   * Most category columns (plans, countries, flags) hold a handful of values, often
   * the very same string objects (the scanner reuses a `values` rule's strings), which
   * `===` compares by pointer; fields from the CSV buffer compare with the values'
   * bytes. From the FEW + 1st distinct value on, the byte table counts them all.
   */
  private few: string[] | null = [];
  private readonly fewBytes: Uint8Array[] = [];
  private readonly fewCounts = new Float64Array(FEW);
  private readonly table = new ByteCounts(TRACK_CAPACITY + 1);
  private encoded = new Uint8Array(256);
  private offset = 0;
  private scratch = new Float64Array(TRACK_CAPACITY + 1);
  private purges = 0;
  private stride = 1;
  /** The stride from the next block on. */
  private nextStride = 1;
  /** The scanner's estimate of the column's values (0: none given). */
  private expected = 0;
  /** The first DISTINCT_CHECK values were all distinct (an identifier or free text, so far). */
  private allDistinct = false;
  private distinctChecked = false;
  private position = 0;
  private pick = 0;
  /** xorshift32 state, in a typed array: a uint32 held in a field would change the object's shape. */
  private readonly random = Uint32Array.of(0x2545f491);
  /** Values `add` and `addBytes` still pass over (see `takeText`). */
  private passing = 0;

  /**
   * Counts the next value if the sampler picks it, and returns how many of the values
   * right after it the sampler passes over (0 while it counts every value): the caller
   * hands those to nobody. A column is fed this way or by `add`/`addBytes`, not both.
   */
  takeText(value: string): number {
    // While the few are counted there has been no purge, so no sampling: weight 1.
    if (this.few !== null) {
      if (!this.countFew(value)) this.countString(value, 1);
    } else {
      const weight = this.weigh();
      if (weight !== 0) this.countString(value, weight);
    }
    return this.passOver();
  }

  /** `takeText` of the UTF-8 text buf[start, end), without making a string of it. */
  takeBytes(buf: Uint8Array, start: number, end: number): number {
    if (this.few !== null) {
      if (!this.countFewBytes(buf, start, end)) this.countBytes(buf, start, end, 1);
    } else {
      const weight = this.weigh();
      if (weight !== 0) this.countBytes(buf, start, end, weight);
    }
    return this.passOver();
  }

  /**
   * `takeBytes` of buf[starts[i], ends[i]) for i < count, in order, skipping the values
   * the sampler passes over; returns how many values after the last it passes over.
   */
  takeBytesMany(buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number): number {
    let i = 0;
    while (i < count) i += 1 + this.takeBytes(buf, starts[i]!, ends[i]!);
    return i - count;
  }

  /** One value, passing over it when the sampler does. */
  add(value: string): void {
    if (this.passing > 0) this.passing--;
    else this.passing = this.takeText(value);
  }

  /** `add` of the UTF-8 text buf[start, end). */
  addBytes(buf: Uint8Array, start: number, end: number): void {
    if (this.passing > 0) this.passing--;
    else this.passing = this.takeBytes(buf, start, end);
  }

  /** True while counts do not depend on the order values come in (the few stage). */
  orderFree(): boolean {
    return this.few !== null;
  }

  /** `add` of `value`, `count` times in a row; meant for the few stage, where order does not matter. */
  addCount(value: string, count: number): void {
    if (this.few !== null) {
      const i = this.few.indexOf(value);
      if (i >= 0) {
        this.fewCounts[i]! += count;
        return;
      }
      if (this.newFew(value, encoder.encode(value))) {
        this.fewCounts[this.few.length - 1] = count;
        return;
      }
    }
    // Past the few stage a weight is the same count only while nothing is sampled.
    if (this.stride === 1) this.countString(value, count);
    else for (let i = 0; i < count; i++) this.add(value);
  }

  /** The weight the next value counts with: 1, the stride for a block's pick, 0 for the others. */
  private weigh(): number {
    const weight = this.stride;
    if (weight === 1) return 1;
    const picked = this.position === this.pick;
    if (++this.position === weight) this.nextBlock();
    return picked ? weight : 0;
  }

  /**
   * Moves to the next value the sampler counts: past the values before a block's pick,
   * and past the rest of a block after it. Returns how many values it moved past; the
   * same blocks and random draws as weighing them one by one.
   */
  private passOver(): number {
    let passed = 0;
    while (this.stride !== 1 && this.position !== this.pick) {
      const target = this.position < this.pick ? this.pick : this.stride;
      passed += target - this.position;
      this.position = target;
      if (this.position === this.stride) this.nextBlock();
    }
    return passed;
  }

  /** Counts `value` among the few; false once it is one too many (they move to the table). */
  private countFew(value: string): boolean {
    const few = this.few!;
    for (let i = 0; i < few.length; i++) {
      if (few[i] === value) {
        this.fewCounts[i]!++;
        return true;
      }
    }
    return this.newFew(value, encoder.encode(value));
  }

  private countFewBytes(buf: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    const keys = this.fewBytes;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (key.length !== n) continue;
      let i = 0;
      while (i < n && key[i] === buf[start + i]) i++;
      if (i === n) {
        this.fewCounts[k]!++;
        return true;
      }
    }
    // A copy: the scanner's buffer changes (and a Buffer's `slice` would be a view).
    const bytes = Uint8Array.prototype.slice.call(buf, start, end);
    return this.newFew(decoder.decode(bytes), bytes);
  }

  private newFew(value: string, bytes: Uint8Array): boolean {
    const few = this.few!;
    if (few.length < FEW) {
      this.fewCounts[few.length] = 1;
      few.push(value);
      this.fewBytes.push(bytes);
      return true;
    }
    for (const [i, key] of this.fewBytes.entries()) this.table.add(key, 0, key.length, this.fewCounts[i]!);
    this.few = null;
    return false;
  }

  private countString(value: string, weight: number): void {
    // Worst case 3 bytes per UTF-16 code unit.
    if (this.encoded.length < value.length * 3) this.encoded = new Uint8Array(value.length * 3);
    const { written } = encoder.encodeInto(value, this.encoded);
    this.countBytes(this.encoded, 0, written, weight);
  }

  private countBytes(buf: Uint8Array, start: number, end: number, weight: number): void {
    const table = this.table;
    table.add(buf, start, end, weight);
    if (table.size > TRACK_CAPACITY) this.purge();
    else if (table.size === DISTINCT_CHECK && !this.distinctChecked) this.checkDistinct();
  }

  /** At the DISTINCT_CHECK-th key, before any purge or sampling: all distinct when every count is 1. */
  private checkDistinct(): void {
    this.distinctChecked = true;
    const counts = this.table.counts;
    let total = 0;
    for (let i = 0; i < DISTINCT_CHECK; i++) total += counts[i]!;
    this.allDistinct = total === DISTINCT_CHECK;
    this.sparseAtOnce();
  }

  private nextBlock(): void {
    this.position = 0;
    this.stride = this.nextStride;
    let x = this.random[0]!;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.random[0] = x;
    // Strides are powers of two: the low bits pick uniformly.
    this.pick = this.random[0]! & (this.stride - 1);
  }

  /** Subtracts the median count from every entry and drops the non-positive ones. */
  private purge(): void {
    const n = this.table.size;
    const counts = this.scratch.subarray(0, n);
    counts.set(this.table.counts.subarray(0, n));
    const cut = nthSmallest(counts, (n - 1) >>> 1);
    this.table.subtract(cut);
    this.offset += cut;
    if (++this.purges % PURGES_PER_STRIDE === 0 && this.nextStride < MAX_STRIDE) {
      // The block in progress ends with its own stride; the next one is twice as long.
      this.nextStride = this.stride * 2;
      if (this.stride === 1) this.nextBlock();
    }
  }

  /** One value in `stride` is counted, with weight `stride` (1: every value, exactly). */
  get sampling(): number {
    return this.stride;
  }

  /** A hint from the scanner: about `count` values in all. */
  expectValues(count: number): void {
    this.expected = count;
    this.sparseAtOnce();
  }

  private sparseAtOnce(): void {
    if (!this.allDistinct || this.expected < SPARSE_FROM_VALUES) return;
    const stride = sparseStride(this.expected);
    if (this.nextStride >= stride) return;
    this.nextStride = stride;
    if (this.stride === 1) this.nextBlock();
  }

  snapshot(): CategoryCounts {
    const entries: Array<[string, number]> = this.few ? this.few.map((v, i) => [v, this.fewCounts[i]!]) : this.table.entries();
    return trimCategories(
      entries.map(([v, c]) => [clampCategory(v), c]),
      this.offset,
    );
  }
}

/**
 * The k-th smallest of `values` (0-based), reordering them: Hoare's selection with a
 * median-of-three pivot and three-way partitions (counts repeat a lot). A purge needs
 * only the median, and a full sort of 1025 counts cost ~50 µs, more than the purge.
 */
export function nthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const a = values[lo]!;
    const b = values[(lo + hi) >>> 1]!;
    const c = values[hi]!;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    // values[lo, lt) < pivot, values[lt, i) === pivot, values(gt, hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const x = values[i]!;
      if (x < pivot) {
        values[i++] = values[lt]!;
        values[lt++] = x;
      } else if (x > pivot) {
        values[i] = values[gt]!;
        values[gt--] = x;
      } else {
        i++;
      }
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return values[k]!;
}

/** Keeps the KEEP_CATEGORIES largest counts; dropping a count raises the offset by it. */
export function trimCategories(entries: Array<[string, number]>, offset: number): CategoryCounts {
  const merged = new Map<string, number>();
  for (const [v, c] of entries) merged.set(v, (merged.get(v) ?? 0) + c);
  const top = [...merged.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (top.length <= KEEP_CATEGORIES) return { top, offset };
  const dropped = top[KEEP_CATEGORIES]![1];
  return { top: top.slice(0, KEEP_CATEGORIES), offset: offset + dropped };
}

/** Merges two summaries: counts add, offsets add (both are valid bounds). */
export function mergeCategories(a: CategoryCounts, b: CategoryCounts): CategoryCounts {
  return trimCategories([...a.top, ...b.top], a.offset + b.offset);
}

/** A long value becomes `prefix…#hash` (FNV-1a, 32 bit): still distinct with high probability. */
export function clampCategory(value: string): string {
  if (value.length <= MAX_CATEGORY_LENGTH) return value;
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${value.slice(0, MAX_CATEGORY_LENGTH - 10)}…#${(hash >>> 0).toString(16).padStart(8, '0')}`;
}
