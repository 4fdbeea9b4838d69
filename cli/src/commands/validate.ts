// `pipewright validate [SPEC] --dataset NAME [--path P]`: runs a dataset's contract and
// prints the report: JSON per the CLI contract, or failed rules first with examples.
import { resolve } from 'node:path';
import { type RuleResult, validateDataset } from '@pipewright/core/data';
import { excerpt, UsageError } from '@pipewright/core/errors';
import { datasetContract, loadValidSpec } from '@pipewright/core/spec';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';
import { terminalProgress } from '../progress.ts';

const usage = `Usage: pipewright validate [SPEC] --dataset NAME [--path P] [--format text|json]

Runs the data contract of datasets.NAME in the spec (default ./pipewright.yaml) over its
file, directory or glob (or over P), in one streaming pass: column types, nulls, unique,
min/max, values, pattern, length (with mostly), row-count, missing-rows, duplicates,
freshness and strict. Also records the sha256 fingerprint of the data, and says whether
it still matches a DVC .dvc file beside it.

  SPEC            the spec file (default: ./pipewright.yaml)
  --dataset NAME  the dataset to validate
  --path P        validate this file, directory or glob instead of the dataset's path
  --format        text (default) or json:
                  {"dataset","path","fingerprint","rows","passed","results":[{"rule","column","severity",
                  "passed","element_count","unexpected_count","unexpected_percent","partial_unexpected_list"}]}

Exit codes: 0 every rule passed, 1 a rule failed, 2 could not run (bad spec, unreadable data).
`;

function percent(value: number): string {
  return `${value === 0 || value >= 0.01 ? +value.toFixed(2) : value.toExponential(1)}%`;
}

function ruleLine(r: RuleResult): string {
  const where = r.column === null ? r.rule : `${r.column}: ${r.rule}`;
  const mark = r.passed ? 'ok  ' : r.severity === 'warn' ? 'WARN' : 'FAIL';
  const expected = r.expected ? ` (expected ${r.expected})` : '';
  const observed = r.observed ? `, ${r.observed}` : '';
  const counts = r.unexpected_count > 0 || !r.passed ? ` ${r.unexpected_count.toLocaleString('en-US')} of ${r.element_count.toLocaleString('en-US')} unexpected (${percent(r.unexpected_percent)})` : '';
  return `  ${mark} ${where}${expected}${counts}${observed}`;
}

function examples(r: RuleResult): string[] {
  const shown = r.partial_unexpected_list.slice(0, 5).map((e) => `row ${e.row}: ${excerpt(JSON.stringify(e.value) ?? 'null')}`);
  const more = r.unexpected_count > shown.length ? ` (+${(r.unexpected_count - shown.length).toLocaleString('en-US')} more)` : '';
  return shown.length ? [`         e.g. ${shown.join('; ')}${more}`] : [];
}

export const validateCommand: Command = {
  name: 'validate',
  summary: "Run a dataset's data contract (types, nulls, ranges, uniqueness, freshness)",
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, {
      dataset: { type: 'string' },
      path: { type: 'string' },
    });
    if (!values.dataset) throw new UsageError('missing --dataset NAME: the dataset to validate');
    const loaded = await loadValidSpec(resolve(io.cwd, positionals[0] ?? 'pipewright.yaml'));
    const name = values.dataset;
    const contract = datasetContract(loaded.spec, name);
    const progress = terminalProgress(io);
    const { profile: _profile, ...report } = await validateDataset(name, contract, { workspace: loaded.workspace, path: values.path, progress, signal: io.signal, env: io.env });
    if (format === 'json') {
      // Exactly the keys of the CLI contract; the manifest and DVC check are in the text report.
      const { dataset, path, fingerprint, rows, passed, results } = report;
      writeJson(io, { dataset, path, fingerprint, rows, passed, results });
      return report.passed ? 0 : 1;
    }
    const failed = report.results.filter((r) => !r.passed);
    const lines = [`Dataset '${name}' (${report.path}): ${report.rows.toLocaleString('en-US')} rows, ${report.results.length} rules, ${failed.length} failed`];
    for (const r of failed) lines.push(ruleLine(r), ...examples(r));
    for (const r of report.results.filter((x) => x.passed)) lines.push(ruleLine(r));
    lines.push(`Fingerprint: ${report.fingerprint}${report.files && report.files.length > 1 ? ` (${report.files.length} files)` : ''}`);
    if (report.dvc) {
      lines.push(report.dvc.matches ? `DVC: matches ${report.dvc.file} (md5 ${report.dvc.expected})` : `DVC: does NOT match ${report.dvc.file}: it records md5 ${report.dvc.expected}, the data has ${report.dvc.actual}`);
    }
    if (report.seconds !== undefined) lines.push(`Checked in ${report.seconds.toFixed(2)} s`);
    lines.push(report.passed ? 'PASSED' : 'FAILED');
    io.stdout.write(`${lines.join('\n')}\n`);
    return report.passed ? 0 : 1;
  },
};
