// Reads and checks the train action's inputs.
import * as core from '@actions/core';
import { registryClientEnv } from '@pipewright/core/registry';
import { resolveInWorkspace } from '@pipewright/core/workspace';
import { registryInputs } from '@pipewright/github-port';

export interface TrainSettings {
  workspace: string;
  spec: string;
  out: string | undefined;
  /** The environment the training command gets: the runner's, without action inputs. */
  env: NodeJS.ProcessEnv;
  /** The registry client's environment for the comparison with the champion: the token travels only here, never to the training command. */
  registryEnv: NodeJS.ProcessEnv;
  compare: boolean;
}

export function getInputs(): TrainSettings {
  const { workspace, spec, env: registryEnv } = registryInputs();
  const out = core.getInput('out');
  return {
    workspace,
    spec,
    out: out ? resolveInWorkspace(workspace, out) : undefined,
    env: registryClientEnv(process.env),
    registryEnv,
    compare: core.getBooleanInput('compare'),
  };
}
