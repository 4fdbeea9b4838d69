// `pipewright registry show VERSION`: the model card (metrics, params, data and fingerprints,
// commit: the lineage), its files and the reports attached to it.
import { UsageError } from '@pipewright/core/errors';
import type { AttachedReport, ModelVersion } from '@pipewright/core/registry';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';
import { formatBytes } from '../format.ts';
import { formatMetric, openRegistryFor, registryOptions, registryOptionsUsage, table } from './registry-common.ts';

const usage = `Usage: pipewright registry show VERSION [--registry URL] [--spec FILE] [--format text|json]

Shows a model version's card: metrics, params, the data files and fingerprints it
was trained on, the git commit, training time and peak memory, its files and the
reports attached to it. VERSION is v<N>, an alias (e.g. champion) or 'latest'.

${registryOptionsUsage}
                   {version, digest, aliases, card, files, reports}

Exit codes: 0 shown, 2 could not run (no such version, unreachable registry).
`;

function describe(v: ModelVersion, reports: AttachedReport[]): string {
  const c = v.card;
  const lines = [`${c.name} ${c.version}  ${v.digest}`];
  const facts = [
    ['created', c.created],
    ['aliases', v.aliases.join(', ') || '-'],
    ['run', [c.run.id, c.run.url].filter(Boolean).join('  ')],
    ['commit', `${c.git.commit ?? 'unknown'}${c.git.dirty ? ' (dirty working tree)' : ''}`],
    ['training', `${c.train_seconds ?? '?'} s wall${c.cpu_seconds != null ? `, ${c.cpu_seconds} s CPU` : ''}, peak memory ${c.peak_memory_mb ?? '?'} MB`],
  ];
  if (c.spec_sha256) facts.push(['spec', c.spec_sha256]);
  lines.push(table(facts.map(([k, val]) => [`  ${k}`, val ?? ''])));
  lines.push('metrics', table(Object.entries(c.metrics).map(([k, val]) => [`  ${k}`, formatMetric(val)])) || '  -');
  lines.push('params', table(Object.entries(c.params).map(([k, val]) => [`  ${k}`, JSON.stringify(val)])) || '  -');
  lines.push('data');
  for (const [name, d] of Object.entries(c.data)) {
    lines.push(`  ${name}  ${d.path}  ${d.fingerprint}`);
    for (const f of d.files ?? []) lines.push(`    ${f.path}  sha256:${f.sha256.replace(/^sha256:/, '')}  ${formatBytes(f.bytes)}`);
  }
  if (Object.keys(c.data).length === 0) lines.push('  -');
  lines.push('files', table(v.files.map((f) => [`  ${f.path}`, f.digest, formatBytes(f.size)])));
  lines.push('reports', table(reports.map((r) => [`  ${r.kind}`, r.mediaType, r.digest])) || '  -');
  return `${lines.join('\n')}\n`;
}

export const registryShowCommand: Command = {
  name: 'registry show',
  summary: 'Show a model version: metrics, params, data fingerprints, commit, reports',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, registryOptions);
    const reference = positionals[0];
    if (!reference || positionals.length > 1) throw new UsageError('expected one VERSION (v<N>, an alias or latest)');
    const { registry } = await openRegistryFor(io, values);
    const version = await registry.show(reference);
    const reports = await registry.reports(version.digest);
    if (format === 'json') writeJson(io, { version: version.card.version, digest: version.digest, aliases: version.aliases, card: version.card, files: version.files, reports });
    else io.stdout.write(describe(version, reports));
    return 0;
  },
};
