// What each top-level statement of a cell reads, binds and may modify, from a real Python
// parse (@lezer/python), following Python's scoping: functions, classes, lambdas and
// comprehensions are scopes; `global`, walrus and loop targets bind where Python binds them.
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';

/** What calling a function (or using a class) reads and changes at module level. */
export interface Deferred {
  reads: Set<string>;
  /** Module names assigned through `global` inside it. */
  writes: Set<string>;
  mutates: Set<string>;
}

export interface ImportBinding {
  /** The name the statement binds. */
  name: string;
  /** One import statement that binds just this name, e.g. `import a.b` or `from m import x as y`. */
  text: string;
  /** The top-level module, for requirements. */
  module: string;
  star: boolean;
}

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
  /** exec/eval/globals()/locals()/vars(): names the analysis cannot see. */
  dynamic?: { name: string; offset: number };
  /** `global` statements inside functions: offset for the warning. */
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

// Methods that only read their object. Any other method call may modify it (a seeded
// random generator advances on `.normal()`, a model learns on `.fit()`).
const PURE_METHODS = new Set(
  `head tail describe info copy mean median sum std var min max count nunique unique value_counts
  groupby agg aggregate apply map merge join concat pivot pivot_table melt query filter sort_values
  sort_index reset_index set_index rename drop dropna fillna replace astype round abs cumsum cumprod
  diff pct_change shift rolling expanding resample corr cov quantile rank clip isna isnull notna
  notnull any all to_numpy to_list tolist to_dict to_frame to_csv to_json to_parquet to_string
  to_markdown items keys values get select_dtypes sample nlargest nsmallest idxmax idxmin argmax
  argmin reshape ravel flatten transpose dot sqrt exp log format join split strip lower upper
  startswith endswith encode decode predict predict_proba predict_log_proba decision_function
  score transform inverse_transform get_params get_feature_names_out mean_squared_error
  where mask isin between duplicated drop_duplicates explode stack unstack assign pipe
  plot hist scatter bar savefig legend title xlabel ylabel show subplots tight_layout
  index find rfind count startswith splitlines zfill ljust rjust center items`.split(/\s+/),
);
const MUTATING_FUNCTIONS = new Set(['shuffle', 'seed']);
const DYNAMIC = new Set(['exec', 'eval', 'globals', 'locals', 'vars']);
const COMPREHENSIONS = new Set(['ArrayComprehensionExpression', 'DictionaryComprehensionExpression', 'SetComprehensionExpression', 'ComprehensionExpression']);

interface Scope {
  kind: 'module' | 'function' | 'class' | 'comprehension';
  reads: Set<string>;
  binds: Set<string>;
  mutates: Set<string>;
  deletes: Set<string>;
  globals: Set<string>;
  nonlocals: Set<string>;
  parent: Scope | undefined;
  /** Module level: deferred facts of nested functions are not reads now. */
  deferredReads: Set<string>;
  deferredMutates: Set<string>;
  deferredWrites: Set<string>;
  globalWrites: Set<string>;
}

function newScope(kind: Scope['kind'], parent: Scope | undefined): Scope {
  const s = () => new Set<string>();
  return { kind, reads: s(), binds: s(), mutates: s(), deletes: s(), globals: s(), nonlocals: s(), parent, deferredReads: s(), deferredMutates: s(), deferredWrites: s(), globalWrites: s() };
}

