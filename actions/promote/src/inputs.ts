// Reads and checks the promote action's inputs; the registry token is masked at once.
import * as core from '@actions/core';
import { registryClientEnv } from '@pipewright/core/registry';
import { resolveInWorkspace } from '@pipewright/core/workspace';

export interface PromoteSettings {
  spec: string;
  version: string | undefined;
  registry: string | undefined;
  reason: string | undefined;
  failOnRefusal: boolean;
  /** The registry client's environment: the token travels only here. */
  env: NodeJS.ProcessEnv;
}

export function getInputs(): PromoteSettings {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const token = core.getInput('registry-token');
  if (token) core.setSecret(token);
  const env = registryClientEnv(process.env, token);
  const version = core.getInput('version');
  if (version && !/^v\d+$/.test(version)) throw new Error(`Invalid version '${version}'. Expected v<N>, e.g. v3, or empty for the newest version.`);
  return {
    spec: resolveInWorkspace(workspace, core.getInput('spec') || 'pipewright.yaml'),
    version: version || undefined,
    registry: core.getInput('registry') || undefined,
    reason: core.getInput('reason') || undefined,
    failOnRefusal: core.getBooleanInput('fail-on-refusal'),
    env,
  };
}
