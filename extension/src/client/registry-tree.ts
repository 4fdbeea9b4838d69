// Builds the "Model registry" tree: versions newest first with their metrics, the champion
// and production aliases marked, and the alias history. Pure.
import type { AliasMove, ModelVersion } from '@pipewright/core/registry';
import { formatMetric, formatSeconds, type ViewNode } from './view-node.ts';

export interface RegistrySnapshot {
  url: string;
  /** The alias promotion moves (`promote.alias`, default `champion`). */
  championAlias: string;
  versions: ModelVersion[];
  history: AliasMove[];
}

/** Aliases that get a mark of their own: the spec's champion alias and `production`. */
function markedAliases(snapshot: RegistrySnapshot): string[] {
  return [snapshot.championAlias, 'production'];
}

function versionNode(version: ModelVersion, snapshot: RegistrySnapshot): ViewNode {
  const { card } = version;
  const isChampion = version.aliases.includes(snapshot.championAlias);
  const marked = version.aliases.filter((a) => markedAliases(snapshot).includes(a));
  const others = version.aliases.filter((a) => !marked.includes(a));
  const metrics = Object.entries(card.metrics);
  const children: ViewNode[] = metrics.map(([name, value]) => ({
    id: `version/${card.version}/metric/${name}`,
    label: name,
    description: formatMetric(value),
    icon: { id: 'graph-line' },
  }));
  if (card.train_seconds !== null && card.train_seconds !== undefined) {
    children.push({ id: `version/${card.version}/train-seconds`, label: 'training time', description: formatSeconds(card.train_seconds), icon: { id: 'watch' } });
  }
  if (card.git.commit) {
    children.push({ id: `version/${card.version}/commit`, label: 'commit', description: `${card.git.commit.slice(0, 7)}${card.git.dirty ? ' (dirty)' : ''}`, icon: { id: 'git-commit' } });
  }
  const aliasText = [...marked.map((a) => `★ ${a}`), ...others].join(', ');
  const firstMetrics = metrics
    .slice(0, 2)
    .map(([k, v]) => `${k} ${formatMetric(v)}`)
    .join(', ');
  return {
    id: `version/${card.version}`,
    label: card.version,
    description: [aliasText, firstMetrics, card.created.slice(0, 16).replace('T', ' ')].filter(Boolean).join(' · '),
    tooltip: `${card.name} ${card.version}\n${version.digest}\ncreated ${card.created}${version.aliases.length ? `\naliases: ${version.aliases.join(', ')}` : ''}`,
    icon: isChampion ? { id: 'star-full', color: 'charts.yellow' } : marked.length ? { id: 'rocket', color: 'charts.green' } : { id: 'package' },
    contextValue: isChampion ? 'modelVersion.champion' : 'modelVersion',
    children,
    command: { id: 'pipewright.registry.openCard', title: 'Open the model card', args: [card.version] },
  };
}

function historyNode(snapshot: RegistrySnapshot): ViewNode {
  const moves = [...snapshot.history].reverse();
  return {
    id: 'history',
    label: 'Alias history',
    description: `${moves.length} move${moves.length === 1 ? '' : 's'}`,
    icon: { id: 'history' },
    children: moves.map((move, i) => ({
      id: `history/${moves.length - i}`,
      label: `${move.alias}: ${move.from ?? '∅'} → ${move.to}`,
      description: `${move.time.slice(0, 16).replace('T', ' ')} · ${move.actor}`,
      tooltip: `${move.alias} moved from ${move.from ?? 'nothing'} to ${move.to}\n${move.time} by ${move.actor}\n${move.reason}`,
      icon: { id: /roll/i.test(move.reason) ? 'discard' : 'arrow-right' },
    })),
    expanded: false,
  };
}

export function buildRegistryTree(snapshot: RegistrySnapshot): ViewNode[] {
  if (snapshot.versions.length === 0) {
    return [{ id: 'empty', label: `No model versions in ${snapshot.url} yet`, icon: { id: 'info' }, tooltip: 'Run the pipeline (or `pipewright train` then `registry push`) to register one.' }];
  }
  const versions = [...snapshot.versions].reverse().map((v) => versionNode(v, snapshot));
  return [...versions, historyNode(snapshot)];
}

/** The champion's version, or null when the alias points nowhere yet. */
export function championVersion(snapshot: RegistrySnapshot): string | null {
  return snapshot.versions.find((v) => v.aliases.includes(snapshot.championAlias))?.card.version ?? null;
}

/** The model card as a read-only markdown document: metrics, lineage, and the card itself. */
export function modelCardMarkdown(version: ModelVersion, registryUrl: string): string {
  const { card } = version;
  const lines = [`# ${card.name} ${card.version}`, '', `Registry: \`${registryUrl}\`  `, `Digest: \`${version.digest}\`  `, `Created: ${card.created}  `];
  if (version.aliases.length) lines.push(`Aliases: ${version.aliases.map((a) => `\`${a}\``).join(', ')}  `);
  lines.push('', '## Metrics', '', '| metric | value |', '|---|---|');
  for (const [k, v] of Object.entries(card.metrics)) lines.push(`| ${k} | ${formatMetric(v)} |`);
  lines.push('', '## Lineage', '', `- commit: ${card.git.commit ?? 'unknown'}${card.git.dirty ? ' (dirty)' : ''}`, `- run: ${card.run.url ?? card.run.id}`);
  for (const [name, data] of Object.entries(card.data)) lines.push(`- dataset \`${name}\`: ${data.path} (${data.fingerprint})`);
  lines.push('', '## Files', '');
  for (const f of version.files) lines.push(`- ${f.path} (${f.size} bytes, ${f.digest})`);
  const { drift_profile: _profile, ...rest } = card;
  lines.push('', '## Card', '', '```json', JSON.stringify(rest, null, 2), '```', '');
  return lines.join('\n');
}
