// Reference profiles and drift detection: the public API of `@pipewright/core/drift`.
export { createProfileAccumulator, DISTINCT_CAPACITY, isNumericType } from './accumulator.ts';
export { mergeProfiles } from './merge.ts';
export { EXACT_CAPACITY, SKETCH_K } from './sketch.ts';
export { KEEP_CATEGORIES } from './frequent.ts';
export type * from './types.ts';
export { compareProfiles, DEFAULT_SHARE, DEFAULT_THRESHOLDS, MIN_STD, PSI_WARN, SMALL_REFERENCE_ROWS } from './compare.ts';
