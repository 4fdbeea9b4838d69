// What the notebook command shows before it writes, without VS Code: the planned files as
// new / changed / unchanged against the disk, the spec's new stages, and the plan's warnings
// as diagnostics placed on the cells they name.
import { readFile } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import type { ConversionPlan, ConversionWarning } from '@pipewright/core/notebook';
import { isInsideWorkspace, resolveInWorkspace } from '@pipewright/core/workspace';

export type PlannedFileStatus = 'new' | 'changed' | 'unchanged';

export interface PlannedFile {
  /** Relative to the workspace, forward slashes: what the preview lists. */
  path: string;
  /** Absolute path on disk. */
  absolute: string;
  status: PlannedFileStatus;
  content: string;
  /** For the spec: the stages its `stages:` gains. */
  addedStages?: string[];
}

export interface ConversionPreview {
  files: PlannedFile[];
  /** The spec, when the plan merges stages into one. */
  spec: PlannedFile | undefined;
  counts: Record<PlannedFileStatus, number>;
}

const posix = (p: string) => p.split(sep).join('/');

/** `pipelines/<notebook name>`: where a notebook's package goes unless the user says otherwise. */
export function defaultOutDir(notebookPath: string): string {
  const stem = basename(notebookPath, extname(notebookPath)).replace(/[^\w.-]+/g, '_') || 'notebook';
  return `pipelines/${stem}`;
}

/** Why `value` cannot be the output directory (for the input box), or undefined when it can. */
export function outDirProblem(workspace: string, value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return 'Expected a folder inside the workspace, found nothing.';
  if (!isInsideWorkspace(workspace, trimmed)) return `Expected a folder inside the workspace, found '${trimmed}', which is outside it.`;
  if (resolveInWorkspace(workspace, trimmed) === resolveInWorkspace(workspace, '.')) return 'Expected a folder of its own, found the workspace root: the package would mix with your files.';
  return undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Stage names that sit as a key under `stages:` in `after` and not in `before`. */
export function addedSpecStages(before: string, after: string, stageNames: readonly string[]): string[] {
  const keyed = (text: string, name: string) => new RegExp(`^[ \\t]+${name}:`, 'm').test(text);
  return stageNames.filter((name) => keyed(after, name) && !keyed(before, name));
}

/** Compares the plan with what is on disk: which files the write would create, change or leave. */
export async function previewConversion(plan: ConversionPlan, outDir: string, workspace: string): Promise<ConversionPreview> {
  const out = resolveInWorkspace(workspace, outDir);
  const counts: Record<PlannedFileStatus, number> = { new: 0, changed: 0, unchanged: 0 };
  const files: PlannedFile[] = [];
  for (const [path, content] of Object.entries(plan.files)) {
    const absolute = join(out, path);
    const current = await readText(absolute);
    const status: PlannedFileStatus = current === undefined ? 'new' : current === content ? 'unchanged' : 'changed';
    counts[status]++;
    files.push({ path: posix(relative(workspace, absolute)), absolute, status, content });
  }
  let spec: PlannedFile | undefined;
  if (plan.spec) {
    const absolute = resolveInWorkspace(workspace, plan.spec.path);
    const current = (await readText(absolute)) ?? '';
    spec = {
      path: plan.spec.path,
      absolute,
      status: plan.spec.changed ? 'changed' : 'unchanged',
      content: plan.spec.content,
      addedStages: addedSpecStages(current, plan.spec.content, plan.stages.map((s) => s.name)),
    };
  }
  return { files, spec, counts };
}

/** One line per stage: its name, cells, inputs and outputs (what the preview's title area lists). */
export function stageSummary(plan: ConversionPlan): string[] {
  return plan.stages.map((s) => {
    const cells = s.cells.length === 1 ? `cell ${s.cells[0]}` : `cells ${s.cells[0]}-${s.cells[s.cells.length - 1]}`;
    return `${s.name} (${cells}; in: ${s.inputs.join(', ') || '-'}; out: ${s.outputs.join(', ') || '-'})`;
  });
}

/** A warning placed in a cell's document: 0-based line and the columns of its text. */
export interface CellDiagnostic {
  cell: number;
  line: number;
  startColumn: number;
  endColumn: number;
  severity: 'warning' | 'information';
  code: string;
  message: string;
}

/**
 * Places each warning on its cell's line (the plan counts lines from 1; editors from 0),
 * spanning the line's text without its indentation. A line past the cell's end (the cell
 * changed since) falls back to its last line; a cell that no longer exists is dropped.
 */
export function cellDiagnostics(warnings: readonly ConversionWarning[], cellTexts: readonly string[]): CellDiagnostic[] {
  const placed: CellDiagnostic[] = [];
  for (const w of warnings) {
    const text = cellTexts[w.cell];
    if (text === undefined) continue;
    const lines = text.split('\n');
    const line = Math.min(Math.max(w.line - 1, 0), lines.length - 1);
    const body = lines[line]!.replace(/\r$/, '');
    const startColumn = body.length - body.trimStart().length;
    placed.push({
      cell: w.cell,
      line,
      startColumn,
      endColumn: Math.max(body.trimEnd().length, startColumn),
      severity: w.changesMeaning ? 'warning' : 'information',
      code: w.code,
      message: w.message,
    });
  }
  return placed;
}

/** The output channel's lines for a plan's warnings, as the CLI prints them. */
export function warningLines(notebook: string, warnings: readonly ConversionWarning[]): string[] {
  return warnings.map((w) => `${notebook}: cell ${w.cell}, line ${w.line}: ${w.changesMeaning ? 'warning' : 'note'} ${w.code}: ${w.message}`);
}