class Walker {
  dynamic: StatementFacts['dynamic'];
  globalDecls: Array<{ names: string[]; offset: number }> = [];
  constructor(readonly src: string) {}

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  children(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  /** The scope a walrus binds in: the nearest one that is not a comprehension. */
  walrusScope(scope: Scope): Scope {
    let s = scope;
    while (s.kind === 'comprehension' && s.parent) s = s.parent;
    return s;
  }

  bindName(name: string, scope: Scope) {
    if (scope.globals.has(name)) {
      scope.globalWrites.add(name);
      return;
    }
    scope.binds.add(name);
  }

  /** The leftmost name of `a.b[c].d`, or undefined (`f()[0]`). */
  rootName(n: SyntaxNode): SyntaxNode | undefined {
    let c: SyntaxNode | null = n;
    while (c && (c.name === 'MemberExpression' || c.name === 'ParenthesizedExpression')) c = c.firstChild?.name === '(' ? c.firstChild.nextSibling : c.firstChild;
    return c?.name === 'VariableName' ? c : undefined;
  }

  /** An assignment / for / with / del target. */
  target(n: SyntaxNode, scope: Scope, mode: 'bind' | 'delete' | 'update') {
    switch (n.name) {
      case 'VariableName': {
        const name = this.text(n);
        if (mode === 'delete') {
          scope.deletes.add(name);
          scope.binds.delete(name);
        } else {
          if (mode === 'update') scope.reads.add(name);
          this.bindName(name, scope);
        }
        return;
      }
      case 'MemberExpression': {
        const root = this.rootName(n);
        if (root) {
          const name = this.text(root);
          scope.reads.add(name);
          scope.mutates.add(name);
        }
        // Subscripts and the object expression are read.
        for (const c of this.children(n)) if (c !== root) this.expr(c, scope);
        return;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression':
        for (const c of this.children(n)) this.target(c, scope, mode);
        return;
      case '(': case ')': case '[': case ']': case ',': case '*':
        return;
      default:
        this.expr(n, scope);
    }
  }

  /** Binding targets given as a run of sibling nodes (`a, *b = …`). */
  targets(nodes: SyntaxNode[], scope: Scope, mode: 'bind' | 'delete' | 'update') {
    for (const n of nodes) this.target(n, scope, mode);
  }

  params(list: SyntaxNode, inner: Scope, outer: Scope) {
    let expectName = true;
    for (const c of this.children(list)) {
      if (c.name === '(' || c.name === ',' || c.name === '*' || c.name === '**' || c.name === '/') {
        expectName = true;
        continue;
      }
      if (c.name === 'VariableName' && expectName) {
        inner.binds.add(this.text(c));
        expectName = false;
        continue;
      }
      if (c.name === 'AssignOp' || c.name === ')') continue;
      if (c.name === 'TypeDef') {
        for (const t of this.children(c)) this.expr(t, outer);
        continue;
      }
      this.expr(c, outer);
    }
  }

  /** Closes a function scope: its free names become deferred facts of the enclosing scope. */
  closeFunction(inner: Scope): Deferred {
    const free = (names: Set<string>) => new Set([...names].filter((n) => !inner.binds.has(n) || inner.globals.has(n)));
    const deferred: Deferred = {
      reads: free(new Set([...inner.reads, ...inner.deferredReads])),
      writes: new Set(inner.globalWrites),
      mutates: free(new Set([...inner.mutates, ...inner.deferredMutates])),
    };
    return deferred;
  }

  addDeferred(scope: Scope, d: Deferred) {
    if (scope.kind === 'module') {
      for (const n of d.reads) scope.deferredReads.add(n);
      for (const n of d.mutates) scope.deferredMutates.add(n);
      for (const n of d.writes) scope.deferredWrites.add(n);
      return;
    }
    // Inside a function, a nested function's free names are the function's own free names.
    for (const n of d.reads) scope.deferredReads.add(n);
    for (const n of d.mutates) scope.deferredMutates.add(n);
    for (const n of d.writes) scope.globalWrites.add(n);
  }

  functionDef(n: SyntaxNode, scope: Scope, decorators: SyntaxNode[]): { name: string; deferred: Deferred } | undefined {
    for (const d of decorators) this.expr(d, scope);
    const parts = this.children(n);
    const nameNode = parts.find((c) => c.name === 'VariableName');
    const inner = newScope('function', scope);
    for (const c of parts) {
      if (c.name === 'ParamList') this.params(c, inner, scope);
      else if (c.name === 'TypeDef') for (const t of this.children(c)) this.expr(t, scope);
      else if (c.name === 'Body') this.body(c, inner);
    }
    const deferred = this.closeFunction(inner);
    this.addDeferred(scope, deferred);
    if (!nameNode) return undefined;
    const name = this.text(nameNode);
    this.bindName(name, scope);
    return { name, deferred };
  }

  classDef(n: SyntaxNode, scope: Scope, decorators: SyntaxNode[]): { name: string; deferred: Deferred } | undefined {
    for (const d of decorators) this.expr(d, scope);
    const parts = this.children(n);
    const nameNode = parts.find((c) => c.name === 'VariableName');
    const inner = newScope('class', scope);
    for (const c of parts) {
      if (c.name === 'ArgList') this.args(c, scope);
      else if (c.name === 'Body') this.body(c, inner);
    }
    // The class body runs now, in its own namespace; its methods' free names are read later.
    for (const r of inner.reads) if (!inner.binds.has(r)) scope.reads.add(r);
    for (const m of inner.mutates) if (!inner.binds.has(m)) scope.mutates.add(m);
    const deferred: Deferred = { reads: new Set(inner.deferredReads), writes: new Set(inner.globalWrites), mutates: new Set(inner.deferredMutates) };
    this.addDeferred(scope, deferred);
    if (!nameNode) return undefined;
    const name = this.text(nameNode);
    this.bindName(name, scope);
    return { name, deferred };
  }

  args(list: SyntaxNode, scope: Scope): boolean {
    const parts = this.children(list);
    let inplace = false;
    for (let i = 0; i < parts.length; i++) {
      const c = parts[i]!;
      if (c.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp') {
        if (this.text(c) === 'inplace' && parts[i + 2] && this.text(parts[i + 2]!) === 'True') inplace = true;
        i++;
        continue;
      }
      this.expr(c, scope);
    }
    return inplace;
  }

  call(n: SyntaxNode, scope: Scope) {
    const [callee, argList] = [n.firstChild, n.lastChild];
    if (!callee) return;
    this.expr(callee, scope);
    const inplace = argList?.name === 'ArgList' ? this.args(argList, scope) : false;
    if (callee.name === 'MemberExpression') {
      const root = this.rootName(callee);
      const method = callee.lastChild?.name === 'PropertyName' ? this.text(callee.lastChild) : undefined;
      if (root && (inplace || method === undefined || !PURE_METHODS.has(method))) scope.mutates.add(this.text(root));
      if (method && MUTATING_FUNCTIONS.has(method) && argList) {
        const first = argList.firstChild?.nextSibling;
        if (first?.name === 'VariableName') scope.mutates.add(this.text(first));
      }
    } else if (callee.name === 'VariableName') {
      const name = this.text(callee);
      if (DYNAMIC.has(name) && !this.dynamic) this.dynamic = { name, offset: n.from };
      if (MUTATING_FUNCTIONS.has(name) && argList) {
        const first = argList.firstChild?.nextSibling;
        if (first?.name === 'VariableName') scope.mutates.add(this.text(first));
      }
    }
  }

  comprehension(n: SyntaxNode, scope: Scope) {
    const inner = newScope('comprehension', scope);
    const parts = this.children(n);
    let mode: 'expr' | 'target' = 'expr';
    let firstIter = true;
    for (const c of parts) {
      if (c.name === 'for') {
        mode = 'target';
        continue;
      }
      if (c.name === 'in') {
        mode = 'expr';
        continue;
      }
      if (mode === 'target') this.target(c, inner, 'bind');
      else if (firstIter && parts[parts.indexOf(c) - 1]?.name === 'in') {
        // The first iterable is evaluated in the enclosing scope.
        this.expr(c, scope);
        firstIter = false;
      } else this.expr(c, inner);
    }
    for (const r of inner.reads) if (!inner.binds.has(r)) scope.reads.add(r);
    for (const m of inner.mutates) if (!inner.binds.has(m)) scope.mutates.add(m);
    for (const r of inner.deferredReads) if (!inner.binds.has(r)) scope.deferredReads.add(r);
  }

  topLevelAwait: number | undefined;

  expr(n: SyntaxNode, scope: Scope): void {
    if (n.name === 'AwaitExpression' && this.topLevelAwait === undefined) {
      let s: Scope | undefined = scope;
      while (s && s.kind !== 'function') s = s.parent;
      if (!s) this.topLevelAwait = n.from;
    }
    switch (n.name) {
      case 'VariableName':
        scope.reads.add(this.text(n));
        return;
      case 'PropertyName':
      case 'String':
      case 'Number':
      case 'Comment':
        return;
      case 'CallExpression':
        this.call(n, scope);
        return;
      case 'NamedExpression': {
        const name = n.firstChild;
        for (const c of this.children(n)) if (c !== name) this.expr(c, scope);
        if (name?.name === 'VariableName') this.bindName(this.text(name), this.walrusScope(scope));
        return;
      }
      case 'LambdaExpression': {
        const inner = newScope('function', scope);
        for (const c of this.children(n)) {
          if (c.name === 'ParamList') this.params(c, inner, scope);
          else if (c.name !== 'lambda' && c.name !== ':') this.expr(c, inner);
        }
        // A lambda's free names count as read where it is written: it is usually called right away.
        const d = this.closeFunction(inner);
        for (const r of d.reads) scope.reads.add(r);
        for (const m of d.mutates) scope.mutates.add(m);
        return;
      }
      case 'ArgList':
        this.args(n, scope);
        return;
      default:
        if (COMPREHENSIONS.has(n.name)) {
          this.comprehension(n, scope);
          return;
        }
        for (let c = n.firstChild; c; c = c.nextSibling) this.expr(c, scope);
    }
  }

  body(n: SyntaxNode, scope: Scope) {
    for (let c = n.firstChild; c; c = c.nextSibling) this.statement(c, scope);
  }

  /** Splits `a = b = value` into targets and the value. */
  assign(n: SyntaxNode, scope: Scope) {
    const parts = this.children(n);
    const ops = parts.map((c, i) => (c.name === 'AssignOp' ? i : -1)).filter((i) => i >= 0);
    const typeDef = parts.find((c) => c.name === 'TypeDef');
    if (typeDef) for (const t of this.children(typeDef)) this.expr(t, scope);
    if (ops.length === 0) return;
    const last = ops[ops.length - 1]!;
    for (const c of parts.slice(last + 1)) this.expr(c, scope);
    let start = 0;
    for (const op of ops) {
      this.targets(parts.slice(start, op).filter((c) => c.name !== 'TypeDef'), scope, 'bind');
      start = op + 1;
    }
  }

  importStatement(n: SyntaxNode, scope: Scope): ImportBinding[] {
    const parts = this.children(n);
    const bindings: ImportBinding[] = [];
    const isFrom = parts[0]?.name === 'from';
    if (isFrom) {
      const importAt = parts.findIndex((c) => c.name === 'import');
      const module = this.src.slice(parts[1]!.from, parts[importAt - 1]!.to).replace(/\s+/g, '');
      const names = parts.slice(importAt + 1).filter((c) => c.name !== '(' && c.name !== ')');
      const top = module.replace(/^\.+/, '').split('.')[0] ?? '';
      for (let i = 0; i < names.length; i++) {
        const c = names[i]!;
        if (c.name === '*') {
          bindings.push({ name: '*', text: `from ${module} import *`, module: top, star: true });
          continue;
        }
        if (c.name !== 'VariableName') continue;
        const original = this.text(c);
        let alias = original;
        if (names[i + 1]?.name === 'as' && names[i + 2]) {
          alias = this.text(names[i + 2]!);
          i += 2;
        }
        bindings.push({ name: alias, text: alias === original ? `from ${module} import ${original}` : `from ${module} import ${original} as ${alias}`, module: top, star: false });
      }
    } else {
      // import a.b.c as d, e
      let dotted: string[] = [];
      const flush = (alias?: string) => {
        if (dotted.length === 0) return;
        const path = dotted.join('.');
        const name = alias ?? dotted[0]!;
        bindings.push({ name, text: alias ? `import ${path} as ${alias}` : `import ${path}`, module: dotted[0]!, star: false });
        dotted = [];
      };
      for (let i = 1; i < parts.length; i++) {
        const c = parts[i]!;
        if (c.name === 'VariableName') dotted.push(this.text(c));
        else if (c.name === 'as') {
          flush(this.text(parts[i + 1]!));
          i++;
        } else if (c.name === ',') flush();
      }
      flush();
    }
    for (const b of bindings) if (!b.star) this.bindName(b.name, scope);
    return bindings;
  }

  statement(n: SyntaxNode, scope: Scope): { name: string; deferred: Deferred } | ImportBinding[] | undefined {
    switch (n.name) {
      case 'AssignStatement':
        this.assign(n, scope);
        return;
      case 'UpdateStatement': {
        const parts = this.children(n);
        const op = parts.findIndex((c) => c.name === 'UpdateOp');
        for (const c of parts.slice(op + 1)) this.expr(c, scope);
        this.targets(parts.slice(0, op), scope, 'update');
        return;
      }
      case 'DeleteStatement':
        this.targets(this.children(n).slice(1), scope, 'delete');
        return;
      case 'ForStatement': {
        const parts = this.children(n);
        const forAt = parts.findIndex((c) => c.name === 'for');
        const inAt = parts.findIndex((c) => c.name === 'in');
        for (const c of parts.slice(inAt + 1)) {
          if (c.name === 'Body') this.body(c, scope);
          else if (c.name !== 'else') this.expr(c, scope);
        }
        this.targets(parts.slice(forAt + 1, inAt), scope, 'bind');
        return;
      }
      case 'WithStatement': {
        const parts = this.children(n);
        for (let i = 0; i < parts.length; i++) {
          const c = parts[i]!;
          if (c.name === 'as') {
            this.target(parts[i + 1]!, scope, 'bind');
            i++;
          } else if (c.name === 'Body') this.body(c, scope);
          else if (c.name !== 'with' && c.name !== 'async' && c.name !== ',') this.expr(c, scope);
        }
        return;
      }
      case 'TryStatement': {
        const parts = this.children(n);
        for (let i = 0; i < parts.length; i++) {
          const c = parts[i]!;
          if (c.name === 'as') {
            this.target(parts[i + 1]!, scope, 'bind');
            i++;
          } else if (c.name === 'Body') this.body(c, scope);
          else if (!['try', 'except', 'finally', 'else', '*'].includes(c.name)) this.expr(c, scope);
        }
        return;
      }
      case 'ScopeStatement': {
        const parts = this.children(n);
        const names = parts.filter((c) => c.name === 'VariableName').map((c) => this.text(c));
        const set = parts[0]?.name === 'global' ? scope.globals : scope.nonlocals;
        for (const name of names) set.add(name);
        if (parts[0]?.name === 'global' && scope.kind !== 'module') this.globalDecls.push({ names, offset: n.from });
        return;
      }
      case 'ImportStatement':
        return this.importStatement(n, scope);
      case 'FunctionDefinition':
        return this.functionDef(n, scope, []);
      case 'ClassDefinition':
        return this.classDef(n, scope, []);
      case 'DecoratedStatement': {
        const decorators = this.children(n).filter((c) => c.name === 'Decorator').flatMap((d) => this.children(d).filter((c) => c.name !== 'At'));
        const def = n.lastChild;
        if (def?.name === 'FunctionDefinition') return this.functionDef(def, scope, decorators);
        if (def?.name === 'ClassDefinition') return this.classDef(def, scope, decorators);
        return;
      }
      case 'Body':
        this.body(n, scope);
        return;
      default:
        if (n.name.endsWith('Statement') || n.name === 'Script') {
          for (let c = n.firstChild; c; c = c.nextSibling) {
            if (c.name === 'Body') this.body(c, scope);
            else this.expr(c, scope);
          }
          return;
        }
        this.expr(n, scope);
    }
  }
}

function firstError(node: SyntaxNode): number | undefined {
  let found: number | undefined;
  const cursor = node.cursor();
  do {
    if (cursor.type.isError) {
      found = cursor.from;
      break;
    }
  } while (cursor.next());
  return found;
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
  tree.iterate({
    enter(n) {
      if ((n.name === 'String' || n.name === 'FormatString') && code.slice(n.from, n.to).includes('\n')) {
        const [a, b] = [lineOf(n.from), lineOf(n.to)];
        for (let l = a + 1; l <= b; l++) stringContinuationLines.add(l);
        return false;
      }
      return undefined;
    },
  });
  const syntaxError = firstError(top);
  const statements: StatementFacts[] = [];
  const walker = new Walker(code);
  for (let n = top.firstChild; n; n = n.nextSibling) {
    if (n.name === 'Comment') continue;
    const scope = newScope('module', undefined);
    walker.dynamic = undefined;
    walker.globalDecls = [];
    walker.topLevelAwait = undefined;
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
    statements.push(facts);
  }
  return syntaxError === undefined ? { statements, stringContinuationLines } : { statements, syntaxError, stringContinuationLines };
}
