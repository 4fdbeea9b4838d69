// Exact latency percentiles: every sample kept (8 bytes each; a 30 s test at 1,000
// requests/s holds 240 KB), sorted once at the end. Nearest-rank, as HdrHistogram reports.

export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class LatencySamples {
  private values: Float64Array;
  private size = 0;

  constructor(expected = 1024) {
    this.values = new Float64Array(Math.max(16, expected));
  }

  get count(): number {
    return this.size;
  }

  add(ms: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = ms;
  }

  /** null when there is no sample. */
  summary(): LatencySummary | null {
    if (this.size === 0) return null;
    const sorted = this.values.slice(0, this.size).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: this.size,
      min: sorted[0]!,
      mean: sum / this.size,
      p50: rank(sorted, 0.5),
      p90: rank(sorted, 0.9),
      p99: rank(sorted, 0.99),
      max: sorted[this.size - 1]!,
    };
  }
}

/** The nearest-rank percentile of sorted values: the smallest value with at least q of them at or below. */
export function rank(sorted: Float64Array | number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}
