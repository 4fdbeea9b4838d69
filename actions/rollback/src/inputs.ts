// Reads and checks the rollback action's inputs; the registry token is masked at once.
import * as core from '@actions/core';
import { registryClientEnv } from '@pipewright/core/registry';
import { resolveInWorkspace } from '@pipewright/core/workspace';

export interface RollbackSettings {
  spec: string;
  to: string | undefined;
  reason: string | undefined;
  registry: string | undefined;
  /** The registry client's environment: the token travels only here. */
  env: NodeJS.ProcessEnv;
}

export function getInputs(): RollbackSettings {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const token = core.getInput('registry-token');
  if (token) core.setSecret(token);
  const env = registryClientEnv(process.env, token);
  const to = core.getInput('to');
  if (to && !/^v\d+$/.test(to)) throw new Error(`Invalid version '${to}' for 'to'. Expected v<N>, e.g. v3, or empty for the previous champion.`);
  return {
    spec: resolveInWorkspace(workspace, core.getInput('spec') || 'pipewright.yaml'),
    to: to || undefined,
    reason: core.getInput('reason') || `rolled back by workflow run ${process.env.GITHUB_RUN_ID ?? '(local)'}`,
    registry: core.getInput('registry') || undefined,
    env,
  };
}
