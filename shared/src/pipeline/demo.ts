// The demo: the churn example copied into a fresh workspace and taken around the whole
// loop — a data gate, three models trained, registered, promoted and deployed behind a
// local proxy under synthetic traffic (v2 shadowed and canaried to production, v3 caught
// by the canary and rolled back with the champion), then drifted data and a retrain.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { validateDataset } from '../data/index.ts';
import { deployFromSpec } from '../deploy/from-spec.ts';
import type { DeployResult } from '../deploy/timeline.ts';
import type { TimelineEntry } from '../deploy/types.ts';
import { UsageError } from '../errors.ts';
import { openRegistry, specRegistryUrl } from '../registry/index.ts';
import { renderReportHtml } from '../report/html/index.ts';
import { datasetContract, type LoadedSpec, loadValidSpec } from '../spec/index.ts';
import { DemoServing } from './demo-serving.ts';
import { SyntheticTraffic, type TrafficTally } from './demo-traffic.ts';
import { driftFromSpec, modelReferenceProfile } from './drift.ts';
import { collectReport } from './report.ts';
import { type PipelineRun, type RunPipelineOptions, runPipeline } from './run.ts';

/** What a previous run leaves in an example folder; never copied into the demo. */
const LEFTOVERS = new Set(['model', 'build', '.pipewright', '__pycache__', 'pipewright-report.html']);

/** Requests a second of synthetic production traffic. */
const TRAFFIC_RPS = 80;

export interface BatchVerdict {
  batch: string;
  passed: boolean;
  rows: number;
  /** Failed rules, each with the rows it names (row numbers as the file counts them). */
  failures: Array<{ rule: string; column: string | null; unexpected_count: number; rows: number[] }>;
}

export interface DemoResult {
  workspace: string;
  /** Every phase of the story with its wall time. */
  phases: Array<{ name: string; seconds: number }>;
  batches: BatchVerdict[];
  runs: PipelineRun[];
  deploys: DeployResult[];
  /** Where the aliases point at the end. */
  aliases: { champion: string | null; production: string | null };
  drift: { drifted: boolean; share: number; action: string | null; columns: string[] } | null;
  retrain: PipelineRun | null;
  traffic: TrafficTally;
  report: string;
  /** The story went as told: bad batch refused, v2 in production, v3 rolled back by its canary, drift caught and a retrain run. */
  passed: boolean;
}

export interface DemoOptions extends RunPipelineOptions {
  onChapter?: (title: string) => void;
  /** Each canary event as it happens. */
  onDeployEntry?: (entry: TimelineEntry) => void;
}

/** Copies the example into `target`, which must be empty or not exist yet. */
export function prepareDemoWorkspace(example: string, target: string): void {
  if (!existsSync(join(example, 'pipewright.yaml'))) throw new UsageError(`no example spec at '${join(example, 'pipewright.yaml')}'`);
  if (existsSync(target) && readdirSync(target).length > 0) throw new UsageError(`demo directory '${target}' is not empty: give a new or empty --dir`);
  mkdirSync(target, { recursive: true });
  cpSync(example, target, { recursive: true, filter: (source) => !LEFTOVERS.has(source.split(/[\\/]/).pop() ?? '') });
  git(target, ['init', '-q']);
}

/** Best effort: without git the demo still runs, and model cards say there was no commit. */
function git(cwd: string, args: string[]): void {
  spawnSync('git', ['-c', 'user.name=Pipewright demo', '-c', 'user.email=demo@pipewright.invalid', ...args], { cwd, stdio: 'ignore' });
}

/** Edits the demo's copy of the spec as a person would, keeping its comments. */
function editSpec(spec: string, edit: (doc: ReturnType<typeof parseDocument>) => void, message: string): void {
  const doc = parseDocument(readFileSync(spec, 'utf8'));
  edit(doc);
  writeFileSync(spec, doc.toString());
  git(join(spec, '..'), ['add', '-A']);
  git(join(spec, '..'), ['commit', '-qm', message]);
}

async function checkBatch(loaded: LoadedSpec, batch: string, options: DemoOptions): Promise<BatchVerdict> {
  const report = await validateDataset('train', datasetContract(loaded.spec, 'train'), { workspace: loaded.workspace, path: batch, env: options.env, signal: options.signal });
  const failures = report.results
    .filter((r) => !r.passed && r.severity === 'error')
    .map((r) => ({ rule: r.rule, column: r.column, unexpected_count: r.unexpected_count, rows: r.partial_unexpected_list.map((u) => u.row) }));
  return { batch, passed: report.passed, rows: report.rows, failures };
}

