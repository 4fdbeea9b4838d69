// Reads and checks the promote action's inputs; the registry token is masked at once.
import * as core from '@actions/core';
import { type RegistryInputs, registryInputs } from '@pipewright/github-port';

export interface PromoteSettings extends RegistryInputs {
  version: string | undefined;
  reason: string | undefined;
  failOnRefusal: boolean;
}

export function getInputs(): PromoteSettings {
  const common = registryInputs();
  const version = core.getInput('version');
  if (version && !/^v\d+$/.test(version)) throw new Error(`Invalid version '${version}'. Expected v<N>, e.g. v3, or empty for the newest version.`);
  return {
    ...common,
    version: version || undefined,
    reason: core.getInput('reason') || undefined,
    failOnRefusal: core.getBooleanInput('fail-on-refusal'),
  };
}
