// A canary deploy from a spec file: the one call the CLI and the action make. Resolves the
// version, builds the target, the pre-steps and the registry port, and runs the controller.
import type { PipelineSpec } from '@pipewright/schema';
import { actorFrom } from '../promote/actor.ts';
import { rollbackAlias } from '../promote/rollback.ts';
import { attachJsonReport, openRegistry, REPORT_KIND, specRegistryUrl } from '../registry/index.ts';
import { RegistryNotFoundError } from '../registry/errors.ts';
import type { ModelRegistry } from '../registry/types.ts';
import { loadValidSpec } from '../spec/index.ts';
import { type AnalysisMetricSpec, resolveMetric, runMetric } from './analysis/index.ts';
import { type AnalyzeMetric, type CanaryPlan, type PreStep, type RegistryPort, runCanary } from './controller.ts';
import { deployStatus, type DeployStatus } from './status.ts';
import { DeploySpecError, DeployVersionError, NothingUnfinishedError } from './errors.ts';
import { findSaturation, judgeLoadTest, loadTestPlan, type RampStep, runLoadTest, type SaturationReport } from './load/index.ts';
import { runShadow, shadowPlan } from './shadow/index.ts';
import { readState, statePath } from './state.ts';
import { pullServedModel } from './targets/local-serve.ts';
import { createTarget } from './targets/index.ts';
import type { DeployResult } from './timeline.ts';
import type { TimelineEntry, TrafficTarget } from './types.ts';

export interface DeployOptions {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Default: the version `promote.alias` names. */
  version?: string;
  /** Overrides `registry.url`. */
  registry?: string;
  onEntry?: (entry: TimelineEntry) => void;
  /** A killed controller's unfinished canary is rolled back to stable instead of resumed. */
  rollBackUnfinished?: boolean;
  /**
   * Shift traffic with this target instead of one built from the spec (a long-lived local
   * proxy serving across deploys, as in the demo). The caller closes it.
   */
  target?: TrafficTarget;
}

interface Opened {
  spec: PipelineSpec;
  workspace: string;
  registry: ModelRegistry;
  promoteAlias: string;
  deployAlias: string;
}

async function open(specPath: string, options: Pick<DeployOptions, 'env' | 'signal' | 'registry'>): Promise<Opened> {
  const loaded = await loadValidSpec(specPath);
  const spec = loaded.spec;
  if (!spec.deploy) throw new DeploySpecError(`${loaded.file} has no 'deploy' section: add deploy.target and deploy.canary.steps`);
  return {
    spec,
    workspace: loaded.workspace,
    registry: openRegistry(specRegistryUrl(spec, options.registry), { workspace: loaded.workspace, env: options.env, signal: options.signal }),
    promoteAlias: spec.promote?.alias ?? 'champion',
    deployAlias: spec.deploy.alias ?? 'production',
  };
}

async function resolveVersion(opened: Opened, requested: string | undefined): Promise<string> {
  const { registry, promoteAlias } = opened;
  const wanted = requested ?? (await registry.resolveAlias(promoteAlias));
  if (wanted === null) throw new DeployVersionError(`no --version given and the alias '${promoteAlias}' names no version in ${registry.url}: promote a version first, or pass --version V`);
  try {
    return (await registry.show(wanted)).card.version;
  } catch (error) {
    if (!(error instanceof RegistryNotFoundError)) throw error;
    const known = (await registry.list()).map((v) => v.card.version);
    throw new DeployVersionError(`version '${wanted}' is not in the registry ${registry.url} (versions: ${known.join(', ') || 'none'}); nothing was deployed and traffic is unchanged`);
  }
}

/** Every metric an analysis names, checked before any traffic moves. */
function checkMetrics(plan: CanaryPlan): void {
  const names = new Set([...plan.background, ...plan.steps.flatMap((s) => s.analysis ?? [])]);
  for (const name of names) {
    const metric = plan.metrics[name];
    if (!metric) throw new DeploySpecError(`analysis names metric '${name}', not defined under deploy.canary.metrics`);
    resolveMetric(name, metric as AnalysisMetricSpec);
  }
}

