// One tracked training run: writes the params, runs the command, reads the metrics,
// hashes the artifact and data, and returns the run record.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, hostname, totalmem } from 'node:os';
import { join, relative, sep } from 'node:path';
import { resolveInWorkspace } from '../workspace/index.ts';
import { artifactManifest } from './artifact.ts';
import { gitState } from './git.ts';
import { readMetricsFile, stampFile } from './metrics.ts';
import { RUN_RECORD_SCHEMA, type RecordedDataset, type RunRecord } from './run-record.ts';
import { type LogStream, runCommand } from './runner.ts';

/** Everything a run needs, resolved from the spec (see plan.ts). */
export interface TrainingPlan {
  name: string;
  /** The command after splitting and templating. */
  argv: string[];
  params: Record<string, unknown>;
  /** Workspace-relative paths. */
  metrics: string;
  artifact: string;
  timeout?: { ms: number; text: string };
  /** The datasets the run reads: name → spec path (workspace-relative). */
  datasets: Record<string, string>;
  /** `train.env`: added to the command's environment. */
  env?: Record<string, string>;
  spec: { path: string; sha256: string };
}

/** A dataset's fingerprint: `digest` is `sha256:<hex>`. */
export type FingerprintFn = (name: string, path: string) => Promise<{ digest: string; files: Array<{ path: string; sha256: string; bytes: number }> }>;

export interface TrainOptions {
  workspace: string;
  env: NodeJS.ProcessEnv;
  onOutput?: (stream: LogStream, chunk: Buffer) => void;
  signal?: AbortSignal;
  /** The data fingerprint; without it the record names each dataset's path only. */
  fingerprint?: FingerprintFn;
  killGraceMs?: number;
  now?: () => Date;
}

function runId(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

function runUrl(env: NodeJS.ProcessEnv): string | null {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : null;
}

async function fingerprintAll(plan: TrainingPlan, fingerprint: FingerprintFn | undefined): Promise<Record<string, RecordedDataset>> {
  const data: Record<string, RecordedDataset> = {};
  for (const [name, path] of Object.entries(plan.datasets)) {
    if (!fingerprint) {
      data[name] = { path, fingerprint: null, note: 'not fingerprinted (no fingerprint function given): path recorded only' };
      continue;
    }
    try {
      const print = await fingerprint(name, path);
      data[name] = { path, fingerprint: print.digest, files: print.files };
    } catch (error) {
      data[name] = { path, fingerprint: null, note: `fingerprint failed: ${(error as Error).message}` };
    }
  }
  return data;
}

/** Runs the plan; a failed run still returns a record (status, error, log tail). */
export async function trainModel(plan: TrainingPlan, options: TrainOptions): Promise<RunRecord> {
  const { workspace } = options;
  const now = options.now ?? (() => new Date());
  const id = runId(now());
  const artifactDir = resolveInWorkspace(workspace, plan.artifact);
  const metricsPath = resolveInWorkspace(workspace, plan.metrics);
  // Before the run: the run's own writes must not make the tree look dirty.
  const git = await gitState(workspace);
  const data = await fingerprintAll(plan, options.fingerprint);
  // params.json goes into the artifact, so every pushed version carries its params.
  await mkdir(artifactDir, { recursive: true });
  const paramsFile = join(artifactDir, 'params.json');
  const paramsText = `${JSON.stringify(plan.params, null, 2)}\n`;
  await writeFile(paramsFile, paramsText);
  const metricsBefore = await stampFile(metricsPath);

  const outcome = await runCommand(plan.argv, {
    cwd: workspace,
    env: {
      ...options.env,
      ...plan.env,
      PIPEWRIGHT_PARAMS: JSON.stringify(plan.params),
      PIPEWRIGHT_PARAMS_FILE: paramsFile,
      PIPEWRIGHT_RUN_ID: id,
      PIPEWRIGHT_ARTIFACT_DIR: artifactDir,
    },
    timeoutMs: plan.timeout?.ms,
    killGraceMs: options.killGraceMs,
    onOutput: options.onOutput,
    signal: options.signal,
  });

  let error: string | null = null;
  let metrics: Record<string, number> = {};
  let artifact: RunRecord['artifact'] = null;
  if (outcome.timedOut) error = `timed out after ${plan.timeout?.text ?? `${plan.timeout?.ms}ms`}`;
  else if (outcome.aborted) error = 'interrupted';
  else if (outcome.signal) error = `killed by ${outcome.signal}`;
  else if (outcome.exitCode !== 0) error = `exited with code ${outcome.exitCode}`;
  if (error === null) {
    try {
      metrics = await readMetricsFile(metricsPath, plan.metrics, metricsBefore);
      // The command may have replaced the artifact directory; params belong in it.
      await mkdir(artifactDir, { recursive: true });
      await writeFile(paramsFile, paramsText);
      const manifest = await artifactManifest(artifactDir);
      artifact = { path: relative(workspace, artifactDir).split(sep).join('/') || '.', ...manifest };
    } catch (problem) {
      error = (problem as Error).message;
    }
  }
  const status = error === null ? 'succeeded' : outcome.timedOut ? 'timed-out' : 'failed';
  return {
    schema: RUN_RECORD_SCHEMA,
    run_id: id,
    name: plan.name,
    status,
    started: outcome.startedAt.toISOString(),
    ended: outcome.endedAt.toISOString(),
    command: plan.argv,
    exit_code: outcome.exitCode,
    signal: outcome.signal,
    git,
    spec: plan.spec,
    params: plan.params,
    metrics,
    data,
    artifact,
    train_seconds: Number(outcome.wallSeconds.toFixed(3)),
    cpu_seconds: Number(outcome.cpuSeconds.toFixed(3)),
    peak_memory_mb: Number((outcome.peakMemoryBytes / (1024 * 1024)).toFixed(1)),
    host: { hostname: hostname(), platform: process.platform, arch: process.arch, cpus: cpus().length, memory_mb: Math.round(totalmem() / (1024 * 1024)) },
    run_url: runUrl(options.env),
    log_tail: outcome.tail,
    error,
  };
}
