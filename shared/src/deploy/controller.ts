// The canary controller: runs `deploy.canary.steps` (weight / pause / analysis) with the
// background analysis beside them, writes its state after every transition, and finishes
// with traffic on the canary (promoted) or back on stable (rolled back) — never between.
import type { CanaryMetric, CanaryStep } from '@pipewright/schema';
import { parseDuration } from '../spec/duration.ts';
import { type DeployState, isOtherLiveProcess, newState, readState, StateStore } from './state.ts';
import { clockTime, type DeployResult, measurementEntry } from './timeline.ts';
import { DeployInProgressError } from './errors.ts';
import type { AnalysisContext, Measurement, MetricResult, TimelineEntry, TrafficCounts, TrafficTarget } from './types.ts';
import { sleep } from './sleep.ts';

/** The analysis seam (shared/src/deploy/analysis `runMetric`). */
export type AnalyzeMetric = (
  name: string,
  spec: CanaryMetric,
  ctx: AnalysisContext,
  onMeasurement: (m: Measurement) => void,
  options?: { continuous?: boolean },
) => Promise<MetricResult>;

/** A check before the first weight step (load test, shadow): fails the deploy when it does not pass. */
export interface PreStep {
  kind: 'load-test' | 'shadow';
  run(signal: AbortSignal): Promise<{ passed: boolean; detail: string }>;
}

/** What the registry does when the canary ends; each returns a line for the timeline. */
export interface RegistryPort {
  /** `deploy.alias` moves to the version. */
  promoted(version: string): Promise<string>;
  /** `promote.alias` is rolled back through the kill switch, with the reason. */
  rolledBack(version: string, reason: string): Promise<string>;
}

export interface CanaryPlan {
  name: string;
  version: string;
  stable: string | null;
  steps: CanaryStep[];
  metrics: Record<string, CanaryMetric>;
  /** `canary.analysis`: run from the first non-zero weight until the end. */
  background: string[];
  onFailure: 'rollback' | 'keep';
}

export interface ControllerPorts {
  target: TrafficTarget;
  analyze: AnalyzeMetric;
  preSteps?: PreStep[];
  registry?: RegistryPort;
  statePath: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Ctrl-C / SIGTERM: the canary aborts to stable. */
  signal?: AbortSignal;
  /** Each timeline entry as it happens (progress lines). */
  onEntry?: (entry: TimelineEntry) => void;
  /** An unfinished canary of this version is rolled back to stable instead of resumed. */
  rollBackUnfinished?: boolean;
}

type Stop = { kind: 'signal' } | { kind: 'verdict'; result: MetricResult } | { kind: 'pre-step'; step: PreStep['kind']; detail: string; at: Date };

/** The first measurement with the deciding verdict, and the one that tipped it. */
function decidingMeasurements(result: MetricResult): { first: Measurement | undefined; last: Measurement | undefined } {
  const matching = result.measurements.filter((m) => m.verdict === result.verdict);
  return { first: matching[0], last: matching[matching.length - 1] };
}

class CanaryRun {
  private readonly store: StateStore;
  private readonly halt = new AbortController();
  private stop: Stop | null = null;
  private readonly background = new AbortController();
  private backgroundStarted = false;
  private readonly backgroundRuns: Array<Promise<void>> = [];

  constructor(
    private readonly plan: CanaryPlan,
    private readonly ports: ControllerPorts,
    state: DeployState,
  ) {
    this.store = new StateStore(ports.statePath, state);
  }

  get state(): DeployState {
    return this.store.state;
  }

  private record(entry: Omit<TimelineEntry, 'at'> & { at?: string }): TimelineEntry {
    const full = { at: new Date().toISOString(), ...entry } as TimelineEntry;
    this.state.timeline.push(full);
    this.ports.onEntry?.(full);
    return full;
  }

  private halted(stop: Stop): void {
    if (this.stop === null) this.stop = stop;
    this.halt.abort();
  }

  private context(signal: AbortSignal): AnalysisContext {
    const target = this.ports.target;
    const traffic = target.traffic ? (target as { traffic(): TrafficCounts }) : undefined;
    return { canaryVersion: this.plan.version, stableVersion: this.plan.stable, weight: this.state.weight, cwd: this.ports.cwd, env: this.ports.env, signal, traffic };
  }

