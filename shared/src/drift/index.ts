// Reference profiles and drift detection: the public API of `@pipewright/core/drift`.
export { createProfileAccumulator, isNumericType } from './accumulator.ts';
export { compareProfiles, DEFAULT_SHARE, DEFAULT_THRESHOLDS, MIN_STD, PSI_WARN, SMALL_REFERENCE_ROWS } from './compare.ts';
export { DISTINCT_CAPACITY } from './distinct.ts';
export { KEEP_CATEGORIES } from './frequent.ts';
export { HISTOGRAM_BINS } from './histogram.ts';
export { driftHeadline, driftSummaryMarkdown, driftTableRows, formatStatistic } from './markdown.ts';
export { mergeProfiles } from './merge.ts';
export { type DriftAction, driftOptionsFromSpec, driftOutcome } from './spec-options.ts';
export { PROFILE_KIND, type ProfileFile, ProfileFormatError, parseProfile, readProfileFile, toProfileFile, writeProfileFile } from './profile-file.ts';
export { EXACT_CAPACITY, SKETCH_K } from './sketch.ts';
export type * from './types.ts';
