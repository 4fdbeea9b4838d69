// Plans a notebook's conversion: cells in, the files of the converted package and the
// warnings out. Nothing is written here (see write.ts), so an editor can preview the plan.
import { InputError } from '../errors.ts';
import { type EmitCell, stageModule } from './emit-stage.ts';
import { pipelineModule, requirementsFile, stageTest } from './emit-pipeline.ts';
import { analyseFlow, type PlacedStatement } from './flow.ts';
import { plainPython } from './magics.ts';
import { analyseCell } from './python-scope.ts';
import { mergeSpecStages } from './spec-stages.ts';
import { splitStages, stageIdentifier } from './split.ts';
import type { ConversionPlan, ConversionWarning, NotebookCell, SplitOption } from './types.ts';

export interface PlanOptions {
  /** The notebook's file name, for docstrings and the spec's descriptions, e.g. `churn.ipynb`. */
  notebookName: string;
  split?: SplitOption;
  /** The notebook's directory relative to the output directory: the pipeline runs there. Default `..`. */
  notebookDirFromOut?: string;
  /** Merge the stages into this spec; `outDir` is the output directory relative to the spec's. */
  spec?: { path: string; text: string; outDir: string };
  /** Top-level modules that are files beside the notebook: never requirements. */
  localModules?: readonly string[];
}

