// The pieces of a conversion on their own: the Python analysis, magics, splitting, the live
// document normaliser and the output stripper.
import { describe, expect, it } from 'vitest';
import { cellsFromDocument, planNotebookConversion } from '../../../shared/src/notebook/index.ts';
import { plainPython } from '../../../shared/src/notebook/magics.ts';
import { analyseCell } from '../../../shared/src/notebook/python-scope.ts';
import { headingsOf, splitStages } from '../../../shared/src/notebook/split.ts';
import { withoutOutputs } from '../../../shared/src/notebook/strip-outputs.ts';
import type { NotebookCell } from '../../../shared/src/notebook/types.ts';

const facts = (code: string) =>
  analyseCell(code).statements.map((s) => ({ reads: [...s.reads].sort(), writes: [...s.writes].sort(), mutates: [...s.mutates].sort(), deletes: [...s.deletes].sort() }));
const one = (code: string) => facts(code)[0]!;

describe('analyseCell', () => {
  it('tells mutation from reading', () => {
    expect(one("df['x'] = 1").mutates).toEqual(['df']);
    expect(one('obj.attr += 2').mutates).toEqual(['obj']);
    expect(one('model.fit(X, y)')).toMatchObject({ reads: ['X', 'model', 'y'], mutates: ['model'] });
    expect(one('rows.append(r)').mutates).toEqual(['rows']);
    expect(one("df.dropna(subset=['a'], inplace=True)").mutates).toEqual(['df']);
    expect(one('m = df.mean()')).toMatchObject({ reads: ['df'], writes: ['m'], mutates: [] });
    expect(one("df.loc[0, 'x'] = v")).toMatchObject({ reads: ['df', 'v'], mutates: ['df'] });
    expect(one('total += 1')).toMatchObject({ reads: ['total'], writes: ['total'] });
  });

  it('binds where Python binds: loops, walrus, comprehensions, del, imports', () => {
    expect(one('for i, (a, b) in enumerate(pairs):\n    last = a')).toMatchObject({ writes: ['a', 'b', 'i', 'last'] });
    expect(one('squares = [k * k for k in ks]')).toMatchObject({ reads: ['ks'], writes: ['squares'] });
    expect(one('if (n := len(xs)) > 3:\n    pass').writes).toEqual(['n']);
    expect(one('del tmp').deletes).toEqual(['tmp']);
    expect(one('import a.b.c, d as e').writes).toEqual(['a', 'e']);
    expect(one('from m import (x as y, z)').writes).toEqual(['y', 'z']);
    expect(one('with open(p) as fh:\n    text = fh.read()')).toMatchObject({ reads: ['fh', 'open', 'p'], writes: ['fh', 'text'] });
    expect(one('print(x, end="")').reads).toEqual(['print', 'x']);
  });

  it('keeps what a function reads for when it is called; decorators and defaults are read now', () => {
    const [s] = analyseCell('@lru_cache(maxsize=size)\ndef f(a, b=default):\n    global counter\n    counter += 1\n    return a * scale + helper(b)').statements;
    expect([...s!.reads].sort()).toEqual(['default', 'lru_cache', 'size']);
    expect(s!.defines!.name).toBe('f');
    expect([...s!.defines!.deferred.reads].sort()).toEqual(['counter', 'helper', 'scale']);
    expect([...s!.defines!.deferred.writes]).toEqual(['counter']);
    expect(s!.globalDecls?.map((g) => g.names)).toEqual([['counter']]);
  });

  it('reports the first syntax error', () => {
    // Where the colon is missing: the end of line 2.
    expect(analyseCell('x = 1\nfor v in values\n    x += v').syntaxError).toBe('x = 1\nfor v in values'.length);
    expect(analyseCell('x = 1').syntaxError).toBeUndefined();
  });
});

describe('plainPython', () => {
  it('drops display magics, unwraps %time and %%time, collects pip installs, comments the rest', () => {
    const cell = plainPython('%%time\n%matplotlib inline\n!pip install -q "scikit-learn>=1.2" scipy\n%time y = f(x)\nfiles = !ls\n%cd /tmp\nprint(y)');
    expect(cell.code).toBe('y = f(x)\n# files = !ls\n# %cd /tmp\nprint(y)');
    expect(cell.lineMap).toEqual([4, 5, 6, 7]);
    expect(cell.requirements).toEqual(['scikit-learn>=1.2', 'scipy']);
    expect(cell.findings.map((f) => [f.line, f.code])).toEqual([
      [5, 'shell-command'],
      [6, 'magic'],
    ]);
  });

  it('keeps an indented magic valid Python', () => {
    expect(plainPython('if ok:\n    !echo hi').code).toBe('if ok:\n    pass  # !echo hi');
  });
});

