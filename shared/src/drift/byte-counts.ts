// The counting table under FrequentValues: at most TRACK_CAPACITY + 1 keys, each kept
// as its UTF-8 bytes in one arena, found through an open-addressing index of 32-bit
// hashes (keys are compared byte for byte, so counts stay exact). The CSV scanner
// counts a field straight from its buffer: no string is made, so a high-cardinality
// column (ids, free text) that churns through purges leaves no garbage behind; keys
// become strings only in `entries`, for a snapshot.

const decoder = new TextDecoder();

function mixWord(word: number): number {
  const k = Math.imul(word, 0xcc9e2d51);
  return Math.imul((k << 15) | (k >>> 17), 0x1b873593);
}

/**
 * A 32-bit hash of the bytes, four at a time (MurmurHash3's mixing, written from its
 * published description): a byte-at-a-time FNV-1a costs ~1 ns per byte here, which
 * dominated counting a 48-byte key.
 */
export function hashKey(buf: Uint8Array, start: number, end: number): number {
  let h = 0x9747b28c ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h ^= mixWord(buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let shift = 0; i < end; i++, shift += 8) tail |= buf[i]! << shift;
  h ^= mixWord(tail);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class ByteCounts {
  /** Number of keys. */
  size = 0;
  readonly counts: Float64Array;
  /** Entry index + 1 per slot; 0 is an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  private arena = new Uint8Array(1 << 16);
  private used = 0;

  /** Room for `capacity` keys; the index stays at most a quarter full, so probes are short. */
  constructor(readonly capacity: number) {
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(capacity * 4)));
    this.mask = this.slots.length - 1;
    this.counts = new Float64Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
  }

  /** Adds `weight` to the key buf[start, end); the caller purges before `size` passes capacity. */
  add(buf: Uint8Array, start: number, end: number, weight: number): void {
    const hash = hashKey(buf, start, end);
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) break;
      if (this.hashes[entry] === hash && this.equals(entry, buf, start, end)) {
        this.counts[entry]! += weight;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    const entry = this.size++;
    const length = end - start;
    if (this.used + length > this.arena.length) this.growArena(length);
    // A byte loop: `subarray` would allocate a view per key (a Buffer's costs ~100 ns).
    const arena = this.arena;
    const at = this.used - start;
    for (let i = start; i < end; i++) arena[at + i] = buf[i]!;
    this.starts[entry] = this.used;
    this.lengths[entry] = length;
    this.used += length;
    this.hashes[entry] = hash;
    this.counts[entry] = weight;
    this.slots[slot] = entry + 1;
  }

  private equals(entry: number, buf: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (this.lengths[entry] !== length) return false;
    const arena = this.arena;
    const at = this.starts[entry]! - start;
    for (let i = start; i < end; i++) if (arena[at + i] !== buf[i]) return false;
    return true;
  }

  private growArena(extra: number): void {
    const grown = new Uint8Array(Math.max(this.arena.length * 2, this.used + extra));
    grown.set(this.arena.subarray(0, this.used));
    this.arena = grown;
  }

  /**
   * Subtracts `cut` from every count and drops the keys left at or below zero. Kept
   * keys move down in the arena (entries stay in arena order) and the index is rebuilt.
   */
  subtract(cut: number): void {
    let kept = 0;
    let used = 0;
    for (let e = 0; e < this.size; e++) {
      const count = this.counts[e]!;
      if (count <= cut) continue;
      const start = this.starts[e]!;
      const length = this.lengths[e]!;
      this.arena.copyWithin(used, start, start + length);
      this.starts[kept] = used;
      this.lengths[kept] = length;
      this.hashes[kept] = this.hashes[e]!;
      this.counts[kept] = count - cut;
      used += length;
      kept++;
    }
    this.size = kept;
    this.used = used;
    // A few huge keys (free text) must not pin a huge arena once they are gone.
    if (this.arena.length > 4 * Math.max(used, 1 << 16)) this.arena = this.arena.slice(0, 2 * Math.max(used, 1 << 15));
    this.slots.fill(0);
    for (let e = 0; e < kept; e++) {
      let slot = this.hashes[e]! & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = e + 1;
    }
  }

  /** [key, count] pairs, keys decoded from UTF-8. */
  entries(): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    for (let e = 0; e < this.size; e++) {
      const start = this.starts[e]!;
      out.push([decoder.decode(this.arena.subarray(start, start + this.lengths[e]!)), this.counts[e]!]);
    }
    return out;
  }
}