/** Where the shadow sends mirrored requests and replays them: the spec's, else the target's upstreams. */
function shadowAddresses(spec: PipelineSpec, plan: ReturnType<typeof shadowPlan>, target: TrafficTarget): { candidate: string; stable?: string } {
  const d = spec.deploy!;
  // A local target that started its own model servers knows their addresses only now.
  const upstreams = target.upstreams?.() ?? (d.target === 'nginx' ? d.nginx : d.target === 'local' ? d.local : undefined);
  const candidate = plan.candidate ?? upstreams?.canary ?? undefined;
  if (!candidate) throw new DeploySpecError(`deploy.shadow needs the candidate's host:port: set deploy.shadow.candidate (the '${d.target}' target names none)`);
  const stable = plan.stable ?? upstreams?.stable ?? undefined;
  return { candidate, ...(stable ? { stable } : {}) };
}

function preSteps(spec: PipelineSpec, target: TrafficTarget): PreStep[] {
  const steps: PreStep[] = [];
  const loadTest = spec.deploy?.['load-test'];
  if (loadTest) {
    const plan = loadTestPlan(loadTest);
    steps.push({
      kind: 'load-test',
      async run(signal) {
        const result = await runLoadTest({ ...plan.options, signal });
        const judgement = judgeLoadTest(result, plan.gate);
        return { passed: judgement.verdict === 'pass', detail: judgement.summary };
      },
    });
  }
  const shadow = spec.deploy?.shadow;
  if (shadow) {
    const plan = shadowPlan(shadow);
    steps.push({
      kind: 'shadow',
      async run(signal) {
        const addresses = shadowAddresses(spec, plan, target);
        const result = await runShadow({ ...plan, ...addresses, target, signal });
        return { passed: result.verdict === 'pass', detail: result.summary };
      },
    });
  }
  return steps;
}

function registryPort(opened: Opened, env: NodeJS.ProcessEnv): RegistryPort {
  const { registry, promoteAlias, deployAlias } = opened;
  const actor = actorFrom(env);
  return {
    async promoted(version) {
      if ((await registry.resolveAlias(deployAlias)) === version) return `${deployAlias} already ${version}`;
      const move = await registry.moveAlias(deployAlias, version, { actor, reason: `canary ${version} promoted to 100%` });
      return `${deployAlias}: ${move.from ?? '(none)'} → ${move.to}`;
    },
    async rolledBack(version, reason) {
      const champion = await registry.resolveAlias(promoteAlias);
      if (champion !== version) return `${promoteAlias} is ${champion ?? 'unset'}, not ${version}: left as it is; ${deployAlias} unchanged`;
      try {
        const result = await rollbackAlias(registry, { alias: promoteAlias, reason, actor });
        return result.rolled_back ? `${promoteAlias}: ${result.champion_before} → ${result.champion_after} (${reason}); ${deployAlias} unchanged` : `${promoteAlias}: ${result.note}`;
      } catch (error) {
        return `${promoteAlias} not rolled back: ${(error as Error).message}`;
      }
    },
  };
}

export function canaryPlan(spec: PipelineSpec, version: string, stable: string | null): CanaryPlan {
  const canary = spec.deploy?.canary;
  if (!canary) throw new DeploySpecError("the spec has no 'deploy.canary' section: add deploy.canary.steps");
  return {
    name: spec.name,
    version,
    stable,
    steps: canary.steps,
    metrics: canary.metrics ?? {},
    background: canary.analysis ?? [],
    onFailure: spec.deploy?.['on-failure'] ?? 'rollback',
  };
}