  private onMeasurement = (m: Measurement): void => {
    this.record(measurementEntry(m, this.state.weight));
    void this.store.save().catch(() => {});
  };

  /** One metric's analysis, after its `initial-delay` (Argo's initialDelay: let data arrive first). */
  private async analyze(name: string, signal: AbortSignal, continuous: boolean): Promise<MetricResult> {
    const spec = this.plan.metrics[name]!;
    const delay = spec['initial-delay'];
    if (delay !== undefined) await sleep(parseDuration(delay), signal);
    if (signal.aborted) return { metric: name, verdict: 'inconclusive', measurements: [], reason: `${name}: stopped during its initial delay` };
    return this.ports.analyze(name, spec, this.context(signal), this.onMeasurement, continuous ? { continuous: true } : undefined);
  }

  private startBackground(): void {
    if (this.backgroundStarted || this.plan.background.length === 0) return;
    this.backgroundStarted = true;
    this.record({ kind: 'analysis', detail: `background analysis started: ${this.plan.background.join(', ')}` });
    for (const name of this.plan.background) {
      const run = this.analyze(name, this.background.signal, true)
        .then((result) => {
          // A run we stopped at the end reports whatever it had; only its own verdicts count.
          if (this.background.signal.aborted) return;
          if (result.verdict !== 'pass') {
            this.record({ kind: 'analysis', metric: name, verdict: result.verdict, detail: result.reason });
            this.halted({ kind: 'verdict', result });
          }
        })
        .catch((error: unknown) => {
          if (this.background.signal.aborted) return;
          this.halted({ kind: 'verdict', result: { metric: name, verdict: 'inconclusive', measurements: [], reason: `${name}: ${(error as Error).message}` } });
        });
      this.backgroundRuns.push(run);
    }
  }

  private async stopBackground(): Promise<void> {
    this.background.abort();
    await Promise.all(this.backgroundRuns);
  }

  private async setWeight(weight: number): Promise<void> {
    await this.ports.target.setWeight(weight);
    this.state.weight = weight;
    this.record({ kind: 'weight', weight });
    await this.store.save();
  }

  private async runStep(index: number, step: CanaryStep, resumedAt: string | null): Promise<void> {
    if (step.weight !== undefined) {
      await this.setWeight(step.weight);
      if (step.weight > 0) this.startBackground();
    } else if (step.pause !== undefined) {
      const total = parseDuration(step.pause);
      const elapsed = resumedAt ? Math.max(0, Date.now() - Date.parse(resumedAt)) : 0;
      this.record({ kind: 'pause', weight: this.state.weight, detail: elapsed > 0 ? `${step.pause} (${((total - Math.min(total, elapsed)) / 1000).toFixed(1)} s left after the restart)` : step.pause });
      await this.store.save();
      await sleep(total - elapsed, this.halt.signal);
    } else if (step.analysis !== undefined) {
      this.record({ kind: 'analysis', weight: this.state.weight, detail: `step ${index + 1}: ${step.analysis.join(', ')}` });
      await this.store.save();
      const results = await Promise.all(step.analysis.map((name) => this.analyze(name, this.halt.signal, false)));
      if (this.halt.signal.aborted) return;
      for (const result of results) this.record({ kind: 'analysis', metric: result.metric, verdict: result.verdict, detail: result.reason });
      const failed = results.find((r) => r.verdict === 'fail') ?? results.find((r) => r.verdict === 'inconclusive');
      if (failed) this.halted({ kind: 'verdict', result: failed });
      await this.store.save();
    }
  }

  private async preSteps(): Promise<void> {
    for (const pre of this.ports.preSteps ?? []) {
      if (this.halt.signal.aborted) return;
      const outcome = await pre.run(this.halt.signal);
      if (this.halt.signal.aborted) return;
      this.record({ kind: pre.kind, verdict: outcome.passed ? 'pass' : 'fail', detail: outcome.detail });
      await this.store.save();
      if (!outcome.passed) this.halted({ kind: 'pre-step', step: pre.kind, detail: outcome.detail, at: new Date() });
    }
  }

