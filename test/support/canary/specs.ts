// Specs for the canary tests: nginx in front of the two model servers, Prometheus metrics.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { CanaryMetric, CanaryStep, PipelineSpec } from '../../../schema/src/index.ts';
import type { TimelineEntry } from '../../../shared/src/deploy/types.ts';
import { splitCommand } from '../../../shared/src/spec/template.ts';
import type { ModelServer, Nginx } from './rig.ts';

/** Canary 5xx share over 5 s; no 5xx series yet counts as 0 errors. */
export const ERROR_RATE_QUERY =
  '(sum(rate(http_requests_total{variant="canary",code=~"5.."}[5s])) or vector(0)) / sum(rate(http_requests_total{variant="canary"}[5s]))';

/** Mean answer time per variant over 2 s (two scrapes: samples a step apart overlap little). */
export const LATENCY_QUERY =
  'sum(rate(http_request_duration_seconds_sum{variant="{{ variant }}"}[2s])) / sum(rate(http_request_duration_seconds_count{variant="{{ variant }}"}[2s]))';

export function errorRate(prometheus: string, extra: Partial<CanaryMetric> = {}): CanaryMetric {
  // Until the canary has been scraped with traffic the ratio is 0/0 (inconclusive): the first
  // measurement waits for two scrapes of canary traffic, with room for one more 0/0.
  return { prometheus: { address: prometheus, query: ERROR_RATE_QUERY }, max: 0.01, interval: '1s', 'initial-delay': '3s', 'failure-limit': 0, 'inconclusive-limit': 2, ...extra };
}

/** The spec every canary test deploys with: a file registry, `champion` promoted, and `deploy`. */
export function canarySpec(deploy: NonNullable<PipelineSpec['deploy']>): PipelineSpec {
  return { version: 1, name: 'churn', registry: { url: 'file:.pipewright/registry' }, promote: { alias: 'champion' }, deploy } as PipelineSpec;
}

export function nginxSpec(options: {
  nginx: Nginx;
  stable: ModelServer;
  canary: ModelServer | string;
  steps: CanaryStep[];
  metrics: Record<string, CanaryMetric>;
  analysis?: string[];
}): PipelineSpec {
  const canary = typeof options.canary === 'string' ? options.canary : options.canary.address;
  return canarySpec({
    target: 'nginx',
    nginx: { config: options.nginx.upstreamFile, stable: options.stable.address, canary, upstream: 'churn', reload: options.nginx.reload, confirm: options.nginx.confirmAddress },
    canary: { steps: options.steps, metrics: options.metrics, ...(options.analysis ? { analysis: options.analysis } : {}) },
    'on-failure': 'rollback',
  });
}

/** Back to all-stable between tests, as an operator would leave it. */
export function resetUpstream(nginx: Nginx, stable: ModelServer, canary: ModelServer): void {
  writeFileSync(nginx.upstreamFile, `upstream churn {\n    server ${stable.address} weight=100;\n    server ${canary.address} down;\n}\n`);
  execFileSync(splitCommand(nginx.reload)[0]!, splitCommand(nginx.reload).slice(1), { stdio: 'pipe' });
}

/** The canary's weight as the upstream file says (`down` = 0). */
export function upstreamWeights(nginx: Nginx, stable: ModelServer, canary: ModelServer): { stable: number; canary: number } {
  const text = readFileSync(nginx.upstreamFile, 'utf8');
  const weightOf = (address: string) => {
    const line = text.split('\n').find((l) => l.includes(`server ${address}`));
    if (!line || line.includes(' down')) return 0;
    return Number(/weight=(\d+)/.exec(line)?.[1] ?? 1);
  };
  return { stable: weightOf(stable.address), canary: weightOf(canary.address) };
}

/** An `onEntry` for deployFromSpec that makes the canary fail a share `errorRate` of its answers
 * `afterMs` into the pause; `at()` is when the fault started (0 until it has). */
export function faultDuringPause(canary: ModelServer, afterMs: number, errorRate: number): { onEntry(entry: TimelineEntry): void; at(): number } {
  let faultAt = 0;
  return {
    onEntry(entry) {
      if (entry.kind === 'pause') {
        setTimeout(() => {
          faultAt = Date.now();
          void canary.control({ errorRate });
        }, afterMs);
      }
    },
    at: () => faultAt,
  };
}
