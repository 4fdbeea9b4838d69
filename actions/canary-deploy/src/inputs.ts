// Reads and checks the canary-deploy action's inputs; the registry token is masked at once.
import * as core from '@actions/core';
import { registryClientEnv } from '@pipewright/core/registry';
import { resolveInWorkspace } from '@pipewright/core/workspace';

export interface CanaryDeploySettings {
  spec: string;
  version: string | undefined;
  registry: string | undefined;
  failOnRollback: boolean;
  /** The registry client's environment: the token travels only here. */
  env: NodeJS.ProcessEnv;
}

export function getInputs(): CanaryDeploySettings {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const token = core.getInput('registry-token');
  if (token) core.setSecret(token);
  const version = core.getInput('version');
  if (version && !/^v\d+$/.test(version)) throw new Error(`Invalid version '${version}'. Expected v<N>, e.g. v3, or empty for the version the promote alias names.`);
  return {
    spec: resolveInWorkspace(workspace, core.getInput('spec') || 'pipewright.yaml'),
    version: version || undefined,
    registry: core.getInput('registry') || undefined,
    failOnRollback: core.getBooleanInput('fail-on-rollback'),
    env: registryClientEnv(process.env, token),
  };
}
