// The inputs every registry-using action reads alike: the workspace, the spec inside it,
// the registry override, and the registry token (masked at once, travelling only in `env`).
import * as core from '@actions/core';
import { registryClientEnv } from '@pipewright/core/registry';
import { resolveInWorkspace } from '@pipewright/core/workspace';

export interface RegistryInputs {
  workspace: string;
  /** Absolute path of the spec (input `spec`, default pipewright.yaml), inside the workspace. */
  spec: string;
  registry: string | undefined;
  /** The registry client's environment: the token travels only here. */
  env: NodeJS.ProcessEnv;
}

/** The runner's workspace, or the current directory outside a runner. */
export function actionWorkspace(): string {
  return process.env.GITHUB_WORKSPACE || process.cwd();
}

/** Reads `spec`, `registry` and `registry-token`; the token is masked before anything else. */
export function registryInputs(): RegistryInputs {
  const workspace = actionWorkspace();
  const token = core.getInput('registry-token');
  if (token) core.setSecret(token);
  return {
    workspace,
    spec: resolveInWorkspace(workspace, core.getInput('spec') || 'pipewright.yaml'),
    registry: core.getInput('registry') || undefined,
    env: registryClientEnv(process.env, token),
  };
}
