// The demo: the churn example copied into a fresh workspace and taken through the whole
// life of a model — three pipeline runs (a promotion, a better candidate, a refused one)
// and the kill switch.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { type RollbackResult, rollbackFromSpec } from '../promote/index.ts';
import { openRegistry, specRegistryUrl } from '../registry/index.ts';
import type { ModelVersion } from '../registry/types.ts';
import { loadValidSpec } from '../spec/index.ts';
import { type PipelineRun, type RunPipelineOptions, runPipeline } from './run.ts';

/** What a previous run leaves in an example folder; never copied into the demo. */
const LEFTOVERS = new Set(['model', 'build', '.pipewright', '__pycache__']);

/** Each run edits `epochs` in the demo's copy of the spec, as a person trying params would. */
export const DEMO_RUNS = [
  { epochs: 5, title: 'Run 1 (epochs: 5): validate, train, push v1, promote it (no champion yet)' },
  { epochs: 20, title: 'Run 2 (epochs: 20): a better candidate, gated against the champion' },
  { epochs: 2, title: 'Run 3 (epochs: 2): faster to train but worse — the auc gate refuses it' },
] as const;

export interface DemoResult {
  workspace: string;
  runs: PipelineRun[];
  rollback: RollbackResult;
  /** The promoted candidate's model version: the lineage the demo ends on. */
  lineage: ModelVersion;
  /** Every run went as the story says: promoted, promoted, refused, rolled back to v1. */
  passed: boolean;
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

function setEpochs(spec: string, epochs: number): void {
  const text = readFileSync(spec, 'utf8');
  const edited = text.replace(/\bepochs: \d+/, `epochs: ${epochs}`);
  if (edited === text && !text.includes(`epochs: ${epochs}`)) throw new UsageError(`the demo spec '${spec}' has no 'epochs:' param to edit`);
  writeFileSync(spec, edited);
}

/** Runs the story in a workspace made by prepareDemoWorkspace. */
export async function runDemo(workspace: string, options: RunPipelineOptions & { onChapter?: (title: string) => void }): Promise<DemoResult> {
  const spec = join(workspace, 'pipewright.yaml');
  const runs: PipelineRun[] = [];
  for (const { epochs, title } of DEMO_RUNS) {
    options.onChapter?.(title);
    setEpochs(spec, epochs);
    git(workspace, ['add', '-A']);
    git(workspace, ['commit', '-qm', `Train with epochs: ${epochs}`]);
    runs.push(await runPipeline(spec, options));
  }
  options.onChapter?.('Kill switch: the champion misbehaves in production, roll it back');
  const rollback = await rollbackFromSpec(spec, { env: options.env, registry: options.registry, signal: options.signal, reason: 'demo: the new champion misbehaves in production' });
  const loaded = await loadValidSpec(spec);
  const registry = openRegistry(specRegistryUrl(loaded.spec, options.registry), { workspace, env: options.env, signal: options.signal });
  const [first, second, third] = runs;
  const lineage = await registry.show(second?.version ?? 'v2');
  const passed =
    Boolean(first?.promotion?.promoted && second?.promotion?.promoted) &&
    third?.promotion?.promoted === false &&
    rollback.rolled_back &&
    rollback.champion_after === first?.version;
  return { workspace, runs, rollback, lineage, passed };
}
