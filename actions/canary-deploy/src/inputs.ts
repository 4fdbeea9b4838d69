// Reads and checks the canary-deploy action's inputs; the registry token is masked at once.
import * as core from '@actions/core';
import { type RegistryInputs, registryInputs } from '@pipewright/github-port';

export interface CanaryDeploySettings extends RegistryInputs {
  version: string | undefined;
  failOnRollback: boolean;
}

export function getInputs(): CanaryDeploySettings {
  const common = registryInputs();
  const version = core.getInput('version');
  if (version && !/^v\d+$/.test(version)) throw new Error(`Invalid version '${version}'. Expected v<N>, e.g. v3, or empty for the version the promote alias names.`);
  return { ...common, version: version || undefined, failOnRollback: core.getBooleanInput('fail-on-rollback') };
}
