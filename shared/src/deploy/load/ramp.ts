// `--ramp`: the load test again at growing rates until the gate breaks or the server stops
// keeping up, to find where it saturates ("test at 10× your traffic").
import { type LoadGate, type LoadJudgement, judgeLoadTest } from './judge.ts';
import { LoadTestError, type LoadTestOptions, type LoadTestResult, runLoadTest } from './run.ts';

export interface RampOptions extends Omit<LoadTestOptions, 'rps' | 'durationMs'> {
  /** The first step's rate (usually the spec's `rps`). */
  startRps: number;
  /** Each step multiplies the rate by this (default 1.5) … */
  factor?: number;
  /** … or adds this many requests/s, when given. */
  stepRps?: number;
  /** Stop here even if nothing broke. Default 10 × startRps. */
  maxRps?: number;
  stepDurationMs: number;
  gate: LoadGate;
  /** A step whose achieved rate is below this share of the requested one has saturated. Default 0.95. */
  minAchievedShare?: number;
  /** Send lag p99 (ms) above which a broken step is blamed on the generator. Default 20. */
  maxSendLagMs?: number;
  onStep?: (step: RampStep) => void;
}

export interface RampStep {
  rps: number;
  result: LoadTestResult;
  judgement: LoadJudgement;
  /** Why this step counts as saturated; null when it held. */
  saturated: string | null;
}

export interface SaturationReport {
  steps: RampStep[];
  /**
   * True when the generator, not the server, fell behind at the breaking step (its send lag
   * p99 was above `maxSendLagMs`): the server's saturation point is at least saturationRps.
   */
  generatorBound: boolean;
  /** The highest rate that held the gate; null when even the first step broke it. */
  sustainedRps: number | null;
  /** The first rate that broke it; null when maxRps held. */
  saturationRps: number | null;
  /** sustainedRps / startRps: "held 7.6× the spec's traffic". */
  headroom: number | null;
  summary: string;
}

export async function findSaturation(options: RampOptions): Promise<SaturationReport> {
  const factor = options.factor ?? 1.5;
  if (options.stepRps === undefined && !(factor > 1)) throw new LoadTestError(`load-test.ramp.factor: expected a factor above 1, found ${factor}`);
  if (options.stepRps !== undefined && !(options.stepRps > 0)) throw new LoadTestError(`load-test.ramp.step: expected a step above 0 requests/s, found ${options.stepRps}`);
  const maxRps = options.maxRps ?? options.startRps * 10;
  const minShare = options.minAchievedShare ?? 0.95;
  const steps: RampStep[] = [];
  let rps = options.startRps;
  let sustainedRps: number | null = null;
  let saturationRps: number | null = null;
  for (;;) {
    const result = await runLoadTest({ ...options, rps, durationMs: options.stepDurationMs });
    const judgement = judgeLoadTest(result, options.gate);
    let saturated: string | null = null;
    if (judgement.verdict !== 'pass') saturated = judgement.reasons.join('; ');
    else if (result.achievedRps < rps * minShare) saturated = `achieved ${result.achievedRps.toFixed(1)} rps < ${Math.round(minShare * 100)}% of ${rps} requested`;
    const step = { rps, result, judgement, saturated };
    steps.push(step);
    options.onStep?.(step);
    if (result.aborted) break;
    if (saturated) {
      saturationRps = rps;
      break;
    }
    sustainedRps = rps;
    if (rps >= maxRps) break;
    rps = Math.min(maxRps, options.stepRps !== undefined ? rps + options.stepRps : Math.ceil(rps * factor));
  }
  const headroom = sustainedRps === null ? null : sustainedRps / options.startRps;
  const last = steps.at(-1)!;
  const generatorBound = saturationRps !== null && last.result.sendLagMs.p99 > (options.maxSendLagMs ?? 20);
  let summary: string;
  if (last.result.aborted) summary = `aborted at ${last.rps} rps${sustainedRps === null ? '' : ` (held ${sustainedRps} rps before)`}: no saturation point`;
  else if (saturationRps === null) summary = `held ${sustainedRps} rps (${headroom?.toFixed(1)}× ${options.startRps} rps) without breaking the gate: saturation is above it`;
  else if (sustainedRps === null) summary = `broke the gate at the first step, ${saturationRps} rps: ${steps.at(-1)!.saturated}`;
  else summary = `saturates between ${sustainedRps} and ${saturationRps} rps (held ${headroom!.toFixed(1)}× ${options.startRps} rps); at ${saturationRps}: ${steps.at(-1)!.saturated}`;
  if (generatorBound) summary += `; but the generator itself sent late at that rate (send lag p99 ${Math.round(last.result.sendLagMs.p99)} ms): the server may hold more, test it from a machine with a free core`;
  return { steps, sustainedRps, saturationRps, headroom, generatorBound, summary };
}
