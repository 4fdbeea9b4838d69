// Resolves the spec's `train:` section into a TrainingPlan: argv (split, then templated),
// params, output paths, timeout and the datasets the command reads.
import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import type { PipelineSpec } from '@pipewright/schema';
import { InputError } from '../errors.ts';
import { parseDuration } from '../spec/duration.ts';
import { renderCommand, scanTemplates, specTemplateContext } from '../spec/template.ts';
import type { TrainingPlan } from './train.ts';

/** Where outputs go when the spec leaves them out. */
export const DEFAULT_ARTIFACT = 'model/';
export const DEFAULT_METRICS = 'metrics.json';

/** The datasets `run` names in templates (`{{ datasets.train.path }}`); all file datasets if none. */
export function datasetsUsed(spec: PipelineSpec, run: string): Record<string, string> {
  const all = spec.datasets ?? {};
  const named = new Set<string>();
  for (const ref of scanTemplates(run).refs) {
    const match = /^datasets\.([^.]+)/.exec(ref.expression);
    if (match) named.add(match[1]!);
  }
  const names = named.size > 0 ? [...named] : Object.keys(all);
  const used: Record<string, string> = {};
  for (const name of names) {
    const path = all[name]?.path;
    if (typeof path === 'string') used[name] = path;
  }
  return used;
}

/**
 * Plans the run for `spec`, read from `specPath` with content `specText`; `workspace`
 * is the directory the command runs in and paths are relative to.
 */
export function planTraining(spec: PipelineSpec, options: { workspace: string; specPath: string; specText: string; context?: Record<string, unknown> }): TrainingPlan {
  const train = spec.train;
  if (!train?.run) throw new InputError('train-missing', `the spec '${options.specPath}' has no 'train.run': expected the training command, e.g. 'train: { run: python3 train.py }'`);
  const artifact = train.artifact ?? DEFAULT_ARTIFACT;
  const metrics = train.metrics ?? `${artifact.replace(/\/+$/, '')}/${DEFAULT_METRICS}`;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(train.env ?? {})) env[key] = String(value);
  return {
    name: spec.name,
    argv: renderCommand(train.run, specTemplateContext(spec, options.context)),
    params: { ...(train.params ?? {}) },
    metrics,
    artifact,
    ...(train.timeout ? { timeout: { ms: parseDuration(train.timeout), text: train.timeout } } : {}),
    datasets: datasetsUsed(spec, train.run),
    env,
    spec: {
      path: relative(options.workspace, options.specPath).split(sep).join('/'),
      sha256: createHash('sha256').update(options.specText).digest('hex'),
    },
  };
}
