// Reads and checks the train action's inputs.
import * as core from '@actions/core';
import { registryClientEnv } from '@pipewright/core/registry';
import { resolveInWorkspace } from '@pipewright/core/workspace';

export interface TrainSettings {
  spec: string;
  out: string | undefined;
  /** The environment the training command gets: the runner's, without action inputs. */
  env: NodeJS.ProcessEnv;
  /** The registry client's environment for the comparison with the champion: the token travels only here, never to the training command. */
  registryEnv: NodeJS.ProcessEnv;
  compare: boolean;
}

export function getInputs(): TrainSettings {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const spec = core.getInput('spec') || 'pipewright.yaml';
  const out = core.getInput('out');
  const token = core.getInput('registry-token');
  if (token) core.setSecret(token);
  return {
    spec: resolveInWorkspace(workspace, spec),
    out: out ? resolveInWorkspace(workspace, out) : undefined,
    env: registryClientEnv(process.env),
    registryEnv: registryClientEnv(process.env, token),
    compare: core.getBooleanInput('compare'),
  };
}
