// Bad notebooks: each gives a clear error (or a warning naming cell and line) and leaves no
// half-written output behind.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NotebookWorkspace, python } from './notebook-support.ts';

const root = resolve(import.meta.dirname, '../..');
let ws: NotebookWorkspace;
afterEach(() => ws.cleanup());

const KERNEL = { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } };
const notebook = (cells: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: KERNEL, cells, ...extra });
const codeCell = (source: string | string[], outputs: unknown[] = []) => ({ cell_type: 'code', metadata: {}, source, outputs, execution_count: null });
const markdown = (source: string) => ({ cell_type: 'markdown', metadata: {}, source });

async function convertFails(text: string, code: string): Promise<string> {
  ws = new NotebookWorkspace();
  writeFileSync(join(ws.dir, 'nb.ipynb'), text);
  const result = await ws.cli(['notebook', 'convert', 'nb.ipynb', '--out', 'out', '--format', 'json']);
  expect(result.code, result.stdout).toBe(2);
  const error = JSON.parse(result.stdout).error;
  expect(error.code).toBe(code);
  expect(existsSync(join(ws.dir, 'out'))).toBe(false);
  return `${error.location?.line ?? ''}:${error.location?.column ?? ''} ${error.message}`;
}

describe('notebook convert refuses what it cannot convert, writing nothing', () => {
  it('invalid JSON: says where the JSON breaks', async () => {
    const message = await convertFails('{"nbformat": 4,\n "cells": [', 'notebook-json');
    expect(message).toBe('2:12 expected a notebook in JSON, found invalid JSON: Unexpected end of JSON input');
    const misplaced = await convertFails('{"nbformat": 4,\n "cells": [}]}', 'notebook-json');
    expect(misplaced).toContain("expected a notebook in JSON, found invalid JSON: Unexpected token '}'");
  });

  it('nbformat 3: names the format and how to upgrade', async () => {
    const message = await convertFails(JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [{ cells: [] }] }), 'notebook-format');
    expect(message).toContain(': expected nbformat 4.x, found nbformat 3');
  });

  it('an R kernel', async () => {
    const message = await convertFails(notebook([codeCell('x <- 1')], { metadata: { kernelspec: { name: 'ir', display_name: 'R', language: 'R' } } }), 'notebook-language');
    expect(message).toBe(': expected a Python notebook, found a R kernel (R); only Python is converted');
  });

  it('an empty notebook', async () => {
    expect(await convertFails(notebook([]), 'notebook-empty')).toContain('found an empty notebook');
  });

  it('a notebook with only markdown', async () => {
    expect(await convertFails(notebook([markdown('# Notes'), markdown('## Only words')]), 'notebook-no-code')).toContain('found 2 cells of markdown or raw text only');
  });

  it('--out outside the workspace', async () => {
    ws = new NotebookWorkspace().withFixture('raw_cell');
    const result = await ws.cli(['notebook', 'convert', 'raw_cell.ipynb', '--out', '../escaped', '--format', 'json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('path-escape');
    expect(existsSync(join(ws.dir, '../escaped'))).toBe(false);
  });
});

describe('notebook convert into a path it cannot write', () => {
  it('--out naming a file: a clear error, the file untouched', async () => {
    ws = new NotebookWorkspace().withFixture('raw_cell');
    writeFileSync(join(ws.dir, 'taken'), 'a file\n');
    const result = await ws.cli(['notebook', 'convert', 'raw_cell.ipynb', '--out', 'taken', '--format', 'json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'notebook-out-unwritable', message: 'expected a directory at taken, found a file; nothing was written' });
    expect(readFileSync(join(ws.dir, 'taken'), 'utf8')).toBe('a file\n');
  });

  it('usage mistakes: no --out, two notebooks, a bad --level or --split', async () => {
    ws = new NotebookWorkspace().withFixture('raw_cell');
    const message = async (args: string[]) => {
      const r = await ws.cli(['notebook', 'convert', ...args, '--format', 'json']);
      expect(r.code).toBe(2);
      return JSON.parse(r.stdout).error.message as string;
    };
    expect(await message(['raw_cell.ipynb'])).toBe('missing --out DIR: where to write the converted package');
    expect(await message(['a.ipynb', 'b.ipynb', '--out', 'o'])).toBe('expected one notebook (NB.ipynb), found a.ipynb b.ipynb');
    expect(await message(['raw_cell.ipynb', '--out', 'o', '--level', '7'])).toBe("invalid --level '7': expected a heading level from 1 to 6");
    expect(await message(['raw_cell.ipynb', '--out', 'o', '--split', 'cells'])).toBe("invalid --split 'cells': expected 'heading' or 'tags'");
    expect(existsSync(join(ws.dir, 'o'))).toBe(false);
  });
});

describe('notebook convert on damaged cells', { timeout: 120_000 }, () => {
  it('a cell with a syntax error: a warning naming cell and line, the other stages convert, exit 1', async () => {
    ws = new NotebookWorkspace();
    const cells = [
      markdown('## Load'),
      codeCell(['import math\n', 'values = [1, 4, 9]\n', "print('loaded', len(values))"]),
      markdown('## Broken'),
      codeCell(['total = 0\n', 'for v in values\n', '    total += v']),
      markdown('## Report'),
      codeCell("print('roots', [math.sqrt(v) for v in values])"),
    ];
    writeFileSync(join(ws.dir, 'nb.ipynb'), notebook(cells));
    const result = await ws.cli(['notebook', 'convert', 'nb.ipynb', '--out', 'out', '--format', 'json']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.warnings.map((w: { cell: number; line: number; code: string }) => [w.cell, w.line, w.code])).toEqual([[3, 2, 'syntax-error']]);
    expect(json.stages.map((s: { name: string }) => s.name)).toEqual(['load', 'broken', 'report']);
    expect(readFileSync(join(ws.dir, 'out/stages/broken.py'), 'utf8')).toContain('    # for v in values\n');
    const run = python(['pipeline.py'], join(ws.dir, 'out'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('loaded 3\nroots [1.0, 2.0, 3.0]\n');
  });

  it('a 50 MB output blob: outputs are never parsed, memory stays near the size of the file', () => {
    ws = new NotebookWorkspace();
    const blob = { output_type: 'stream', name: 'stdout', text: ['x'.repeat(50 * 1024 * 1024)] };
    const cells = [markdown('## Only'), codeCell("print('small code')", [blob])];
    writeFileSync(join(ws.dir, 'big.ipynb'), notebook(cells));
    writeFileSync(join(ws.dir, 'small.ipynb'), notebook([markdown('## Only'), codeCell("print('small code')")]));
    const peak = (file: string) => {
      const script = `import { readNotebookFile, planNotebookConversion } from ${JSON.stringify(join(root, 'shared/src/notebook/index.ts'))};
const nb = await readNotebookFile(${JSON.stringify(join(ws.dir, file))});
const plan = planNotebookConversion(nb.cells, { notebookName: 'nb.ipynb' });
console.log(JSON.stringify({ rss: process.resourceUsage().maxRSS * 1024, stages: plan.stages.length }));`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { rss: number; stages: number };
    };
    const small = peak('small.ipynb');
    const big = peak('big.ipynb');
    expect(big.stages).toBe(1);
    // The file's bytes are read once (50 MB); parsing the outputs would add several times that.
    expect(big.rss - small.rss).toBeLessThan(100 * 1024 * 1024);
  });
});
