// `pipewright notebook convert NB.ipynb --out DIR`: a notebook → stage modules, pipeline.py, tests, requirements.
import { relative, resolve, sep } from 'node:path';
import { UsageError } from '@pipewright/core/errors';
import { type ConversionPlan, planNotebookConversion, planOptionsFor, readNotebookFile, type SplitOption, writeConversionPlan } from '@pipewright/core/notebook';
import { resolveInWorkspace } from '@pipewright/core/workspace';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';

const usage = `Usage: pipewright notebook convert NB.ipynb --out DIR [--spec SPEC] [--split heading|tags] [--level N] [--force] [--dry-run] [--format text|json]

Turns a Python notebook into a package in DIR: one module per stage (stages/<name>.py with
def <name>(inputs…) returning what later stages use), pipeline.py that runs the stages in
order (python3 DIR/pipeline.py, or --stage NAME from saved intermediates), tests/ for
python3 -m unittest discover, and requirements.txt. The same notebook always gives the
same files; files edited since the last conversion are not overwritten without --force.

  --out DIR       the package's directory, inside the working directory
  --spec SPEC     also merge the stages into SPEC's stages: (comments and other stages kept)
  --split         heading (markdown headings, the default) or tags (step:<name> cell tags);
                  'skip' and 'parameters' tags are honoured either way
  --level N       the heading level that starts a stage (default 2, else 1)
  --force         overwrite files edited since the last conversion
  --dry-run       list the planned files and warnings, write nothing
  --format        text (default) or json:
                  {notebook, out, stages:[{name, cells, inputs, outputs, file}], files, warnings:[{cell, line, code, message}]}

Cells are numbered from 0, lines from 1. Exit codes: 0 converted, 1 converted with warnings
that may change what the code computes (listed), 2 could not run (bad notebook, edited files).
`;

function splitOption(split: string | undefined, level: string | undefined): SplitOption {
  if (level !== undefined && !/^[1-6]$/.test(level)) throw new UsageError(`invalid --level '${level}': expected a heading level from 1 to 6`);
  if (split === undefined) return level === undefined ? { by: 'auto' } : { by: 'heading', level: Number(level) };
  if (split === 'heading') return level === undefined ? { by: 'heading' } : { by: 'heading', level: Number(level) };
  if (split === 'tags') {
    if (level !== undefined) throw new UsageError('--level applies to --split heading only');
    return { by: 'tags' };
  }
  throw new UsageError(`invalid --split '${split}': expected 'heading' or 'tags'`);
}

const posix = (p: string) => p.split(sep).join('/');

function printText(io: Parameters<Command['run']>[1], plan: ConversionPlan, notebook: string, out: string, dryRun: boolean, written: string[]): void {
  io.stdout.write(`${dryRun ? 'Would convert' : 'Converted'} ${notebook} into ${plan.stages.length} stage${plan.stages.length === 1 ? '' : 's'} in ${out}:\n`);
  for (const s of plan.stages) {
    io.stdout.write(`  ${s.name}  cells ${s.cells[0]}-${s.cells[s.cells.length - 1]}  in: ${s.inputs.join(', ') || '-'}  out: ${s.outputs.join(', ') || '-'}\n`);
  }
  io.stdout.write(dryRun ? 'Planned files:\n' : `Wrote ${written.length} file${written.length === 1 ? '' : 's'} (${Object.keys(plan.files).length - written.length} unchanged):\n`);
  for (const f of Object.keys(plan.files)) io.stdout.write(`  ${out}/${f}\n`);
  if (plan.spec) io.stdout.write(`  ${plan.spec.path} ${plan.spec.changed ? '(stages merged)' : '(unchanged)'}\n`);
  for (const w of plan.warnings) {
    io.stderr.write(`${notebook}: cell ${w.cell}, line ${w.line}: ${w.changesMeaning ? 'warning' : 'note'} ${w.code}: ${w.message}\n`);
  }
}

export const notebookConvertCommand: Command = {
  name: 'notebook convert',
  summary: 'Turn a notebook into stage modules, a pipeline, tests and spec stages',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, {
      out: { type: 'string' },
      spec: { type: 'string' },
      split: { type: 'string' },
      level: { type: 'string' },
      force: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    });
    if (positionals.length !== 1) throw new UsageError(`expected one notebook (NB.ipynb), found ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    if (!values.out) throw new UsageError('missing --out DIR: where to write the converted package');
    const split = splitOption(values.split, values.level);
    const notebookPath = resolve(io.cwd, positionals[0]!);
    const outDir = resolveInWorkspace(io.cwd, values.out);
    const display = posix(relative(io.cwd, notebookPath)) || positionals[0]!;
    const options = await planOptionsFor({ workspace: io.cwd, notebook: notebookPath, outDir: values.out, split, ...(values.spec ? { spec: values.spec } : {}) });
    const notebook = await readNotebookFile(notebookPath, display);
    const plan = planNotebookConversion(notebook.cells, options);
    const dryRun = values['dry-run'] === true;
    const result = dryRun ? undefined : await writeConversionPlan(plan, { outDir, workspace: io.cwd, force: values.force === true });
    const out = posix(relative(io.cwd, outDir)) || '.';
    if (format === 'json') {
      writeJson(io, {
        notebook: display,
        out,
        dryRun,
        stages: plan.stages,
        files: Object.keys(plan.files).map((f) => `${out}/${f}`),
        written: result?.written.map((f) => `${out}/${f}`) ?? [],
        removed: result?.removed.map((f) => `${out}/${f}`) ?? [],
        spec: plan.spec ? { path: plan.spec.path, changed: plan.spec.changed } : null,
        requirements: plan.requirements,
        warnings: plan.warnings.map((w) => ({ cell: w.cell, line: w.line, code: w.code, message: w.message, changesMeaning: w.changesMeaning })),
      });
    } else printText(io, plan, display, out, dryRun, result?.written ?? []);
    return plan.warnings.some((w) => w.changesMeaning) ? 1 : 0;
  },
};