  async run(resumed: boolean): Promise<DeployResult> {
    const onSignal = () => this.halted({ kind: 'signal' });
    this.ports.signal?.addEventListener('abort', onSignal, { once: true });
    if (this.ports.signal?.aborted) onSignal();
    try {
      if (this.state.phase === 'running') await this.runSteps(resumed);
      if (this.state.phase === 'rolling-back') await this.finishRollback();
      if (this.state.phase === 'promoting') await this.finishPromotion();
    } finally {
      this.ports.signal?.removeEventListener('abort', onSignal);
      await this.stopBackground();
    }
    return this.result(resumed);
  }

  private async runSteps(resumed: boolean): Promise<void> {
    const steps = this.plan.steps;
    try {
      if (resumed) {
        this.record({ kind: 'resume', weight: this.state.weight, detail: `step ${Math.min(this.state.step + 1, steps.length)} of ${steps.length}, weight ${this.state.weight}% re-applied` });
        // The kill may have come between writing the target and writing the state: the
        // state's weight is the one last confirmed, so the target is set to it again.
        await this.setWeight(this.state.weight);
        if (this.state.weight > 0) this.startBackground();
      } else {
        this.record({ kind: 'start', detail: `${this.plan.version} over ${this.plan.stable ?? 'no stable version'}, ${steps.length} steps` });
        await this.store.save();
      }
      // Load test and shadow gate the first weight: a kill before they passed runs them again.
      if (this.state.checks_passed !== true) {
        if (resumed) await this.ports.target.setMirror?.(null).catch(() => {});
        await this.preSteps();
        if (!this.halt.signal.aborted) {
          this.state.checks_passed = true;
          await this.store.save();
        }
      }
      for (let i = this.state.step; i < steps.length && !this.halt.signal.aborted; i++) {
        const resumedAt = resumed && i === this.state.step ? this.state.step_started_at : null;
        this.state.step = i;
        if (!resumedAt) this.state.step_started_at = new Date().toISOString();
        await this.store.save();
        await this.runStep(i, steps[i]!, resumedAt);
      }
    } catch (error) {
      // The target refused a weight (it keeps the previous one serving): back to stable.
      await this.stopBackground();
      await this.failToStable(error);
      throw error;
    }
    await this.stopBackground();
    if (this.stop === null) {
      this.state.step = steps.length;
      this.state.phase = 'promoting';
    } else {
      this.decide(this.stop);
    }
    await this.store.save();
  }

  /** Sets outcome, reason and the next phase from why the steps stopped. */
  private decide(stop: Stop): void {
    const version = this.plan.version;
    if (stop.kind === 'signal') {
      this.state.outcome = 'aborted';
      this.state.reason = `canary ${version}: aborted by a signal (Ctrl-C or SIGTERM) at ${clockTime(new Date())}`;
      this.state.phase = 'rolling-back';
      return;
    }
    if (stop.kind === 'pre-step') {
      this.state.outcome = 'rolled-back';
      this.state.reason = `canary ${version}: ${stop.step} failed: ${stop.detail} at ${clockTime(stop.at)}`;
      this.state.first_failure_at = stop.at.toISOString();
    } else {
      const { first, last } = decidingMeasurements(stop.result);
      this.state.outcome = stop.result.verdict === 'inconclusive' ? 'inconclusive' : 'rolled-back';
      const what = last ? `${stop.result.metric} ${last.detail}` : stop.result.reason;
      this.state.reason = `canary ${version}: ${stop.result.verdict === 'inconclusive' ? 'inconclusive: ' : ''}${what} at ${clockTime(last?.at ?? new Date())}`;
      this.state.first_failure_at = (first?.at ?? new Date()).toISOString();
    }
    // `keep` leaves traffic where it is: the outcome stands, nothing is finished.
    this.state.phase = this.plan.onFailure === 'keep' ? 'done' : 'rolling-back';
  }

  private async failToStable(error: unknown): Promise<void> {
    this.record({ kind: 'error', weight: this.state.weight, detail: (error as Error).message });
    this.state.outcome = 'aborted';
    this.state.reason = `canary ${this.plan.version}: ${(error as Error).message}`;
    this.state.phase = 'rolling-back';
    await this.store.save().catch(() => {});
    try {
      await this.ports.target.abort();
      this.state.weight = 0;
      this.state.phase = 'done';
      this.record({ kind: 'aborted', weight: 0, detail: 'traffic back on stable after the error' });
    } catch (abortError) {
      // Left in `rolling-back`: the next start tries the abort again before anything else.
      this.record({ kind: 'error', detail: `could not return traffic to stable: ${(abortError as Error).message}` });
    }
    await this.store.save().catch(() => {});
  }

