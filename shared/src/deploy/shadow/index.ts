// Shadow traffic: mirrored requests answered by the candidate, paired with stable's answers.
export { type Answer, type AnswerComparison, answersDiffer } from './compare.ts';
export { type CollectorCounts, type CollectorOptions, ShadowCollector } from './collector.ts';
export { type Disagreement, runShadow, ShadowError, type ShadowOptions, type ShadowProgress, type ShadowResult, type ShadowSpec, shadowPlan } from './run.ts';
