// Data flow between stages: which names a stage takes in, which it hands on, which imports and
// definitions each stage module needs, and the warnings where the converted code could differ.
import { PYTHON_BUILTINS } from './python-names.ts';
import type { Deferred, StatementFacts } from './python-scope.ts';
import type { StageCells } from './split.ts';
import type { ConversionWarning } from './types.ts';

/** A statement with where it sits: cell, stage, lines in the cell's plain code. */
export interface PlacedStatement extends StatementFacts {
  cell: number;
  stage: number;
  /** 0-based first and last line in the cell's plain code. */
  startLine: number;
  endLine: number;
  /** 1-based line in the cell's source, for warnings. */
  sourceLine: number;
}

export interface StageFlow {
  name: string;
  cells: number[];
  code: number[];
  inputs: Map<string, number>;
  outputs: string[];
  /** Import statements (texts) its module needs, in notebook order. */
  imports: Set<string>;
  /** Definitions hoisted to module level, by statement. */
  hoisted: PlacedStatement[];
  /** Hoisted definitions of earlier stages it uses: stage index → names. */
  uses: Map<number, Set<string>>;
  needsStar: boolean;
}

export interface FlowResult {
  stages: StageFlow[];
  /** Statements hoisted out of stage bodies (imports and definitions), by identity. */
  hoistedStatements: Set<PlacedStatement>;
  starImports: string[];
  /** Import texts in order of first appearance, with their top-level module. */
  importModules: Map<string, string>;
  warnings: ConversionWarning[];
  /** `global` keywords (cell, offset in its plain code) to emit as `nonlocal`. */
  rewrites: Array<{ cell: number; offset: number }>;
}

const warn = (s: PlacedStatement, code: string, message: string, changesMeaning = true): ConversionWarning => ({ cell: s.cell, line: s.sourceLine, code, message, changesMeaning });

