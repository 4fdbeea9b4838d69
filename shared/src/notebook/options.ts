// The plan options for a notebook file in a workspace: paths relative to the right places,
// the spec's text, and the modules beside the notebook. Shared by the CLI and the editor.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.ts';
import { resolveInWorkspace } from '../workspace/index.ts';
import type { PlanOptions } from './plan.ts';
import type { SplitOption } from './types.ts';

export interface NotebookLocation {
  workspace: string;
  /** The notebook file (absolute, or relative to the workspace). */
  notebook: string;
  /** The output directory, inside the workspace. */
  outDir: string;
  /** A spec to merge the stages into, inside the workspace. */
  spec?: string;
  split?: SplitOption;
}

const posix = (p: string) => p.split(sep).join('/');

/** Top-level modules beside the notebook (x.py, x/__init__.py): imports of these are not requirements. */
function localModules(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => (e.isFile() && e.name.endsWith('.py')) || (e.isDirectory() && existsSync(resolve(dir, e.name, '__init__.py'))))
      .map((e) => e.name.replace(/\.py$/, ''))
      .sort();
  } catch {
    return [];
  }
}

/** Resolves the paths (refusing an output directory or spec outside the workspace) and reads the spec. */
export async function planOptionsFor(location: NotebookLocation): Promise<PlanOptions> {
  const notebook = resolve(location.workspace, location.notebook);
  const outDir = resolveInWorkspace(location.workspace, location.outDir);
  const options: PlanOptions = {
    notebookName: basename(notebook),
    split: location.split ?? { by: 'auto' },
    notebookDirFromOut: posix(relative(outDir, dirname(notebook))) || '.',
    localModules: localModules(dirname(notebook)),
  };
  if (location.spec !== undefined) {
    const specPath = resolveInWorkspace(location.workspace, location.spec);
    let text: string;
    try {
      text = await readFile(specPath, 'utf8');
    } catch (error) {
      throw new InputError('spec-unreadable', `expected a readable spec file, found ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: location.spec }, error);
    }
    options.spec = { path: posix(relative(location.workspace, specPath)), text, outDir: posix(relative(dirname(specPath), outDir)) };
  }
  return options;
}
