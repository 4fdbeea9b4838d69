// Reads and checks the rollback action's inputs; the registry token is masked at once.
import * as core from '@actions/core';
import { type RegistryInputs, registryInputs } from '@pipewright/github-port';

export interface RollbackSettings extends RegistryInputs {
  to: string | undefined;
  reason: string | undefined;
}

export function getInputs(): RollbackSettings {
  const common = registryInputs();
  const to = core.getInput('to');
  if (to && !/^v\d+$/.test(to)) throw new Error(`Invalid version '${to}' for 'to'. Expected v<N>, e.g. v3, or empty for the previous champion.`);
  return {
    ...common,
    to: to || undefined,
    reason: core.getInput('reason') || `rolled back by workflow run ${process.env.GITHUB_RUN_ID ?? '(local)'}`,
  };
}
