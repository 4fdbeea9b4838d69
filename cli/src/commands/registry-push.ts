// `pipewright registry push [SPEC] --run RUN.json`: turns a run record into a model version.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, UsageError } from '@pipewright/core/errors';
import { validateReportKind } from '@pipewright/core/registry';
import { pushRunRecord, readRunRecord } from '@pipewright/core/train';
import { resolveInWorkspace } from '@pipewright/core/workspace';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';
import { formatBytes } from '../format.ts';
import { terminalProgress } from '../progress.ts';
import { interruptible, openRegistryFor, registryOptions, registryOptionsUsage, versionSummary } from './registry-common.ts';

const usage = `Usage: pipewright registry push [SPEC] --run RUN.json [--attach KIND=FILE]... [--registry URL] [--format text|json]

Pushes the artifact directory of a successful training run as the next model
version (v1, v2, …). Its model card records the run's metrics, params, data paths
and fingerprints, git commit, training time and peak memory. Re-running a push of
the same run completes an interrupted push instead of adding a version.

  SPEC             the spec file (default: ./pipewright.yaml; optional with --registry)
  --run RUN.json   the run record written by 'pipewright train'
  --attach KIND=FILE
                   attach a report to the new version (repeatable), e.g.
                   validation=validation.json, evaluation=eval.json, drift-profile=profile.json
${registryOptionsUsage}
                   {version, digest, registry, created, aliases, metrics, files, size, card, reports}

Exit codes: 0 pushed, 2 could not run (bad run record, failed run, unreachable registry).
`;

/** `KIND=FILE` → the report kind and its file (inside the current directory). */
function parseAttachment(item: string, cwd: string): { kind: string; file: string; path: string } {
  const eq = item.indexOf('=');
  if (eq <= 0 || eq === item.length - 1) throw new UsageError(`invalid --attach '${item}': expected KIND=FILE, e.g. validation=validation.json`);
  const file = item.slice(eq + 1);
  return { kind: item.slice(0, eq), file, path: resolveInWorkspace(cwd, file) };
}

export const registryPushCommand: Command = {
  name: 'registry push',
  summary: 'Push a training run as the next model version',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, { ...registryOptions, run: { type: 'string' }, attach: { type: 'string', multiple: true } });
    if (!values.run) throw new UsageError("missing --run RUN.json: the run record from 'pipewright train'");
    const attachments = (values.attach ?? []).map((item) => parseAttachment(item, io.cwd));
    for (const a of attachments) validateReportKind(a.kind);
    if (positionals.length > 1) throw new UsageError(`expected at most one SPEC, found ${positionals.length} arguments`);
    const spec = positionals[0] ?? values.spec;
    const { registry, workspace } = await openRegistryFor(io, { registry: values.registry, spec });
    const runPath = resolve(io.cwd, values.run);
    const record = await readRunRecord(runPath);
    const version = await interruptible(io, () => pushRunRecord(registry, record, { workspace, source: values.run, signal: io.signal, progress: terminalProgress(io) }));
    const reports = [];
    for (const a of attachments) {
      const content = await readFile(a.path).catch((error: NodeJS.ErrnoException) => {
        throw new InputError('report-unreadable', `cannot read report '${a.file}' for --attach ${a.kind}: ${error.code ?? error.message}`, { file: a.file });
      });
      reports.push(await registry.attach(version.digest, a.kind, content, a.file.endsWith('.json') ? 'application/json' : 'application/octet-stream'));
    }
    const summary = versionSummary(version);
    if (format === 'json') writeJson(io, { ...summary, registry: registry.url, card: version.card, reports });
    else {
      io.stdout.write(`pushed ${version.card.name} ${summary.version} (${version.digest}) to ${registry.url}: ${version.files.length} files, ${formatBytes(summary.size)}\n`);
      for (const r of reports) io.stdout.write(`  attached ${r.kind} (${r.digest})\n`);
    }
    return 0;
  },
};
