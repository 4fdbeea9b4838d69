// Reads and checks the drift action's inputs into typed settings: paths stay inside the
// workspace, and the registry token is masked at once and travels only in `env`.
import * as core from '@actions/core';
import { registryClientEnv, TAG_PATTERN } from '@pipewright/core/registry';
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

/** A wrong input: the action reports the message and fails, without a stack trace. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

export function getInputs(): DriftSettings {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const token = core.getInput('registry-token');
  if (token) core.setSecret(token);
  const env = registryClientEnv(process.env, token);
  const model = core.getInput('model') || undefined;
  const reference = core.getInput('reference') || undefined;
  if (model !== undefined && reference !== undefined) {
    throw new InvalidInputError(`Inputs 'model' ('${model}') and 'reference' ('${reference}') were both given. Expected at most one: the reference is a model version's stored profile or a profile file.`);
  }
  // Versions, aliases and `latest` are all OCI tags.
  if (model !== undefined && !TAG_PATTERN.test(model)) {
    throw new InvalidInputError(`Invalid input 'model': '${model}'. Expected a version (v3), an alias such as champion, or latest.`);
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