  private async finishRollback(): Promise<void> {
    await this.ports.target.abort();
    const at = new Date();
    this.state.weight = 0;
    const first = this.state.first_failure_at;
    this.state.rollback = { at: at.toISOString(), seconds_after_first_failure: first ? Math.max(0, (at.getTime() - Date.parse(first)) / 1000) : null };
    this.record({ kind: this.state.outcome === 'aborted' ? 'aborted' : 'rollback', weight: 0, detail: 'all traffic on stable' });
    await this.store.save();
    if (this.state.outcome !== 'aborted' && this.ports.registry) {
      const detail = await this.ports.registry.rolledBack(this.plan.version, this.state.reason ?? `canary ${this.plan.version} failed`);
      this.record({ kind: 'rollback', detail });
    }
    this.state.phase = 'done';
    await this.store.save();
  }

  private async finishPromotion(): Promise<void> {
    await this.ports.target.promote();
    this.state.weight = 100;
    this.state.outcome = 'promoted';
    this.state.reason = `canary ${this.plan.version}: every step and analysis passed`;
    this.record({ kind: 'promoted', weight: 100, detail: `${this.plan.version} serves all traffic` });
    await this.store.save();
    if (this.ports.registry) this.record({ kind: 'promoted', detail: await this.ports.registry.promoted(this.plan.version) });
    this.state.phase = 'done';
    await this.store.save();
  }

  private result(resumed: boolean): DeployResult {
    const s = this.state;
    const result: DeployResult = {
      name: s.name,
      version: s.version,
      stable_before: s.stable_before,
      outcome: s.outcome ?? 'aborted',
      reason: s.reason ?? '',
      timeline: s.timeline,
      resumed,
    };
    if (s.rollback) result.rollback = s.rollback;
    return result;
  }
}

/** An unfinished deploy of another version: its traffic goes back to stable before this one starts. */
async function retireStale(stale: DeployState, ports: ControllerPorts): Promise<void> {
  await ports.target.abort();
  const store = new StateStore(ports.statePath, stale);
  stale.phase = 'done';
  stale.outcome = stale.outcome ?? 'aborted';
  stale.reason = stale.reason ?? `canary ${stale.version}: left unfinished by a killed controller; traffic returned to stable`;
  stale.weight = 0;
  stale.timeline.push({ at: new Date().toISOString(), kind: 'aborted', weight: 0, detail: 'traffic returned to stable before another version' });
  await store.save();
}

/**
 * Runs the canary for `plan.version`, or finishes the unfinished deploy of the same
 * version the state file holds (resumes its steps, or completes its promotion or rollback).
 */
export async function runCanary(plan: CanaryPlan, ports: ControllerPorts): Promise<DeployResult> {
  const previous = await readState(ports.statePath);
  if (previous && previous.phase !== 'done' && isOtherLiveProcess(previous.pid)) {
    throw new DeployInProgressError(`a canary of ${previous.version} is running in process ${previous.pid} (state '${ports.statePath}'): wait for it, or stop it (Ctrl-C aborts it to stable)`);
  }
  let state: DeployState;
  let resumed = false;
  if (previous && previous.phase !== 'done' && previous.version === plan.version) {
    state = previous;
    state.pid = process.pid;
    resumed = true;
    if (ports.rollBackUnfinished && previous.phase === 'running') {
      // Rolled back instead of resumed: traffic to stable; a verdict nobody reached leaves the registry alone.
      state.phase = 'rolling-back';
      state.outcome = 'aborted';
      state.reason = `canary ${plan.version}: left unfinished at step ${state.step + 1} (${state.weight}%), rolled back on request at ${clockTime(new Date())}`;
    }
  } else {
    if (previous && previous.phase !== 'done') await retireStale(previous, ports);
    state = newState(plan.name, plan.version, plan.stable);
  }
  return new CanaryRun(plan, ports, state).run(resumed);
}
