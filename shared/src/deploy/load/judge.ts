// The load test's gate: `max-p99` and `max-error-rate`, each failure in words a person reads.
import type { Verdict } from '../types.ts';
import type { LoadTestResult } from './run.ts';

export interface LoadGate {
  /** `max-p99`, ms. */
  maxP99Ms?: number;
  /** `max-error-rate`, in [0, 1]; the schema's default is 0. */
  maxErrorRate?: number;
}

export interface LoadJudgement {
  verdict: Verdict;
  /** Every broken bound, or why nothing could be judged; empty when it passed. */
  reasons: string[];
  /** One line: `load test 200 rps for 30s: p99 41 ms ≤ 250 ms, errors 0.00% ≤ 1.00%: pass`. */
  summary: string;
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

export function judgeLoadTest(result: LoadTestResult, gate: LoadGate): LoadJudgement {
  const reasons: string[] = [];
  const checks: string[] = [];
  const maxErrorRate = gate.maxErrorRate ?? 0;
  let verdict: Verdict = 'pass';
  if (result.due === 0) {
    verdict = 'inconclusive';
    reasons.push('no request was due: the test was aborted before it started');
  } else {
    const kinds = Object.entries(result.errorKinds)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    checks.push(`errors ${percent(result.errorRate)} ${result.errorRate > maxErrorRate ? '>' : '≤'} ${percent(maxErrorRate)}`);
    if (result.errorRate > maxErrorRate) {
      verdict = 'fail';
      reasons.push(`error rate ${percent(result.errorRate)} (${result.errors} of ${result.due}: ${kinds}) > max-error-rate ${percent(maxErrorRate)}`);
    }
    if (gate.maxP99Ms !== undefined) {
      const p99 = result.latencyMs?.p99;
      if (p99 === undefined) {
        verdict = 'fail';
        reasons.push(`no answer at all to measure p99 against max-p99 ${formatMs(gate.maxP99Ms)}`);
      } else {
        checks.push(`p99 ${formatMs(p99)} ${p99 > gate.maxP99Ms ? '>' : '≤'} ${formatMs(gate.maxP99Ms)}`);
        if (p99 > gate.maxP99Ms) {
          verdict = 'fail';
          reasons.push(`p99 latency ${formatMs(p99)} > max-p99 ${formatMs(gate.maxP99Ms)}`);
        }
      }
    }
    if (result.aborted && verdict === 'pass') {
      verdict = 'inconclusive';
      reasons.push(`aborted after ${result.due} of the planned requests`);
    }
  }
  const head = `load test ${result.requestedRps} rps for ${Math.round(result.durationMs / 1000)}s (achieved ${result.achievedRps.toFixed(1)} rps)`;
  return { verdict, reasons, summary: `${head}: ${(checks.length > 0 ? checks : reasons).join(', ')}: ${verdict}` };
}
