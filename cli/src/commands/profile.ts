// `pipewright profile [SPEC] --dataset NAME --out FILE`: writes a dataset's reference profile.
import { resolve } from 'node:path';
import { type ColumnProfile, toProfileFile, writeProfileFile } from '@pipewright/core/drift';
import { profileDataset } from '@pipewright/core/pipeline';
import { UsageError } from '@pipewright/core/errors';
import { loadValidSpec } from '@pipewright/core/spec';
import { resolveInWorkspace } from '@pipewright/core/workspace';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';
import { terminalProgress } from '../progress.ts';

const usage = `Usage: pipewright profile [SPEC] --dataset NAME --out FILE [--path P] [--format text|json]

Scans the dataset once (its contract's rules run in the same pass) and writes its
reference profile: per column counts, nulls, min/max/mean/variance, a quantile sketch,
a fine histogram and the top categories. A profile is a few KB per column whatever
the number of rows, and holds no raw rows. 'pipewright drift --reference FILE' reads it.

  SPEC            the spec file (default: ./pipewright.yaml)
  --dataset NAME  the dataset under datasets: in the spec
  --out FILE      where to write the profile (inside the working directory)
  --path P        read this file, directory or glob (relative to the spec's directory)
                  instead of the dataset's path
  --format        text (default) or json: {"dataset","path","fingerprint","rows","out","bytes","columns"}

Exit codes: 0 written, 1 the spec is invalid, 2 could not run (unknown dataset, unreadable data).
`;

/** Dates and timestamps are epoch milliseconds in a profile; people read ISO 8601. */
function formatValue(type: ColumnProfile['type'], value: number): string {
  if (type === 'date') return new Date(value).toISOString().slice(0, 10);
  if (type === 'timestamp') return new Date(value).toISOString();
  return String(+value.toPrecision(6));
}

function describeColumn(name: string, c: ColumnProfile): string {
  const filled = `${c.count.toLocaleString('en-US')} values, ${c.nulls.toLocaleString('en-US')} nulls`;
  if (c.kind === 'numeric') {
    if (c.count === 0) return `  ${name}: ${c.type}, ${filled}`;
    const spread = c.type === 'date' || c.type === 'timestamp' ? `${+(Math.sqrt(c.variance!) / 86_400_000).toPrecision(4)} days` : String(+Math.sqrt(c.variance!).toPrecision(6));
    return `  ${name}: ${c.type}, ${filled}, min ${formatValue(c.type, c.min!)}, max ${formatValue(c.type, c.max!)}, mean ${formatValue(c.type, c.mean!)}, std ${spread}`;
  }
  if ((c.top[0]?.[1] ?? 0) === 1) return `  ${name}: ${c.type}, ${filled}, ${c.top.length}${c.offset > 0 ? '+' : ''} distinct, each value seen once`;
  const top = c.top.slice(0, 3).map(([v, n]) => `${JSON.stringify(v)} ${n}`);
  return `  ${name}: ${c.type}, ${filled}, ${c.top.length}${c.offset > 0 ? '+' : ''} distinct${top.length ? `, top ${top.join(', ')}` : ''}`;
}

export const profileCommand: Command = {
  name: 'profile',
  summary: "Write a dataset's reference profile for drift detection",
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, {
      dataset: { type: 'string' },
      out: { type: 'string' },
      path: { type: 'string' },
    });
    if (!values.dataset) throw new UsageError('missing --dataset NAME: the dataset to profile');
    if (!values.out) throw new UsageError('missing --out FILE: where to write the profile');
    const out = resolveInWorkspace(io.cwd, values.out);
    const loaded = await loadValidSpec(resolve(io.cwd, positionals[0] ?? 'pipewright.yaml'));
    const name = values.dataset;
    const validation = await profileDataset(loaded, name, { path: values.path, env: io.env, progress: terminalProgress(io), signal: io.signal });
    const file = toProfileFile(validation.profile, { dataset: name, fingerprint: validation.fingerprint });
    await writeProfileFile(out, file);
    const bytes = Buffer.byteLength(JSON.stringify(file)) + 1;
    const columns = file.columns as Record<string, ColumnProfile>;
    if (format === 'json') {
      const summary = Object.fromEntries(Object.entries(columns).map(([n, c]) => [n, { kind: c.kind, type: c.type, count: c.count, nulls: c.nulls }]));
      writeJson(io, { dataset: name, path: validation.path, fingerprint: validation.fingerprint, rows: file.rows, out: values.out, bytes, passed: validation.passed, columns: summary });
    } else {
      io.stdout.write(`Profiled dataset '${name}' (${validation.path}): ${file.rows.toLocaleString('en-US')} rows, ${Object.keys(columns).length} columns\n`);
      for (const [n, c] of Object.entries(columns)) io.stdout.write(`${describeColumn(n, c)}\n`);
      io.stdout.write(`Wrote ${values.out} (${(bytes / 1024).toFixed(1)} KB)\n`);
      if (!validation.passed) io.stderr.write(`note: dataset '${name}' fails its contract; run 'pipewright validate --dataset ${name}' for details\n`);
    }
    return 0;
  },
};
