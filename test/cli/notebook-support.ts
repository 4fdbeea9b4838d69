// A temp workspace holding copies of the fixture notebooks, and the Python runs the notebook
// tests compare: the notebook's cells as one script, and the converted pipeline.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CliResult, runCli } from '../support/cli.ts';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/notebooks');
export const PYTHON = '/usr/bin/python3';

export interface PythonRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function python(args: string[], cwd: string): PythonRun {
  const r = spawnSync(PYTHON, args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', PYTHONHASHSEED: '0', MPLBACKEND: 'Agg' }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export class NotebookWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'pw-nb-'));

  withFixture(name: string): this {
    copyFileSync(join(FIXTURES, `${name}.ipynb`), join(this.dir, `${name}.ipynb`));
    return this;
  }

  cli(args: string[]): Promise<CliResult> {
    return runCli(args, { cwd: this.dir, env: { PATH: process.env.PATH ?? '' } });
  }

  /** The notebook's code cells run top to bottom as one script (test/fixtures/notebooks/run_cells.py). */
  runCells(name: string): PythonRun {
    return python([join(FIXTURES, 'run_cells.py'), `${name}.ipynb`], this.dir);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