describe('splitting into stages', () => {
  const md = (source: string, tags: string[] = []): NotebookCell => ({ kind: 'markdown', source, tags });
  const code = (source: string, tags: string[] = []): NotebookCell => ({ kind: 'code', source, tags });

  it('reads ATX and setext headings, not those in fenced code', () => {
    expect(headingsOf('# A\n```\n## not\n```\nB\n---\n### C ###')).toEqual([
      { level: 1, text: 'A' },
      { level: 2, text: 'B' },
      { level: 3, text: 'C' },
    ]);
  });

  it('splits at H2 by default, H1 without H2, at any level asked for', () => {
    const cells = [md('# Title'), code('a = 1'), md('## Load data'), code('b = a'), md('### Detail'), code('c = b'), md('## 2. Train!'), code('d = c')];
    expect(splitStages(cells, { by: 'auto' }, 'nb').map((s) => [s.name, s.code])).toEqual([
      ['title', [1]],
      ['load_data', [3, 5]],
      // `train` is a built-in step of the spec.
      ['train_stage', [7]],
    ]);
    expect(splitStages(cells, { by: 'heading', level: 3 }, 'nb').map((s) => s.name)).toEqual(['title', 'load_data', 'detail', 'train_stage']);
    expect(splitStages([md('# One'), code('x = 1'), md('# Two'), code('y = 2')], { by: 'auto' }, 'nb').map((s) => s.name)).toEqual(['one', 'two']);
  });

  it('splits by tags and by an explicit list', () => {
    const cells = [code('a = 1', ['step:prepare']), code('b = 2', ['skip']), code('c = 3'), code('d = 4', ['step:fit'])];
    expect(splitStages(cells, { by: 'tags' }, 'nb').map((s) => [s.name, s.code])).toEqual([
      ['prepare', [0, 2]],
      ['fit', [3]],
    ]);
    expect(splitStages([code('a = 1'), code('b = 2'), code('c = 3')], { by: 'list', stages: [{ name: 'first', firstCell: 0 }, { name: 'rest', firstCell: 1 }] }, 'nb').map((s) => [s.name, s.code])).toEqual([
      ['first', [0]],
      ['rest', [1, 2]],
    ]);
  });
});

describe('cellsFromDocument', () => {
  it('normalises VS Code notebook cells: kinds, both tag locations, ids, other languages', () => {
    const cells = cellsFromDocument([
      { kind: 1, source: '## Load', metadata: {} },
      { kind: 2, source: 'x = 1', languageId: 'python', metadata: { metadata: { tags: ['step:load'] }, id: 'abc' }, executionCount: 3 },
      { kind: 2, source: 'y = x', languageId: 'python', metadata: { custom: { metadata: { tags: ['skip', 'parameters'] } } } },
      { kind: 2, source: 'raw text', languageId: 'raw' },
    ]);
    expect(cells).toEqual([
      { kind: 'markdown', source: '## Load', tags: [] },
      { kind: 'code', source: 'x = 1', tags: ['step:load'], id: 'abc', executionCount: 3 },
      { kind: 'code', source: 'y = x', tags: ['skip', 'parameters'], executionCount: null },
      { kind: 'raw', source: 'raw text', tags: [] },
    ]);
  });

  it('plans a conversion from them without writing: files and warnings with cell and line', () => {
    const cells = cellsFromDocument([
      { kind: 'markdown', source: '## Prepare' },
      { kind: 'code', source: 'import math\nvalues = [1, 2]\n!ls' },
      { kind: 'markdown', source: '## Use' },
      { kind: 'code', source: 'print(math.fsum(values))' },
    ]);
    const plan = planNotebookConversion(cells, { notebookName: 'live.ipynb' });
    expect(plan.stages.map((s) => [s.name, s.inputs, s.outputs])).toEqual([
      ['prepare', [], ['values']],
      ['use', ['values'], []],
    ]);
    expect(plan.files['stages/use.py']).toContain('import math\n\n\ndef use(values):\n    # cell 3\n    print(math.fsum(values))\n');
    expect(plan.warnings.map((w) => [w.cell, w.line, w.code])).toEqual([[1, 3, 'shell-command']]);
  });
});

describe('flow warnings', () => {
  const code = (source: string): NotebookCell => ({ kind: 'code', source, tags: [] });
  const md = (source: string): NotebookCell => ({ kind: 'markdown', source, tags: [] });

  it('flags a name used before the cell that assigns it, a rebound global a function reads, and exec', () => {
    const plan = planNotebookConversion(
      [md('## A'), code('print(later)\nrate = 2\ndef scaled(v):\n    return v * rate'), md('## B'), code('rate = 3\nprint(scaled(1))\nlater = 1\nexec("z = 1")')],
      { notebookName: 'x.ipynb' },
    );
    expect(plan.warnings.map((w) => [w.cell, w.line, w.code, w.changesMeaning])).toEqual([
      [1, 1, 'used-before-defined', true],
      [1, 3, 'closure-output', false],
      [3, 2, 'function-global-rebound', true],
      [3, 4, 'dynamic-names', true],
    ]);
  });
});

