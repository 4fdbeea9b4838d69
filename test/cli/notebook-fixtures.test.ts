// Each fixture notebook, converted: the pipeline prints what the notebook's cells print when
// run top to bottom, its generated tests pass, and the analysis found what the notebook holds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotebookWorkspace, python } from './notebook-support.ts';

interface Converted {
  stages: Array<{ name: string; cells: number[]; inputs: string[]; outputs: string[]; file: string }>;
  files: string[];
  requirements: string[];
  warnings: Array<{ cell: number; line: number; code: string; message: string; changesMeaning: boolean }>;
}

const ws = new NotebookWorkspace();
afterAll(() => ws.cleanup());

async function convertAndCompare(name: string, expectedExit: 0 | 1): Promise<Converted> {
  ws.withFixture(name);
  const result = await ws.cli(['notebook', 'convert', `${name}.ipynb`, '--out', `out/${name}`, '--format', 'json']);
  expect(result.code, result.stderr + result.stdout).toBe(expectedExit);
  const converted = JSON.parse(result.stdout) as Converted;
  const reference = ws.runCells(name);
  expect(reference.status, reference.stderr).toBe(0);
  expect(reference.stdout.trim()).not.toBe('');
  const out = join(ws.dir, 'out', name);
  const pipeline = python(['pipeline.py'], out);
  expect(pipeline.status, pipeline.stderr).toBe(0);
  expect(pipeline.stdout).toBe(reference.stdout);
  const tests = python(['-m', 'unittest', 'discover'], out);
  expect(tests.status, tests.stderr).toBe(0);
  expect(tests.stderr).toMatch(new RegExp(`Ran ${converted.stages.length * 2} tests`));
  return converted;
}

