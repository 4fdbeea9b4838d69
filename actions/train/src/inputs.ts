// Reads and checks the train action's inputs.
import * as core from '@actions/core';
import { registryClientEnv } from '@pipewright/core/registry';
import { resolveInWorkspace } from '@pipewright/core/workspace';

export interface TrainSettings {
  spec: string;
  out: string | undefined;
  /** The environment the training command gets: the runner's, without action inputs. */
  env: NodeJS.ProcessEnv;
}

export function getInputs(): TrainSettings {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const spec = core.getInput('spec') || 'pipewright.yaml';
  const out = core.getInput('out');
  const env = registryClientEnv(process.env);
  return { spec: resolveInWorkspace(workspace, spec), out: out ? resolveInWorkspace(workspace, out) : undefined, env };
}
