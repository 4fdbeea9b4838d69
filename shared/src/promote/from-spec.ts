// Promotion and rollback from a spec file: the one call the CLI and the actions make.
import { attachJsonReport, openRegistry, REPORT_KIND, specRegistryUrl } from '../registry/index.ts';
import type { ModelRegistry, ModelVersion } from '../registry/types.ts';
import { loadValidSpec } from '../spec/index.ts';
import { actorFrom } from './actor.ts';
import type { Gate } from './gates.ts';
import { type PromotionResult, promoteVersion } from './promotion.ts';
import { type RollbackResult, rollbackAlias, type TrafficRollback } from './rollback.ts';

export interface RegistryTarget {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Overrides `registry.url` of the spec. */
  registry?: string;
}

async function openFromSpec(specPath: string, target: RegistryTarget): Promise<{ registry: ModelRegistry; alias: string; gates: Gate[] }> {
  const loaded = await loadValidSpec(specPath);
  return {
    registry: openRegistry(specRegistryUrl(loaded.spec, target.registry), { workspace: loaded.workspace, env: target.env, signal: target.signal }),
    alias: loaded.spec.promote?.alias ?? 'champion',
    gates: loaded.spec.promote?.gates ?? [],
  };
}

export interface PromoteSpecResult {
  result: PromotionResult;
  gates: Gate[];
  /** Every version after the promotion, for charts (only with `withVersions`). */
  versions: ModelVersion[];
  /** The registry's URL (`file:PATH` or `oci://HOST/REPO`), for the new-champion event. */
  registry: string;
}

export async function promoteFromSpec(
  specPath: string,
  options: RegistryTarget & { version?: string; reason?: string; withVersions?: boolean },
): Promise<PromoteSpecResult> {
  const { registry, alias, gates } = await openFromSpec(specPath, options);
  const result = await promoteVersion(registry, { alias, gates, version: options.version, reason: options.reason, actor: actorFrom(options.env) });
  // Stored beside the candidate, so the report shows each version's gate verdicts.
  await attachJsonReport(registry, result.version, REPORT_KIND.promotion, result);
  return { result, gates, versions: options.withVersions ? await registry.list() : [], registry: registry.url };
}

export async function rollbackFromSpec(specPath: string, options: RegistryTarget & { to?: string; reason?: string; traffic?: TrafficRollback }): Promise<RollbackResult> {
  const { registry, alias } = await openFromSpec(specPath, options);
  return rollbackAlias(registry, { alias, to: options.to, reason: options.reason, actor: actorFrom(options.env), traffic: options.traffic });
}
