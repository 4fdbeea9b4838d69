// Walks one statement's syntax tree with Python's scoping rules, collecting the names read,
// bound and possibly modified at module level, and what calling a function defined there does.
import type { SyntaxNode } from '@lezer/common';
import { type ImportBinding, importBindings } from './python-imports.ts';
import { MUTATING_FUNCTIONS, PURE_METHODS } from './python-names.ts';
import type { Deferred, StatementFacts } from './python-scope.ts';

const DYNAMIC = new Set(['exec', 'eval', 'globals', 'locals', 'vars']);
const COMPREHENSIONS = new Set(['ArrayComprehensionExpression', 'DictionaryComprehensionExpression', 'SetComprehensionExpression', 'ComprehensionExpression']);

export interface Scope {
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

export function newScope(kind: Scope['kind'], parent: Scope | undefined): Scope {
  const s = () => new Set<string>();
  return { kind, reads: s(), binds: s(), mutates: s(), deletes: s(), globals: s(), nonlocals: s(), parent, deferredReads: s(), deferredMutates: s(), deferredWrites: s(), globalWrites: s() };
}

export class Walker {
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
      if (argList?.name === 'ArgList' && this.atModuleLevel(scope)) {
        // Names passed to a function as they are: the notebook's own functions may change them.
        const parts = this.children(argList);
        const args = parts.filter((c, i) => c.name === 'VariableName' && parts[i + 1]?.name !== 'AssignOp').map((c) => this.text(c));
        if (args.length > 0) this.calls.push({ callee: name, args });
      }
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
  calls: NonNullable<StatementFacts['calls']> = [];
  aliases: NonNullable<StatementFacts['aliases']> = [];

  /** True outside any function or class body (comprehensions run where they stand). */
  atModuleLevel(scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.kind === 'function' || s.kind === 'class') return false;
    return true;
  }

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

  /** A `with` or `try` statement: `as` binds the next node, bodies are walked, other parts (not `keywords`) are expressions. */
  clauses(n: SyntaxNode, scope: Scope, keywords: string[]) {
    const parts = this.children(n);
    for (let i = 0; i < parts.length; i++) {
      const c = parts[i]!;
      if (c.name === 'as') {
        this.target(parts[i + 1]!, scope, 'bind');
        i++;
      } else if (c.name === 'Body') this.body(c, scope);
      else if (!keywords.includes(c.name)) this.expr(c, scope);
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
    // `a = b`: one object, two names; a change through one is a change through the other.
    if (parts.length === 3 && parts[0]!.name === 'VariableName' && parts[2]!.name === 'VariableName' && this.atModuleLevel(scope)) {
      this.aliases.push([this.text(parts[0]!), this.text(parts[2]!)]);
    }
    let start = 0;
    for (const op of ops) {
      this.targets(parts.slice(start, op).filter((c) => c.name !== 'TypeDef'), scope, 'bind');
      start = op + 1;
    }
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
      case 'WithStatement':
        this.clauses(n, scope, ['with', 'async', ',']);
        return;
      case 'TryStatement':
        this.clauses(n, scope, ['try', 'except', 'finally', 'else', '*']);
        return;
      case 'ScopeStatement': {
        const parts = this.children(n);
        const names = parts.filter((c) => c.name === 'VariableName').map((c) => this.text(c));
        const set = parts[0]?.name === 'global' ? scope.globals : scope.nonlocals;
        for (const name of names) set.add(name);
        if (parts[0]?.name === 'global' && scope.kind !== 'module') this.globalDecls.push({ names, offset: n.from });
        return;
      }
      case 'ImportStatement': {
        const bindings = importBindings(n, this.src);
        for (const b of bindings) if (!b.star) this.bindName(b.name, scope);
        return bindings;
      }
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
