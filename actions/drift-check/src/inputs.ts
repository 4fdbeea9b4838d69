// Reads and checks the drift-check inputs: paths stay inside the workspace, the registry
// token is masked at once and travels only in `env`.
import * as core from '@actions/core';
import type { DriftAction } from '@pipewright/core/drift';
import { UsageError } from '@pipewright/core/errors';
import { resolveInWorkspace } from '@pipewright/core/workspace';
import { type RegistryInputs, registryInputs } from '@pipewright/github-port';

export interface DriftCheckSettings extends RegistryInputs {
  model: string;
  dataset: string | undefined;
  current: string | undefined;
  onDrift: DriftAction | undefined;
  issue: boolean;
}

const ACTIONS: DriftAction[] = ['retrain', 'alert', 'fail'];

export function getInputs(): DriftCheckSettings {
  const common = registryInputs();
  const { workspace } = common;
  const model = core.getInput('model') || 'champion';
  if (!/^(v\d+|[A-Za-z0-9_.-]+)$/.test(model)) throw new UsageError(`Invalid input 'model': '${model}'. Expected a version such as v3 or an alias such as champion.`);
  const dataset = core.getInput('dataset') || undefined;
  if (dataset !== undefined && !/^[A-Za-z0-9_.-]+$/.test(dataset)) throw new UsageError(`Invalid input 'dataset': '${dataset}'. Expected a dataset name under 'datasets:' in the spec.`);
  const onDrift = core.getInput('on-drift') || undefined;
  if (onDrift !== undefined && !ACTIONS.includes(onDrift as DriftAction)) throw new UsageError(`Invalid input 'on-drift': '${onDrift}'. Expected retrain, alert, fail, or empty for the spec's drift.on-drift.`);
  const current = core.getInput('current') || undefined;
  if (current !== undefined) resolveInWorkspace(workspace, current);
  return {
    ...common,
    model,
    dataset,
    current,
    onDrift: onDrift as DriftAction | undefined,
    issue: core.getBooleanInput('issue'),
  };
}
