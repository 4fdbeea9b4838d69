// `deploy.load-test` as written in the spec → the generator's options, gate and ramp.
//
// Keys read beyond the schema's url, method, body, rps, duration, max-p99, max-error-rate
// (to be added to the schema, LoadTestSpec):
//   timeout: Duration             an unanswered request fails after this (default 10s)
//   max-in-flight: integer ≥ 1    requests out at once (default max(256, rps))
//   connections: integer ≥ 1      keep-alive connections (default max(32, rps / 50))
//   headers: { name: value }      extra request headers
//   ramp: { factor: number > 1 (1.5) | step: integer rps, max-rps: integer (10 × rps),
//           step-duration: Duration (default: duration) }
import { parseDuration } from '../../spec/duration.ts';
import type { LoadGate } from './judge.ts';
import type { RampOptions } from './ramp.ts';
import type { LoadTestOptions } from './run.ts';

/** The spec's `deploy.load-test`, as the schema (and the keys above) describe it. */
export interface LoadTestSpec {
  url: string;
  method?: string;
  body?: string;
  rps?: number;
  duration?: string;
  'max-p99'?: string;
  'max-error-rate'?: number;
  timeout?: string;
  'max-in-flight'?: number;
  connections?: number;
  headers?: Record<string, string>;
  ramp?: { factor?: number; step?: number; 'max-rps'?: number; 'step-duration'?: string };
}

export interface LoadTestPlan {
  options: LoadTestOptions;
  gate: LoadGate;
  ramp: Omit<RampOptions, 'signal'>;
}

export function loadTestPlan(spec: LoadTestSpec): LoadTestPlan {
  const rps = spec.rps ?? 50;
  const durationMs = parseDuration(spec.duration ?? '30s');
  const options: LoadTestOptions = {
    url: spec.url,
    method: spec.method ?? 'GET',
    rps,
    durationMs,
    ...(spec.body === undefined ? {} : { body: spec.body }),
    ...(spec.headers === undefined ? {} : { headers: spec.headers }),
    ...(spec.timeout === undefined ? {} : { timeoutMs: parseDuration(spec.timeout) }),
    ...(spec['max-in-flight'] === undefined ? {} : { maxInFlight: spec['max-in-flight'] }),
    ...(spec.connections === undefined ? {} : { connections: spec.connections }),
  };
  const gate: LoadGate = { maxErrorRate: spec['max-error-rate'] ?? 0, ...(spec['max-p99'] === undefined ? {} : { maxP99Ms: parseDuration(spec['max-p99']) }) };
  const { rps: _rps, durationMs: _d, onProgress: _p, ...shared } = options;
  const ramp: LoadTestPlan['ramp'] = {
    ...shared,
    startRps: rps,
    stepDurationMs: spec.ramp?.['step-duration'] === undefined ? durationMs : parseDuration(spec.ramp['step-duration']),
    gate,
    ...(spec.ramp?.factor === undefined ? {} : { factor: spec.ramp.factor }),
    ...(spec.ramp?.step === undefined ? {} : { stepRps: spec.ramp.step }),
    ...(spec.ramp?.['max-rps'] === undefined ? {} : { maxRps: spec.ramp['max-rps'] }),
  };
  return { options, gate, ramp };
}
