// The example in docs/notebook.md, run as written on a copy of a fixture notebook.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { docBlock, docCommands } from '../support/doc-examples.ts';
import { FIXTURES, NotebookWorkspace, python } from './notebook-support.ts';

let ws: NotebookWorkspace;
afterEach(() => ws.cleanup());

// Each test runs python3 with pandas and scikit-learn a few times: slow on a busy machine.
describe('docs/notebook.md', { timeout: 180_000 }, () => {
  it('converts analysis.ipynb as the page shows, and the converted package runs', async () => {
    ws = new NotebookWorkspace();
    copyFileSync(join(FIXTURES, 'dataclass_config.ipynb'), join(ws.dir, 'analysis.ipynb'));
    const spec = docBlock('notebook.md', 'notebook-spec');
    // The spec before: the user's part of the documented one.
    writeFileSync(join(ws.dir, 'pipewright.yaml'), spec.slice(0, spec.indexOf('  config:')));
    const [argv] = docCommands(docBlock('notebook.md', 'notebook-cli'));
    const result = await ws.cli(argv!);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(docBlock('notebook.md', 'notebook-output'));
    expect(readFileSync(join(ws.dir, 'build/analysis/stages/config.py'), 'utf8')).toBe(docBlock('notebook.md', 'notebook-stage'));
    expect(readFileSync(join(ws.dir, 'pipewright.yaml'), 'utf8')).toBe(spec);

    const out = join(ws.dir, 'build/analysis');
    const reference = ws.runCells('analysis');
    const runs = docBlock('notebook.md', 'notebook-run')
      .trim()
      .split('\n')
      .map((line) => python(line.split(' ').slice(1), out));
    for (const run of runs) expect(run.status, run.stderr).toBe(0);
    expect(runs[0]!.stdout).toBe(reference.stdout);
    expect(runs[1]!.stdout).toBe(reference.stdout.split('\n').slice(-2).join('\n'));
    expect(runs[2]!.stderr).toContain('Ran 8 tests');
  });
});
