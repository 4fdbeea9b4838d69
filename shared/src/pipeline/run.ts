// The whole pipeline locally: validate → stages → train → push → promote → drift, each
// step gating the next, with the same core calls the CLI commands and actions make.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { type ValidationReport, validateDataset } from '../data/index.ts';
import { toProfileFile } from '../drift/profile-file.ts';
import type { DatasetProfile } from '../drift/types.ts';
import { PipewrightError } from '../errors.ts';
import { type PromotionResult, promoteFromSpec } from '../promote/index.ts';
import { attachJsonReport, openRegistry, REPORT_KIND, specRegistryUrl } from '../registry/index.ts';
import { datasetContract, type LoadedSpec, loadValidSpec, parseDuration, renderCommand, specTemplateContext } from '../spec/index.ts';
import { type LogStream, pushRunRecord, runCommand, trainFromSpec } from '../train/index.ts';
import { resolveInWorkspace } from '../workspace/index.ts';
import { driftFromSpec, profileDataset } from './drift.ts';
import { stepOrder } from './order.ts';

export type StepStatus = 'running' | 'passed' | 'failed' | 'skipped';

export interface StepResult {
  step: string;
  status: StepStatus;
  /** One line on what happened: rows and rules, the exit code, the version pushed. */
  summary: string;
  seconds: number;
}

export interface PipelineRun {
  passed: boolean;
  /** 0 every step passed, 1 a step found a problem (failed rule, failed stage, refused gate, drift with on-drift: fail). */
  exitCode: 0 | 1;
  steps: StepResult[];
  run_id: string | null;
  version: string | null;
  promotion: PromotionResult | null;
  drift: { drifted: boolean; share: number; action: string | null } | null;
}

export interface RunPipelineOptions {
  env: NodeJS.ProcessEnv;
  /** Overrides the spec's registry.url. */
  registry?: string;
  signal?: AbortSignal;
  onOutput?: (stream: LogStream, chunk: Buffer) => void;
  /** Called when a step starts (`running`) and when it ends. */
  onStep?: (step: StepResult) => void;
}

type StepOutcome = { status: Exclude<StepStatus, 'running'>; summary: string };

/** Datasets the validate step checks: every file dataset but drift.current, and sql ones whose URL is set. */
async function validateStep(loaded: LoadedSpec, options: RunPipelineOptions, keep: (report: ValidationReport, profile?: DatasetProfile) => void): Promise<StepOutcome> {
  const { spec, workspace } = loaded;
  const lines: string[] = [];
  let failed = false;
  for (const name of Object.keys(spec.datasets ?? {})) {
    if (name === spec.drift?.current) continue;
    const contract = datasetContract(spec, name);
    const urlEnv = contract.sql?.['url-env'];
    if (contract.sql && urlEnv && !options.env[urlEnv]) {
      lines.push(`${name}: skipped (${urlEnv} is not set)`);
      continue;
    }
    let report: ValidationReport;
    if (name === spec.drift?.reference) {
      // One scan validates the reference and profiles it for the model card.
      const { profile, ...profiled } = await profileDataset(loaded, name, { env: options.env, signal: options.signal });
      report = profiled;
      keep(report, toProfileFile(profile, { dataset: name, fingerprint: profiled.fingerprint }));
    } else {
      report = await validateDataset(name, contract, { workspace, env: options.env, signal: options.signal });
      keep(report);
    }
    const broken = report.results.filter((r) => !r.passed && r.severity === 'error');
    failed ||= !report.passed;
    lines.push(`${name}: ${report.rows} rows, ${report.results.length} rules, ${broken.length ? `${broken.length} failed (${broken.map((r) => `${r.column ? `${r.column}: ` : ''}${r.rule}`).join(', ')})` : 'passed'}`);
  }
  return { status: failed ? 'failed' : 'passed', summary: lines.join('; ') || 'no datasets' };
}

async function stageStep(loaded: LoadedSpec, name: string, options: RunPipelineOptions): Promise<StepOutcome> {
  const stage = loaded.spec.stages![name]!;
  const argv = renderCommand(stage.run, specTemplateContext(loaded.spec));
  const env = { ...options.env, ...Object.fromEntries(Object.entries(stage.env ?? {}).map(([k, v]) => [k, String(v)])) };
  const outcome = await runCommand(argv, { cwd: loaded.workspace, env, timeoutMs: stage.timeout ? parseDuration(stage.timeout) : undefined, onOutput: options.onOutput, signal: options.signal });
  if (outcome.timedOut) return { status: 'failed', summary: `timed out after ${stage.timeout}` };
  if (outcome.exitCode !== 0) return { status: 'failed', summary: `${argv[0]} exited with ${outcome.exitCode ?? outcome.signal}: ${outcome.tail.slice(-3).join(' | ')}` };
  const missing = (stage.outputs ?? []).filter((out) => !existsSync(resolveInWorkspace(loaded.workspace, out)));
  if (missing.length > 0) return { status: 'failed', summary: `exited 0 but did not write ${missing.join(', ')}` };
  return { status: 'passed', summary: argv.join(' ') };
}