/** Runs the story in a workspace made by prepareDemoWorkspace. */
export async function runDemo(workspace: string, options: DemoOptions): Promise<DemoResult> {
  const spec = join(workspace, 'pipewright.yaml');
  const phases: DemoResult['phases'] = [];
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    options.onChapter?.(name);
    const started = performance.now();
    try {
      return await work();
    } finally {
      phases.push({ name, seconds: +((performance.now() - started) / 1000).toFixed(2) });
    }
  };
  const train = (epochs: number, emailDomain: boolean, message: string) => {
    editSpec(
      spec,
      (doc) => {
        doc.setIn(['train', 'params', 'epochs'], epochs);
        doc.setIn(['train', 'params', 'email-domain'], emailDomain);
      },
      message,
    );
    return runPipeline(spec, options);
  };

  const loaded = await loadValidSpec(spec);
  const batches = await phase('Data gate: a good batch passes, a bad one is refused', async () => [
    await checkBatch(loaded, 'data/batches/good.csv', options),
    await checkBatch(loaded, 'data/batches/bad.csv', options),
  ]);

  const registry = openRegistry(specRegistryUrl(loaded.spec, options.registry), { workspace, env: options.env, signal: options.signal });
  const runs: PipelineRun[] = [];
  const deploys: DeployResult[] = [];
  // What runs while traffic flows; stopped in `finally`, whatever happens.
  const live: { serving?: DemoServing; traffic?: SyntheticTraffic } = {};
  let tally: TrafficTally = { sent: 0, ok: 0, failed: 0 };
  const deploy = async (version: string) => {
    const serving = live.serving!;
    await serving.addCanary(version, options.signal);
    deploys.push(await deployFromSpec(spec, { env: options.env, signal: options.signal, version, registry: options.registry, target: serving.target, onEntry: options.onDeployEntry }));
    await serving.settle();
  };
  try {
    await phase('v1: train, register, promote, and put it in production', async () => {
      runs.push(await train(5, false, 'Train v1 (epochs: 5)'));
      live.serving = await DemoServing.start({ serve: loaded.spec.deploy?.local?.serve, registry, workspace, env: options.env, first: 'v1', signal: options.signal });
      // The first version has nothing to compare with: it goes live at once.
      await registry.moveAlias(loaded.spec.deploy?.alias ?? 'production', 'v1', { actor: 'pipewright demo', reason: 'first deploy: no stable version to canary against' });
      live.traffic = SyntheticTraffic.fromJsonl(join(workspace, 'data/live/day1.jsonl'), live.serving.url);
      live.traffic.start(TRAFFIC_RPS);
    });
    await phase('v2: a better model, shadowed, then canaried under traffic into production', async () => {
      runs.push(await train(20, false, 'Train v2 (epochs: 20)'));
      await deploy('v2');
    });
    await phase('v3: a hotfix that passes every offline gate ships without a shadow run; its canary fails under traffic', async () => {
      editSpec(spec, (doc) => doc.deleteIn(['deploy', 'shadow']), 'Ship the hotfix without a shadow run');
      runs.push(await train(20, true, 'Train v3 (adds the email-domain feature)'));
      await deploy('v3');
    });
  } finally {
    if (live.traffic) tally = await live.traffic.end();
    if (live.serving) await live.serving.close();
  }

  const drift = await phase('Drift: the market moved; the live data no longer looks like v2 was trained on', async () => {
    const champion = await registry.resolveAlias(loaded.spec.promote?.alias ?? 'champion');
    if (!champion) return null;
    const { profile } = await modelReferenceProfile(registry, champion);
    const { report, action } = await driftFromSpec(await loadValidSpec(spec), { reference: profile, currentPath: 'data/drifted/day3.jsonl', signal: options.signal });
    return { drifted: report.drifted, share: report.share, action, columns: report.columns.filter((c) => c.drifted).map((c) => c.column) };
  });
  const retrain = await phase('Retrain: drift asked for it (on-drift: retrain)', async () => {
    if (drift?.action !== 'retrain') return null;
    editSpec(spec, (doc) => doc.setIn(['deploy', 'shadow'], doc.createNode({ duration: '4s', 'min-agreement': 0.95, tolerance: 0.05, ignore: ['model'] })), 'Shadow runs again');
    return train(20, false, 'Retrain after drift');
  });

  const report = await phase('Report', async () => {
    const out = join(workspace, 'pipewright-report.html');
    writeFileSync(out, renderReportHtml(await collectReport(spec, { env: options.env, registry: options.registry, signal: options.signal, drift: false })));
    return out;
  });

  const aliases = {
    champion: await registry.resolveAlias(loaded.spec.promote?.alias ?? 'champion'),
    production: await registry.resolveAlias(loaded.spec.deploy?.alias ?? 'production'),
  };
  const [good, bad] = batches;
  const [v2Deploy, v3Deploy] = deploys;
  const passed =
    good?.passed === true &&
    bad?.passed === false &&
    runs.every((r) => r.promotion?.promoted) &&
    v2Deploy?.outcome === 'promoted' &&
    v3Deploy?.outcome === 'rolled-back' &&
    drift?.drifted === true &&
    retrain !== null &&
    aliases.production === 'v2';
  return { workspace, phases, batches, runs, deploys, aliases, drift, retrain, traffic: tally, report, passed };
}
