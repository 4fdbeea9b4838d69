// The canary controller's state machine against an in-memory traffic target (our own
// interface) and scripted analyses: order of traffic moves, outcomes, state file, resume.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AnalyzeMetric, type CanaryPlan, type ControllerPorts, runCanary } from '../../../shared/src/deploy/controller.ts';
import { DeployInProgressError, TrafficError } from '../../../shared/src/deploy/errors.ts';
import type { DeployState } from '../../../shared/src/deploy/state.ts';
import type { Measurement, MetricResult, TrafficState, TrafficTarget } from '../../../shared/src/deploy/types.ts';

class MemoryTarget implements TrafficTarget {
  readonly kind = 'local' as const;
  readonly calls: string[] = [];
  weight = 0;
  failAt: number | null = null;
  async setWeight(weight: number) {
    if (weight === this.failAt) throw new TrafficError('test-refused', `refused weight ${weight}`);
    this.calls.push(`weight ${weight}`);
    this.weight = weight;
  }
  async current(): Promise<TrafficState> {
    return { stable: 'v2', canary: 'v3', canaryWeight: this.weight };
  }
  async promote() {
    this.calls.push('promote');
    this.weight = 100;
  }
  async abort() {
    this.calls.push('abort');
    this.weight = 0;
  }
}

type Script = (ctx: { signal: AbortSignal; continuous: boolean; on: (m: Measurement) => void }) => Promise<MetricResult>;

function measurement(metric: string, value: number | null, verdict: Measurement['verdict'], detail: string): Measurement {
  return { metric, at: new Date(), value, verdict, detail };
}

const passing: Script = async ({ on }) => {
  const m = measurement('health', 1, 'pass', '1 ≥ 0.99');
  on(m);
  return { metric: 'health', verdict: 'pass', measurements: [m], reason: 'health: within limits' };
};

function analyzeWith(scripts: Record<string, Script>, log: string[] = []): AnalyzeMetric {
  return async (name, _spec, ctx, onMeasurement, options) => {
    log.push(`${options?.continuous ? 'background' : 'step'} ${name}`);
    return scripts[name]!({ signal: ctx.signal, continuous: options?.continuous === true, on: onMeasurement });
  };
}

/** A background metric that passes until `afterMs`, then fails (or waits for the end). */
function failingAfter(afterMs: number, value = 0.21): Script {
  return ({ signal, on }) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        const m = measurement('error-rate', value, 'fail', `${value} > 0.01`);
        on(m);
        resolve({ metric: 'error-rate', verdict: 'fail', measurements: [m], reason: `error-rate: ${value} > 0.01` });
      }, afterMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve({ metric: 'error-rate', verdict: 'pass', measurements: [], reason: 'stopped' });
      });
    });
}

let dir: string;
let target: MemoryTarget;
let registryCalls: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-controller-'));
  target = new MemoryTarget();
  registryCalls = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function plan(overrides: Partial<CanaryPlan> = {}): CanaryPlan {
  return {
    name: 'churn',
    version: 'v3',
    stable: 'v2',
    steps: [{ weight: 5 }, { pause: '20ms' }, { analysis: ['health'] }, { weight: 25 }, { weight: 100 }],
    metrics: { health: { http: { url: 'http://127.0.0.1:1/health' } }, 'error-rate': { run: 'true' } },
    background: [],
    onFailure: 'rollback',
    ...overrides,
  };
}

function ports(analyze: AnalyzeMetric, extra: Partial<ControllerPorts> = {}): ControllerPorts {
  return {
    target,
    analyze,
    statePath: join(dir, 'deploy', 'churn.json'),
    cwd: dir,
    env: {},
    registry: {
      async promoted(version) {
        registryCalls.push(`promoted ${version} (traffic: ${target.calls.at(-1)})`);
        return `production → ${version}`;
      },
      async rolledBack(version, reason) {
        registryCalls.push(`rolled back ${version} (traffic: ${target.calls.at(-1)}): ${reason}`);
        return 'champion rolled back';
      },
    },
    ...extra,
  };
}

const readState = (): DeployState => JSON.parse(readFileSync(join(dir, 'deploy', 'churn.json'), 'utf8')) as DeployState;

