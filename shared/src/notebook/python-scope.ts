// What each top-level statement of a cell reads, binds and may modify, from a real Python
// parse (@lezer/python), following Python's scoping: functions, classes, lambdas and
// comprehensions are scopes; `global`, walrus and loop targets bind where Python binds them.
import { parser } from '@lezer/python';
import type { ImportBinding } from './python-imports.ts';
import { newScope, Walker } from './python-walker.ts';

/** What calling a function (or using a class) reads and changes at module level. */
export interface Deferred {
  reads: Set<string>;
  /** Module names assigned through `global` inside it. */
  writes: Set<string>;
  mutates: Set<string>;
}

export type { ImportBinding };

export interface StatementFacts {
  /** Offsets in the cell's plain code. */
  from: number;
  to: number;
  kind: 'import' | 'def' | 'other';
  /** Names read while the statement runs (for def/class: decorators, defaults, bases, class body). */
  reads: Set<string>;
  writes: Set<string>;
  /** Names whose object may be modified in place (`df['x'] = …`, `.fit()`, `inplace=True`). */
  mutates: Set<string>;
  deletes: Set<string>;
  /** For a def or class: its name and what using it later reads and changes. */
  defines?: { name: string; deferred: Deferred };
  imports?: ImportBinding[];
  /** `await` outside any function (IPython runs it; a stage function cannot): its offset. */
  topLevelAwait?: number;
  /** Calls of a bare name with bare names as arguments, at module level: `clean(df)`. */
  calls?: Array<{ callee: string; args: string[] }>;
  /** `a = b` at module level: [a, b]. */
  aliases?: Array<[string, string]>;
  /** exec/eval/globals()/locals()/vars(): names the analysis cannot see. */
  dynamic?: { name: string; offset: number };
  /** `global` statements inside its functions: the names and where the keyword is. */
  globalDecls?: Array<{ names: string[]; offset: number }>;
}

export interface CellAnalysis {
  statements: StatementFacts[];
  /** Offset of the first syntax error, if any. */
  syntaxError?: number;
  /** Line ranges (0-based, in the plain code) that continue a multi-line string: never re-indented. */
  stringContinuationLines: Set<number>;
}

/** Parses one cell's plain Python and returns the facts of each top-level statement. */
export function analyseCell(code: string): CellAnalysis {
  const tree = parser.parse(code);
  const top = tree.topNode;
  const stringContinuationLines = new Set<number>();
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // One pass over the tree: the first error, and (only when the code could have one) the
  // lines inside multi-line strings.
  const needStrings = code.includes('"""') || code.includes("'''") || code.includes('\\\n');
  let syntaxError: number | undefined;
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) {
      syntaxError ??= cursor.from;
      if (!needStrings) break;
    } else if (needStrings && (cursor.name === 'String' || cursor.name === 'FormatString')) {
      const [a, b] = [lineOf(cursor.from), lineOf(cursor.to)];
      for (let l = a + 1; l <= b; l++) stringContinuationLines.add(l);
    }
  } while (cursor.next());
  const statements: StatementFacts[] = [];
  const walker = new Walker(code);
  for (let n = top.firstChild; n; n = n.nextSibling) {
    if (n.name === 'Comment') continue;
    const scope = newScope('module', undefined);
    walker.dynamic = undefined;
    walker.globalDecls = [];
    walker.topLevelAwait = undefined;
    walker.calls = [];
    walker.aliases = [];
    const result = walker.statement(n, scope);
    const facts: StatementFacts = {
      from: n.from,
      to: n.to,
      kind: n.name === 'ImportStatement' ? 'import' : n.name === 'FunctionDefinition' || n.name === 'ClassDefinition' || n.name === 'DecoratedStatement' ? 'def' : 'other',
      reads: scope.reads,
      writes: new Set([...scope.binds, ...scope.globalWrites]),
      mutates: scope.mutates,
      deletes: scope.deletes,
    };
    if (Array.isArray(result)) facts.imports = result;
    else if (result) facts.defines = result;
    if (facts.kind === 'def' && !facts.defines) facts.kind = 'other';
    // Free names of nested code in a non-def statement (a lambda in a loop…) count as read now.
    if (facts.kind !== 'def') {
      for (const r of scope.deferredReads) facts.reads.add(r);
      for (const m of scope.deferredMutates) facts.mutates.add(m);
      for (const w of scope.deferredWrites) facts.writes.add(w);
    }
    if (walker.dynamic) facts.dynamic = walker.dynamic;
    if (walker.globalDecls.length > 0) facts.globalDecls = walker.globalDecls;
    if (walker.topLevelAwait !== undefined) facts.topLevelAwait = walker.topLevelAwait;
    if (walker.calls.length > 0) facts.calls = walker.calls;
    if (walker.aliases.length > 0) facts.aliases = walker.aliases;
    statements.push(facts);
  }
  return syntaxError === undefined ? { statements, stringContinuationLines } : { statements, syntaxError, stringContinuationLines };
}
