// The shadow run: before the first weight step, live traffic is mirrored to the candidate
// for `duration`; its answers are paired with stable's by request id and gated on
// `min-agreement` and on how much slower (p99) the candidate answers.
//
// Spec keys read (deploy.shadow) beyond the schema's duration and min-agreement, to be added:
//   max-p99-increase: Duration   candidate p99 − stable p99 allowed (default: not gated)
//   tolerance: number            numbers agree within this absolute difference (default 0)
//   relative-tolerance: number   … or within this share of the larger (default 0)
//   ignore: [dotted paths]       parts of the answer not compared (e.g. `model`, `*.served_at`)
//   stable: host:port            where the collector replays requests for stable's answer,
//                                when the target cannot report it (nginx). Default: the
//                                target's stable upstream (deploy.nginx.stable).
//   candidate: host:port         the candidate server (default: the target's canary upstream)
//   requests: integer ≥ 1        end the shadow early once this many requests are paired
import { PipewrightError } from '../../errors.ts';
import { parseDuration } from '../../spec/duration.ts';
import { formatMs } from '../load/judge.ts';
import { LatencySamples, type LatencySummary } from '../load/latency.ts';
import { parseUpstream } from '../targets/local.ts';
import type { TrafficTarget, Verdict } from '../types.ts';
import { type Answer, type AnswerComparison, answersDiffer, snippet } from './compare.ts';
import { ShadowCollector } from './collector.ts';

/** The shadow cannot run as asked (a target that cannot mirror, a bad address). */
export class ShadowError extends PipewrightError {
  constructor(message: string, cause?: unknown) {
    super('shadow', message, { exitCode: 2, cause });
  }
}

export interface ShadowOptions {
  target: TrafficTarget;
  /** host:port of the candidate (the new version). */
  candidate: string;
  /** host:port of stable, for replay mode; required when the target does not report answers. */
  stable?: string;
  durationMs: number;
  /** End early once this many requests are paired. */
  maxPairs?: number;
  minAgreement: number;
  maxP99IncreaseMs?: number;
  compare?: AnswerComparison;
  /** Where the collector listens. Default 127.0.0.1 on a free port. */
  host?: string;
  /** After mirroring stops, how long late halves may still arrive. Default 2 s. */
  graceMs?: number;
  timeoutMs?: number;
  onProgress?: (progress: ShadowProgress) => void;
  progressEveryMs?: number;
  signal?: AbortSignal;
}

export interface ShadowProgress {
  elapsedMs: number;
  durationMs: number;
  mirrored: number;
  paired: number;
  agreed: number;
}

export interface Disagreement {
  requestId: string;
  why: string;
  stable: string;
  candidate: string;
}

export interface ShadowResult {
  mode: 'reported' | 'replay';
  durationMs: number;
  mirrored: number;
  paired: number;
  agreed: number;
  /** agreed / paired; null when nothing was paired. */
  agreement: number | null;
  candidateErrors: number;
  unpaired: { stableOnly: number; candidateOnly: number; withoutId: number; evicted: number };
  /** The first 20. */
  disagreements: Disagreement[];
  latencyMs: { stable: LatencySummary | null; candidate: LatencySummary | null; p99Increase: number | null };
  verdict: Verdict;
  reasons: string[];
  summary: string;
  aborted: boolean;
}