function lineStarts(code: string): number[] {
  const starts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Plans the conversion of `cells`. Throws InputError when there is nothing to convert. */
export function planNotebookConversion(cells: readonly NotebookCell[], options: PlanOptions): ConversionPlan {
  const where = { file: options.notebookName };
  if (cells.length === 0) throw new InputError('notebook-empty', 'expected cells to convert, found an empty notebook', where);
  if (!cells.some((c) => c.kind === 'code' && c.source.trim() !== '')) {
    throw new InputError('notebook-no-code', `expected at least one code cell, found ${cells.length} cell${cells.length === 1 ? '' : 's'} of markdown or raw text only`, where);
  }
  const warnings: ConversionWarning[] = [];
  const emitCells = new Map<number, EmitCell>();
  const statements: PlacedStatement[] = [];
  const pipSpecs: string[] = [];
  const perCell = new Map<number, PlacedStatement[]>();

  // Saved execution counts that go down mean the notebook was run out of order.
  let lastCount = 0;
  let lastCell = -1;
  cells.forEach((cell, index) => {
    if (cell.kind !== 'code' || typeof cell.executionCount !== 'number') return;
    if (cell.executionCount < lastCount && !warnings.some((w) => w.code === 'execution-order')) {
      warnings.push({ cell: index, line: 1, code: 'execution-order', message: `this cell ran (execution count ${cell.executionCount}) before cell ${lastCell} above it (count ${lastCount}): the saved outputs may come from an order the converted pipeline does not follow; it runs the cells top to bottom`, changesMeaning: false });
    }
    lastCount = cell.executionCount;
    lastCell = index;
  });

  const stageCells = splitStages(cells.map((c) => (c.kind === 'code' && c.source.trim() === '' ? { ...c, kind: 'raw' as const } : c)), options.split ?? { by: 'auto' }, stageIdentifier(options.notebookName.replace(/\.ipynb$/i, '')) || 'main');
  if (stageCells.length === 0) throw new InputError('notebook-no-code', 'expected at least one code cell to convert, found every code cell tagged skip', where);
  const stageOf = new Map<number, number>();
  stageCells.forEach((s, i) => {
    for (const c of s.code) stageOf.set(c, i);
  });

  for (const [index, stage] of [...stageOf].sort((a, b) => a[0] - b[0])) {
    const cell = cells[index]!;
    const plain = plainPython(cell.source);
    pipSpecs.push(...plain.requirements);
    for (const f of plain.findings) warnings.push({ cell: index, line: f.line, code: f.code, message: f.message, changesMeaning: true });
    const analysis = analyseCell(plain.code);
    const starts = lineStarts(plain.code);
    const lines = plain.code.split('\n');
    const sourceLine = (offset: number) => plain.lineMap[lineAt(starts, offset)] ?? 1;
    if (analysis.syntaxError !== undefined) {
      const line = sourceLine(analysis.syntaxError);
      warnings.push({ cell: index, line, code: 'syntax-error', message: `Python cannot parse this cell (line ${line}: '${(cell.source.split('\n')[line - 1] ?? '').trim().slice(0, 60)}'): it is left out of stage '${stageCells[stage]!.name}' as a comment`, changesMeaning: true });
      emitCells.set(index, { index, lines: cell.source.split('\n'), stringContinuation: new Set(), syntaxError: { line } });
      continue;
    }
    emitCells.set(index, { index, lines, stringContinuation: analysis.stringContinuationLines });
    const placed = analysis.statements.map((s): PlacedStatement => ({ ...s, cell: index, stage, startLine: lineAt(starts, s.from), endLine: lineAt(starts, Math.max(s.from, s.to - 1)), sourceLine: sourceLine(s.from) }));
    perCell.set(index, placed);
    statements.push(...placed);
  }

  // A stage function must not shadow a name the notebook uses.
  const notebookNames = new Set(statements.flatMap((s) => [...s.reads, ...s.writes, ...(s.defines ? [s.defines.name] : [])]));
  const taken = new Set<string>();
  for (const s of stageCells) {
    let name = s.name;
    while (notebookNames.has(name) || taken.has(name)) name = `${name}_stage`;
    s.name = name;
    taken.add(name);
  }

  const flow = analyseFlow(stageCells, statements);
  warnings.push(...flow.warnings);
  const stageNames = flow.stages.map((s) => s.name);
  for (const r of flow.rewrites) {
    const cell = emitCells.get(r.cell)!;
    const starts = lineStarts(cell.lines.join('\n'));
    const line = lineAt(starts, r.offset);
    const column = r.offset - starts[line]!;
    const text = cell.lines[line]!;
    if (text.startsWith('global', column)) cell.lines[line] = `${text.slice(0, column)}nonlocal${text.slice(column + 'global'.length)}`;
  }
  // A stage left with nothing to run (only imports, which every module states itself) is
  // folded into the next one, so that it gives no empty function.
  const hasBody = (i: number) =>
    flow.stages[i]!.code.some((c) => emitCells.get(c)?.syntaxError || (perCell.get(c) ?? []).some((s) => !flow.hoistedStatements.has(s) || s.defines));
  const kept = flow.stages.filter((_, i) => hasBody(i));
  flow.stages.forEach((stage, i) => {
    if (hasBody(i)) return;
    const next = flow.stages.slice(i + 1).find((_, k) => hasBody(i + 1 + k)) ?? kept[kept.length - 1];
    if (next) next.cells = [...stage.cells, ...next.cells].sort((a, b) => a - b);
  });
  if (kept.length === 0) throw new InputError('notebook-no-code', 'expected code that computes something, found only imports', where);
  const files: Record<string, string> = {
    'stages/__init__.py': `"""Stages converted from ${options.notebookName}. Generated by pipewright notebook convert."""\n`,
    'tests/__init__.py': '',
    'pipeline.py': pipelineModule(options.notebookName, options.notebookDirFromOut ?? '..', kept, stageNames),
  };
  for (const stage of kept) {
    files[`stages/${stage.name}.py`] = stageModule({
      flow: stage,
      notebookName: options.notebookName,
      cells: emitCells,
      stageNames,
      starImports: flow.starImports,
      hoistedStatements: flow.hoistedStatements,
      importOrder: [...flow.importModules.keys()],
      statements: stage.code.flatMap((c) => perCell.get(c) ?? []),
    });
    files[`tests/test_${stage.name}.py`] = stageTest(stage);
  }
  const modules = [...flow.importModules.values(), ...flow.starImports.map((t) => /^from\s+\.*([\w]+)/.exec(t)?.[1] ?? '')];
  const requirements = requirementsFile(modules, pipSpecs, new Set(options.localModules ?? []));
  files['requirements.txt'] = requirements.length > 0 ? `${requirements.join('\n')}\n` : '';

  let spec: ConversionPlan['spec'];
  if (options.spec) {
    const merged = mergeSpecStages(options.spec.text, options.spec.path, options.notebookName, options.spec.outDir, kept, stageNames);
    warnings.push(...merged.warnings);
    spec = { path: options.spec.path, content: merged.content, changed: merged.changed };
  }
  warnings.sort((a, b) => a.cell - b.cell || a.line - b.line || a.code.localeCompare(b.code));
  const sorted = Object.fromEntries(Object.entries(files).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const plan: ConversionPlan = {
    stages: kept.map((s) => ({ name: s.name, cells: s.cells, inputs: [...s.inputs.keys()], outputs: s.outputs, file: `stages/${s.name}.py` })),
    files: sorted,
    warnings,
    requirements,
  };
  if (spec) plan.spec = spec;
  return plan;
}
