// A set of 63-bit value hashes in one typed array (8 bytes a slot, load 0.5-0.8, so
// 10-16 bytes per distinct value), with a "seen again" bit per entry: enough to count
// every occurrence of a repeated value the way Great Expectations' `unique` does.
// Two distinct values share a hash with probability about n^2 / 2^64 (2e-7 for 2M values).

/** Result of `add`: the value is new, seen for the second time, or seen again after that. */
export const ADDED_NEW = 0;
export const ADDED_SECOND = 1;
export const ADDED_REPEAT = 2;

const REPEAT_BIT = 0x80000000;

export class HashSet64 {
  private slots: Uint32Array;
  private capacity: number;
  size = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.slots = new Uint32Array(this.capacity * 2);
  }

  /** A set over a table another set made (e.g. sent by a worker). */
  static fromSlots(slots: Uint32Array): HashSet64 {
    const set = new HashSet64(16);
    set.slots = slots;
    set.capacity = slots.length / 2;
    for (let i = 0; i < slots.length; i += 2) if (slots[i] !== 0 || slots[i + 1] !== 0) set.size++;
    return set;
  }

  /** True when (lo, hi) is in the set and was seen more than once. */
  repeated(lo: number, hi: number): boolean {
    const h = (hi & 0x7fffffff) >>> 0;
    let l = lo >>> 0;
    if (h === 0 && l === 0) l = 1;
    const slots = this.slots;
    const cap = this.capacity;
    let i = Math.floor((l * cap) / 4294967296);
    for (;;) {
      const sl = slots[2 * i]!;
      const sh = slots[2 * i + 1]!;
      if (sl === 0 && sh === 0) return false;
      if (sl === l && (sh & 0x7fffffff) === h) return (sh & REPEAT_BIT) !== 0;
      i++;
      if (i === cap) i = 0;
    }
  }

  /**
   * Reads the home slot of `lo` and returns it. Calling this for a batch of values before
   * adding them lets the CPU fetch their cache lines in parallel instead of one by one.
   */
  touch(lo: number): number {
    return this.slots[2 * Math.floor(((lo >>> 0) * this.capacity) / 4294967296)]!;
  }

  /** Adds the hash (lo, hi); `hi`'s top bit is ignored. */
  add(lo: number, hi: number): number {
    const h = (hi & 0x7fffffff) >>> 0;
    let l = lo >>> 0;
    // (0, 0) marks an empty slot.
    if (h === 0 && l === 0) l = 1;
    if (this.size * 5 >= this.capacity * 4) this.grow();
    const slots = this.slots;
    const cap = this.capacity;
    let i = Math.floor((l * cap) / 4294967296);
    for (;;) {
      const sl = slots[2 * i]!;
      const sh = slots[2 * i + 1]!;
      if (sl === 0 && sh === 0) {
        slots[2 * i] = l;
        slots[2 * i + 1] = h;
        this.size++;
        return ADDED_NEW;
      }
      if (sl === l && (sh & 0x7fffffff) === h) {
        if (sh & REPEAT_BIT) return ADDED_REPEAT;
        slots[2 * i + 1] = (sh | REPEAT_BIT) >>> 0;
        return ADDED_SECOND;
      }
      i++;
      if (i === cap) i = 0;
    }
  }

  /** Merges another set's entries; returns the extra unexpected rows found across both. */
  merge(other: { slots: Uint32Array }, occurrences = true): number {
    const s = other.slots;
    let incoming = 0;
    for (let i = 0; i < s.length; i += 2) if (s[i] !== 0 || s[i + 1] !== 0) incoming++;
    // Room for everything first, so the loop below never rehashes.
    if ((this.size + incoming) * 5 >= this.capacity * 4) this.grow(Math.ceil((this.size + incoming) / 0.7));
    const slots = this.slots;
    const cap = this.capacity;
    let extra = 0;
    for (let k = 0; k < s.length; k += 2) {
      const lo = s[k]!;
      const hiWithBit = s[k + 1]!;
      if (lo === 0 && hiWithBit === 0) continue;
      const h = (hiWithBit & 0x7fffffff) >>> 0;
      let i = Math.floor((lo * cap) / 4294967296);
      for (;;) {
        const sl = slots[2 * i]!;
        const sh = slots[2 * i + 1]!;
        if (sl === 0 && sh === 0) {
          slots[2 * i] = lo;
          slots[2 * i + 1] = hiWithBit;
          this.size++;
          break;
        }
        if (sl === lo && (sh & 0x7fffffff) === h) {
          // Present on both sides: a side that saw the value once had not counted it yet.
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
  snapshot(): { slots: Uint32Array } {
    return { slots: this.slots };
  }

  /** Bytes held per distinct value, for the memory claim in the docs and tests. */
  bytesPerValue(): number {
    return this.size === 0 ? 0 : this.slots.byteLength / this.size;
  }

  /** Makes room for `n` values in total at load 0.75, so that no rehash happens before. */
  reserve(n: number): void {
    const wanted = Math.ceil(n / 0.75);
    if (wanted > this.capacity) this.grow(wanted);
  }

  private grow(capacity = Math.ceil(this.capacity * 1.6)): void {
    const old = this.slots;
    this.capacity = capacity;
    this.slots = new Uint32Array(this.capacity * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      const lo = old[i]!;
      const hi = old[i + 1]!;
      if (lo !== 0 || hi !== 0) this.insertRaw(lo, hi);
    }
  }

  private insertRaw(lo: number, hi: number): void {
    const slots = this.slots;
    const cap = this.capacity;
    let i = Math.floor((lo * cap) / 4294967296);
    while (slots[2 * i] !== 0 || slots[2 * i + 1] !== 0) {
      i++;
      if (i === cap) i = 0;
    }
    slots[2 * i] = lo;
    slots[2 * i + 1] = hi;
    this.size++;
  }
}

const probeSeen = new WeakMap<Uint32Array, HashSet64>();

/**
 * The `duplicates` check's keys. With a probe (the joined table of a first pass), only
 * keys that table marks as repeated are tracked: a second pass that lists the repeating
 * rows in row order when the first pass could not (a key repeated across ranges).
 */
export class DuplicateKeys {
  private readonly seen: HashSet64;
  private readonly probe: HashSet64 | null;

  constructor(probe?: Uint32Array) {
    this.probe = probe ? HashSet64.fromSlots(probe) : null;
    // A probing pass goes file by file: the keys seen so far carry over between them.
    let seen = probe ? probeSeen.get(probe) : undefined;
    if (!seen) {
      seen = new HashSet64();
      if (probe) probeSeen.set(probe, seen);
    }
    this.seen = seen;
  }

  get probing(): boolean {
    return this.probe !== null;
  }

  /** True when this row's key (lo, hi) repeats an earlier row's. */
  repeats(lo: number, hi: number): boolean {
    if (this.probe !== null && !this.probe.repeated(lo, hi)) return false;
    return this.seen.add(lo, hi) !== ADDED_NEW;
  }

  reserve(rows: number): void {
    if (this.probe === null) this.seen.reserve(rows);
  }

  slots(): Uint32Array {
    return this.seen.snapshot().slots;
  }
}

/** Output of hashBytes/hashString: [lo, hi]. One shared array, so hashing allocates nothing. */
export const HASH = new Uint32Array(2);

/** Two 32-bit lanes over bytes [start, end): FNV-1a and a multiplicative lane, then avalanched. */
export function hashBytes(buf: Uint8Array, start: number, end: number, seed = 0): void {
  let h1 = 0x811c9dc5 ^ seed;
  let h2 = 0x9747b28c ^ (end - start);
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  HASH[0] = fmix(h1 ^ Math.imul(h2, 0x27d4eb2d));
  HASH[1] = fmix(h2 ^ h1);
}

/** The same lanes over a string's UTF-16 code units (JSON Lines and Parquet values). */
export function hashString(text: string, seed = 0): void {
  let h1 = 0x811c9dc5 ^ seed;
  let h2 = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const b = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  HASH[0] = fmix(h1 ^ Math.imul(h2, 0x27d4eb2d));
  HASH[1] = fmix(h2 ^ h1);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