describe('global statements', () => {
  const code = (source: string): NotebookCell => ({ kind: 'code', source, tags: [] });
  const md = (source: string): NotebookCell => ({ kind: 'markdown', source, tags: [] });

  it('warns when a function assigning a global is called from another stage, or assigns a name its stage does not hold', () => {
    const plan = planNotebookConversion(
      [md('## A'), code('n = 0\ndef inc():\n    global n\n    n += 1\ndef reset():\n    global total\n    total = 0'), md('## B'), code('inc()\nprint(n)')],
      { notebookName: 'g.ipynb' },
    );
    expect(plan.warnings.filter((w) => w.code === 'global-in-function').map((w) => [w.cell, w.line])).toEqual([
      [1, 5],
      [3, 1],
    ]);
    expect(plan.files['stages/a.py']).toContain('        nonlocal n\n');
    expect(plan.files['stages/a.py']).toContain('        global total\n');
  });
});

describe('withoutOutputs', () => {
  it('replaces cells[i].outputs with [] and keeps everything else byte for byte', () => {
    const text = JSON.stringify({ cells: [{ cell_type: 'code', outputs: [{ text: 'big "quoted" \\ value]}' }], source: 'x', metadata: { outputs: 1 } }], metadata: {} });
    const stripped = JSON.parse(withoutOutputs(Buffer.from(text))!);
    expect(stripped.cells[0]).toEqual({ cell_type: 'code', outputs: [], source: 'x', metadata: { outputs: 1 } });
    expect(withoutOutputs(Buffer.from('{"cells": [{"outputs": [1, 2}'))).toBeUndefined();
  });
});

describe('IPython lines inside strings, and top-level await', () => {
  it('leaves a line inside a multi-line string alone, even when it starts with % or !', () => {
    const source = 'usage = """\n!important: run first\n%d items\n"""\n!ls';
    const cell = plainPython(source);
    expect(cell.code).toBe('usage = """\n!important: run first\n%d items\n"""\n# !ls');
    expect(cell.findings.map((f) => f.line)).toEqual([5]);
  });

  it('warns on await outside a function: a stage function is not async', () => {
    const source = 'import asyncio\nasync def f():\n    await asyncio.sleep(0)\n    return 1\nx = await f()\nprint(x)';
    const plan = planNotebookConversion([{ kind: 'code', source, tags: [] }], { notebookName: 'a.ipynb' });
    expect(plan.warnings.map((w) => [w.cell, w.line, w.code, w.changesMeaning])).toEqual([[0, 5, 'top-level-await', true]]);
  });
});

describe('module-level dunders', () => {
  it('warns when code tests __name__: a stage module is not __main__', () => {
    const plan = planNotebookConversion([{ kind: 'code', source: "x = 1\nif __name__ == '__main__':\n    print(x)", tags: [] }], { notebookName: 'm.ipynb' });
    expect(plan.warnings.map((w) => [w.cell, w.line, w.code])).toEqual([[0, 2, 'module-name']]);
  });
});

describe('logical lines', () => {
  it('treats % and ! at the start of a continuation line as Python, not IPython', () => {
    const source = "msg = ('%d items'\n% 3)\ntotal = 1 + \\\n!flag if False else 0\n!ls";
    expect(plainPython(source).code).toBe("msg = ('%d items'\n% 3)\ntotal = 1 + \\\n!flag if False else 0\n# !ls");
  });
});

describe('changes the analysis cannot see in the statement itself', () => {
  const code = (source: string): NotebookCell => ({ kind: 'code', source, tags: [] });
  const md = (source: string): NotebookCell => ({ kind: 'markdown', source, tags: [] });

  it('a name passed to a notebook function may be changed by it; a change through an alias changes both names', () => {
    const plan = planNotebookConversion(
      [
        md('## Load'),
        code('rows = [3, 1]\ndef add_row(target, v):\n    target.append(v)\nframe = {"a": 1}'),
        md('## Change'),
        code('add_row(rows, 2)\nview = frame\nview["b"] = 2\nprint(len(rows))'),
        md('## Report'),
        code('print(rows, frame)'),
      ],
      { notebookName: 'alias.ipynb' },
    );
    expect(plan.stages.map((s) => [s.name, s.inputs, s.outputs])).toEqual([
      ['load', [], ['rows', 'frame']],
      ['change', ['rows', 'frame'], ['rows', 'frame']],
      ['report', ['rows', 'frame'], []],
    ]);
  });
});

describe('nothing left to convert', () => {
  it('refuses a notebook whose code cells are all tagged skip, or only import', () => {
    expect(() => planNotebookConversion([{ kind: 'code', source: 'x = 1', tags: ['skip'] }], { notebookName: 's.ipynb' })).toThrow('found every code cell tagged skip');
    expect(() => planNotebookConversion([{ kind: 'code', source: 'import os', tags: [] }], { notebookName: 's.ipynb' })).toThrow('found only imports');
  });
});