export async function runShadow(options: ShadowOptions): Promise<ShadowResult> {
  const { target } = options;
  if (!target.setMirror) throw new ShadowError(`shadow: the '${target.kind}' target cannot mirror traffic; use the local or nginx target, or remove deploy.shadow`);
  const mode = target.mirrorReportsAnswers ? 'reported' : 'replay';
  if (mode === 'replay' && !options.stable) throw new ShadowError(`shadow: the '${target.kind}' target does not report stable's answers; give deploy.shadow.stable (host:port) for the collector to replay requests to`);
  const candidate = parseUpstream(options.candidate, 'shadow candidate');
  const stable = mode === 'replay' ? parseUpstream(options.stable!, 'shadow stable') : undefined;

  let paired = 0;
  let agreed = 0;
  let enough: (() => void) | null = null;
  let candidateErrors = 0;
  const disagreements: Disagreement[] = [];
  const stableLatency = new LatencySamples();
  const candidateLatency = new LatencySamples();
  const collector = new ShadowCollector({
    candidate,
    ...(stable ? { stable } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    onPair: (requestId, stableAnswer: Answer, candidateAnswer: Answer) => {
      paired++;
      if (options.maxPairs !== undefined && paired >= options.maxPairs) enough?.();
      if (candidateAnswer.error) candidateErrors++;
      else candidateLatency.add(candidateAnswer.latencyMs);
      if (!stableAnswer.error && Number.isFinite(stableAnswer.latencyMs)) stableLatency.add(stableAnswer.latencyMs);
      const why = answersDiffer(stableAnswer, candidateAnswer, options.compare);
      if (why === null) agreed++;
      else if (disagreements.length < 20) disagreements.push({ requestId, why, stable: snippet(stableAnswer.body), candidate: snippet(candidateAnswer.body) });
    },
  });
  await collector.listen();
  const start = performance.now();
  const progress = () => options.onProgress?.({ elapsedMs: performance.now() - start, durationMs: options.durationMs, mirrored: collector.counts.mirrored, paired, agreed });
  const reporter = options.onProgress ? setInterval(progress, options.progressEveryMs ?? 1000) : undefined;
  let aborted = false;
  try {
    await target.setMirror(collector.address, options.signal);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.durationMs);
      enough = done;
      function done() {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort() {
        aborted = true;
        done();
      }
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  } finally {
    enough = null;
    clearInterval(reporter);
    // Mirroring stops whatever happened: a shadow must never outlive its run.
    await target.setMirror(null);
  }
  await collector.settle(options.graceMs ?? 2000);
  progress();
  const { stableOnly, candidateOnly } = collector.unpaired();
  await collector.close();

  const result: ShadowResult = {
    mode,
    durationMs: performance.now() - start,
    mirrored: collector.counts.mirrored,
    paired,
    agreed,
    agreement: paired === 0 ? null : agreed / paired,
    candidateErrors,
    unpaired: { stableOnly, candidateOnly, withoutId: collector.counts.withoutId, evicted: collector.counts.evicted },
    disagreements,
    latencyMs: { stable: stableLatency.summary(), candidate: candidateLatency.summary(), p99Increase: null },
    verdict: 'pass',
    reasons: [],
    summary: '',
    aborted,
  };
  judgeShadow(result, options);
  return result;
}

/** Fills verdict, reasons and summary. */
function judgeShadow(result: ShadowResult, options: ShadowOptions): void {
  const { stable, candidate } = result.latencyMs;
  if (stable && candidate) result.latencyMs.p99Increase = candidate.p99 - stable.p99;
  const checks: string[] = [];
  if (result.agreement === null) {
    result.verdict = 'inconclusive';
    result.reasons.push(`no request was paired (${result.mirrored} mirrored): was there live traffic during the shadow?`);
  } else {
    const share = `${(result.agreement * 100).toFixed(2)}%`;
    const min = `${(options.minAgreement * 100).toFixed(2)}%`;
    checks.push(`agreement ${share} (${result.agreed} of ${result.paired}) ${result.agreement < options.minAgreement ? '<' : '≥'} ${min}`);
    if (result.agreement < options.minAgreement) {
      result.verdict = 'fail';
      const first = result.disagreements[0];
      result.reasons.push(`agreement ${share} (${result.agreed} of ${result.paired}) < min-agreement ${min}${first ? `; first difference: ${first.why}` : ''}`);
    }
  }
  const increase = result.latencyMs.p99Increase;
  if (options.maxP99IncreaseMs !== undefined && increase !== null) {
    checks.push(`p99 +${formatMs(increase)} ${increase > options.maxP99IncreaseMs ? '>' : '≤'} +${formatMs(options.maxP99IncreaseMs)}`);
    if (increase > options.maxP99IncreaseMs) {
      result.verdict = 'fail';
      result.reasons.push(`candidate p99 ${formatMs(candidate!.p99)} is ${formatMs(increase)} slower than stable's ${formatMs(stable!.p99)} > max-p99-increase ${formatMs(options.maxP99IncreaseMs)}`);
    }
  }
  if (result.aborted && result.verdict === 'pass') {
    result.verdict = 'inconclusive';
    result.reasons.push('the shadow was aborted before its duration');
  }
  const { stableOnly, candidateOnly, withoutId, evicted } = result.unpaired;
  const unpaired = stableOnly + candidateOnly + withoutId + evicted;
  const tail = unpaired > 0 ? `; ${unpaired} unpaired (${stableOnly} stable only, ${candidateOnly} candidate only, ${withoutId} without request id, ${evicted} evicted)` : '';
  result.summary = `shadow (${result.mode}) ${result.mirrored} mirrored: ${(checks.length ? checks : result.reasons).join(', ')}${tail}: ${result.verdict}`;
}

/** The spec's `deploy.shadow`, as the schema (and the keys above) describe it. */
export interface ShadowSpec {
  duration?: string;
  'min-agreement'?: number;
  'max-p99-increase'?: string;
  tolerance?: number;
  'relative-tolerance'?: number;
  ignore?: string[];
  stable?: string;
  candidate?: string;
  requests?: number;
}

/** Options from the spec, with the schema's defaults (10m, 0.95); the caller adds target and addresses. */
export function shadowPlan(spec: ShadowSpec): Pick<ShadowOptions, 'durationMs' | 'maxPairs' | 'minAgreement' | 'maxP99IncreaseMs' | 'compare'> & { stable?: string; candidate?: string } {
  const compare: AnswerComparison = {
    ...(spec.tolerance === undefined ? {} : { tolerance: spec.tolerance }),
    ...(spec['relative-tolerance'] === undefined ? {} : { relativeTolerance: spec['relative-tolerance'] }),
    ...(spec.ignore === undefined ? {} : { ignore: spec.ignore }),
  };
  return {
    durationMs: parseDuration(spec.duration ?? '10m'),
    minAgreement: spec['min-agreement'] ?? 0.95,
    ...(spec.requests === undefined ? {} : { maxPairs: spec.requests }),
    ...(spec['max-p99-increase'] === undefined ? {} : { maxP99IncreaseMs: parseDuration(spec['max-p99-increase']) }),
    compare,
    ...(spec.stable === undefined ? {} : { stable: spec.stable }),
    ...(spec.candidate === undefined ? {} : { candidate: spec.candidate }),
  };
}
