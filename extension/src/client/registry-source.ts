// Reads the registry a spec names (in-process, through the core): versions and the alias history.
import { type OciModelRegistry, openRegistry, specRegistryUrl } from '@pipewright/core/registry';
import { loadSpec } from '@pipewright/core/spec';
import type { RegistrySnapshot } from './registry-tree.ts';

export interface SpecRegistry {
  registry: OciModelRegistry;
  championAlias: string;
}

/** The registry of the spec at `specPath`, read even while the spec has errors elsewhere. */
export async function specRegistry(specPath: string, env: NodeJS.ProcessEnv = process.env): Promise<SpecRegistry> {
  const loaded = await loadSpec(specPath);
  const registry = openRegistry(specRegistryUrl(loaded.spec), { workspace: loaded.workspace, env, retry: { attempts: 1 } });
  return { registry, championAlias: loaded.spec.promote?.alias ?? 'champion' };
}

export async function readRegistry(specPath: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistrySnapshot> {
  const { registry, championAlias } = await specRegistry(specPath, env);
  const [versions, history] = await Promise.all([registry.list(), registry.history()]);
  return { url: registry.url, championAlias, versions, history };
}
