const __pwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;
"use strict";

// shared/src/data/scan-worker.ts
var import_node_worker_threads = require("node:worker_threads");

// shared/src/data/csv-range.ts
var import_node_fs2 = require("node:fs");

// shared/src/drift/byte-counts.ts
var decoder = new TextDecoder();
function mixWord(word) {
  const k = Math.imul(word, 3432918353);
  return Math.imul(k << 15 | k >>> 17, 461845907);
}
function hashKey(buf, start, end) {
  let h = 2538058380 ^ end - start;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h ^= mixWord(buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 | buf[i + 3] << 24);
    h = h << 13 | h >>> 19;
    h = Math.imul(h, 5) + 3864292196 | 0;
  }
  let tail = 0;
  for (let shift = 0; i < end; i++, shift += 8) tail |= buf[i] << shift;
  h ^= mixWord(tail);
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  return h ^ h >>> 16;
}
var ByteCounts = class {
  /** Room for `capacity` keys; the index stays at most a quarter full, so probes are short. */
  constructor(capacity) {
    this.capacity = capacity;
    /** Number of keys. */
    this.size = 0;
    this.arena = new Uint8Array(1 << 16);
    this.used = 0;
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(capacity * 4)));
    this.mask = this.slots.length - 1;
    this.counts = new Float64Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
  }
  /** Adds `weight` to the key buf[start, end); the caller purges before `size` passes capacity. */
  add(buf, start, end, weight) {
    const hash = hashKey(buf, start, end);
    let slot = hash & this.mask;
    for (; ; ) {
      const entry2 = this.slots[slot] - 1;
      if (entry2 < 0) break;
      if (this.hashes[entry2] === hash && this.equals(entry2, buf, start, end)) {
        this.counts[entry2] += weight;
        return;
      }
      slot = slot + 1 & this.mask;
    }
    const entry = this.size++;
    const length = end - start;
    if (this.used + length > this.arena.length) this.growArena(length);
    const arena = this.arena;
    const at = this.used - start;
    for (let i = start; i < end; i++) arena[at + i] = buf[i];
    this.starts[entry] = this.used;
    this.lengths[entry] = length;
    this.used += length;
    this.hashes[entry] = hash;
    this.counts[entry] = weight;
    this.slots[slot] = entry + 1;
  }
  equals(entry, buf, start, end) {
    const length = end - start;
    if (this.lengths[entry] !== length) return false;
    const arena = this.arena;
    const at = this.starts[entry] - start;
    for (let i = start; i < end; i++) if (arena[at + i] !== buf[i]) return false;
    return true;
  }
  growArena(extra) {
    const grown = new Uint8Array(Math.max(this.arena.length * 2, this.used + extra));
    grown.set(this.arena.subarray(0, this.used));
    this.arena = grown;
  }
  /**
   * Subtracts `cut` from every count and drops the keys left at or below zero. Kept
   * keys move down in the arena (entries stay in arena order) and the index is rebuilt.
   */
  subtract(cut) {
    let kept = 0;
    let used = 0;
    for (let e = 0; e < this.size; e++) {
      const count = this.counts[e];
      if (count <= cut) continue;
      const start = this.starts[e];
      const length = this.lengths[e];
      this.arena.copyWithin(used, start, start + length);
      this.starts[kept] = used;
      this.lengths[kept] = length;
      this.hashes[kept] = this.hashes[e];
      this.counts[kept] = count - cut;
      used += length;
      kept++;
    }
    this.size = kept;
    this.used = used;
    if (this.arena.length > 4 * Math.max(used, 1 << 16)) this.arena = this.arena.slice(0, 2 * Math.max(used, 1 << 15));
    this.slots.fill(0);
    for (let e = 0; e < kept; e++) {
      let slot = this.hashes[e] & this.mask;
      while (this.slots[slot] !== 0) slot = slot + 1 & this.mask;
      this.slots[slot] = e + 1;
    }
  }
  /** [key, count] pairs, keys decoded from UTF-8. */
  entries() {
    const out = [];
    for (let e = 0; e < this.size; e++) {
      const start = this.starts[e];
      out.push([decoder.decode(this.arena.subarray(start, start + this.lengths[e])), this.counts[e]]);
    }
    return out;
  }
};

