// The fast paths of the profile accumulator give the same profile as the plain ones:
// batched sketch and histogram updates equal value-by-value updates, batched moments
// match exact ones, and categories counted from UTF-8 bytes equal categories counted
// from strings (through the few-values stage, purges and sampling), also as a scanner
// feeds them, passing over the values the sampler skips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteCounts } from '../../../shared/src/drift/byte-counts.ts';
import { ColumnFeed } from '../../../shared/src/drift/feed.ts';
import { createProfileAccumulator } from '../../../shared/src/drift/index.ts';
import { FrequentValues, SPARSE_FROM_VALUES, TRACK_CAPACITY } from '../../../shared/src/drift/frequent.ts';
import { FineHistogram } from '../../../shared/src/drift/histogram.ts';
import { NUMERIC_BATCH, NumericColumn } from '../../../shared/src/drift/numeric-column.ts';
import { QuantileSketch } from '../../../shared/src/drift/sketch.ts';
import { seededRandom as random } from '../../support/random.ts';

/** Feeds `values` to `addMany` in batches of random sizes (1 to 3000). */
function inBatches(values: Float64Array, seed: number, addMany: (batch: Float64Array) => void): void {
  const r = random(seed);
  for (let at = 0; at < values.length; ) {
    const size = Math.min(values.length - at, 1 + Math.floor(r() * 3000));
    addMany(values.slice(at, at + size));
    at += size;
  }
}

describe('QuantileSketch.addMany', () => {
  it('gives the same sketch as add, value by value, through compaction and every sampling level', () => {
    for (const [n, seed] of [
      [0, 1],
      [1000, 2],
      [5000, 3],
      [90_000, 4],
      [700_000, 5],
    ] as const) {
      const r = random(seed);
      const values = Float64Array.from({ length: n }, () => r() * 1000 - 300);
      const one = new QuantileSketch();
      for (const v of values) one.add(v);
      const many = new QuantileSketch();
      inBatches(values, seed, (batch) => many.addMany(batch, batch.length));
      expect(many.toJSON()).toEqual(one.toJSON());
    }
  });

  it('continues a merged sketch as add does', () => {
    const r = random(9);
    const values = Float64Array.from({ length: 200_000 }, () => r());
    const one = QuantileSketch.fromJSON(new QuantileSketch().toJSON());
    const many = QuantileSketch.fromJSON(new QuantileSketch().toJSON());
    const part = new QuantileSketch();
    for (const v of values.subarray(0, 100_000)) part.add(v);
    one.merge(part);
    many.merge(part);
    for (const v of values.subarray(100_000)) one.add(v);
    inBatches(values.subarray(100_000), 9, (batch) => many.addMany(batch, batch.length));
    expect(many.toJSON()).toEqual(one.toJSON());
  });
});

describe('FineHistogram.addMany', () => {
  const finite = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -50, max: 50 }), fc.double({ min: 1.6e12, max: 1.8e12, noNaN: true }), fc.constantFrom(-5e-324, 5e-324, -0, 1e300));

  it('counts as add does, value by value, whatever the batches', () => {
    fc.assert(
      fc.property(fc.array(fc.array(finite, { minLength: 1, maxLength: 200 }), { minLength: 1, maxLength: 6 }), (batches) => {
        const all = batches.flat();
        const one = new FineHistogram();
        for (const v of all) one.add(v);
        const many = new FineHistogram();
        for (const batch of batches) many.addMany(Float64Array.from(batch), batch.length, Math.min(...batch), Math.max(...batch));
        const min = Math.min(...all);
        const max = Math.max(...all);
        expect(many.toJSON(min, max)).toEqual(one.toJSON(min, max));
      }),
      { numRuns: 200 },
    );
  });
});

describe('NumericColumn', () => {
  it('matches exact moments over many batches, dates in epoch milliseconds included', () => {
    const r = random(4);
    const values = Array.from({ length: NUMERIC_BATCH * 7 + 123 }, () => 1.7e12 + Math.floor(r() * 336) * 86_400_000 + r());
    const column = new NumericColumn();
    for (const v of values) column.add(v);
    const profile = column.snapshot('timestamp', values.length);
    const mean = values.reduce((s, v) => s + (v - 1.7e12), 0) / values.length + 1.7e12;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(profile.mean! - mean)).toBeLessThanOrEqual(1e-12 * mean);
    expect(Math.abs(profile.variance! - variance)).toBeLessThanOrEqual(1e-9 * variance);
    expect(profile.count).toBe(values.length);
    expect(profile.sketch.n).toBe(values.length);
  });

  it('keeps moments of values near the largest double finite where a sum would overflow', () => {
    const column = new NumericColumn();
    for (let i = 0; i < 10; i++) column.add(1.7e308);
    column.add(Number.NaN);
    column.add(Number.POSITIVE_INFINITY);
    const profile = column.snapshot('number', 12);
    expect(profile).toMatchObject({ count: 10, nulls: 2, mean: 1.7e308, variance: 0, min: 1.7e308, max: 1.7e308 });
  });
});

/** Lays strings out in one buffer, as CSV fields are. */
function asBytes(values: string[]): { buf: Uint8Array; starts: number[]; ends: number[] } {
  const encoder = new TextEncoder();
  const parts = values.map((v) => encoder.encode(v));
  const buf = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const p of parts) {
    buf.set(p, at);
    starts.push(at);
    ends.push(at + p.length);
    at += p.length + 1;
  }
  return { buf, starts, ends };
}

