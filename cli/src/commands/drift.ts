// `pipewright drift [SPEC]`: compares current data with the reference profile, per column.
import { resolve } from 'node:path';
import { type DriftReport, driftHeadline, driftTableRows, readProfileFile } from '@pipewright/core/drift';
import { UsageError } from '@pipewright/core/errors';
import { driftFromSpec, modelReferenceFromSpec } from '@pipewright/core/pipeline';
import { loadValidSpec } from '@pipewright/core/spec';
import { resolveInWorkspace } from '@pipewright/core/workspace';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';
import { terminalProgress } from '../progress.ts';

const usage = `Usage: pipewright drift [SPEC] [--reference FILE | --model VERSION] [--current P] [--format text|json]

Compares the current data (drift.current, or --current P) with the reference (a profile
file written by 'pipewright profile', the profile stored with a model version, or a
fresh profile of drift.reference) column by column, with Evidently's defaults: up to 1000 reference values KS (p <= 0.05) for numbers
and chi-square (p < 0.05) for categories; above, Wasserstein distance normalised by the
reference std (>= 0.1) and Jensen-Shannon distance (>= 0.1). PSI on request (0.1 warns,
0.25 drifts). The dataset drifts when the share of drifted columns reaches drift.share.

  SPEC              the spec file (default: ./pipewright.yaml)
  --reference FILE  the reference profile (default: profile drift.reference now)
  --model VERSION   the reference profile stored with this model version in the registry
                    (v<N>, an alias such as champion, or latest): the data it was trained on
  --registry URL    the registry for --model (default: the spec's registry.url)
  --current P       read this file, directory or glob (relative to the spec's directory)
                    as the current data
  --format          text (default) or json: {"drifted","share","threshold","action","columns":[...]}

Exit codes: 0 no drift (or on-drift: alert), 1 drift with on-drift: retrain (default) or
fail (JSON "action" says which), or an invalid spec, 2 could not run (unreadable profile
or data, no column comparable).
`;

function textReport(report: DriftReport, action: string | null): string {
  const header = ['column', 'method', 'statistic', 'drifts when', 'verdict'];
  const rows = driftTableRows(report);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const lines = [line(header), ...rows.map(line), '', driftHeadline(report)];
  if (action === 'retrain') lines.push('Action: retrain (exit 1 triggers the training workflow)');
  else if (action === 'fail') lines.push('Action: fail (on-drift: fail)');
  else if (action === 'alert') lines.push('Action: alert only (on-drift: alert, exit 0)');
  return `${lines.join('\n')}\n`;
}

export const driftCommand: Command = {
  name: 'drift',
  summary: 'Compare current data with the reference profile (data drift)',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, {
      reference: { type: 'string' },
      model: { type: 'string' },
      registry: { type: 'string' },
      current: { type: 'string' },
    });
    if (values.reference !== undefined && values.model !== undefined) throw new UsageError('give either --reference FILE or --model VERSION, not both');
    const loaded = await loadValidSpec(resolve(io.cwd, positionals[0] ?? 'pipewright.yaml'));
    let reference = values.reference ? await readProfileFile(resolveInWorkspace(io.cwd, values.reference), values.reference) : undefined;
    let model: { version: string; digest: string } | undefined;
    if (values.model !== undefined) {
      const stored = await modelReferenceFromSpec(loaded, values.model, { registry: values.registry, env: io.env, signal: io.signal });
      reference = stored.profile;
      model = { version: stored.version.card.version, digest: stored.version.digest };
    }
    const { report, action, exitCode } = await driftFromSpec(loaded, { reference, currentPath: values.current, env: io.env, progress: terminalProgress(io), signal: io.signal });
    const drift = loaded.spec.drift!;
    if (format === 'json') {
      writeJson(io, {
        drifted: report.drifted,
        share: report.share,
        threshold: report.threshold,
        action,
        reference: values.reference ? { profile: values.reference } : model ? { model: values.model, ...model } : { dataset: drift.reference },
        current: { dataset: drift.current, ...(values.current ? { path: values.current } : {}) },
        reference_rows: report.reference_rows,
        current_rows: report.current_rows,
        columns: report.columns,
      });
    } else {
      if (model) io.stdout.write(`Reference: the profile stored with ${loaded.spec.name} ${model.version} (${values.model}, ${model.digest.slice(0, 19)}…)\n\n`);
      io.stdout.write(textReport(report, action));
    }
    return exitCode;
  },
};
