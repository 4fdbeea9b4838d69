// Plans written with writeConversionPlan (the editor's path) and run with python3: the
// converted code behaves like the cells run top to bottom in the cases the analysis handles
// by rewriting, and says so where it cannot.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cellsFromDocument, planNotebookConversion, planOptionsFor, writeConversionPlan } from '../../../shared/src/notebook/index.ts';
import type { NotebookCell } from '../../../shared/src/notebook/types.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const md = (source: string): NotebookCell => ({ kind: 'markdown', source, tags: [] });
const code = (source: string): NotebookCell => ({ kind: 'code', source, tags: [] });

/** Converts, writes, and runs the cells as one script and the pipeline: both outputs. */
async function convertAndRun(cells: NotebookCell[]) {
  const workspace = mkdtempSync(join(tmpdir(), 'pw-nb-core-'));
  dirs.push(workspace);
  const plan = planNotebookConversion(cells, { notebookName: 'nb.ipynb', notebookDirFromOut: '..' });
  const written = await writeConversionPlan(plan, { outDir: 'out', workspace });
  expect(written.written).toEqual(Object.keys(plan.files));
  const script = cells.filter((c) => c.kind === 'code').map((c) => c.source).join('\n');
  const run = (args: string[]) => spawnSync('/usr/bin/python3', args, { cwd: join(workspace, 'out'), encoding: 'utf8' });
  const reference = run(['-c', script]);
  const pipeline = run(['pipeline.py']);
  expect(reference.status, reference.stderr).toBe(0);
  expect(pipeline.status, pipeline.stderr).toBe(0);
  return { plan, reference: reference.stdout, pipeline: pipeline.stdout, files: plan.files };
}

// Each test runs python3 with pandas and scikit-learn a few times: slow on a busy machine.
describe('converted semantics', { timeout: 180_000 }, () => {
  it('a function assigning a global of its own stage: `global` becomes `nonlocal`, the count is right', async () => {
    const r = await convertAndRun([
      md('## Count'),
      code('counter = 0\ndef bump(by=1):\n    global counter\n    counter += by\nbump()\nbump(2)'),
      md('## Show'),
      code("print('counter', counter)"),
    ]);
    expect(r.pipeline).toBe(r.reference);
    expect(r.reference).toBe('counter 3\n');
    expect(r.files['stages/count.py']).toContain('        nonlocal counter\n');
    expect(r.plan.stages.map((s) => [s.name, s.outputs])).toEqual([
      ['count', ['counter']],
      ['show', []],
    ]);
    expect(r.plan.warnings).toEqual([]);
  });

  it('a pure helper moves to module level and a later stage imports it; multi-line strings keep their text', async () => {
    const r = await convertAndRun([
      md('## Helpers'),
      code('import math\n\ndef area(r):\n    return math.pi * r * r\n\nnote = """two\nlines"""'),
      md('## Use'),
      code('print(round(area(2), 3))\nprint(note)'),
    ]);
    expect(r.pipeline).toBe(r.reference);
    expect(r.files['stages/use.py']).toContain('from stages.helpers import area\n');
    expect(r.files['stages/helpers.py']).toContain('    note = """two\nlines"""\n');
    expect(r.plan.warnings).toEqual([]);
  });

  it('exits a stage without a return when nothing later needs its names, and keeps a name deleted by a stage out of later inputs', async () => {
    const r = await convertAndRun([md('## A'), code('tmp = [3, 1, 2]\nkeep = sorted(tmp)\ndel tmp'), md('## B'), code('print(keep)')]);
    expect(r.pipeline).toBe(r.reference);
    expect(r.plan.stages.map((s) => [s.inputs, s.outputs])).toEqual([
      [[], ['keep']],
      [['keep'], []],
    ]);
  });
});

describe('the editor path: options, live cells, preview, then write', () => {
  it('plans from a live document without touching the disk, then writes the plan and the spec', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'pw-nb-editor-'));
    dirs.push(workspace);
    writeFileSync(join(workspace, 'pipewright.yaml'), 'version: 1\nname: demo # kept\n');
    mkdirSync(join(workspace, 'notebooks'));
    writeFileSync(join(workspace, 'notebooks/helpers.py'), 'def double(x):\n    return 2 * x\n');
    const options = await planOptionsFor({ workspace, notebook: 'notebooks/live.ipynb', outDir: 'build/live', spec: 'pipewright.yaml' });
    expect(options).toMatchObject({ notebookName: 'live.ipynb', notebookDirFromOut: '../../notebooks', localModules: ['helpers'], spec: { path: 'pipewright.yaml', outDir: 'build/live' } });
    const cells = cellsFromDocument([
      { kind: 1, source: '## Load' },
      { kind: 2, source: 'import helpers\nimport numpy as np\nvalues = np.arange(3)', languageId: 'python' },
      { kind: 1, source: '## Use' },
      { kind: 2, source: 'print(helpers.double(values).tolist())', languageId: 'python', metadata: { custom: { metadata: { tags: [] } } } },
    ]);
    const plan = planNotebookConversion(cells, options);
    expect(plan.requirements).toEqual(['numpy']);
    expect(plan.spec?.changed).toBe(true);
    expect(existsSync(join(workspace, 'build'))).toBe(false);
    expect(readFileSync(join(workspace, 'pipewright.yaml'), 'utf8')).toBe('version: 1\nname: demo # kept\n');
    const result = await writeConversionPlan(plan, { outDir: 'build/live', workspace });
    expect(result.specWritten).toBe(true);
    expect(readFileSync(join(workspace, 'pipewright.yaml'), 'utf8')).toMatch(/^version: 1\nname: demo # kept\nstages:\n {2}load:\n/);
    const run = spawnSync('/usr/bin/python3', ['pipeline.py'], { cwd: join(workspace, 'build/live'), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('[0, 2, 4]\n');
  });
});
