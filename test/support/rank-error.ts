// How far a quantile sketch's ranks are from the exact ones: the accuracy measure the
// sketch and profile tests assert (the docs state it as a share of n).
import { QuantileSketch, type QuantileSketchJSON, type SortedSample, weightAtOrBelow } from '../../shared/src/drift/sketch.ts';

/** Largest |estimated - true count of values <= x| / n over the probes (default: 199 evenly spaced quantiles). */
export function worstRankError(sketch: QuantileSketch | QuantileSketchJSON, values: ArrayLike<number>, probes?: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  // Every value with weight 1, in order: the exact ranks.
  const exact: SortedSample = { values: sorted, cumulative: Float64Array.from(sorted, (_, i) => i + 1), total: sorted.length };
  const sample = (sketch instanceof QuantileSketch ? sketch : QuantileSketch.fromJSON(sketch)).sorted();
  const at = probes ?? Array.from({ length: 199 }, (_, q) => sorted[Math.floor(((q + 1) / 200) * sorted.length)]!);
  let worst = 0;
  for (let p = 0; p < at.length; p++) {
    const x = at[p]!;
    worst = Math.max(worst, Math.abs(weightAtOrBelow(sample, x) - weightAtOrBelow(exact, x)) / sorted.length);
  }
  return worst;
}