// shared/src/drift/frequent.ts
var TRACK_CAPACITY = 1024;
var KEEP_CATEGORIES = 256;
var MAX_CATEGORY_LENGTH = 120;
var PURGES_PER_STRIDE = 8;
var MAX_STRIDE = 64;
var SPARSE_FROM_VALUES = 1 << 18;
var SPARSE_COUNTED = 4096;
var DISTINCT_CHECK = 256;
var FEW = 8;
function sparseStride(expected) {
  let stride = MAX_STRIDE;
  while (stride * 2 * SPARSE_COUNTED <= expected) stride *= 2;
  return stride;
}
var encoder = new TextEncoder();
var decoder2 = new TextDecoder();
var FrequentValues = class {
  constructor() {
    /**
     * Most category columns (plans, countries, flags) hold a handful of values, often
     * the very same string objects (the scanner reuses a `values` rule's strings), which
     * `===` compares by pointer; fields from the CSV buffer compare with the values'
     * bytes. From the FEW + 1st distinct value on, the byte table counts them all.
     */
    this.few = [];
    this.fewBytes = [];
    this.fewCounts = new Float64Array(FEW);
    this.table = new ByteCounts(TRACK_CAPACITY + 1);
    this.encoded = new Uint8Array(256);
    this.offset = 0;
    this.scratch = new Float64Array(TRACK_CAPACITY + 1);
    this.purges = 0;
    this.stride = 1;
    /** The stride from the next block on. */
    this.nextStride = 1;
    /** The scanner's estimate of the column's values (0: none given). */
    this.expected = 0;
    /** The first DISTINCT_CHECK values were all distinct (an identifier or free text, so far). */
    this.allDistinct = false;
    this.distinctChecked = false;
    this.position = 0;
    this.pick = 0;
    /** xorshift32 state, in a typed array: a uint32 held in a field would change the object's shape. */
    this.random = Uint32Array.of(625341585);
    /** Values `add` and `addBytes` still pass over (see `takeText`). */
    this.passing = 0;
  }
  /**
   * Counts the next value if the sampler picks it, and returns how many of the values
   * right after it the sampler passes over (0 while it counts every value): the caller
   * hands those to nobody. A column is fed this way or by `add`/`addBytes`, not both.
   */
  takeText(value) {
    if (this.few !== null) {
      if (!this.countFew(value)) this.countString(value, 1);
    } else {
      const weight = this.weigh();
      if (weight !== 0) this.countString(value, weight);
    }
    return this.passOver();
  }
  /** `takeText` of the UTF-8 text buf[start, end), without making a string of it. */
  takeBytes(buf, start, end) {
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
  takeBytesMany(buf, starts, ends, count) {
    let i = 0;
    while (i < count) i += 1 + this.takeBytes(buf, starts[i], ends[i]);
    return i - count;
  }
  /** One value, passing over it when the sampler does. */
  add(value) {
    if (this.passing > 0) this.passing--;
    else this.passing = this.takeText(value);
  }
  /** `add` of the UTF-8 text buf[start, end). */
  addBytes(buf, start, end) {
    if (this.passing > 0) this.passing--;
    else this.passing = this.takeBytes(buf, start, end);
  }
  /** True while counts do not depend on the order values come in (the few stage). */
  orderFree() {
    return this.few !== null;
  }
  /** `add` of `value`, `count` times in a row; meant for the few stage, where order does not matter. */
  addCount(value, count) {
    if (this.few !== null) {
      const i = this.few.indexOf(value);
      if (i >= 0) {
        this.fewCounts[i] += count;
        return;
      }
      if (this.newFew(value, encoder.encode(value))) {
        this.fewCounts[this.few.length - 1] = count;
        return;
      }
    }
    if (this.stride === 1) this.countString(value, count);
    else for (let i = 0; i < count; i++) this.add(value);
  }
  /** The weight the next value counts with: 1, the stride for a block's pick, 0 for the others. */
  weigh() {
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
  passOver() {
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
  countFew(value) {
    const few = this.few;
    for (let i = 0; i < few.length; i++) {
      if (few[i] === value) {
        this.fewCounts[i]++;
        return true;
      }
    }
    return this.newFew(value, encoder.encode(value));
  }
  countFewBytes(buf, start, end) {
    const n = end - start;
    const keys = this.fewBytes;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (key.length !== n) continue;
      let i = 0;
      while (i < n && key[i] === buf[start + i]) i++;
      if (i === n) {
        this.fewCounts[k]++;
        return true;
      }
    }
    const bytes = Uint8Array.prototype.slice.call(buf, start, end);
    return this.newFew(decoder2.decode(bytes), bytes);
  }
  newFew(value, bytes) {
    const few = this.few;
    if (few.length < FEW) {
      this.fewCounts[few.length] = 1;
      few.push(value);
      this.fewBytes.push(bytes);
      return true;
    }
    for (const [i, key] of this.fewBytes.entries()) this.table.add(key, 0, key.length, this.fewCounts[i]);
    this.few = null;
    return false;
  }
  countString(value, weight) {
    if (this.encoded.length < value.length * 3) this.encoded = new Uint8Array(value.length * 3);
    const { written } = encoder.encodeInto(value, this.encoded);
    this.countBytes(this.encoded, 0, written, weight);
  }
  countBytes(buf, start, end, weight) {
    const table = this.table;
    table.add(buf, start, end, weight);
    if (table.size > TRACK_CAPACITY) this.purge();
    else if (table.size === DISTINCT_CHECK && !this.distinctChecked) this.checkDistinct();
  }
  /** At the DISTINCT_CHECK-th key, before any purge or sampling: all distinct when every count is 1. */
  checkDistinct() {
    this.distinctChecked = true;
    const counts = this.table.counts;
    let total = 0;
    for (let i = 0; i < DISTINCT_CHECK; i++) total += counts[i];
    this.allDistinct = total === DISTINCT_CHECK;
    this.sparseAtOnce();
  }
  nextBlock() {
    this.position = 0;
    this.stride = this.nextStride;
    let x = this.random[0];
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.random[0] = x;
    this.pick = this.random[0] & this.stride - 1;
  }
  /** Subtracts the median count from every entry and drops the non-positive ones. */
  purge() {
    const n = this.table.size;
    const counts = this.scratch.subarray(0, n);
    counts.set(this.table.counts.subarray(0, n));
    const cut = nthSmallest(counts, n - 1 >>> 1);
    this.table.subtract(cut);
    this.offset += cut;
    if (++this.purges % PURGES_PER_STRIDE === 0 && this.nextStride < MAX_STRIDE) {
      this.nextStride = this.stride * 2;
      if (this.stride === 1) this.nextBlock();
    }
  }
  /** One value in `stride` is counted, with weight `stride` (1: every value, exactly). */
  get sampling() {
    return this.stride;
  }
  /** A hint from the scanner: about `count` values in all. */
  expectValues(count) {
    this.expected = count;
    this.sparseAtOnce();
  }
  sparseAtOnce() {
    if (!this.allDistinct || this.expected < SPARSE_FROM_VALUES) return;
    const stride = sparseStride(this.expected);
    if (this.nextStride >= stride) return;
    this.nextStride = stride;
    if (this.stride === 1) this.nextBlock();
  }
  snapshot() {
    const entries = this.few ? this.few.map((v, i) => [v, this.fewCounts[i]]) : this.table.entries();
    return trimCategories(
      entries.map(([v, c]) => [clampCategory(v), c]),
      this.offset
    );
  }
};
function nthSmallest(values, k) {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const a = values[lo];
    const b = values[lo + hi >>> 1];
    const c = values[hi];
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const x = values[i];
      if (x < pivot) {
        values[i++] = values[lt];
        values[lt++] = x;
      } else if (x > pivot) {
        values[i] = values[gt];
        values[gt--] = x;
      } else {
        i++;
      }
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return values[k];
}
function trimCategories(entries, offset) {
  const merged = /* @__PURE__ */ new Map();
  for (const [v, c] of entries) merged.set(v, (merged.get(v) ?? 0) + c);
  const top = [...merged.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (top.length <= KEEP_CATEGORIES) return { top, offset };
  const dropped = top[KEEP_CATEGORIES][1];
  return { top: top.slice(0, KEEP_CATEGORIES), offset: offset + dropped };
}
function clampCategory(value) {
  if (value.length <= MAX_CATEGORY_LENGTH) return value;
  let hash = 2166136261;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return `${value.slice(0, MAX_CATEGORY_LENGTH - 10)}\u2026#${(hash >>> 0).toString(16).padStart(8, "0")}`;
}

// shared/src/drift/sketch.ts
var EXACT_CAPACITY = 1024;
var SKETCH_K = 256;
var MIN_CAPACITY = 64;
var DECAY = 2 / 3;
var SEED = 2654435769;
var MAX_SAMPLE_LEVEL = 8;
var ROWS_PER_SAMPLE_WEIGHT = 1e4;
function capacityOf(level, levels, k) {
  if (levels === 1) return Math.max(EXACT_CAPACITY, k) + 1;
  return Math.max(MIN_CAPACITY, Math.floor(k * DECAY ** (levels - 1 - level)));
}
var QuantileSketch = class _QuantileSketch {
  constructor(k = SKETCH_K) {
    /** Number of values added (the total weight). */
    this.n = 0;
    this.scratch = new Float64Array(0);
    this.random = SEED;
    /** Sampling level s: values enter level s, one per block of 2^s. */
    this.sampleLevel = 0;
    this.block = new Float64Array(2 ** MAX_SAMPLE_LEVEL);
    this.blockSize = 0;
    this.blockLength = 1;
    this.nextGrowth = ROWS_PER_SAMPLE_WEIGHT * 2;
    this.k = k;
    this.buffers = [new Float64Array(Math.max(EXACT_CAPACITY, k) + 1)];
    this.sizes = [0];
    this.ordered = [true];
    this.capacities = [capacityOf(0, 1, k)];
  }
  /** True while every value added is still held verbatim. */
  get exact() {
    return this.buffers.length === 1;
  }
  add(value) {
    this.n++;
    if (this.blockLength === 1) {
      const buffer = this.buffers[0];
      const size = this.sizes[0] + 1;
      buffer[size - 1] = value;
      this.sizes[0] = size;
      if (size >= this.capacities[0]) this.compress();
      if (this.n >= this.nextGrowth) this.growSampling();
      return;
    }
    this.block[this.blockSize++] = value;
    if (this.blockSize === this.blockLength) this.flushBlock();
  }
  /**
   * Adds values[0, count): the same sketch as `add` on each in turn (same coin flips in
   * the same order), but a whole sampling block inside the batch costs one random pick
   * instead of a copy per value, and unsampled values are copied in runs.
   */
  addMany(values, count) {
    let i = 0;
    while (i < count) {
      const length = this.blockLength;
      if (length === 1) {
        const size = this.sizes[0];
        const run = Math.min(count - i, Math.max(1, Math.min(this.capacities[0] - size, this.nextGrowth - this.n)));
        this.buffers[0].set(values.subarray(i, i + run), size);
        this.sizes[0] = size + run;
        this.n += run;
        i += run;
        if (size + run >= this.capacities[0]) this.compress();
        if (this.n >= this.nextGrowth) this.growSampling();
      } else if (this.blockSize === 0 && count - i >= length) {
        this.n += length;
        this.keepSample(values[i + this.nextInt(length)]);
        i += length;
      } else {
        this.n++;
        this.block[this.blockSize++] = values[i++];
        if (this.blockSize === length) this.flushBlock();
      }
    }
  }
  /** A full block: one value, chosen at random, enters the sampling level with weight 2^s. */
  flushBlock() {
    const pick = this.nextInt(this.blockLength);
    this.blockSize = 0;
    this.keepSample(this.block[pick]);
  }
  keepSample(value) {
    const level = this.sampleLevel;
    const buffer = this.reserve(level, 1);
    buffer[this.sizes[level]] = value;
    this.sizes[level] = this.sizes[level] + 1;
    if (this.sizes[level] >= this.capacities[level]) this.compress();
    if (this.n >= this.nextGrowth) this.growSampling();
  }
  /** Doubles the block length: levels below the new sampling level are compacted upwards. */
  growSampling() {
    this.nextGrowth *= 2;
    if (this.sampleLevel === MAX_SAMPLE_LEVEL) return;
    const level = this.sampleLevel + 1;
    this.ensureLevel(level);
    for (let h = 0; h < level; h++) if (this.sizes[h] >= 2) this.compact(h);
    this.sampleLevel = level;
    this.blockLength = 1 << level;
    this.compress();
  }
  /** Adds every item of `other` (weights preserved) into this sketch. */
  merge(other) {
    for (let h = 0; h < other.buffers.length; h++) {
      const size = other.sizes[h];
      if (size === 0) continue;
      this.ensureLevel(h);
      this.append(h, other.buffers[h].subarray(0, size));
    }
    this.n += other.n;
    this.compress();
  }
  /** The items and their weights as a sorted, cumulative sample. */
  sorted() {
    const levels = this.levelValues();
    let count = 0;
    for (const level of levels) count += level.length;
    const values = new Float64Array(count);
    const weights = new Float64Array(count);
    let at = 0;
    levels.forEach((level, h) => {
      values.set(level, at);
      weights.fill(2 ** h, at, at + level.length);
      at += level.length;
    });
    return cumulativeSample(values, weights);
  }
  /** Each level's items; a partly filled sampling block counts at weight 1 in level 0. */
  levelValues() {
    const levels = this.buffers.map((buffer, h) => buffer.subarray(0, this.sizes[h]));
    if (this.blockSize > 0) {
      const first = new Float64Array(levels[0].length + this.blockSize);
      first.set(levels[0]);
      first.set(this.block.subarray(0, this.blockSize), levels[0].length);
      levels[0] = first;
    }
    return levels;
  }
  toJSON() {
    const levels = this.levelValues().map((level) => Buffer.from(level.buffer, level.byteOffset, level.length * 8).toString("base64"));
    return { k: this.k, n: this.n, levels };
  }
  /**
   * A sketch of values[i] repeated counts[i] times (values ascending; integer counts), as
   * a column's exact counts give it: verbatim up to EXACT_CAPACITY values (the sorted
   * values `add` would hold), else read at evenly spaced ranks (`fromRanks`).
   */
  static fromCounts(values, counts, size) {
    let n = 0;
    for (let i2 = 0; i2 < size; i2++) n += counts[i2];
    if (n <= EXACT_CAPACITY) {
      const all = new Float64Array(n);
      let at = 0;
      for (let i2 = 0; i2 < size; i2++) {
        all.fill(values[i2], at, at + counts[i2]);
        at += counts[i2];
      }
      const sketch = new _QuantileSketch();
      sketch.addMany(all, n);
      return sketch;
    }
    let i = 0;
    let below = 0;
    return _QuantileSketch.fromRanks(n, (rank) => {
      while (below + counts[i] < rank) below += counts[i++];
      return values[i];
    });
  }
  /**
   * A sketch of n values whose value of rank t (1-based) is valueAt(t), asked for in
   * rising order. Level h gets q = floor(n / 2^h) < k items, the values at ranks
   * j 2^h + 2^h / 2 (j < q), and the remainder n - q 2^h goes down in binary digits, one
   * item per set bit: the weights are exact and the rank error at any point is at most
   * 2^h / 2 <= n / 256, with no compaction. Ready to take more values: its sampler is
   * where `add` would have put it after n.
   */
  static fromRanks(n, valueAt) {
    const sketch = new _QuantileSketch();
    let top = 0;
    while (Math.floor(n / 2 ** top) >= sketch.k) top++;
    sketch.ensureLevel(top);
    let at = 0;
    for (let h = top; h >= 0; h--) {
      const weight = 2 ** h;
      const items = Math.floor((n - at) / weight);
      if (items === 0) continue;
      const level = new Float64Array(items);
      for (let j = 0; j < items; j++) level[j] = valueAt(at + j * weight + Math.ceil(weight / 2));
      sketch.append(h, level);
      at += items * weight;
    }
    sketch.n = n;
    while (sketch.n >= sketch.nextGrowth) sketch.growSampling();
    sketch.compress();
    return sketch;
  }
  /** Rebuilds a sketch; throws a plain Error on malformed input (callers wrap it). */
  static fromJSON(json) {
    const sketch = new _QuantileSketch(json.k);
    let weight = 0;
    json.levels.forEach((text, h) => {
      const bytes = Buffer.from(text, "base64");
      if (bytes.length % 8 !== 0) throw new Error(`sketch level ${h} is not a whole number of float64 values`);
      const values = new Float64Array(bytes.length / 8);
      for (let i = 0; i < values.length; i++) values[i] = bytes.readDoubleLE(i * 8);
      sketch.ensureLevel(h);
      sketch.append(h, values);
      weight += values.length * 2 ** h;
    });
    if (weight !== json.n) throw new Error(`sketch weights sum to ${weight}, expected n = ${json.n}`);
    sketch.n = json.n;
    sketch.compress();
    return sketch;
  }
  ensureLevel(h) {
    if (this.buffers.length > h) return;
    while (this.buffers.length <= h) {
      this.buffers.push(new Float64Array(2 * this.k + 2));
      this.sizes.push(0);
      this.ordered.push(true);
    }
    const levels = this.buffers.length;
    this.capacities = this.buffers.map((_, level) => capacityOf(level, levels, this.k));
  }
  /** Level h's buffer, grown if needed to take `extra` more items. */
  reserve(h, extra) {
    const size = this.sizes[h];
    const buffer = this.buffers[h];
    if (size + extra <= buffer.length) return buffer;
    const grown = new Float64Array(Math.max(buffer.length * 2, size + extra + 1));
    grown.set(buffer.subarray(0, size));
    this.buffers[h] = grown;
    return grown;
  }
  append(h, values) {
    const buffer = this.reserve(h, values.length);
    buffer.set(values, this.sizes[h]);
    this.sizes[h] = this.sizes[h] + values.length;
    this.ordered[h] = false;
  }
  /** Compacts every level at or over its capacity, lowest first, until none is. */
  compress() {
    let changed = true;
    while (changed) {
      changed = false;
      for (let h = 0; h < this.buffers.length; h++) {
        if (this.sizes[h] >= this.capacities[h]) {
          this.compact(h);
          changed = true;
        }
      }
    }
  }
  compact(h) {
    this.ensureLevel(h + 1);
    const size = this.sizes[h];
    const items = this.buffers[h].subarray(0, size);
    if (h === 0 || h === this.sampleLevel || !this.ordered[h]) items.sort();
    const coin = this.nextBit();
    const odd = size % 2;
    const first = (odd === 1 && coin === 1 ? 1 : 0) + coin;
    const pairs = (size - odd) / 2;
    const up = h + 1;
    const had = this.sizes[up];
    const target = this.reserve(up, pairs);
    if (up === this.sampleLevel || !this.ordered[up]) {
      for (let i = 0; i < pairs; i++) target[had + i] = items[first + 2 * i];
    } else {
      if (this.scratch.length < had) this.scratch = new Float64Array(Math.max(had, 2 * this.k + 2));
      const old = this.scratch;
      old.set(target.subarray(0, had));
      let i = 0;
      let j = 0;
      let at = 0;
      while (i < had && j < pairs) {
        const a = old[i];
        const b = items[first + 2 * j];
        if (a <= b) {
          target[at++] = a;
          i++;
        } else {
          target[at++] = b;
          j++;
        }
      }
      while (i < had) target[at++] = old[i++];
      while (j < pairs) target[at++] = items[first + 2 * j++];
    }
    this.sizes[up] = had + pairs;
    const leftover = odd === 1 ? items[coin === 1 ? 0 : size - 1] : 0;
    this.sizes[h] = 0;
    if (odd === 1) {
      this.buffers[h][0] = leftover;
      this.sizes[h] = 1;
    }
    this.ordered[h] = true;
  }
  nextRandom() {
    let x = this.random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.random = x >>> 0;
    return this.random;
  }
  nextBit() {
    return this.nextRandom() >>> 7 & 1;
  }
  /** Uniform in [0, bound) for a power-of-two bound. */
  nextInt(bound) {
    return this.nextRandom() & bound - 1;
  }
};
function cumulativeSample(values, weights) {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const outValues = new Float64Array(values.length);
  const cumulative = new Float64Array(values.length);
  let count = 0;
  let total = 0;
  for (const i of order) {
    const v = values[i];
    total += weights[i];
    if (count > 0 && outValues[count - 1] === v) {
      cumulative[count - 1] = total;
    } else {
      outValues[count] = v;
      cumulative[count] = total;
      count++;
    }
  }
  return { values: outValues.slice(0, count), cumulative: cumulative.slice(0, count), total };
}
function weightAtOrBelow(sample, x, strict = false) {
  let lo = 0;
  let hi = sample.values.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    const v = sample.values[mid];
    if (strict ? v < x : v <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : sample.cumulative[lo - 1];
}

// shared/src/drift/histogram.ts
var HISTOGRAM_BINS = 1024;
var RELATIVE_BITS = 40;
var MIN_EXPONENT = -1e3;
function binOf(x, scale) {
  const y = Math.floor(x * scale);
  if (y === 0) return x < 0 ? -1 : 0;
  return y;
}
function canonicalExponent(min, max) {
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  let e = magnitude > 0 ? Math.max(MIN_EXPONENT, Math.floor(Math.log2(magnitude)) - RELATIVE_BITS) : MIN_EXPONENT;
  while (binOf(max, 2 ** -e) - binOf(min, 2 ** -e) >= HISTOGRAM_BINS) e++;
  return e;
}
var FineHistogram = class {
  constructor() {
    this.exponent = Number.NaN;
    this.base = 0;
    /** NaN until the first value, so that it always widens. */
    this.scale = Number.NaN;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    this.counts = new Float64Array(HISTOGRAM_BINS);
    /**
     * The largest bin's count: how coarse the histogram is (see `largestBinShare`). -0, a
     * double from the start: weights are doubles, and a field that starts as a small
     * integer changes the object's shape (and deoptimizes the code using it) at the first.
     */
    this.largest = -0;
  }
  add(x) {
    const i = binOf(x, this.scale) - this.base;
    if (i >= 0 && i < HISTOGRAM_BINS) {
      const c = ++this.counts[i];
      if (c > this.largest) this.largest = c;
      if (x < this.min) this.min = x;
      if (x > this.max) this.max = x;
      return;
    }
    this.widen(x);
  }
  /**
   * Counts values[0, count), whose smallest and largest are `lo` and `hi`: the window is
   * widened once for both, so every value then falls inside it and the loop is a
   * multiply, a floor and an increment. The counts equal `add` on each value, since
   * binning is exact at any exponent and the canonical one depends on min and max only.
   */
  addMany(values, count, lo, hi) {
    if (count === 0) return;
    this.fit(lo, hi);
    const counts = this.counts;
    const scale = this.scale;
    const base = this.base;
    let largest = this.largest;
    for (let i = 0; i < count; i++) {
      const x = values[i];
      let bin = Math.floor(x * scale);
      if (bin === 0 && x < 0) bin = -1;
      const c = ++counts[bin - base | 0];
      if (c > largest) largest = c;
    }
    this.largest = largest;
  }
  /** `addMany` for values[i] counted weights[i] times (the values within [lo, hi]). */
  addWeighted(values, weights, count, lo, hi) {
    if (count === 0) return;
    this.fit(lo, hi);
    for (let i = 0; i < count; i++) {
      const bin = binOf(values[i], this.scale) - this.base;
      const c = this.counts[bin] + weights[i];
      this.counts[bin] = c;
      if (c > this.largest) this.largest = c;
    }
  }
  /** Widens the window (once) so that [lo, hi] falls inside it, and takes them into min and max. */
  fit(lo, hi) {
    const first = binOf(lo, this.scale) - this.base;
    const last = binOf(hi, this.scale) - this.base;
    if (!(first >= 0 && last < HISTOGRAM_BINS)) {
      const min = Math.min(this.min, lo);
      this.rebin(canonicalExponent(min, Math.max(this.max, hi)), min);
    }
    if (lo < this.min) this.min = lo;
    if (hi > this.max) this.max = hi;
  }
  /** Re-bins to the canonical exponent of the range including x, then counts x. */
  widen(x) {
    const min = Math.min(this.min, x);
    const max = Math.max(this.max, x);
    this.rebin(canonicalExponent(min, max), min);
    this.min = min;
    this.max = max;
    const c = ++this.counts[binOf(x, this.scale) - this.base];
    if (c > this.largest) this.largest = c;
  }
  /** Coarsens to exponent `e` (never finer than now) with the window starting at `min`'s bin. */
  rebin(e, min) {
    const base = binOf(min, 2 ** -e);
    const counts = new Float64Array(HISTOGRAM_BINS);
    if (!Number.isNaN(this.exponent)) {
      const shift = 2 ** (this.exponent - e);
      for (let i = 0; i < HISTOGRAM_BINS; i++) {
        const c = this.counts[i];
        if (c !== 0) counts[binOf(this.base + i, shift) - base] += c;
      }
    }
    this.exponent = e;
    this.scale = 2 ** -e;
    this.base = base;
    this.counts = counts;
    this.largest = 0;
    for (const c of counts) if (c > this.largest) this.largest = c;
  }
  /** Canonical form for data in [min, max]. */
  toJSON(min, max) {
    const e = canonicalExponent(min, max);
    if (e !== this.exponent || binOf(min, 2 ** -e) !== this.base) this.rebin(e, min);
    let end = HISTOGRAM_BINS;
    while (end > 0 && this.counts[end - 1] === 0) end--;
    return { exponent: this.exponent, base: this.base, counts: Array.from(this.counts.subarray(0, end)) };
  }
};
function histogramSketch(json, min, max) {
  const width = 2 ** json.exponent;
  let n = 0;
  for (const c of json.counts) n += c;
  let bin = 0;
  let below = 0;
  return QuantileSketch.fromRanks(n, (rank) => {
    while (below + json.counts[bin] < rank) below += json.counts[bin++];
    const lo = Math.max((json.base + bin) * width, min);
    const hi = Math.min((json.base + bin + 1) * width, max);
    return hi <= lo ? lo : lo + (rank - below - 0.5) / json.counts[bin] * (hi - lo);
  });
}
function histogramCountsBelow(json, min, max, edges) {
  const width = 2 ** json.exponent;
  const n = edges.length;
  const below = new Array(n).fill(0);
  const wholeFrom = new Float64Array(n + 1);
  let total = 0;
  let inside = 0;
  let past = 0;
  for (let i = 0; i < json.counts.length; i++) {
    const c = json.counts[i];
    if (c === 0) continue;
    total += c;
    const lo = Math.max((json.base + i) * width, min);
    const hi = Math.min((json.base + i + 1) * width, max);
    while (inside < n && edges[inside] <= lo) inside++;
    while (past < n && edges[past] <= hi) past++;
    wholeFrom[past] += c;
    for (let k = inside; k < past; k++) below[k] += c * (edges[k] - lo) / (hi - lo);
  }
  let whole = 0;
  for (let k = 0; k < n; k++) {
    whole += wholeFrom[k];
    below[k] += whole;
  }
  if (n > 0 && edges[n - 1] >= max) below[n - 1] = total;
  return below;
}

// shared/src/drift/bins.ts
var DEFAULT_BINS = 10;
function histogramEdges(min, max, n = DEFAULT_BINS) {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / n;
  const edges = [];
  for (let i = 0; i < n; i++) edges.push(i * step + first);
  edges.push(last);
  return edges;
}
function histogramCounts(sample, edges) {
  const counts = [];
  let below = weightAtOrBelow(sample, edges[0], true);
  for (let i = 1; i < edges.length; i++) {
    const last = i === edges.length - 1;
    const upTo = weightAtOrBelow(sample, edges[i], !last);
    counts.push(upTo - below);
    below = upTo;
  }
  return counts;
}
function equalWidthBins(column, exact) {
  const edges = histogramEdges(column.min ?? 0, column.max ?? 0);
  if (exact !== null || column.histogram === null) return { edges, counts: histogramCounts(exact ?? cumulativeSample(new Float64Array(0), new Float64Array(0)), edges) };
  const below = histogramCountsBelow(column.histogram, column.min, column.max, edges);
  const counts = [];
  for (let i = 1; i < below.length; i++) counts.push(Math.round(below[i]) - Math.round(below[i - 1]));
  return { edges, counts };
}

// shared/src/drift/distinct.ts
var DISTINCT_CAPACITY = 256;
var SLOTS = DISTINCT_CAPACITY * 2;
var scratch = new Float64Array(1);
var words = new Int32Array(scratch.buffer);
var DistinctCounts = class {
  constructor() {
    this.size = 0;
    this.overflow = false;
    this.keys = new Float64Array(SLOTS);
    this.counts = new Float64Array(SLOTS);
  }
  add(value) {
    const x = value + 0;
    const slot = this.slotOf(x);
    const count = this.counts[slot];
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
  addMany(values, count) {
    for (let i = 0; i < count; i++) {
      this.add(values[i]);
      if (this.overflow) return i;
    }
    return count;
  }
  /** The values held (ascending) and their counts, in `values` and `counts`; returns how many. */
  entries(values, counts) {
    let n = 0;
    for (let i = 0; i < SLOTS; i++) if (this.counts[i] > 0) values[n++] = this.keys[i];
    values.subarray(0, n).sort();
    for (let i = 0; i < n; i++) counts[i] = this.counts[this.slotOf(values[i])];
    return n;
  }
  /** The slot holding x, or the empty slot where it would go. */
  slotOf(x) {
    scratch[0] = x;
    let slot = Math.imul(words[0] ^ Math.imul(words[1], 2654435761), 2246822507) >>> 23 & SLOTS - 1;
    while (this.counts[slot] !== 0 && this.keys[slot] !== x) slot = slot + 1 & SLOTS - 1;
    return slot;
  }
};

// shared/src/drift/distribution.ts
var HISTOGRAM_PREFERRED_SHARE = 0.01;
function exactSample(column) {
  if (column.distinct !== null) return cumulativeSample(Float64Array.from(column.distinct.values), Float64Array.from(column.distinct.counts));
  if (column.sketch.levels.length <= 1) return QuantileSketch.fromJSON(column.sketch).sorted();
  return null;
}

// shared/src/drift/numeric-column.ts
var NUMERIC_BATCH = 1024;
var FIRST_BATCH = 16;
var scratchValues = new Float64Array(DISTINCT_CAPACITY);
var scratchCounts = new Float64Array(DISTINCT_CAPACITY);
function finiteOrNull(x) {
  return Number.isFinite(x) ? x : null;
}
function countsHistogram(size) {
  const histogram = new FineHistogram();
  if (size > 0) histogram.addWeighted(scratchValues, scratchCounts, size, scratchValues[0], scratchValues[size - 1]);
  return histogram;
}
var NumericColumn = class {
  constructor() {
    this.count = 0;
    this.nulls = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    /** NaN until the first value: doubles from the start (a field that starts as a small integer changes the object's shape at the first double). */
    this.mean = Number.NaN;
    this.m2 = Number.NaN;
    this.distinct = new DistinctCounts();
    /**
     * While the exact counts hold (few distinct values), the histogram is not fed and the
     * sketch only up to EXACT_CAPACITY values: both follow from the counts, built from them
     * at a snapshot or when the counts overflow, then fed as usual.
     *
     * Past EXACT_CAPACITY values, while the histogram's largest bin holds under
     * HISTOGRAM_PREFERRED_SHARE of the values, the histogram is the better summary (drift
     * reads it, not the sketch): the sketch is null then, and is built from the histogram
     * at a snapshot, or when the histogram turns coarse, after which it is fed every value.
     * Feeding it (sorting its compactors) was the larger part of a numeric column's cost.
     */
    this.sketch = new QuantileSketch();
    /** Set once the sketch is fed for good (the histogram was coarse past EXACT_CAPACITY values). */
    this.sketchKept = false;
    this.histogram = new FineHistogram();
    this.pending = new Float64Array(FIRST_BATCH);
    this.size = 0;
  }
  /** A parsed value; NaN and infinities count as missing (no place in moments or ranks). */
  add(x) {
    if (x - x === 0) {
      this.pending[this.size++] = x;
      if (this.size === this.pending.length) this.flush();
    } else {
      this.nulls++;
    }
  }
  addNull() {
    this.nulls++;
  }
  /** Processes the buffered values, in order. */
  flush() {
    const n = this.size;
    if (n === 0) return;
    this.size = 0;
    const values = this.pending;
    if (values.length < NUMERIC_BATCH) this.pending = new Float64Array(NUMERIC_BATCH);
    let lo = values[0];
    let hi = lo;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      sum += x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    this.moments(values, n, sum);
    if (lo < this.min) this.min = lo;
    if (hi > this.max) this.max = hi;
    if (this.distinct.overflow) {
      this.histogram.addMany(values, n, lo, hi);
      this.followHistogram(values, n);
      return;
    }
    const before = this.count - n;
    if (this.count <= EXACT_CAPACITY) this.sketch.addMany(values, n);
    const counted = this.distinct.addMany(values, n);
    if (counted === n) return;
    const rest = values.subarray(counted, n);
    let restLo = rest[0];
    let restHi = restLo;
    for (const x of rest) {
      if (x < restLo) restLo = x;
      if (x > restHi) restHi = x;
    }
    const size = this.distinct.entries(scratchValues, scratchCounts);
    this.histogram = countsHistogram(size);
    this.histogram.addMany(rest, rest.length, restLo, restHi);
    if (this.count > EXACT_CAPACITY) {
      if (this.histogramFine()) {
        this.sketch = null;
        return;
      }
      if (before + counted <= EXACT_CAPACITY) {
        this.sketch.addMany(values, n);
      } else {
        this.sketch = QuantileSketch.fromCounts(scratchValues, scratchCounts, size);
        this.sketch.addMany(rest, rest.length);
      }
      this.sketchKept = true;
    }
  }
  /** True while the histogram's largest bin holds under HISTOGRAM_PREFERRED_SHARE of the values. */
  histogramFine() {
    return this.histogram.largest < HISTOGRAM_PREFERRED_SHARE * this.count;
  }
  /** Feeds a batch, already in the histogram, to the sketch; or drops or builds the sketch. */
  followHistogram(values, n) {
    if (!this.sketchKept && this.count > EXACT_CAPACITY) {
      if (this.sketch !== null) {
        if (this.histogramFine()) {
          this.sketch = null;
          return;
        }
        this.sketchKept = true;
      } else {
        if (this.histogramFine()) return;
        this.sketch = this.histogramSketch();
        this.sketchKept = true;
        return;
      }
    }
    this.sketch.addMany(values, n);
  }
  histogramSketch() {
    return histogramSketch(this.histogram.toJSON(this.min, this.max), this.min, this.max);
  }
  /**
   * The batch's mean and squared deviations (two passes: stable for dates in epoch
   * milliseconds, ~1.7e12), folded in with Chan et al.'s parallel formula, as merges are.
   */
  moments(values, n, sum) {
    const mean = sum / n;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const d = values[i] - mean;
      m2 += d * d;
    }
    if (!Number.isFinite(m2)) {
      for (let i = 0; i < n; i++) this.welford(values[i]);
      return;
    }
    if (this.count === 0) {
      this.count = n;
      this.mean = mean;
      this.m2 = m2;
      return;
    }
    const count = this.count + n;
    const delta = mean - this.mean;
    this.mean += delta * n / count;
    this.m2 += m2 + delta * delta * this.count / count * n;
    this.count = count;
  }
  welford(x) {
    const n = ++this.count;
    if (n === 1) {
      this.mean = x;
      this.m2 = 0;
      return;
    }
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
  }
  snapshot(type, rows) {
    this.flush();
    let sketch;
    let histogram;
    let distinct = null;
    if (this.distinct.overflow) {
      sketch = this.sketch ?? this.histogramSketch();
      histogram = this.histogram;
    } else {
      const size = this.distinct.entries(scratchValues, scratchCounts);
      sketch = this.count > EXACT_CAPACITY ? QuantileSketch.fromCounts(scratchValues, scratchCounts, size) : this.sketch;
      histogram = countsHistogram(size);
      distinct = { values: Array.from(scratchValues.subarray(0, size)), counts: Array.from(scratchCounts.subarray(0, size)) };
    }
    const empty = this.count === 0;
    const profile = {
      kind: "numeric",
      type,
      count: this.count,
      nulls: Math.max(this.nulls, rows - this.count),
      min: empty ? null : this.min,
      max: empty ? null : this.max,
      // Values near ±1.8e308 overflow the moments: null rather than a non-JSON infinity.
      mean: empty ? null : finiteOrNull(this.mean),
      variance: empty ? null : finiteOrNull(this.m2 / this.count),
      distinct,
      sketch: sketch.toJSON(),
      histogram: empty ? null : histogram.toJSON(this.min, this.max)
    };
    if (!empty) profile.bins = equalWidthBins(profile, exactSample(profile));
    return profile;
  }
};

// shared/src/drift/accumulator.ts
function isNumericType(type) {
  return type === "integer" || type === "number" || type === "date" || type === "timestamp";
}
var CategoricalColumn = class {
  constructor() {
    this.count = 0;
    this.nulls = 0;
    this.trues = 0;
    this.falses = 0;
    this.frequent = new FrequentValues();
  }
  add(value) {
    this.count++;
    this.frequent.add(value);
  }
  addCount(value, count) {
    this.count += count;
    this.frequent.addCount(value, count);
  }
  orderFree() {
    return this.frequent.orderFree();
  }
  addBooleans(trues, falses) {
    this.count += trues + falses;
    this.trues += trues;
    this.falses += falses;
  }
  takeBytesMany(buf, starts, ends, count) {
    this.count += count;
    return this.frequent.takeBytesMany(buf, starts, ends, count);
  }
  takeText(value) {
    this.count++;
    return this.frequent.takeText(value);
  }
  passOver(count) {
    this.count += count;
  }
  addNull() {
    this.nulls++;
  }
  expectValues(count) {
    this.frequent.expectValues(count);
  }
  snapshot(type, rows) {
    const counts = this.frequent.snapshot();
    const booleans = [];
    if (this.trues > 0) booleans.push(["true", this.trues]);
    if (this.falses > 0) booleans.push(["false", this.falses]);
    const { top, offset } = trimCategories([...counts.top, ...booleans], counts.offset);
    return { kind: "categorical", type, count: this.count, nulls: Math.max(this.nulls, rows - this.count), top, offset };
  }
};
var Accumulator = class {
  constructor(columns) {
    this.columns = columns;
    this.rows = 0;
    this.numericColumns = columns.map((c) => isNumericType(c.type) ? new NumericColumn() : null);
    this.categoricalColumns = columns.map((c) => isNumericType(c.type) ? null : new CategoricalColumn());
  }
  numeric(columnIndex) {
    return this.numericColumns[columnIndex] ?? null;
  }
  categorical(columnIndex) {
    return this.categoricalColumns[columnIndex] ?? null;
  }
  add(columnIndex, value) {
    const numeric = this.numericColumns[columnIndex];
    if (numeric) {
      if (typeof value === "number") numeric.add(value);
      else numeric.addNull();
      return;
    }
    const categorical = this.categoricalColumns[columnIndex];
    if (!categorical) return;
    if (value === null) categorical.addNull();
    else if (typeof value === "boolean") categorical.addBooleans(value ? 1 : 0, value ? 0 : 1);
    else categorical.add(typeof value === "number" ? String(value) : value);
  }
  endRow() {
    this.rows++;
  }
  endRows(count) {
    this.rows += count;
  }
  snapshot() {
    const columns = {};
    this.columns.forEach((column, i) => {
      const state = this.numericColumns[i] ?? this.categoricalColumns[i];
      columns[column.name] = state.snapshot(column.type, this.rows);
    });
    return { version: 1, rows: this.rows, columns };
  }
};
function createProfileAccumulator(columns) {
  return new Accumulator(columns);
}

// shared/src/data/csv-read.ts
var import_node_fs = require("node:fs");
var import_node_buffer = require("node:buffer");

// shared/src/drift/feed.ts
var FEED_BATCH = 256;
var FIRST_BATCH2 = 16;
var ColumnFeed = class {
  constructor(profile, columnIndex) {
    this.starts = new Int32Array(FEED_BATCH);
    this.ends = new Int32Array(FEED_BATCH);
    this.size = 0;
    this.buf = null;
    /**
     * Batches end at this size: FIRST_BATCH, then FEED_BATCH, and 1 once the sampler
     * passes over values (each value it looks at is handed over at once, to learn how
     * many it passes over next).
     */
    this.batchEnd = FIRST_BATCH2;
    /** String values offered so far, and the one the sampler looks at next (values before it are passed over). */
    this.offered = 0;
    this.wanted = 0;
    /** Values the column has been handed or told about. */
    this.reported = 0;
    /** A boolean column's values, not yet handed over. */
    this.trues = 0;
    this.falses = 0;
    /** Counts per `values` string, not yet handed over (null: hand each one over). */
    this.valueCounts = null;
    this.valueTexts = [];
    this.pendingValues = 0;
    this.numeric = profile.numeric(columnIndex);
    this.categorical = profile.categorical(columnIndex);
  }
  /** A parsed value (booleans as 1 or 0, counted here until `flush`); NaN, a value not of the column's type, counts as missing. */
  addNumber(value) {
    if (this.numeric !== null) this.numeric.add(value);
    else if (value === 1) this.trues++;
    else if (value === 0) this.falses++;
    else this.categorical.addNull();
  }
  /** The scanner's estimate of the rows its range holds. */
  expectRows(rows) {
    this.categorical?.expectValues(rows);
  }
  addNull() {
    if (this.numeric !== null) this.numeric.addNull();
    else this.categorical.addNull();
  }
  /** Lets `addValue` count the strings of a `values` rule by their index in `texts`. */
  countValues(texts) {
    if (this.categorical === null || texts.length === 0) return;
    this.valueTexts = texts;
    this.valueCounts = new Float64Array(texts.length);
  }
  /** The string texts[index] of the list given to `countValues`. */
  addValue(index, text) {
    const counts = this.valueCounts;
    if (counts === null) {
      this.addText(text);
      return;
    }
    counts[index]++;
    this.pendingValues++;
  }
  /** The UTF-8 text buf[start, end) of a string column. */
  addBytes(buf, start, end) {
    if (++this.offered < this.wanted) return;
    const n = this.size++;
    this.buf = buf;
    this.starts[n] = start;
    this.ends[n] = end;
    if (n + 1 === this.batchEnd) this.flush();
  }
  /** A string column's value the scanner has as a string (an escaped field, a `values` string): in row order. */
  addText(text) {
    if (this.size > 0 || this.pendingValues > 0) this.flush();
    if (++this.offered < this.wanted) return;
    this.reportPassed(1);
    this.reported++;
    this.wantNext(this.categorical.takeText(text));
  }
  flush() {
    if (this.pendingValues > 0) this.handOverValues();
    const size = this.size;
    this.reportPassed(size);
    if (size > 0) {
      this.size = 0;
      this.reported += size;
      this.wantNext(this.categorical.takeBytesMany(this.buf, this.starts, this.ends, size));
    }
    if (this.trues + this.falses > 0) {
      this.categorical.addBooleans(this.trues, this.falses);
      this.trues = 0;
      this.falses = 0;
    }
  }
  /** Tells the column about the values passed over so far (all offered but the last `pending`). */
  reportPassed(pending) {
    const passed = this.offered - pending - this.reported;
    if (passed === 0) return;
    this.categorical.passOver(passed);
    this.reported += passed;
  }
  /** The sampler passes over the `count` values after the last one offered. */
  wantNext(count) {
    this.wanted = this.offered + count + 1;
    this.batchEnd = count > 0 || this.batchEnd === 1 ? 1 : FEED_BATCH;
  }
  /**
   * Hands the counted `values` strings over as counts while the column's counts do not
   * depend on order; from the value that ends that on, one by one, and counts no more.
   */
  handOverValues() {
    const counts = this.valueCounts;
    const categorical = this.categorical;
    this.pendingValues = 0;
    for (let i = 0; i < counts.length; i++) {
      let count = counts[i];
      counts[i] = 0;
      if (count > 0 && categorical.orderFree()) {
        categorical.addCount(this.valueTexts[i], count);
        continue;
      }
      for (; count > 0; count--) this.addText(this.valueTexts[i]);
    }
    if (!categorical.orderFree()) this.valueCounts = null;
  }
};

// shared/src/data/column-counts.ts
var MAX_EXAMPLES = 20;
var ProbeDone = class extends Error {
  constructor(examples) {
    super("probe done");
    this.examples = examples;
  }
};
var RULE_KEYS = ["type", "not-null", "min", "max", "values", "pattern", "length", "unique", "freshness"];
function emptyRecord(make) {
  return { type: make(), "not-null": make(), min: make(), max: make(), values: make(), pattern: make(), length: make(), unique: make(), freshness: make() };
}

// shared/src/data/hash-set.ts
var ADDED_NEW = 0;
var ADDED_SECOND = 1;
var ADDED_REPEAT = 2;
var REPEAT_BIT = 2147483648;
var HashSet64 = class _HashSet64 {
  constructor(initialCapacity = 1024) {
    this.size = 0;
    this.capacity = Math.max(16, initialCapacity);
    this.slots = new Uint32Array(this.capacity * 2);
  }
  /** A set over a table another set made (e.g. sent by a worker). */
  static fromSlots(slots) {
    const set = new _HashSet64(16);
    set.slots = slots;
    set.capacity = slots.length / 2;
    for (let i = 0; i < slots.length; i += 2) if (slots[i] !== 0 || slots[i + 1] !== 0) set.size++;
    return set;
  }
  /** True when (lo, hi) is in the set and was seen more than once. */
  repeated(lo, hi) {
    const h = (hi & 2147483647) >>> 0;
    let l = lo >>> 0;
    if (h === 0 && l === 0) l = 1;
    const slots = this.slots;
    const cap = this.capacity;
    let i = Math.floor(l * cap / 4294967296);
    for (; ; ) {
      const sl = slots[2 * i];
      const sh = slots[2 * i + 1];
      if (sl === 0 && sh === 0) return false;
      if (sl === l && (sh & 2147483647) === h) return (sh & REPEAT_BIT) !== 0;
      i++;
      if (i === cap) i = 0;
    }
  }
  /**
   * Reads the home slot of `lo` and returns it. Calling this for a batch of values before
   * adding them lets the CPU fetch their cache lines in parallel instead of one by one.
   */
  touch(lo) {
    return this.slots[2 * Math.floor((lo >>> 0) * this.capacity / 4294967296)];
  }
  /** Adds the hash (lo, hi); `hi`'s top bit is ignored. */
  add(lo, hi) {
    const h = (hi & 2147483647) >>> 0;
    let l = lo >>> 0;
    if (h === 0 && l === 0) l = 1;
    if (this.size * 5 >= this.capacity * 4) this.grow();
    const slots = this.slots;
    const cap = this.capacity;
    let i = Math.floor(l * cap / 4294967296);
    for (; ; ) {
      const sl = slots[2 * i];
      const sh = slots[2 * i + 1];
      if (sl === 0 && sh === 0) {
        slots[2 * i] = l;
        slots[2 * i + 1] = h;
        this.size++;
        return ADDED_NEW;
      }
      if (sl === l && (sh & 2147483647) === h) {
        if (sh & REPEAT_BIT) return ADDED_REPEAT;
        slots[2 * i + 1] = (sh | REPEAT_BIT) >>> 0;
        return ADDED_SECOND;
      }
      i++;
      if (i === cap) i = 0;
    }
  }
  /** Merges another set's entries; returns the extra unexpected rows found across both. */
  merge(other, occurrences = true) {
    const s = other.slots;
    let incoming = 0;
    for (let i = 0; i < s.length; i += 2) if (s[i] !== 0 || s[i + 1] !== 0) incoming++;
    if ((this.size + incoming) * 5 >= this.capacity * 4) this.grow(Math.ceil((this.size + incoming) / 0.7));
    const slots = this.slots;
    const cap = this.capacity;
    let extra = 0;
    for (let k = 0; k < s.length; k += 2) {
      const lo = s[k];
      const hiWithBit = s[k + 1];
      if (lo === 0 && hiWithBit === 0) continue;
      const h = (hiWithBit & 2147483647) >>> 0;
      let i = Math.floor(lo * cap / 4294967296);
      for (; ; ) {
        const sl = slots[2 * i];
        const sh = slots[2 * i + 1];
        if (sl === 0 && sh === 0) {
          slots[2 * i] = lo;
          slots[2 * i + 1] = hiWithBit;
          this.size++;
          break;
        }
        if (sl === lo && (sh & 2147483647) === h) {
          if (!occurrences) extra++;
          else extra += ((sh & REPEAT_BIT) === 0 ? 1 : 0) + ((hiWithBit & REPEAT_BIT) === 0 ? 1 : 0);
          slots[2 * i + 1] = (sh | REPEAT_BIT) >>> 0;
          break;
        }
        i++;
        if (i === cap) i = 0;
      }
    }
    return extra;
  }
  /** A structured-clone-friendly view (the typed array can be transferred). */
  snapshot() {
    return { slots: this.slots };
  }
  /** Bytes held per distinct value, for the memory claim in the docs and tests. */
  bytesPerValue() {
    return this.size === 0 ? 0 : this.slots.byteLength / this.size;
  }
  /** Makes room for `n` values in total at load 0.75, so that no rehash happens before. */
  reserve(n) {
    const wanted = Math.ceil(n / 0.75);
    if (wanted > this.capacity) this.grow(wanted);
  }
  grow(capacity = Math.ceil(this.capacity * 1.6)) {
    const old = this.slots;
    this.capacity = capacity;
    this.slots = new Uint32Array(this.capacity * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      const lo = old[i];
      const hi = old[i + 1];
      if (lo !== 0 || hi !== 0) this.insertRaw(lo, hi);
    }
  }
  insertRaw(lo, hi) {
    const slots = this.slots;
    const cap = this.capacity;
    let i = Math.floor(lo * cap / 4294967296);
    while (slots[2 * i] !== 0 || slots[2 * i + 1] !== 0) {
      i++;
      if (i === cap) i = 0;
    }
    slots[2 * i] = lo;
    slots[2 * i + 1] = hi;
    this.size++;
  }
};
var probeSeen = /* @__PURE__ */ new WeakMap();
var DuplicateKeys = class {
  constructor(probe) {
    this.probe = probe ? HashSet64.fromSlots(probe) : null;
    let seen = probe ? probeSeen.get(probe) : void 0;
    if (!seen) {
      seen = new HashSet64();
      if (probe) probeSeen.set(probe, seen);
    }
    this.seen = seen;
  }
  get probing() {
    return this.probe !== null;
  }
  /** True when this row's key (lo, hi) repeats an earlier row's. */
  repeats(lo, hi) {
    if (this.probe !== null && !this.probe.repeated(lo, hi)) return false;
    return this.seen.add(lo, hi) !== ADDED_NEW;
  }
  reserve(rows) {
    if (this.probe === null) this.seen.reserve(rows);
  }
  slots() {
    return this.seen.snapshot().slots;
  }
};
var HASH = new Uint32Array(2);
function hashBytes(buf, start, end, seed = 0) {
  let h1 = 2166136261 ^ seed;
  let h2 = 2538058380 ^ end - start;
  for (let i = start; i < end; i++) {
    const b = buf[i];
    h1 = Math.imul(h1 ^ b, 16777619);
    h2 = Math.imul(h2 ^ b, 1540483477);
    h2 ^= h2 >>> 13;
  }
  HASH[0] = fmix(h1 ^ Math.imul(h2, 668265261));
  HASH[1] = fmix(h2 ^ h1);
}
function hashString(text, seed = 0) {
  let h1 = 2166136261 ^ seed;
  let h2 = 2538058380 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const b = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ b, 16777619);
    h2 = Math.imul(h2 ^ b, 1540483477);
    h2 ^= h2 >>> 13;
  }
  HASH[0] = fmix(h1 ^ Math.imul(h2, 668265261));
  HASH[1] = fmix(h2 ^ h1);
}
function fmix(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  h ^= h >>> 16;
  return h >>> 0;
}

// shared/src/data/parse-values.ts
var POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
var decoder3 = new TextDecoder();
function parseIntegerBytes(buf, start, end) {
  let i = start;
  let negative = false;
  const first = buf[i];
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  if (i === end) return Number.NaN;
  let value = 0;
  for (; i < end; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}
function parseNumberBytes(buf, start, end) {
  let i = start;
  let negative = false;
  const first = buf[i];
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let b = 0;
  for (; i < end; i++) {
    b = buf[i];
    const d = b - 48;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
    digits++;
  }
  if (i < end && b === 46) {
    for (i++; i < end; i++) {
      b = buf[i];
      const d = b - 48;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
      fraction++;
    }
  }
  if (digits === 0) return Number.NaN;
  if (i < end) {
    if (b !== 101 && b !== 69) return Number.NaN;
    const value = Number(decoder3.decode(buf.subarray(start, end)));
    return value;
  }
  if (digits <= 15) {
    const value = fraction === 0 ? mantissa : mantissa / POW10[fraction];
    return negative ? -value : value;
  }
  return Number(decoder3.decode(buf.subarray(start, end)));
}
var DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function digitsAt(buf, at, count) {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
function validDay(year, month, day) {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && year % 100 !== 0 || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS[month - 1]);
}
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function parseDateBytes(buf, start, end) {
  if (end - start !== 10 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return Number.NaN;
  const y0 = buf[start] - 48;
  const y1 = buf[start + 1] - 48;
  const y2 = buf[start + 2] - 48;
  const y3 = buf[start + 3] - 48;
  const m0 = buf[start + 5] - 48;
  const m1 = buf[start + 6] - 48;
  const d0 = buf[start + 8] - 48;
  const d1 = buf[start + 9] - 48;
  if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return Number.NaN;
  const year = y0 * 1e3 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (!validDay(year, month, day)) return Number.NaN;
  return daysFromCivil(year, month, day) * 864e5;
}
function parseTimestampBytes(buf, start, end) {
  if (end - start < 10) return Number.NaN;
  const date = parseDateBytes(buf, start, start + 10);
  if (Number.isNaN(date) || end - start === 10) return date;
  let i = start + 10;
  const sep = buf[i];
  if (sep !== 84 && sep !== 116 && sep !== 32) return Number.NaN;
  i++;
  if (end - i < 5 || buf[i + 2] !== 58) return Number.NaN;
  const hour = digitsAt(buf, i, 2);
  const minute = digitsAt(buf, i + 3, 2);
  i += 5;
  let second = 0;
  let millis = 0;
  if (i < end && buf[i] === 58) {
    second = digitsAt(buf, i + 1, 2);
    if (end - i < 3) return Number.NaN;
    i += 3;
    if (i < end && (buf[i] === 46 || buf[i] === 44)) {
      i++;
      let scale = 100;
      const from = i;
      for (; i < end; i++) {
        const d = buf[i] - 48;
        if (d < 0 || d > 9) break;
        millis += d * scale;
        scale /= 10;
      }
      if (i === from) return Number.NaN;
    }
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return Number.NaN;
  let offset = 0;
  if (i < end) {
    const zone = buf[i];
    if ((zone === 90 || zone === 122) && i + 1 === end) {
      offset = 0;
    } else if (zone === 43 || zone === 45) {
      const rest = end - i - 1;
      let oh = -1;
      let om = -1;
      if (rest === 5 && buf[i + 3] === 58) {
        oh = digitsAt(buf, i + 1, 2);
        om = digitsAt(buf, i + 4, 2);
      } else if (rest === 4) {
        oh = digitsAt(buf, i + 1, 2);
        om = digitsAt(buf, i + 3, 2);
      } else if (rest === 2) {
        oh = digitsAt(buf, i + 1, 2);
        om = 0;
      }
      if (oh < 0 || om < 0 || oh > 23 || om > 59) return Number.NaN;
      offset = (zone === 45 ? -1 : 1) * (oh * 60 + om) * 6e4;
    } else {
      return Number.NaN;
    }
  }
  return date + ((hour * 60 + minute) * 60 + second) * 1e3 + Math.floor(millis) - offset;
}
function parseBooleanBytes(buf, start, end) {
  const n = end - start;
  if (n === 1) return buf[start] === 49 ? 1 : buf[start] === 48 ? 0 : Number.NaN;
  if (n === 4 && (buf[start] | 32) === 116 && (buf[start + 1] | 32) === 114 && (buf[start + 2] | 32) === 117 && (buf[start + 3] | 32) === 101) return 1;
  if (n === 5 && (buf[start] | 32) === 102 && (buf[start + 1] | 32) === 97 && (buf[start + 2] | 32) === 108 && (buf[start + 3] | 32) === 115 && (buf[start + 4] | 32) === 101) return 0;
  return Number.NaN;
}
var encoder2 = new TextEncoder();
function parseText(kind, text) {
  const bytes = encoder2.encode(text);
  switch (kind) {
    case "integer":
      return parseIntegerBytes(bytes, 0, bytes.length);
    case "number":
      return parseNumberBytes(bytes, 0, bytes.length);
    case "boolean":
      return parseBooleanBytes(bytes, 0, bytes.length);
    case "date":
      return parseDateBytes(bytes, 0, bytes.length);
    case "timestamp":
      return parseTimestampBytes(bytes, 0, bytes.length);
  }
}

// shared/src/data/column-check.ts
var K_STRING = 0;
var K_INTEGER = 1;
var K_NUMBER = 2;
var K_BOOLEAN = 3;
var K_DATE = 4;
var K_TIMESTAMP = 5;
var KINDS = { string: K_STRING, integer: K_INTEGER, number: K_NUMBER, boolean: K_BOOLEAN, date: K_DATE, timestamp: K_TIMESTAMP };
var R_TYPE = 0;
var R_NOT_NULL = 1;
var R_MIN = 2;
var R_MAX = 3;
var R_VALUES = 4;
var R_PATTERN = 5;
var R_LENGTH = 6;
var R_UNIQUE = 7;
var R_FRESH = 8;
var encoder3 = new TextEncoder();
var BATCH = 256;
var ColumnCheck = class {
  constructor(plan, profile = null, profileIndex = -1) {
    this.plan = plan;
    this.nulls = 0;
    this.nonNull = 0;
    this.typed = 0;
    this.latest = Number.NaN;
    this.latestText = null;
    this.bad = new Float64Array(RULE_KEYS.length);
    // `unique` on the bytes path works in batches (see flush): hashes, rows and field
    // offsets wait here, all in the same buffer.
    this.batchLo = new Uint32Array(BATCH);
    this.batchHi = new Uint32Array(BATCH);
    this.batchRow = new Float64Array(BATCH);
    this.batchStart = new Int32Array(BATCH);
    this.batchEnd = new Int32Array(BATCH);
    this.batchSize = 0;
    this.batchBuf = null;
    this.sink = 0;
    this.examples = RULE_KEYS.map(() => []);
    this.kind = KINDS[plan.type];
    this.numericCompare = this.kind !== K_STRING;
    this.declaredType = plan.declaredType;
    this.notNull = plan.notNull;
    this.hasMin = plan.min !== null;
    this.hasMax = plan.max !== null;
    this.minN = typeof plan.min === "number" ? plan.min : Number.NaN;
    this.maxN = typeof plan.max === "number" ? plan.max : Number.NaN;
    this.minS = typeof plan.min === "string" ? plan.min : "";
    this.maxS = typeof plan.max === "string" ? plan.max : "";
    this.valuesN = plan.values && this.numericCompare ? new Set(plan.values) : null;
    this.valuesS = plan.values && !this.numericCompare ? new Set(plan.values.map(String)) : null;
    this.valuesList = this.valuesS ? [...this.valuesS] : [];
    this.valuesBytes = this.valuesS ? this.valuesList.map((v) => encoder3.encode(v)) : null;
    this.regex = plan.pattern === null ? null : new RegExp(plan.pattern);
    this.hasLength = plan.lengthMin !== null || plan.lengthMax !== null;
    this.lengthMin = plan.lengthMin ?? 0;
    this.lengthMax = plan.lengthMax ?? Number.POSITIVE_INFINITY;
    this.uniqueSet = plan.unique ? new HashSet64() : null;
    this.probe = plan.probe ? HashSet64.fromSlots(plan.probe) : null;
    this.freshCutoff = plan.freshCutoff ?? Number.NaN;
    const profiled = profile !== null && profileIndex >= 0;
    this.profile = profiled ? new ColumnFeed(profile, profileIndex) : null;
    this.profile?.countValues(this.valuesList);
    const stringBounds = !this.numericCompare && (this.hasMin || this.hasMax);
    this.needText = this.regex !== null || stringBounds;
    this.needTyped = this.numericCompare && (plan.declaredType || this.hasMin || this.hasMax || this.valuesN !== null || plan.freshCutoff !== null || profiled);
    this.profileOnly = profiled && this.kind === K_STRING && !this.needText && !this.notNull && this.uniqueSet === null && !this.hasLength && this.valuesS === null && this.probe === null;
  }
  /** True when no rule (and no profile) looks at this column's values. */
  get idle() {
    return this.probe === null && this.profile === null && !this.needText && !this.needTyped && !this.hasLength && this.uniqueSet === null && !this.notNull && this.valuesS === null;
  }
  /** Sizes the unique set for about `rows` more values (an estimate from the bytes left), and tells the profile. */
  reserve(rows) {
    this.uniqueSet?.reserve(rows);
    this.profile?.expectRows(rows);
  }
  onNull(row) {
    this.nulls++;
    if (this.notNull) this.miss(R_NOT_NULL, row, null);
    if (this.profile !== null) this.profile.addNull();
  }
  miss(rule, row, value) {
    this.bad[rule]++;
    const list = this.examples[rule];
    if (list.length < MAX_EXAMPLES) list.push({ row, value });
  }
  /** A miss on the bytes path: the example string is made only while examples are wanted. */
  missBytes(rule, row, text, buf, start, end) {
    this.bad[rule]++;
    const list = this.examples[rule];
    if (list.length < MAX_EXAMPLES) list.push({ row, value: text ?? buf.utf8Slice(start, end) });
  }
  /** Index of the allowed value equal to buf[start, end), or -1. */
  valueIndexBytes(buf, start, end) {
    const n = end - start;
    const values = this.valuesBytes;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (v.length !== n) continue;
      let i = 0;
      while (i < n && v[i] === buf[start + i]) i++;
      if (i === n) return k;
    }
    return -1;
  }
  /**
   * A non-empty CSV field in buf[start, end); `escaped` when it holds doubled quotes.
   * Small enough to inline into the scanner's loop, so that a column only the profile
   * reads costs a decrement (a value its sampler passes over), not a call into `onBytes`.
   */
  onField(buf, start, end, escaped, row) {
    if (this.profileOnly && !escaped) {
      this.nonNull++;
      this.profile.addBytes(buf, start, end);
    } else {
      this.onBytes(buf, start, end, escaped, row);
    }
  }
  onBytes(buf, start, end, escaped, row) {
    this.nonNull++;
    if (this.probe !== null) {
      hashBytes(buf, start, end);
      if (this.probe.repeated(HASH[0], HASH[1])) {
        const value = buf.utf8Slice(start, end);
        this.probed(row, escaped ? value.replace(/""/g, '"') : value);
      }
      return;
    }
    let text = null;
    const valueIndex = this.valuesBytes !== null && !escaped ? this.valueIndexBytes(buf, start, end) : -1;
    if (valueIndex >= 0) text = this.valuesList[valueIndex];
    else if (this.needText || escaped) {
      text = buf.utf8Slice(start, end);
      if (escaped) text = text.replace(/""/g, '"');
    }
    if (this.uniqueSet !== null) {
      hashBytes(buf, start, end);
      if (escaped) {
        const seen = this.uniqueSet.add(HASH[0], HASH[1]);
        if (seen !== ADDED_NEW) this.repeat(seen, row, text);
      } else {
        if (this.batchBuf !== buf) {
          this.flush();
          this.batchBuf = buf;
        }
        const n = this.batchSize++;
        this.batchLo[n] = HASH[0];
        this.batchHi[n] = HASH[1];
        this.batchRow[n] = row;
        this.batchStart[n] = start;
        this.batchEnd[n] = end;
        if (this.batchSize === BATCH) this.flush();
      }
    }
    if (this.hasLength) {
      let chars = 0;
      if (escaped) chars = [...text].length;
      else for (let i = start; i < end; i++) if ((buf[i] & 192) !== 128) chars++;
      if (chars < this.lengthMin || chars > this.lengthMax) this.missBytes(R_LENGTH, row, text, buf, start, end);
    }
    if (this.numericCompare) {
      if (!this.needTyped) {
        this.textRules(text, row, buf, start, end);
        return;
      }
      let typed;
      switch (this.kind) {
        case K_INTEGER:
          typed = parseIntegerBytes(buf, start, end);
          break;
        case K_NUMBER:
          typed = parseNumberBytes(buf, start, end);
          break;
        case K_BOOLEAN:
          typed = parseBooleanBytes(buf, start, end);
          break;
        case K_DATE:
          typed = parseDateBytes(buf, start, end);
          break;
        default:
          typed = parseTimestampBytes(buf, start, end);
      }
      if (!Number.isNaN(typed)) {
        this.typed++;
        if (this.hasMin && typed < this.minN) this.missBytes(R_MIN, row, text, buf, start, end);
        if (this.hasMax && typed > this.maxN) this.missBytes(R_MAX, row, text, buf, start, end);
        if (this.valuesN !== null && !this.valuesN.has(typed)) this.missBytes(R_VALUES, row, text, buf, start, end);
        if (!Number.isNaN(this.freshCutoff)) this.fresh(typed, row, text ?? buf.utf8Slice(start, end));
      } else if (this.declaredType) {
        this.missBytes(R_TYPE, row, text, buf, start, end);
      }
      if (this.profile !== null) this.profile.addNumber(typed);
    } else {
      if (this.valuesBytes !== null && !(escaped ? this.valuesS.has(text) : valueIndex >= 0)) this.missBytes(R_VALUES, row, text, buf, start, end);
      if (text !== null) {
        if (this.hasMin && text < this.minS) this.missBytes(R_MIN, row, text, buf, start, end);
        if (this.hasMax && text > this.maxS) this.missBytes(R_MAX, row, text, buf, start, end);
      }
      if (this.profile !== null) {
        if (valueIndex >= 0) this.profile.addValue(valueIndex, text);
        else if (escaped) this.profile.addText(text);
        else this.profile.addBytes(buf, start, end);
      }
    }
    if (this.regex !== null) this.textRules(text, row, buf, start, end);
  }
  textRules(text, row, buf, start, end) {
    if (this.regex !== null && !this.regex.test(text)) this.missBytes(R_PATTERN, row, text, buf, start, end);
  }
  fresh(typed, row, example) {
    if (typed < this.freshCutoff) this.miss(R_FRESH, row, example);
    if (!(typed <= this.latest)) {
      this.latest = typed;
      this.latestText = String(example);
    }
  }
  /** A decoded value (JSON Lines, Parquet); null/undefined/NaN are nulls. */
  onValue(value, row) {
    if (value === null || value === void 0 || typeof value === "number" && Number.isNaN(value)) {
      this.onNull(row);
      return;
    }
    this.nonNull++;
    const text = typeof value === "string" ? value : value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
    let typed = Number.NaN;
    switch (this.kind) {
      case K_STRING:
        break;
      case K_INTEGER:
        typed = typeof value === "bigint" ? Number(value) : typeof value === "number" ? Number.isInteger(value) ? value : Number.NaN : typeof value === "string" ? parseText("integer", value) : Number.NaN;
        break;
      case K_NUMBER:
        typed = typeof value === "bigint" ? Number(value) : typeof value === "number" ? value : typeof value === "string" ? parseText("number", value) : Number.NaN;
        break;
      case K_BOOLEAN:
        typed = typeof value === "boolean" ? value ? 1 : 0 : typeof value === "string" ? parseText("boolean", value) : Number.NaN;
        break;
      default:
        typed = value instanceof Date ? value.getTime() : typeof value === "string" ? parseText(this.kind === K_DATE ? "date" : "timestamp", value) : Number.NaN;
    }
    if (this.probe !== null) {
      hashString(text);
      if (this.probe.repeated(HASH[0], HASH[1])) this.probed(row, value);
      return;
    }
    const typeOk = this.kind === K_STRING ? typeof value === "string" : !Number.isNaN(typed);
    if (!typeOk && this.declaredType) this.miss(R_TYPE, row, value);
    if (this.uniqueSet !== null) {
      hashString(text);
      const seen = this.uniqueSet.add(HASH[0], HASH[1]);
      if (seen !== ADDED_NEW) this.repeat(seen, row, value);
    }
    if (this.hasLength) {
      const chars = [...text].length;
      if (chars < this.lengthMin || chars > this.lengthMax) this.miss(R_LENGTH, row, value);
    }
    if (this.numericCompare) {
      if (!Number.isNaN(typed)) {
        this.typed++;
        if (this.hasMin && typed < this.minN) this.miss(R_MIN, row, value);
        if (this.hasMax && typed > this.maxN) this.miss(R_MAX, row, value);
        if (this.valuesN !== null && !this.valuesN.has(typed)) this.miss(R_VALUES, row, value);
        if (!Number.isNaN(this.freshCutoff)) this.fresh(typed, row, value);
      }
      if (this.profile !== null) this.profile.addNumber(typed);
    } else {
      if (this.hasMin && text < this.minS) this.miss(R_MIN, row, value);
      if (this.hasMax && text > this.maxS) this.miss(R_MAX, row, value);
      if (this.valuesS !== null && !this.valuesS.has(text)) this.miss(R_VALUES, row, value);
      if (this.profile !== null) this.profile.addText(text);
    }
    if (this.regex !== null && !this.regex.test(text)) this.miss(R_PATTERN, row, value);
  }
  probed(row, value) {
    const list = this.examples[R_UNIQUE];
    list.push({ row, value });
    if (list.length >= MAX_EXAMPLES) throw new ProbeDone(list);
  }
  /**
   * Adds the batched hashes to the unique set. Hash-set inserts are bound by cache misses;
   * touching every home slot first lets those misses overlap. Must run before the buffer
   * the batch points into changes (the scanner calls it at the end of each scan).
   */
  flush() {
    this.profile?.flush();
    const set = this.uniqueSet;
    const n = this.batchSize;
    if (set === null || n === 0) return;
    let sink = 0;
    for (let i = 0; i < n; i++) sink ^= set.touch(this.batchLo[i]);
    this.sink ^= sink;
    for (let i = 0; i < n; i++) {
      const seen = set.add(this.batchLo[i], this.batchHi[i]);
      if (seen !== ADDED_NEW) this.repeat(seen, this.batchRow[i], this.batchBuf.utf8Slice(this.batchStart[i], this.batchEnd[i]));
    }
    this.batchSize = 0;
  }
  /** GE counts every occurrence of a repeated value: the first one too, when the second appears. */
  repeat(seen, row, value) {
    this.bad[R_UNIQUE] += seen === ADDED_SECOND ? 2 : 1;
    const list = this.examples[R_UNIQUE];
    if (list.length < MAX_EXAMPLES) list.push({ row, value });
  }
  /** Counts plus the unique set's table (transferable). */
  snapshot() {
    this.flush();
    const unexpected = emptyRecord(() => 0);
    const examples = emptyRecord(() => []);
    RULE_KEYS.forEach((key, i) => {
      unexpected[key] = this.bad[i];
      examples[key] = this.examples[i];
    });
    return {
      nulls: this.nulls,
      nonNull: this.nonNull,
      unexpected,
      examples,
      typed: this.typed,
      latest: this.latest,
      latestText: this.latestText,
      uniqueSlots: this.uniqueSet ? this.uniqueSet.snapshot().slots : null
    };
  }
};

// shared/src/data/tally.ts
var TableTally = class {
  constructor() {
    this.rows = 0;
    this.raggedRows = 0;
    this.raggedExamples = [];
    this.missingRows = 0;
    this.missingExamples = [];
    this.duplicates = 0;
    this.duplicateExamples = [];
  }
  ragged(row, fields) {
    this.raggedRows++;
    if (this.raggedExamples.length < MAX_EXAMPLES) this.raggedExamples.push({ row, value: fields });
  }
  missing(row, column) {
    this.missingRows++;
    if (this.missingExamples.length < MAX_EXAMPLES) this.missingExamples.push({ row, value: column });
  }
  snapshot() {
    const { rows, raggedRows, raggedExamples, missingRows, missingExamples, duplicates, duplicateExamples } = this;
    return { rows, raggedRows, raggedExamples, missingRows, missingExamples, duplicates, duplicateExamples };
  }
};

// shared/src/data/csv-scan.ts
var QUOTE = 34;
var COMMA = 44;
var LF = 10;
var CR = 13;
var CsvScanError = class extends Error {
  constructor(code, detail, byteOffset, row, field) {
    super(detail);
    this.code = code;
    this.detail = detail;
    this.byteOffset = byteOffset;
    this.row = row;
    this.field = field;
  }
};
var CsvScanner = class {
  constructor(plan, layout, profile = null, profileIndexes = []) {
    this.layout = layout;
    this.tally = new TableTally();
    /** Set when `scan` stopped at `stopAt`. */
    this.stopped = false;
    this.checks = plan.columns.map((c, i) => new ColumnCheck(c, profile, profileIndexes[i] ?? -1));
    this.byField = layout.fieldColumns.map((ci) => ci >= 0 && !this.checks[ci].idle ? this.checks[ci] : null);
    this.starts = new Int32Array(layout.width + 1);
    this.ends = new Int32Array(layout.width + 1);
    this.escapes = new Uint8Array(layout.width + 1);
    this.keyFields = layout.keyFields;
    this.duplicates = plan.duplicateKey ? new DuplicateKeys(plan.duplicateProbe) : null;
    this.trackNulls = plan.missingRows;
    this.profile = profile;
  }
  /**
   * Scans complete records in buf[from, to). `base` is buf[0]'s offset in the file.
   * Returns the offset (in buf) just past the last complete record it consumed. With
   * `eof`, the data ends at `to`. Stops before a record starting at or after `stopAt`
   * (a file offset).
   */
  scan(buf, from, to, eof, base, stopAt) {
    const rows = this.tally.rows;
    const consumed = this.scanRecords(buf, from, to, eof, base, stopAt);
    for (const check of this.checks) check.flush();
    if (this.profile !== null) this.profile.endRows(this.tally.rows - rows);
    return consumed;
  }
  scanRecords(buf, from, to, eof, base, stopAt) {
    const width = this.layout.width;
    const starts = this.starts;
    const ends = this.ends;
    const escapes = this.escapes;
    let pos = from;
    while (pos < to) {
      if (base + pos >= stopAt) {
        this.stopped = true;
        return pos;
      }
      const recordStart = pos;
      let nf = 0;
      let complete = false;
      for (; ; ) {
        let fs;
        let fe;
        let escaped = 0;
        if (buf[pos] === QUOTE) {
          let q = pos + 1;
          for (; ; ) {
            q = buf.indexOf(QUOTE, q);
            if (q === -1 || q >= to) {
              if (!eof) return recordStart;
              throw new CsvScanError("csv-unterminated-quote", "a quoted field is not closed before the end of the file", base + pos, this.tally.rows + 1, nf);
            }
            if (q + 1 < to && buf[q + 1] === QUOTE) {
              escaped = 1;
              q += 2;
              continue;
            }
            if (q + 1 >= to && !eof) return recordStart;
            break;
          }
          fs = pos + 1;
          fe = q;
          pos = q + 1;
          if (pos < to) {
            const b2 = buf[pos];
            if (b2 !== COMMA && b2 !== LF && b2 !== CR) {
              throw new CsvScanError("csv-quote", `unexpected '${String.fromCharCode(b2)}' after a closing quote`, base + pos, this.tally.rows + 1, nf);
            }
          }
        } else {
          fs = pos;
          while (pos < to) {
            const b2 = buf[pos];
            if (b2 > COMMA || b2 !== COMMA && b2 !== LF && b2 !== CR) pos++;
            else break;
          }
          fe = pos;
          if (pos >= to && !eof) return recordStart;
        }
        if (nf <= width) {
          starts[nf] = fs;
          ends[nf] = fe;
          escapes[nf] = escaped;
        }
        nf++;
        if (pos >= to) {
          complete = true;
          break;
        }
        const b = buf[pos];
        if (b === COMMA) {
          pos++;
          if (pos >= to && !eof) return recordStart;
          if (pos >= to) {
            if (nf <= width) {
              starts[nf] = pos;
              ends[nf] = pos;
              escapes[nf] = 0;
            }
            nf++;
            complete = true;
            break;
          }
          continue;
        }
        if (b === CR) {
          if (pos + 1 >= to && !eof) return recordStart;
          pos++;
          if (pos < to && buf[pos] === LF) pos++;
        } else {
          pos++;
        }
        complete = true;
        break;
      }
      if (complete) this.deliver(buf, nf, recordStart);
    }
    return pos;
  }
  deliver(buf, nf, recordStart) {
    const width = this.layout.width;
    const starts = this.starts;
    const ends = this.ends;
    if (nf === 1 && starts[0] === ends[0] && buf[recordStart] !== QUOTE) return;
    const tally = this.tally;
    const row = ++tally.rows;
    if (nf !== width) tally.ragged(row, nf);
    const byField = this.byField;
    let firstNull = -1;
    const n = Math.min(nf, width);
    for (let f = 0; f < n; f++) {
      const s = starts[f];
      const e = ends[f];
      const check = byField[f];
      if (s === e) {
        if (firstNull < 0) firstNull = f;
        if (check !== null) check.onNull(row);
      } else if (check !== null) {
        check.onField(buf, s, e, this.escapes[f] === 1, row);
      }
    }
    if (n < width) firstNull = this.missingFields(row, n, firstNull);
    if (this.trackNulls && firstNull >= 0) tally.missing(row, firstNull);
    if (this.duplicates !== null) this.duplicateKey(buf, row, n);
  }
  /**
   * A short row's fields from `n` on are nulls; returns its first null field. Kept out
   * of `deliver`, which the JIT inlines into the record loop within a size budget.
   */
  missingFields(row, n, firstNull) {
    for (let f = n; f < this.layout.width; f++) this.byField[f]?.onNull(row);
    return firstNull < 0 ? n : firstNull;
  }
  duplicateKey(buf, row, n) {
    let lo = 625341585;
    let hi = 2654435769;
    for (const f of this.keyFields) {
      if (f < n) hashBytes(buf, this.starts[f], this.ends[f], lo);
      else hashBytes(buf, 0, 0, lo);
      lo = Math.imul(lo ^ HASH[0], 16777619) >>> 0;
      hi = (Math.imul(hi, 31) ^ HASH[1]) >>> 0;
    }
    if (this.duplicates.repeats(lo, hi)) {
      this.tally.duplicates++;
      if (this.tally.duplicateExamples.length < MAX_EXAMPLES) {
        const text = this.keyFields.map((f) => f < n ? buf.utf8Slice(this.starts[f], this.ends[f]) : "").join(", ");
        this.tally.duplicateExamples.push({ row, value: text });
      }
      if (this.duplicates.probing && this.tally.duplicateExamples.length >= MAX_EXAMPLES) throw new ProbeDone(this.tally.duplicateExamples);
    }
  }
  /** Sizes the hash sets for about `rows` rows, once the first chunk tells the row size. */
  reserve(rows) {
    for (const check of this.checks) check.reserve(rows);
    this.duplicates?.reserve(rows);
  }
  duplicateSlots() {
    return this.duplicates ? this.duplicates.slots() : null;
  }
};

// shared/src/data/csv-read.ts
var DEFAULT_CHUNK_BYTES = 1 << 20;
var MAX_RECORD_BYTES = 16 << 20;
var FIRST_READ_BYTES = 64 << 10;
var CsvWindow = class {
  constructor(scanner, start, stopAt, limits = {}) {
    this.scanner = scanner;
    this.stopAt = stopAt;
    this.filled = 0;
    this.buf = Buffer.allocUnsafe(limits.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    this.maxRecordBytes = limits.maxRecordBytes ?? MAX_RECORD_BYTES;
    this.base = start;
  }
  get done() {
    return this.scanner.stopped;
  }
  /** Room to write into, growing the window when a record does not fit. */
  room() {
    if (this.filled === this.buf.length) {
      if (this.buf.length >= this.maxRecordBytes) {
        throw new CsvScanError(
          "csv-record-too-long",
          `a record is longer than ${this.maxRecordBytes / (1 << 20)} MB (no end of line found)`,
          this.base,
          this.scanner.tally.rows + 1,
          -1
        );
      }
      const bigger = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.maxRecordBytes));
      this.buf.copy(bigger, 0, 0, this.filled);
      this.buf = bigger;
    }
    return this.buf.subarray(this.filled);
  }
  /** Reads the next piece of the file (at most `limit` bytes) at the window's end; returns false at end of file. */
  readFrom(fd, fileSize, limit = Number.POSITIVE_INFINITY) {
    const room = this.room();
    const position = this.base + this.filled;
    const n = position >= fileSize ? 0 : (0, import_node_fs.readSync)(fd, room, 0, Math.min(room.length, fileSize - position, limit), position);
    this.filled += n;
    const eof = this.base + this.filled >= fileSize;
    this.scanWindow(eof);
    return !eof && !this.done;
  }
  /** Appends a chunk of a stream (null at its end). */
  push(chunk) {
    if (chunk === null) {
      this.scanWindow(true);
      return;
    }
    let offset = 0;
    while (offset < chunk.length && !this.done) {
      const room = this.room();
      const n = Math.min(room.length, chunk.length - offset);
      chunk.copy(room, 0, offset, offset + n);
      offset += n;
      this.filled += n;
      if (this.filled === this.buf.length) this.scanWindow(false);
    }
  }
  scanWindow(eof) {
    const rowsBefore = this.scanner.tally.rows;
    const consumed = this.scanner.scan(this.buf, 0, this.filled, eof, this.base, this.stopAt);
    if (consumed > 0 && !(0, import_node_buffer.isUtf8)(this.buf.subarray(0, consumed))) {
      const offset = firstInvalidUtf8(this.buf, 0, consumed);
      const where = locateRecord(this.buf, 0, offset);
      throw new CsvScanError("csv-encoding", "the bytes are not valid UTF-8", this.base + offset, rowsBefore + where.records + 1, where.field);
    }
    if (eof && !this.done && consumed < this.filled) {
      throw new CsvScanError("csv-incomplete", "the file ends inside a record", this.base + consumed, this.scanner.tally.rows + 1, -1);
    }
    this.buf.copy(this.buf, 0, consumed, this.filled);
    this.filled -= consumed;
    this.base += consumed;
  }
};
function scanFileRange(scanner, path, fileSize, start, stopAt, limits = {}, onBytes) {
  const window = new CsvWindow(scanner, start, stopAt, limits);
  const fd = (0, import_node_fs.openSync)(path, "r");
  try {
    let reported = start;
    let sized = false;
    while (window.readFrom(fd, fileSize, sized ? Number.POSITIVE_INFINITY : FIRST_READ_BYTES)) {
      if (!sized && scanner.tally.rows > 0) {
        const perRow = (window.base - start) / scanner.tally.rows;
        scanner.reserve(Math.ceil((Math.min(stopAt, fileSize) - start) / perRow * 1.1));
        sized = true;
      }
      if (onBytes && window.base - reported >= 8 << 20) {
        onBytes(window.base - reported);
        reported = window.base;
      }
    }
    if (onBytes) onBytes(Math.min(window.base, stopAt) - reported);
  } finally {
    (0, import_node_fs.closeSync)(fd);
  }
  return window.base;
}
function firstInvalidUtf8(buf, from, to) {
  let i = from;
  while (i < to) {
    const b = buf[i];
    const need = b < 128 ? 0 : b >= 194 && b <= 223 ? 1 : b >= 224 && b <= 239 ? 2 : b >= 240 && b <= 244 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= to || (buf[i + k] & 192) !== 128) return i;
    }
    if (need > 0 && !(0, import_node_buffer.isUtf8)(buf.subarray(i, i + need + 1))) return i;
    i += need + 1;
  }
  return to;
}
function locateRecord(buf, from, offset) {
  let records = 0;
  let field = 0;
  let quoted = false;
  for (let i = from; i < offset; i++) {
    const b = buf[i];
    if (b === 34) quoted = !quoted;
    else if (!quoted && b === 44) field++;
    else if (!quoted && b === 10) {
      records++;
      field = 0;
    }
  }
  return { records, field };
}

// shared/src/data/merge.ts
function snapshotPart(tally, checks, duplicateSlots, profile) {
  return { tally: tally.snapshot(), columns: checks.map((c) => c.snapshot()), duplicateSlots, profile: profile ? profile.snapshot() : null };
}

// shared/src/data/csv-range.ts
function guessRecordStart(path, fileSize, start) {
  if (start <= 0) return 0;
  const fd = (0, import_node_fs2.openSync)(path, "r");
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (let at = start - 1; at < fileSize; at += buf.length) {
      const n = (0, import_node_fs2.readSync)(fd, buf, 0, Math.min(buf.length, fileSize - at), at);
      const lf = buf.subarray(0, n).indexOf(10);
      if (lf >= 0) return at + lf + 1;
    }
    return fileSize;
  } finally {
    (0, import_node_fs2.closeSync)(fd);
  }
}
function runCsvRange(task, onBytes) {
  const start = task.exact ? task.start : guessRecordStart(task.path, task.fileSize, task.start);
  if (onBytes && start > task.start) onBytes(Math.min(start, task.stopAt) - task.start);
  const profile = task.profileColumns ? createProfileAccumulator(task.profileColumns) : null;
  const scanner = new CsvScanner(task.plan, task.layout, profile, task.profileIndexes);
  let end = start;
  let error = null;
  try {
    end = start >= task.stopAt ? start : scanFileRange(scanner, task.path, task.fileSize, start, task.stopAt, task.limits, onBytes);
  } catch (e) {
    if (!(e instanceof CsvScanError)) throw e;
    error = { code: e.code, detail: e.detail, byteOffset: e.byteOffset, row: e.row, field: e.field };
  }
  return {
    start,
    end,
    ...snapshotPart(scanner.tally, scanner.checks, scanner.duplicateSlots(), profile),
    error
  };
}

// shared/src/data/scan-worker.ts
var port = import_node_worker_threads.parentPort;
if (port) {
  port.on("message", (task) => {
    try {
      const result = runCsvRange(task, (bytes) => port.postMessage({ kind: "progress", bytes }));
      const transfer = [];
      for (const c of result.columns) if (c.uniqueSlots) transfer.push(c.uniqueSlots.buffer);
      if (result.duplicateSlots) transfer.push(result.duplicateSlots.buffer);
      port.postMessage({ kind: "result", result }, transfer);
    } catch (error) {
      port.postMessage({ kind: "crash", message: error?.stack ?? String(error) });
    }
  });
}
