// Groups cells into stages: by markdown headings, by `step:<name>` tags, or by an explicit list.
import type { NotebookCell, SplitOption } from './types.ts';

export interface StageCells {
  name: string;
  /** Every cell of the stage, markdown included. */
  cells: number[];
  /** The code cells, in order. */
  code: number[];
}

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type'.split(' '),
);

// The package's own modules, and the spec's built-in steps (a spec stage may not take their names).
const RESERVED_STAGE_NAMES = new Set(['stages', 'pipeline', 'tests', 'train', 'validate']);

/** A heading's text as a Python identifier: `## 2. Train the model` → `train_the_model`. */
export function stageIdentifier(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let name = ascii
    .replace(/`|\*|_{2,}|\[|\]\([^)]*\)/g, ' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  name = name.replace(/^[0-9_]+/, '');
  if (name === '') return '';
  if (PYTHON_KEYWORDS.has(name)) name += '_';
  return name.slice(0, 60).replace(/_+$/, '');
}

/** Markdown headings of a cell, outside fenced code: ATX (`## x`) and setext (`x\n---`). */
export function headingsOf(source: string): Array<{ level: number; text: string }> {
  const out: Array<{ level: number; text: string }> = [];
  const lines = source.split('\n');
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s{0,3}(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const atx = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (atx) {
      out.push({ level: atx[1]!.length, text: atx[2]! });
      continue;
    }
    const next = lines[i + 1];
    if (next !== undefined && line.trim() !== '' && /^\s{0,3}(=+|-+)\s*$/.test(next) && !/^\s{0,3}[-*+]\s/.test(line)) {
      out.push({ level: next.trim().startsWith('=') ? 1 : 2, text: line.trim() });
      i++;
    }
  }
  return out;
}

const stepTag = (cell: NotebookCell) => cell.tags.find((t) => t.startsWith('step:'))?.slice(5).trim();

/** The level `auto` and `heading` without a level split at: H2, else H1, else the top level present. */
export function defaultHeadingLevel(cells: readonly NotebookCell[]): number | undefined {
  const levels = new Set(cells.filter((c) => c.kind === 'markdown').flatMap((c) => headingsOf(c.source).map((h) => h.level)));
  if (levels.has(2)) return 2;
  if (levels.has(1)) return 1;
  return levels.size > 0 ? Math.min(...levels) : undefined;
}

/** Splits the cells into stages. Stage names are unique identifiers; stages without code are dropped. */
export function splitStages(cells: readonly NotebookCell[], split: SplitOption, fallbackName: string): StageCells[] {
  let by = split.by;
  const anyStep = cells.some((c) => stepTag(c) !== undefined);
  const level = split.by === 'heading' && split.level !== undefined ? split.level : defaultHeadingLevel(cells);
  if (by === 'auto') by = level !== undefined ? 'heading' : anyStep ? 'tags' : 'heading';
  const starts = new Map<number, string>();
  if (split.by === 'list') for (const s of split.stages) starts.set(s.firstCell, s.name);
  const stages: Array<{ name: string; cells: number[]; code: number[] }> = [];
  let current: { name: string; cells: number[]; code: number[] } = { name: 'setup', cells: [], code: [] };
  const begin = (name: string) => {
    stages.push(current);
    current = { name, cells: [], code: [] };
  };
  cells.forEach((cell, index) => {
    if (cell.tags.includes('skip')) return;
    const listed = starts.get(index);
    if (listed !== undefined) begin(listed);
    const step = stepTag(cell);
    if (by !== 'list' && step !== undefined) begin(step);
    else if (cell.tags.includes('parameters') && by !== 'list') begin('parameters');
    if (by === 'heading' && cell.kind === 'markdown' && level !== undefined) {
      for (const h of headingsOf(cell.source)) if (h.level <= level) begin(h.text);
    }
    current.cells.push(index);
    if (cell.kind === 'code') current.code.push(index);
  });
  stages.push(current);
  // A notebook with no boundary at all is one stage, named after the notebook.
  const withCode = stages.filter((s) => s.code.length > 0);
  if (withCode.length === 1 && withCode[0] === stages[0]) withCode[0]!.name = fallbackName;
  const used = new Set<string>();
  const result: StageCells[] = [];
  for (const s of stages) {
    if (s.code.length === 0) continue;
    let base = stageIdentifier(s.name) || `stage_${result.length + 1}`;
    if (RESERVED_STAGE_NAMES.has(base)) base += '_stage';
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    result.push({ name, cells: s.cells, code: s.code });
  }
  return result;
}
