// The names an import statement binds, each with an import statement that binds only it.
import type { SyntaxNode } from '@lezer/common';

export interface ImportBinding {
  /** The name the statement binds. */
  name: string;
  /** One import statement that binds just this name, e.g. `import a.b` or `from m import x as y`. */
  text: string;
  /** The top-level module, for requirements. */
  module: string;
  star: boolean;
}

function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

export function importBindings(n: SyntaxNode, src: string): ImportBinding[] {
  const text = (node: SyntaxNode) => src.slice(node.from, node.to);
  const parts = children(n);
  const bindings: ImportBinding[] = [];
  const isFrom = parts[0]?.name === 'from';
  if (isFrom) {
    const importAt = parts.findIndex((c) => c.name === 'import');
    const module = src.slice(parts[1]!.from, parts[importAt - 1]!.to).replace(/\s+/g, '');
    const names = parts.slice(importAt + 1).filter((c) => c.name !== '(' && c.name !== ')');
    const top = module.replace(/^\.+/, '').split('.')[0] ?? '';
    for (let i = 0; i < names.length; i++) {
      const c = names[i]!;
      if (c.name === '*') {
        bindings.push({ name: '*', text: `from ${module} import *`, module: top, star: true });
        continue;
      }
      if (c.name !== 'VariableName') continue;
      const original = text(c);
      let alias = original;
      if (names[i + 1]?.name === 'as' && names[i + 2]) {
        alias = text(names[i + 2]!);
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
      if (c.name === 'VariableName') dotted.push(text(c));
      else if (c.name === 'as') {
        flush(text(parts[i + 1]!));
        i++;
      } else if (c.name === ',') flush();
    }
    flush();
  }
  return bindings;
}