/** Works out the flow of names through the stages, in notebook order. */
export function analyseFlow(stageCells: StageCells[], statements: PlacedStatement[]): FlowResult {
  const warnings: ConversionWarning[] = [];
  const importTexts = new Map<string, Set<string>>();
  const importModules = new Map<string, string>();
  const starImports: string[] = [];
  const nonImportBound = new Set<string>();
  const bindCount = new Map<string, number>();
  const firstBound = new Map<string, PlacedStatement>();
  const boundInStage = stageCells.map(() => new Set<string>());
  for (const s of statements) {
    for (const b of s.imports ?? []) {
      if (b.star) {
        if (!starImports.includes(b.text)) starImports.push(b.text);
        continue;
      }
      if (!importTexts.has(b.name)) importTexts.set(b.name, new Set());
      importTexts.get(b.name)!.add(b.text);
      if (!importModules.has(b.text)) importModules.set(b.text, b.module);
    }
    const names = s.imports ? s.imports.filter((b) => !b.star).map((b) => b.name) : [...s.writes];
    for (const n of names) {
      if (!firstBound.has(n)) firstBound.set(n, s);
      boundInStage[s.stage]!.add(n);
    }
    if (!s.imports) for (const n of [...s.writes, ...s.deletes]) nonImportBound.add(n);
    for (const n of s.writes) bindCount.set(n, (bindCount.get(n) ?? 0) + 1);
  }
  const hoistImport = new Set([...importTexts].filter(([n, texts]) => texts.size === 1 && !nonImportBound.has(n)).map(([n]) => n));
  const boundAnywhere = (n: string) => firstBound.has(n);

  // Statements that share a line with another stay where they are.
  const sharesLine = new Set<PlacedStatement>();
  for (let i = 1; i < statements.length; i++) {
    const [a, b] = [statements[i - 1]!, statements[i]!];
    if (a.cell === b.cell && a.endLine >= b.startLine) {
      sharesLine.add(a);
      sharesLine.add(b);
    }
  }

  // Definitions that can live at module level: bound once, reading only builtins, imports and
  // other such definitions, assigning no globals. The rest stay in the stage body as closures.
  const defs = new Map<string, PlacedStatement>();
  for (const s of statements) {
    const d = s.defines;
    if (!d || sharesLine.has(s) || bindCount.get(d.name) !== 1 || importTexts.has(d.name) || d.deferred.writes.size > 0 || s.globalDecls) continue;
    defs.set(d.name, s);
  }
  const resolvable = (n: string) => PYTHON_BUILTINS.has(n) || hoistImport.has(n) || defs.has(n) || !boundAnywhere(n);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, s] of defs) {
      const d = s.defines!.deferred;
      const names = [...s.reads, ...d.reads, ...d.mutates].filter((n) => n !== name);
      if (!names.every(resolvable) || d.mutates.size > [...d.mutates].filter((n) => hoistImport.has(n)).length) {
        defs.delete(name);
        changed = true;
      }
    }
  }
  const hoistedStatements = new Set<PlacedStatement>();
  for (const s of statements) {
    if (s.imports && !sharesLine.has(s) && s.imports.every((b) => b.star || hoistImport.has(b.name))) hoistedStatements.add(s);
  }
  for (const s of defs.values()) hoistedStatements.add(s);

  const stages: StageFlow[] = stageCells.map((c) => ({ name: c.name, cells: c.cells, code: c.code, inputs: new Map(), outputs: [], imports: new Set(), hoisted: [], uses: new Map(), needsStar: false }));
  const available = new Map<string, number>();
  const lastRebound = new Map<string, number>();
  const closures = new Map<string, { stage: number; deferred: Deferred; statement: PlacedStatement }>();
  const touched = stages.map(() => [] as string[]);
  const reported = new Set<string>();
  const rewrites: Array<{ cell: number; offset: number }> = [];
  const once = (key: string, w: () => ConversionWarning) => {
    if (reported.has(key)) return;
    reported.add(key);
    warnings.push(w());
  };

  const userFunctions = new Set(statements.filter((s) => s.defines).map((s) => s.defines!.name));
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = links.get(x) ?? new Set<string>();
      set.add(y);
      links.set(x, set);
    }
  };
  const unlink = (n: string) => {
    for (const other of links.get(n) ?? []) links.get(other)?.delete(n);
    links.delete(n);
  };
  const aliasesOf = (n: string): Set<string> => {
    const seen = new Set<string>([n]);
    const queue = [n];
    while (queue.length > 0) {
      for (const next of links.get(queue.pop()!) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    seen.delete(n);
    return seen;
  };

  let local = new Set<string>();
  let currentStage = -1;
  const needImport = (stage: StageFlow, name: string) => {
    for (const t of importTexts.get(name)!) stage.imports.add(t);
  };
  const needDef = (si: number, name: string, s: PlacedStatement) => {
    const def = defs.get(name)!;
    if (def.stage === si) return;
    if (def.stage > si) {
      once(`late-def:${name}:${si}`, () => warn(s, 'used-before-defined', `'${name}' is used here but defined later, in cell ${def.cell}: the notebook ran its cells out of order; the converted pipeline runs them in order`));
      return;
    }
    const set = stages[si]!.uses.get(def.stage) ?? new Set<string>();
    set.add(name);
    stages[si]!.uses.set(def.stage, set);
  };

  const bindHere = (si: number, n: string) => {
    local.add(n);
    available.set(n, si);
    lastRebound.set(n, si);
    if (!touched[si]!.includes(n)) touched[si]!.push(n);
  };

  /** Resolves a name read at statement `s` of stage `si`. */
  const read = (si: number, s: PlacedStatement, name: string, boundHere: boolean) => {
    const stage = stages[si]!;
    if (local.has(name)) {
      const closure = closures.get(name);
      if (closure && closure.stage === si) for (const w of closure.deferred.writes) bindHere(si, w);
      return;
    }
    if (hoistImport.has(name)) return needImport(stage, name);
    if (defs.has(name)) return needDef(si, name, s);
    const from = available.get(name);
    if (from !== undefined) {
      stage.inputs.set(name, from);
      local.add(name);
      const closure = closures.get(name);
      if (closure && closure.stage !== si && closure.deferred.writes.size > 0) {
        once(`global-call:${name}:${si}`, () => warn(s, 'global-in-function', `'${name}' (defined in stage '${stages[closure.stage]!.name}') assigns '${[...closure.deferred.writes].join("', '")}' when called; called from this stage, it changes its own stage's variables, not this stage's`));
      }
      if (closure && closure.stage !== si) {
        for (const free of closure.deferred.reads) {
          const at = lastRebound.get(free);
          if (at !== undefined && at > closure.stage) {
            once(`rebound:${name}:${free}`, () => warn(s, 'function-global-rebound', `'${name}' (defined in stage '${stages[closure.stage]!.name}') reads '${free}', which stage '${stages[at]!.name}' assigns again; the converted '${name}' still sees the value from its own stage`));
          }
        }
      }
      return;
    }
    if (PYTHON_BUILTINS.has(name) || boundHere) return;
    const first = firstBound.get(name);
    if (first) {
      once(`late:${name}:${si}`, () => warn(s, 'used-before-defined', `'${name}' is used here but first assigned later, in cell ${first.cell} line ${first.sourceLine}: the notebook ran its cells out of order; the converted pipeline runs them in order`));
      return;
    }
    if (starImports.length > 0) {
      stage.needsStar = true;
      once(`star:${name}`, () => warn(s, 'star-import', `'${name}' is assumed to come from '${starImports.join("', '")}'; the star import is repeated in each stage module that needs it`, false));
      return;
    }
    once(`undefined:${name}`, () => warn(s, 'undefined-name', `'${name}' is never assigned in the notebook and is not a builtin: it raises NameError in the notebook too`));
  };

  for (const s of statements) {
    if (s.stage !== currentStage) {
      currentStage = s.stage;
      local = new Set();
    }
    const si = s.stage;
    const stage = stages[si]!;
    if (s.topLevelAwait !== undefined) once(`await:${s.cell}:${s.sourceLine}`, () => warn(s, 'top-level-await', "'await' outside a function runs in IPython but not in a stage function: wrap the code in an async function and call it with asyncio.run()"));
    if (s.reads.has('__name__') || s.reads.has('__file__')) {
      once(`dunder:${s.cell}:${s.sourceLine}`, () => warn(s, 'module-name', "'__name__' / '__file__' differ in a stage module ('stages.<name>', its file) from the notebook's ('__main__', none): code that tests them behaves differently"));
    }
    if (s.dynamic) once(`dynamic:${s.cell}:${s.sourceLine}`, () => warn(s, 'dynamic-names', `'${s.dynamic!.name}()' reads or writes names the analysis cannot see: check the stage's inputs and outputs`));
    if (s.globalDecls && !hoistedStatements.has(s)) {
      // In the stage function, `global x` would reach the module, not the stage's `x`:
      // `nonlocal x` reaches it when the stage binds x (or takes it in).
      const names = s.globalDecls.flatMap((g) => g.names);
      const reachable = s.defines !== undefined && names.every((n) => local.has(n) || available.has(n) || boundInStage[si]!.has(n));
      if (reachable) {
        for (const n of names) if (!local.has(n) && available.has(n)) read(si, s, n, false);
        for (const g of s.globalDecls) rewrites.push({ cell: s.cell, offset: g.offset });
      } else {
        once(`global:${s.cell}:${s.sourceLine}`, () => warn(s, 'global-in-function', `a function assigns the global${names.length > 1 ? 's' : ''} '${names.join("', '")}', which this stage does not hold: the converted function assigns a module global instead`));
      }
    }
    if (s.imports?.some((b) => b.star)) stage.needsStar = true;
    if (hoistedStatements.has(s)) {
      if (s.defines) {
        stage.hoisted.push(s);
        // Its module needs what it reads now and when called (imports, other definitions).
        for (const n of new Set([...s.reads, ...s.defines.deferred.reads])) read(si, s, n, false);
      } else if (s.imports) {
        for (const b of s.imports) if (!b.star) local.delete(b.name);
      }
      continue;
    }
    for (const n of s.reads) read(si, s, n, s.writes.has(n));
    for (const n of s.mutates) if (!s.reads.has(n)) read(si, s, n, s.writes.has(n));
    // What else may change: names passed to the notebook's own functions, and other names of a changed object.
    const changed = new Set(s.mutates);
    for (const call of s.calls ?? []) if (userFunctions.has(call.callee)) for (const a of call.args) changed.add(a);
    for (const n of [...changed]) for (const a of aliasesOf(n)) changed.add(a);
    const extra = [...changed].filter((n) => !s.mutates.has(n) && !hoistImport.has(n) && !defs.has(n) && (local.has(n) || available.has(n)));
    for (const n of extra) read(si, s, n, false);
    if (s.defines) {
      // A closure reads its free names when called; those from earlier stages must reach this stage.
      closures.set(s.defines.name, { stage: si, deferred: s.defines.deferred, statement: s });
      for (const n of s.defines.deferred.reads) {
        if (local.has(n) || hoistImport.has(n) || defs.has(n) || PYTHON_BUILTINS.has(n)) {
          read(si, s, n, false);
          continue;
        }
        if (available.has(n)) read(si, s, n, false);
        else if (boundInStage[si]!.has(n)) continue;
        else if (firstBound.has(n)) {
          once(`later:${s.defines.name}:${n}`, () => warn(s, 'function-global-later', `'${s.defines!.name}' reads '${n}', which is first assigned in a later stage: the converted '${s.defines!.name}' cannot see it`));
        } else read(si, s, n, false);
      }
    }
    for (const n of s.writes) unlink(n);
    for (const [a, b] of s.aliases ?? []) link(a, b);
    for (const n of [...s.writes, ...s.mutates, ...extra]) {
      if (hoistImport.has(n) || defs.has(n)) continue;
      local.add(n);
      available.set(n, si);
      if (!touched[si]!.includes(n)) touched[si]!.push(n);
    }
    for (const n of s.writes) lastRebound.set(n, si);
    for (const n of s.deletes) {
      local.delete(n);
      available.delete(n);
    }
  }
  for (const stage of stages) {
    for (const [name, from] of stage.inputs) {
      const producer = stages[from]!;
      if (!producer.outputs.includes(name)) producer.outputs.push(name);
    }
  }
  stages.forEach((stage, i) => {
    const order = touched[i]!;
    stage.outputs.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  });
  // A function defined inside a stage function cannot be pickled: the stages after it need the whole pipeline.
  stages.forEach((stage, i) => {
    for (const name of stage.outputs) {
      const closure = closures.get(name);
      if (closure?.stage === i) {
        once(`closure-output:${name}`, () => warn(closure.statement, 'closure-output', `'${name}' reads notebook variables, so it stays inside stage '${stage.name}' and is handed on as a value: stages that use it run in the whole pipeline, not alone with --stage`, false));
      }
    }
  });
  return { stages, hoistedStatements, starImports, importModules, warnings, rewrites };
}
