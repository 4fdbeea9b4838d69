// Reads and checks the drift action's inputs into typed settings: paths stay inside the
// workspace, and the registry token is masked at once and travels only in `env`.
import * as core from '@actions/core';
import { UsageError } from '@pipewright/core/errors';
import { resolveInWorkspace } from '@pipewright/core/workspace';
import { type RegistryInputs, registryInputs } from '@pipewright/github-port';

export interface DriftSettings extends RegistryInputs {
  model: string | undefined;
  /** The reference profile file (absolute) and as given, for messages. */
  reference: { path: string; shownAs: string } | undefined;
  current: string | undefined;
}

export function getInputs(): DriftSettings {
  const common = registryInputs();
  const { workspace } = common;
  const model = core.getInput('model') || undefined;
  const reference = core.getInput('reference') || undefined;
  if (model !== undefined && reference !== undefined) {
    throw new UsageError(`Inputs 'model' ('${model}') and 'reference' ('${reference}') were both given. Expected at most one: the reference is a model version's stored profile or a profile file.`);
  }
  const current = core.getInput('current') || undefined;
  if (current !== undefined) resolveInWorkspace(workspace, current);
  return {
    ...common,
    model,
    reference: reference === undefined ? undefined : { path: resolveInWorkspace(workspace, reference), shownAs: reference },
    current,
  };
}