/** Runs every step of the spec in order; a failed step stops the run and the rest are skipped. */
export async function runPipeline(specPath: string, options: RunPipelineOptions): Promise<PipelineRun> {
  const loaded = await loadValidSpec(specPath);
  const { spec } = loaded;
  const result: PipelineRun = { passed: true, exitCode: 0, steps: [], run_id: null, version: null, promotion: null, drift: null };
  let referenceProfile: DatasetProfile | undefined;
  const validations: ValidationReport[] = [];

  const step = async (name: string, work: () => Promise<StepOutcome>): Promise<void> => {
    if (!result.passed) {
      const skipped: StepResult = { step: name, status: 'skipped', summary: 'an earlier step failed', seconds: 0 };
      result.steps.push(skipped);
      options.onStep?.(skipped);
      return;
    }
    options.onStep?.({ step: name, status: 'running', summary: '', seconds: 0 });
    const started = performance.now();
    let outcome: StepOutcome;
    try {
      outcome = await work();
    } catch (error) {
      // A user-facing problem in one step (a missing command, unreadable data) fails that step.
      if (!(error instanceof PipewrightError) || options.signal?.aborted) throw error;
      outcome = { status: 'failed', summary: error.message };
    }
    const done: StepResult = { step: name, ...outcome, seconds: (performance.now() - started) / 1000 };
    result.steps.push(done);
    options.onStep?.(done);
    if (outcome.status === 'failed') result.passed = false;
  };

  for (const name of stepOrder(spec)) {
    if (name === 'validate') await step('validate', () =>
        validateStep(loaded, options, (report, profile) => {
          validations.push(report);
          if (profile) referenceProfile = profile;
        }),
      );
    else if (name !== 'train') await step(name, () => stageStep(loaded, name, options));
  }
  if (spec.train) {
    let record: Awaited<ReturnType<typeof trainFromSpec>>['record'] | undefined;
    await step('train', async () => {
      ({ record } = await trainFromSpec(loaded.file, { env: options.env, onOutput: options.onOutput, signal: options.signal }));
      result.run_id = record.run_id;
      const metrics = Object.entries(record.metrics).map(([k, v]) => `${k} ${+v.toPrecision(4)}`).join(', ');
      return record.status === 'succeeded'
        ? { status: 'passed', summary: `run ${record.run_id}: ${metrics}; ${record.train_seconds.toFixed(2)} s, peak ${record.peak_memory_mb.toFixed(0)} MB` }
        : { status: 'failed', summary: `run ${record.run_id} ${record.status}: ${record.error}` };
    });
    const url = specRegistryUrl(spec, options.registry);
    await step('push', async () => {
      const registry = openRegistry(url, { workspace: loaded.workspace, env: options.env, signal: options.signal });
      const version = await pushRunRecord(registry, record!, { workspace: loaded.workspace, driftProfile: referenceProfile, signal: options.signal });
      result.version = version.card.version;
      // The data verdicts the version was trained on, for `pipewright report`.
      if (validations.length > 0) await attachJsonReport(registry, version.digest, REPORT_KIND.validation, validations);
      return { status: 'passed', summary: `${version.card.name} ${version.card.version} (${version.digest.slice(0, 19)}…) to ${url}` };
    });
    if (spec.promote) {
      await step('promote', async () => {
        const { result: promotion } = await promoteFromSpec(loaded.file, { env: options.env, registry: options.registry, version: result.version!, reason: `pipewright run ${result.run_id}` });
        result.promotion = promotion;
        const failed = promotion.gates.filter((g) => !g.passed).map((g) => g.metric);
        return promotion.promoted
          ? { status: 'passed', summary: `${promotion.alias}: ${promotion.champion_before ?? 'none'} → ${promotion.champion_after}` }
          : { status: 'failed', summary: `refused: ${failed.join(', ') || promotion.note}; ${promotion.alias} stays ${promotion.champion_before ?? 'unset'}` };
      });
    }
  }
  if (spec.drift) {
    await step('drift', async () => {
      const { report, action, exitCode } = await driftFromSpec(loaded, { reference: referenceProfile, signal: options.signal });
      result.drift = { drifted: report.drifted, share: report.share, action };
      const drifted = report.columns.filter((c) => c.drifted).map((c) => c.column);
      const summary = `${drifted.length} of ${report.columns.filter((c) => c.verdict !== 'skipped').length} columns drifted${drifted.length ? ` (${drifted.join(', ')})` : ''}${action ? `: ${action}` : ''}`;
      return { status: exitCode !== 0 && action === 'fail' ? 'failed' : 'passed', summary };
    });
  }
  result.exitCode = result.passed ? 0 : 1;
  return result;
}
