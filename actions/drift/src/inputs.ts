// Reads and checks the drift action's inputs into typed settings: paths stay inside the
// workspace, and the registry token is masked at once and travels only in `env`.
import * as core from '@actions/core';
import { UsageError } from '@pipewright/core/errors';
import { registryClientEnv } from '@pipewright/core/registry';
import { resolveInWorkspace } from '@pipewright/core/workspace';

export interface DriftSettings {
  workspace: string;
  spec: string;
  model: string | undefined;
  /** The reference profile file (absolute) and as given, for messages. */
  reference: { path: string; shownAs: string } | undefined;
  current: string | undefined;
  registry: string | undefined;
  /** The registry client's environment: the token travels only here. */
  env: NodeJS.ProcessEnv;
}

export function getInputs(): DriftSettings {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const token = core.getInput('registry-token');
  if (token) core.setSecret(token);
  const env = registryClientEnv(process.env, token);
  const model = core.getInput('model') || undefined;
  const reference = core.getInput('reference') || undefined;
  if (model !== undefined && reference !== undefined) {
    throw new UsageError(`Inputs 'model' ('${model}') and 'reference' ('${reference}') were both given. Expected at most one: the reference is a model version's stored profile or a profile file.`);
  }
  const current = core.getInput('current') || undefined;
  if (current !== undefined) resolveInWorkspace(workspace, current);
  return {
    workspace,
    spec: resolveInWorkspace(workspace, core.getInput('spec') || 'pipewright.yaml'),
    model,
    reference: reference === undefined ? undefined : { path: resolveInWorkspace(workspace, reference), shownAs: reference },
    current,
    registry: core.getInput('registry') || undefined,
    env,
  };
}