describe('FrequentValues from bytes', () => {
  it('equals counting the decoded strings: few values, many values, purges and sampling, any text', () => {
    const r = random(12);
    const cases: string[][] = [
      ['a', 'b', 'a', '', 'é', 'a'],
      Array.from({ length: 5000 }, () => ['basic', 'pro', 'enterprise', 'trial'][Math.floor(r() * 4)]!),
      Array.from({ length: 300_000 }, (_, i) => (i % 3 === 0 ? `hot-${i % 7}` : `id-${Math.floor(r() * 1e9)}-ü€😀`)),
      Array.from({ length: 3000 }, (_, i) => `${'long text '.repeat(40)}${i % 1500}`),
    ];
    for (const values of cases) {
      const fromStrings = new FrequentValues();
      for (const v of values) fromStrings.add(v);
      const fromBytes = new FrequentValues();
      const mixed = new FrequentValues();
      const { buf, starts, ends } = asBytes(values);
      values.forEach((v, i) => {
        fromBytes.addBytes(buf, starts[i]!, ends[i]!);
        // A scanner may hand over some values as strings (escaped fields) and the rest as bytes.
        if (i % 5 === 0) mixed.add(v);
        else mixed.addBytes(buf, starts[i]!, ends[i]!);
      });
      expect(fromBytes.snapshot()).toEqual(fromStrings.snapshot());
      expect(mixed.snapshot()).toEqual(fromStrings.snapshot());
    }
  });
});

describe('ColumnFeed', () => {
  it('gives the profile of add, value by value: sampling at once or ramping, escaped fields, new buffers, flushes anywhere', () => {
    const r = random(21);
    const ids = Array.from({ length: 40_000 }, (_, i) => (i % 97 === 0 ? `hot-${i % 3}` : `id-${Math.floor(r() * 1e9)}-é`));
    const plans = Array.from({ length: 6000 }, () => ['basic', 'pro', 'trial'][Math.floor(r() * 3)]!);
    for (const [values, hint] of [
      [ids, SPARSE_FROM_VALUES],
      [ids, 0],
      [plans, SPARSE_FROM_VALUES],
    ] as const) {
      const columns = [{ name: 's', type: 'string' as const }];
      const byValue = createProfileAccumulator(columns);
      const scanned = createProfileAccumulator(columns);
      const feed = new ColumnFeed(scanned, 0);
      // The hint comes after the first rows, as a scanner's estimate does.
      const hintAt = 300;
      let { buf, starts, ends } = asBytes(values);
      values.forEach((v, i) => {
        if (i === hintAt && hint > 0) {
          byValue.categorical(0)!.expectValues(hint);
          feed.expectRows(hint);
        }
        byValue.add(0, v);
        byValue.endRow();
        // Some values come as strings (escaped fields), the scanner's buffer is replaced
        // now and then, and windows end (flush) at arbitrary rows.
        if (i % 13 === 0) feed.addText(v);
        else feed.addBytes(buf, starts[i]!, ends[i]!);
        if (i % 777 === 0) feed.flush();
        if (i % 5000 === 4999) {
          // A scanner flushes before its buffer changes.
          feed.flush();
          ({ buf, starts, ends } = asBytes(values));
        }
      });
      feed.flush();
      scanned.endRows(values.length);
      expect(scanned.snapshot()).toEqual(byValue.snapshot());
    }
  });
});

describe('FrequentValues keeps copies', () => {
  it('counts the same after the scanner reuses its buffer (a Buffer, whose slice is a view)', () => {
    const values = Array.from({ length: 3000 }, (_, i) => ['basic', 'pro', 'trial'][i % 3]! + (i < 1500 ? '' : `-${i % 12}`));
    const { buf, starts, ends } = asBytes(values);
    const shared = Buffer.from(buf);
    const fromBytes = new FrequentValues();
    const fromStrings = new FrequentValues();
    values.forEach((v, i) => {
      const scratch = Buffer.alloc(shared.length);
      shared.copy(scratch);
      fromBytes.addBytes(scratch, starts[i]!, ends[i]!);
      scratch.fill(0x23);
      fromStrings.add(v);
    });
    expect(fromBytes.snapshot()).toEqual(fromStrings.snapshot());
  });
});

describe('ByteCounts', () => {
  it('counts exactly, byte for byte, and subtracts like a Map', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.integer({ min: 1, max: 5 })), { maxLength: TRACK_CAPACITY }), fc.integer({ min: 0, max: 6 }), (pairs, cut) => {
        const table = new ByteCounts(TRACK_CAPACITY + 1);
        const truth = new Map<string, number>();
        const encoder = new TextEncoder();
        for (const [key, weight] of pairs) {
          const bytes = encoder.encode(key);
          table.add(bytes, 0, bytes.length, weight);
          const canonical = new TextDecoder().decode(bytes);
          truth.set(canonical, (truth.get(canonical) ?? 0) + weight);
        }
        expect(new Map(table.entries())).toEqual(truth);
        table.subtract(cut);
        const kept = new Map([...truth].filter(([, c]) => c > cut).map(([k, c]) => [k, c - cut]));
        expect(new Map(table.entries())).toEqual(kept);
        // The rebuilt index still finds every key.
        for (const key of kept.keys()) {
          const bytes = encoder.encode(key);
          table.add(bytes, 0, bytes.length, 1);
        }
        expect(table.size).toBe(kept.size);
      }),
      { numRuns: 200 },
    );
  });
});
