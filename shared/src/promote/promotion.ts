// Promotion: evaluate the gates of a candidate against the champion and move the alias
// only when every gate passes.
import type { AliasMove, ModelCard, ModelRegistry, ModelVersion } from '../registry/types.ts';
import { validateAlias } from '../registry/aliases.ts';
import { NoCandidateError } from './errors.ts';
import { evaluateGates, type Gate, type GateResult } from './gates.ts';

export interface PromotionResult {
  version: string;
  alias: string;
  promoted: boolean;
  gates: GateResult[];
  champion_before: string | null;
  champion_after: string | null;
  /** The history entry written; null when nothing moved. */
  move: AliasMove | null;
  note?: string;
}

export interface PromoteOptions {
  alias: string;
  gates: Gate[];
  /** A version (`v3`) or alias; default: the newest version. */
  version?: string;
  actor: string;
  /** Added to the recorded reason. */
  reason?: string;
}

function versionNumber(version: string): number {
  const match = /^v(\d+)$/.exec(version);
  return match ? Number(match[1]) : -1;
}

/** Versions oldest first (v2 before v10). */
export function sortVersions<T extends { card: ModelCard }>(versions: T[]): T[] {
  return [...versions].sort((a, b) => versionNumber(a.card.version) - versionNumber(b.card.version));
}

export async function newestVersion(registry: ModelRegistry): Promise<ModelVersion> {
  const newest = sortVersions(await registry.list()).pop();
  if (!newest) throw new NoCandidateError(`the registry ${registry.url} holds no model version to promote: run 'pipewright registry push' first`);
  return newest;
}

export async function promoteVersion(registry: ModelRegistry, options: PromoteOptions): Promise<PromotionResult> {
  const alias = options.alias;
  validateAlias(alias);
  const candidate = options.version ? await registry.show(options.version) : await newestVersion(registry);
  const version = candidate.card.version;
  const championVersion = await registry.resolveAlias(alias);
  const champion = championVersion ? (await registry.show(championVersion)).card : null;
  // Keys in the documented order: version, promoted, gates, champion_before, champion_after.
  const outcome = (promoted: boolean, gates: GateResult[], after: string | null, move: AliasMove | null, note?: string): PromotionResult => ({
    version,
    promoted,
    gates,
    champion_before: championVersion,
    champion_after: after,
    alias,
    move,
    ...(note ? { note } : {}),
  });
  if (championVersion === version) return outcome(false, [], championVersion, null, `${version} is already ${alias}: nothing moved`);
  // Gates compare with the version their `vs` alias points at (usually the alias being moved).
  const holders: Record<string, ModelCard | null> = { [alias]: champion };
  for (const other of new Set(options.gates.map((g) => g.vs).filter((vs): vs is string => vs !== undefined && vs !== alias))) {
    const held = await registry.resolveAlias(other);
    holders[other] = held ? (await registry.show(held)).card : null;
  }
  const gates = evaluateGates(options.gates, candidate.card, holders, alias);
  const failed = gates.filter((g) => !g.passed);
  if (failed.length > 0) {
    return outcome(false, gates, championVersion, null, `refused: ${failed.length} of ${gates.length} gates failed (${failed.map((g) => g.metric).join(', ')})`);
  }
  const reason = [`promote: ${gates.length} gate${gates.length === 1 ? '' : 's'} passed`, options.reason].filter(Boolean).join(': ');
  const move = await registry.moveAlias(alias, version, { actor: options.actor, reason });
  // Another promotion may have moved the alias between our read and our move.
  const raced = move.from !== championVersion ? `${alias} moved to ${move.from ?? 'nothing'} while the gates ran; the gates compared with ${championVersion ?? 'no champion'}` : undefined;
  return outcome(true, gates, move.to, move, raced);
}