describe('canary controller', () => {
  it('runs weight, pause and analysis steps in order, promotes, then moves the deploy alias', async () => {
    const log: string[] = [];
    const result = await runCanary(plan(), ports(analyzeWith({ health: passing }, log)));
    expect(result.outcome).toBe('promoted');
    expect(target.calls).toEqual(['weight 5', 'weight 25', 'weight 100', 'promote']);
    expect(log).toEqual(['step health']);
    expect(registryCalls).toEqual(['promoted v3 (traffic: promote)']);
    expect(result.timeline.map((e) => e.kind)).toEqual(['start', 'weight', 'pause', 'analysis', 'measurement', 'analysis', 'weight', 'weight', 'promoted', 'promoted']);
    const state = readState();
    expect(state).toMatchObject({ phase: 'done', outcome: 'promoted', weight: 100, step: 5 });
    expect(result.rollback).toBeUndefined();
  });

  it('a background failure in the middle of a long pause ends the pause at once: traffic to stable first, then the champion, with the reason', async () => {
    const steps = [{ weight: 5 }, { pause: '10m' }, { weight: 100 }];
    const result = await runCanary(plan({ steps, background: ['error-rate'] }), ports(analyzeWith({ 'error-rate': failingAfter(50) })));
    expect(result.outcome).toBe('rolled-back');
    expect(target.calls).toEqual(['weight 5', 'abort']);
    expect(target.weight).toBe(0);
    expect(result.reason).toMatch(/^canary v3: error-rate 0\.21 > 0\.01 at \d\d:\d\d:\d\d$/);
    expect(registryCalls).toEqual([`rolled back v3 (traffic: abort): ${result.reason}`]);
    expect(result.rollback!.seconds_after_first_failure).toBeGreaterThanOrEqual(0);
    expect(result.rollback!.seconds_after_first_failure).toBeLessThan(60);
    expect(readState()).toMatchObject({ phase: 'done', outcome: 'rolled-back', weight: 0 });
  });

  it('starts background analysis at the first non-zero weight, not before', async () => {
    const log: string[] = [];
    const started: number[] = [];
    const analyze: AnalyzeMetric = async (name, spec, ctx, on, options) => {
      started.push(target.weight);
      return analyzeWith({ 'error-rate': failingAfter(60_000), health: passing }, log)(name, spec, ctx, on, options);
    };
    const result = await runCanary(plan({ steps: [{ weight: 0 }, { analysis: ['health'] }, { weight: 10 }, { weight: 100 }], background: ['error-rate'] }), ports(analyze));
    expect(result.outcome).toBe('promoted');
    expect(log).toEqual(['step health', 'background error-rate']);
    expect(started).toEqual([0, 10]);
  });

  it('an inconclusive analysis never promotes: traffic back to stable, outcome inconclusive', async () => {
    const inconclusive: Script = async ({ on }) => {
      const m = measurement('health', null, 'inconclusive', 'Prometheus unreachable');
      on(m);
      return { metric: 'health', verdict: 'inconclusive', measurements: [m], reason: 'health inconclusive' };
    };
    const result = await runCanary(plan(), ports(analyzeWith({ health: inconclusive })));
    expect(result.outcome).toBe('inconclusive');
    expect(target.calls).toEqual(['weight 5', 'abort']);
    expect(result.reason).toContain('inconclusive: health Prometheus unreachable at');
  });

  it('on-failure: keep leaves traffic where it is and touches no alias', async () => {
    const result = await runCanary(plan({ steps: [{ weight: 5 }, { pause: '10m' }, { weight: 100 }], background: ['error-rate'], onFailure: 'keep' }), ports(analyzeWith({ 'error-rate': failingAfter(20) })));
    expect(result.outcome).toBe('rolled-back');
    expect(target.calls).toEqual(['weight 5']);
    expect(registryCalls).toEqual([]);
  });

  it('Ctrl-C (the abort signal) during a pause aborts to stable and leaves the registry alone', async () => {
    const controller = new AbortController();
    const onEntry = (entry: { kind: string }) => {
      if (entry.kind === 'pause') setTimeout(() => controller.abort(), 10);
    };
    const result = await runCanary(plan({ steps: [{ weight: 5 }, { pause: '10m' }, { weight: 100 }] }), ports(analyzeWith({}), { signal: controller.signal, onEntry }));
    expect(result.outcome).toBe('aborted');
    expect(target.calls).toEqual(['weight 5', 'abort']);
    expect(registryCalls).toEqual([]);
  });

  it('a weight the target refuses: traffic back to stable, the error rethrown, the state finished', async () => {
    target.failAt = 25;
    await expect(runCanary(plan(), ports(analyzeWith({ health: passing })))).rejects.toThrow('refused weight 25');
    expect(target.calls).toEqual(['weight 5', 'abort']);
    expect(readState()).toMatchObject({ phase: 'done', outcome: 'aborted', weight: 0 });
  });

  it('a failed pre-step (load test) stops before any weight and rolls back', async () => {
    const preSteps = [{ kind: 'load-test' as const, run: async () => ({ passed: false, detail: 'p99 412 ms > 250 ms' }) }];
    const result = await runCanary(plan(), ports(analyzeWith({ health: passing }), { preSteps }));
    expect(result.outcome).toBe('rolled-back');
    expect(target.calls).toEqual(['abort']);
    expect(result.reason).toMatch(/^canary v3: load-test failed: p99 412 ms > 250 ms at /);
  });

  it('resumes a killed run at its step, re-applying the last confirmed weight first', async () => {
    const first = await runCanary(plan({ steps: [{ weight: 5 }] }), ports(analyzeWith({})));
    expect(first.outcome).toBe('promoted');
    const state = readState();
    // As a controller killed during step 4 (weight 25 asked, not yet confirmed) leaves it:
    Object.assign(state, { phase: 'running', outcome: null, step: 3, weight: 5, pid: 999_999_999, timeline: state.timeline.slice(0, 2) });
    writeFileSync(join(dir, 'deploy', 'churn.json'), JSON.stringify(state));
    target.calls.length = 0;
    const result = await runCanary(plan(), ports(analyzeWith({ health: passing })));
    expect(result.resumed).toBe(true);
    expect(result.outcome).toBe('promoted');
    expect(target.calls).toEqual(['weight 5', 'weight 25', 'weight 100', 'promote']);
    expect(result.timeline.map((e) => e.kind)).toContain('resume');
  });

  it('finishes a rollback a kill interrupted: traffic to stable again, then the registry', async () => {
    await runCanary(plan({ steps: [{ weight: 5 }] }), ports(analyzeWith({})));
    const state = readState();
    Object.assign(state, { phase: 'rolling-back', outcome: 'rolled-back', reason: 'canary v3: error-rate 0.3 > 0.01 at 10:00:00', weight: 25, pid: 999_999_999 });
    writeFileSync(join(dir, 'deploy', 'churn.json'), JSON.stringify(state));
    target.calls.length = 0;
    const result = await runCanary(plan(), ports(analyzeWith({})));
    expect(target.calls).toEqual(['abort']);
    expect(result.outcome).toBe('rolled-back');
    expect(registryCalls.at(-1)).toBe('rolled back v3 (traffic: abort): canary v3: error-rate 0.3 > 0.01 at 10:00:00');
  });

  it('an unfinished deploy of another version goes back to stable before the new one starts', async () => {
    await runCanary(plan({ steps: [{ weight: 5 }] }), ports(analyzeWith({})));
    const state = readState();
    Object.assign(state, { version: 'v9', phase: 'running', outcome: null, step: 1, weight: 5, pid: 999_999_999 });
    writeFileSync(join(dir, 'deploy', 'churn.json'), JSON.stringify(state));
    target.calls.length = 0;
    const result = await runCanary(plan({ steps: [{ weight: 100 }] }), ports(analyzeWith({})));
    expect(target.calls).toEqual(['abort', 'weight 100', 'promote']);
    expect(result.resumed).toBe(false);
  });

  it('refuses to run beside a live controller of the same spec', async () => {
    await runCanary(plan({ steps: [{ weight: 5 }] }), ports(analyzeWith({})));
    const state = readState();
    Object.assign(state, { phase: 'running', pid: process.ppid });
    writeFileSync(join(dir, 'deploy', 'churn.json'), JSON.stringify(state));
    await expect(runCanary(plan(), ports(analyzeWith({})))).rejects.toBeInstanceOf(DeployInProgressError);
  });

  it('a kill before the load test and shadow passed runs them again on resume, before any weight', async () => {
    const ran: string[] = [];
    const loadTest = async () => {
      ran.push('load-test');
      return { passed: true, detail: 'p99 40 ms' };
    };
    const preSteps = [{ kind: 'load-test' as const, run: loadTest }];
    await runCanary(plan({ steps: [{ weight: 5 }] }), ports(analyzeWith({}), { preSteps }));
    const state = readState();
    Object.assign(state, { phase: 'running', outcome: null, step: 0, weight: 0, checks_passed: false, pid: 999_999_999 });
    writeFileSync(join(dir, 'deploy', 'churn.json'), JSON.stringify(state));
    target.calls.length = 0;
    const result = await runCanary(plan({ steps: [{ weight: 5 }, { weight: 100 }] }), ports(analyzeWith({}), { preSteps }));
    expect(result.outcome).toBe('promoted');
    expect(ran).toEqual(['load-test', 'load-test']);
    expect(target.calls).toEqual(['weight 0', 'weight 5', 'weight 100', 'promote']);
    // Once passed, a resume does not run them again.
    const done = readState();
    Object.assign(done, { phase: 'running', outcome: null, step: 1, weight: 5, pid: 999_999_999 });
    writeFileSync(join(dir, 'deploy', 'churn.json'), JSON.stringify(done));
    await runCanary(plan({ steps: [{ weight: 5 }, { weight: 100 }] }), ports(analyzeWith({}), { preSteps }));
    expect(ran).toHaveLength(2);
  });

  it("waits a metric's initial-delay before analysing it; a canary that ends first never measures it", async () => {
    const log: string[] = [];
    const metrics = { health: { http: { url: 'http://127.0.0.1:1/health' }, 'initial-delay': '10m' } };
    const result = await runCanary(plan({ steps: [{ weight: 5 }, { pause: '30ms' }, { weight: 100 }], metrics, background: ['health'] }), ports(analyzeWith({ health: passing }, log)));
    expect(result.outcome).toBe('promoted');
    expect(log).toEqual([]);
  });
});

