// `pipewright registry pull VERSION --out DIR`: downloads a version's files, verifying every digest.
import { resolve } from 'node:path';
import { UsageError } from '@pipewright/core/errors';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';
import { formatBytes } from '../format.ts';
import { terminalProgress } from '../progress.ts';
import { interruptible, openRegistryFor, registryOptions, registryOptionsUsage, versionSummary } from './registry-common.ts';

const usage = `Usage: pipewright registry pull VERSION --out DIR [--registry URL] [--spec FILE] [--format text|json]

Downloads the files of a model version into DIR (relative to the current
directory), verifying each file's sha256 digest as it streams. Files land in DIR
only after all of them verified: a corrupt blob leaves DIR untouched.

  VERSION          v<N>, an alias (e.g. champion) or 'latest'
  --out DIR        where the files go (created if missing)
${registryOptionsUsage}
                   {version, digest, out, files, ...}

Exit codes: 0 pulled, 2 could not run (no such version, corrupt blob, unreachable registry).
`;

export const registryPullCommand: Command = {
  name: 'registry pull',
  summary: 'Download a model version, verifying every digest',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, { ...registryOptions, out: { type: 'string' } });
    const reference = positionals[0];
    if (!reference || positionals.length > 1) throw new UsageError('expected one VERSION (v<N>, an alias or latest)');
    if (!values.out) throw new UsageError('missing --out DIR: where to put the model files');
    const { registry } = await openRegistryFor(io, values);
    const out = resolve(io.cwd, values.out);
    const version = await interruptible(io, () => registry.pull(reference, out, { signal: io.signal, progress: terminalProgress(io) }));
    const summary = versionSummary(version);
    if (format === 'json') writeJson(io, { ...summary, out });
    else io.stdout.write(`pulled ${version.card.name} ${summary.version} into ${values.out}: ${version.files.length} files, ${formatBytes(summary.size)}, every digest verified\n`);
    return 0;
  },
};
