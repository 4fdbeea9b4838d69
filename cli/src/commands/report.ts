// `pipewright report [SPEC] --out FILE`: one self-contained HTML page of the model's life.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { collectReport } from '@pipewright/core/pipeline';
import { renderReportHtml } from '@pipewright/core/report/html';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';

const usage = `Usage: pipewright report [SPEC] [--out FILE] [--registry URL] [--no-drift] [--format text|json]

Writes one self-contained HTML page (inline charts, no script, no network: it opens
from a file:// URL) on the model in the spec's registry: every version with its metrics
and gate verdicts, the alias history with rollbacks, each canary's traffic weights and
analysed metrics over time, drift per column (reference vs current distributions) and
the data validation results the newest version was trained on.

  SPEC            the spec file (default: ./pipewright.yaml)
  --out FILE      where to write the page (default: pipewright-report.html beside the spec)
  --registry URL  read this registry instead of the spec's registry.url
  --no-drift      do not scan drift.current (faster; the drift section says so)
  --format        text (default) or json: {"out","versions","aliases","drifted","canaries"}

Exit codes: 0 written, 1 an invalid spec, 2 could not run.
`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'One self-contained HTML page: versions, gates, aliases, canaries, drift, data',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, {
      out: { type: 'string' },
      registry: { type: 'string' },
      'no-drift': { type: 'boolean', default: false },
    });
    const specPath = resolve(io.cwd, positionals[0] ?? 'pipewright.yaml');
    const data = await collectReport(specPath, { env: io.env, registry: values.registry, signal: io.signal, drift: !values['no-drift'] });
    const out = resolve(values.out ? io.cwd : dirname(specPath), values.out ?? 'pipewright-report.html');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, renderReportHtml(data));
    const canaries = data.versions.flatMap((v) => v.canaries.map((c) => ({ version: c.version, outcome: c.outcome })));
    if (format === 'json') {
      writeJson(io, { out, versions: data.versions.map((v) => v.version), aliases: data.aliases, drifted: data.drift?.report.drifted ?? null, canaries });
    } else {
      io.stdout.write(`Report: ${out}\n${data.versions.length} versions; ${Object.entries(data.aliases).map(([a, v]) => `${a} ${v ?? 'unset'}`).join(', ')}; ${canaries.length} canaries; drift: ${data.drift ? (data.drift.report.drifted ? 'drifted' : 'none') : 'not measured'}\n`);
    }
    return 0;
  },
};