export async function deployFromSpec(specPath: string, options: DeployOptions): Promise<DeployResult> {
  const opened = await open(specPath, options);
  const { spec, workspace, registry } = opened;
  const path = statePath(workspace, spec.name);
  const unfinished = await readState(path);
  // A killed deploy of a version is finished first, whatever --version asks for now.
  const isOpen = unfinished !== null && unfinished.phase !== 'done';
  if (options.rollBackUnfinished && !isOpen) {
    throw new NothingUnfinishedError(`no unfinished canary to roll back (${path}: ${unfinished ? `${unfinished.version} ended ${unfinished.outcome}` : 'no deploy has run'}); traffic is unchanged`);
  }
  const resuming = isOpen && (options.rollBackUnfinished || options.version === undefined || options.version === unfinished.version);
  const version = resuming ? unfinished.version : await resolveVersion(opened, options.version);
  const stable = resuming ? unfinished.stable_before : await registry.resolveAlias(opened.deployAlias);
  const plan = canaryPlan(spec, version, stable);
  checkMetrics(plan);
  const pullModel = (v: string) => pullServedModel(registry, workspace, v, options.signal);
  const target = options.target ?? (await createTarget({ spec, workspace, canaryVersion: version, stableVersion: stable, env: options.env, pullModel }));
  try {
    const checks = preSteps(spec, target);
    const result = await runCanary(plan, {
      target,
      analyze: runMetric as AnalyzeMetric,
      preSteps: checks,
      registry: registryPort(opened, options.env),
      statePath: path,
      cwd: workspace,
      env: options.env,
      signal: options.signal,
      onEntry: options.onEntry,
      rollBackUnfinished: options.rollBackUnfinished,
    });
    // Stored beside the version for `pipewright report`: weights and measurements over time.
    // An aborted deploy leaves the registry as it was.
    if (result.outcome !== 'aborted') await attachJsonReport(registry, version, REPORT_KIND.canary, result);
    return result;
  } finally {
    // A target the caller passed in is the caller's to close.
    if (!options.target) await target.close?.();
  }
}

/** `pipewright deploy status`: the state file and what the target says now. */
export async function deployStatusFromSpec(specPath: string, options: Pick<DeployOptions, 'env'>): Promise<DeployStatus & { path: string }> {
  const loaded = await loadValidSpec(specPath);
  if (!loaded.spec.deploy) throw new DeploySpecError(`${loaded.file} has no 'deploy' section`);
  const path = statePath(loaded.workspace, loaded.spec.name);
  const state = await readState(path);
  const kind = loaded.spec.deploy.target;
  // Only nginx (its file) and kubernetes (its objects) can be asked. The local proxy lives
  // inside a running deploy, and commands cannot be asked: the state's weight is what is known.
  if (kind === 'local' || kind === 'command') {
    const known = state ? `the last weight confirmed was ${state.weight}% (${state.version})` : 'no deploy has run';
    return { state, traffic: null, trafficError: `the ${kind} target cannot be asked where traffic stands: ${known}`, path };
  }
  const target: TrafficTarget = await createTarget({ spec: loaded.spec, workspace: loaded.workspace, canaryVersion: state?.version ?? '', stableVersion: state?.stable_before ?? null, env: options.env });
  return { ...(await deployStatus(path, target)), path };
}

/**
 * `pipewright deploy --ramp`: the spec's load test at growing rates (deploy.load-test.ramp)
 * until the gate breaks, to find where the server saturates. Moves no traffic.
 */
export async function rampFromSpec(specPath: string, options: { signal?: AbortSignal; onStep?: (step: RampStep) => void }): Promise<SaturationReport> {
  const loaded = await loadValidSpec(specPath);
  const loadTest = loaded.spec.deploy?.['load-test'];
  if (!loadTest) throw new DeploySpecError(`${loaded.file} has no 'deploy.load-test' section: --ramp runs its url at growing rates`);
  const plan = loadTestPlan(loadTest);
  return findSaturation({ ...plan.ramp, ...(options.signal ? { signal: options.signal } : {}), ...(options.onStep ? { onStep: options.onStep } : {}) });
}
