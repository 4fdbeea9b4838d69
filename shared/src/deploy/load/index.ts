// The load test: an open-loop generator, its gate, and the ramp that finds saturation.
export { type LoadGate, type LoadJudgement, judgeLoadTest, formatMs } from './judge.ts';
export { LatencySamples, type LatencySummary } from './latency.ts';
export { findSaturation, type RampOptions, type RampStep, type SaturationReport } from './ramp.ts';
export { LoadTestError, type LoadProgress, type LoadTestOptions, type LoadTestResult, runLoadTest } from './run.ts';
export { type LoadTestPlan, type LoadTestSpec, loadTestPlan } from './spec.ts';
