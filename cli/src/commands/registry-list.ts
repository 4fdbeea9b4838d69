// `pipewright registry list`: every model version with its aliases and key metrics.
import { type Command, parseCommandArgs, writeJson } from '../command.ts';
import { formatMetric, openRegistryFor, registryOptions, registryOptionsUsage, table, versionSummary } from './registry-common.ts';

const usage = `Usage: pipewright registry list [--registry URL] [--spec FILE] [--format text|json]

Lists the model versions in the registry, oldest first: version, created, aliases
and the key metrics (those of the newest version, at most four).

${registryOptionsUsage}
                   {registry, versions:[{version, digest, created, aliases, metrics, files, size}]}

Exit codes: 0 listed (also when empty), 2 could not run (unreachable registry, bad spec).
`;

export const registryListCommand: Command = {
  name: 'registry list',
  summary: 'List model versions with aliases and key metrics',
  usage,
  async run(argv, io) {
    const { values, format } = parseCommandArgs(argv, registryOptions);
    const { registry } = await openRegistryFor(io, values);
    const versions = await registry.list();
    if (format === 'json') {
      writeJson(io, { registry: registry.url, versions: versions.map(versionSummary) });
      return 0;
    }
    if (versions.length === 0) {
      io.stdout.write(`no model versions in ${registry.url} yet (push one with 'pipewright registry push --run RUN.json')\n`);
      return 0;
    }
    const keys = Object.keys(versions[versions.length - 1]!.card.metrics).slice(0, 4);
    const rows = [['VERSION', 'CREATED', 'ALIASES', ...keys]];
    for (const v of versions) {
      rows.push([v.card.version, v.card.created, v.aliases.join(',') || '-', ...keys.map((k) => formatMetric(v.card.metrics[k]))]);
    }
    io.stdout.write(`${table(rows)}\n`);
    return 0;
  },
};
