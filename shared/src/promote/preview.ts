// What promotion would decide for a model not yet pushed (a pull request's training run):
// the spec's gates against the current champion, read-only; nothing moves.
import { openRegistry, specRegistryUrl } from '../registry/index.ts';
import type { ModelCard, ModelVersion } from '../registry/types.ts';
import { loadValidSpec } from '../spec/index.ts';
import type { RegistryTarget } from './from-spec.ts';
import { evaluateGates, type Gate, type GateResult } from './gates.ts';

/** The label a not-yet-pushed candidate carries in tables and charts. */
export const PREVIEW_VERSION = 'this run';

export interface PromotionPreview {
  alias: string;
  champion: ModelVersion | null;
  candidate: ModelCard;
  gates: Gate[];
  results: GateResult[];
  /** Every version in the registry, then the candidate (for charts across versions). */
  versions: ModelVersion[];
  wouldPromote: boolean;
}

/** The spec's gates for `card` against the champion; undefined when the spec has no gates. */
export async function previewPromotion(specPath: string, card: Omit<ModelCard, 'version'>, target: RegistryTarget): Promise<PromotionPreview | undefined> {
  const loaded = await loadValidSpec(specPath);
  const gates = loaded.spec.promote?.gates ?? [];
  if (gates.length === 0) return undefined;
  const alias = loaded.spec.promote?.alias ?? 'champion';
  const registry = openRegistry(specRegistryUrl(loaded.spec, target.registry), { workspace: loaded.workspace, env: target.env, signal: target.signal });
  const versions = await registry.list();
  const holders: Record<string, ModelCard | null> = {};
  for (const name of new Set([alias, ...gates.map((g) => g.vs).filter((vs): vs is string => vs !== undefined)])) {
    holders[name] = versions.find((v) => v.aliases.includes(name))?.card ?? null;
  }
  const candidate: ModelCard = { ...card, version: PREVIEW_VERSION };
  const results = evaluateGates(gates, candidate, holders, alias);
  return {
    alias,
    champion: versions.find((v) => v.aliases.includes(alias)) ?? null,
    candidate,
    gates,
    results,
    versions: [...versions, { card: candidate, digest: '', files: [], aliases: [] }],
    wouldPromote: results.every((r) => r.passed),
  };
}