const stage = (c: Converted, name: string) => {
  const found = c.stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage '${name}' in ${c.stages.map((s) => s.name).join(', ')}`);
  return found;
};

// Each test runs python3 with pandas and scikit-learn a few times: slow on a busy machine.
describe('notebook convert on the fixture notebooks', { timeout: 180_000 }, () => {
  it('magics: display magics dropped, %time unwrapped, !pip to requirements, !ls kept as a comment with a warning', async () => {
    const c = await convertAndCompare('magics', 1);
    expect(c.warnings.map((w) => [w.cell, w.line, w.code])).toEqual([[5, 1, 'shell-command']]);
    expect(c.requirements).toEqual(['numpy', 'pandas==1.5.3', 'scikit-learn']);
    const train = readFileSync(join(ws.dir, 'out/magics/stages/train_stage.py'), 'utf8');
    expect(train).toContain('    model.fit(X_train, y_train)\n');
    expect(train).not.toMatch(/%|import numpy|import pandas/);
    expect(readFileSync(join(ws.dir, 'out/magics/stages/load_the_data.py'), 'utf8')).toContain('    # !ls -la\n');
  });

  it('a function reading a global: the function and the data it reads reach the stage that calls it', async () => {
    const c = await convertAndCompare('global_function', 0);
    expect(stage(c, 'score').inputs.sort()).toEqual(['df', 'label', 'probs', 'spend_bucket']);
    expect(stage(c, 'data').outputs).toEqual(['df', 'label', 'spend_bucket']);
    // Closures cannot be pickled: said at conversion, and again by --stage.
    expect(c.warnings.map((w) => [w.cell, w.code, w.changesMeaning])).toEqual([
      [4, 'closure-output', false],
      [4, 'closure-output', false],
    ]);
    const alone = python(['pipeline.py', '--stage', 'score'], join(ws.dir, 'out/global_function'));
    expect(alone.status).toBe(1);
    expect(alone.stderr).toMatch(/^pipeline: stage 'score' needs 'label', which stage 'data' could not save \(AttributeError: Can't pickle local object 'data.<locals>.label'\): run the whole pipeline/);
  });

  it('in-place DataFrame mutation: each stage that changes df hands it on', async () => {
    const c = await convertAndCompare('inplace_mutation', 0);
    expect(stage(c, 'clean').outputs).toEqual(['df', 'log']);
    expect(stage(c, 'features').inputs).toEqual(['df', 'log']);
    expect(stage(c, 'report').inputs.sort()).toEqual(['counts', 'df', 'log']);
    const pipeline = readFileSync(join(ws.dir, 'out/inplace_mutation/pipeline.py'), 'utf8');
    expect(pipeline).toContain('("report", {"log": "features", "counts": "features", "df": "features"}, [])');
  });

  it('a star import: names it provides are listed as assumptions and the import is repeated where needed', async () => {
    const c = await convertAndCompare('star_import', 0);
    expect(c.warnings.filter((w) => w.code === 'star-import').map((w) => w.message.split("'")[1])).toEqual(['ttest_ind', 'pearsonr', 'skew']);
    expect(readFileSync(join(ws.dir, 'out/star_import/stages/tests_stage.py'), 'utf8')).toContain('from scipy.stats import *\n');
    expect(c.requirements).toEqual(['numpy', 'pandas', 'scipy']);
  });

  it('out-of-order execution counts: a note, and the pipeline follows the cell order', async () => {
    const c = await convertAndCompare('out_of_order', 0);
    expect(c.warnings.map((w) => [w.cell, w.code, w.changesMeaning])).toEqual([[2, 'execution-order', false]]);
    expect(c.stages.map((s) => s.name)).toEqual(['setup', 'scale', 'summary']);
  });

  it('headings at mixed levels, several in one cell: H2 sections (setext too), empty ones dropped', async () => {
    const c = await convertAndCompare('mixed_headings', 0);
    expect(c.stages.map((s) => s.name)).toEqual(['generate', 'cluster', 'report']);
    expect(stage(c, 'cluster').cells).toEqual([4, 5, 6, 7]);
  });

  it('a dataclass config mutated in a later section: the class is module-level, the instance flows through the mutation', async () => {
    const c = await convertAndCompare('dataclass_config', 0);
    expect(stage(c, 'tune').inputs).toEqual(['cfg']);
    expect(stage(c, 'tune').outputs).toEqual(['cfg']);
    expect(readFileSync(join(ws.dir, 'out/dataclass_config/pipeline.py'), 'utf8')).toContain('("train_stage", {"cfg": "tune", "df": "data"}, [])');
    expect(readFileSync(join(ws.dir, 'out/dataclass_config/stages/config.py'), 'utf8')).toMatch(/^@dataclass\nclass Config:/m);
  });

  it('tags without headings: step:<name> starts stages, parameters is its own stage, skip is left out', async () => {
    const c = await convertAndCompare('tags_only', 0);
    expect(c.stages.map((s) => [s.name, s.cells])).toEqual([
      ['parameters', [0, 1]],
      ['load', [2, 4]],
      ['train_stage', [5]],
      ['report', [6]],
    ]);
    expect(stage(c, 'train_stage').inputs).toEqual(['max_depth', 'seed', 'df']);
    // The parameters cell's values can be set from the command line, papermill-style.
    const out = join(ws.dir, 'out/tags_only');
    const shallow = python(['pipeline.py', '--set', 'max_depth=1', '--no-save'], out);
    expect(shallow.status, shallow.stderr).toBe(0);
    expect(shallow.stdout.trim().split('\n').pop()).toBe('depth 1 leaves 2');
    const unknown = python(['pipeline.py', '--set', 'depth=1'], out);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('pipeline: --set depth: expected one of the parameters later stages use (max_depth, seed)\n');
  });

  it('a loop variable used after its loop: passed on; the comprehension variable is not', async () => {
    const c = await convertAndCompare('loop_variable', 0);
    expect(stage(c, 'after_the_loop').inputs.sort()).toEqual(['alpha', 'results', 'score', 'squares']);
    expect(stage(c, 'grid').outputs).not.toContain('a');
  });

  it('Python corners: continuation lines starting with %, try/except, with, annotations, walrus, a class reading a global', async () => {
    const c = await convertAndCompare('python_corners', 0);
    expect(stage(c, 'change').inputs).toEqual(['total', 'items', 'counter', 'df']);
    expect(stage(c, 'change').outputs).toEqual(['total', 'items', 'counter', 'df', 'msg', 'caught', 'x', 'hi_', 'lo', 'hi']);
    expect(c.warnings).toEqual([]);
  });

  it('a raw cell: not code, not converted', async () => {
    const c = await convertAndCompare('raw_cell', 0);
    const module = readFileSync(join(ws.dir, 'out/raw_cell/stages/with_a_raw_cell.py'), 'utf8');
    expect(module).not.toContain('undefined_name_here');
    expect(module).not.toContain('# cell 2');
    expect(c.warnings).toEqual([]);
    expect(c.stages.map((s) => s.name)).toEqual(['with_a_raw_cell', 'stats', 'print_stage']);
  });
});
