// The outline (document symbols) from the parse tree, and folding ranges from indentation so
// that folding keeps working while the text does not parse.
import type { SpanNode } from '../spec/yaml-tree.ts';
import { commentStart } from './cursor.ts';
import { type SpecDocument, specDocument } from './document.ts';
import { type DocumentSymbol, type FoldingRange, SymbolKind } from './types.ts';

/** Symbol kinds for the entries of the sections that define names. */
const NAMED: Record<string, SymbolKind> = { datasets: SymbolKind.Class, stages: SymbolKind.Function, metrics: SymbolKind.Event, columns: SymbolKind.Field };
/** An outline deeper than this is noise (column rules, provider settings). */
const MAX_DEPTH = 5;

function scalarText(doc: SpecDocument, node: SpanNode | undefined): string | undefined {
  if (node?.kind !== 'scalar') return undefined;
  const raw = doc.body.slice(node.start, node.end);
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
}

function symbolsOf(doc: SpecDocument, node: SpanNode | undefined, parentKey: string | undefined, depth: number): DocumentSymbol[] {
  if (!node?.children || depth > MAX_DEPTH) return [];
  const out: DocumentSymbol[] = [];
  if (node.kind === 'map') {
    for (let i = 0; i < node.children.length; i += 2) {
      const key = node.children[i]!;
      const value = node.children[i + 1];
      const name = key.text ?? doc.body.slice(key.start, key.end);
      const kind = depth === 0 ? SymbolKind.Module : (NAMED[parentKey ?? ''] ?? (value?.kind === 'seq' ? SymbolKind.Array : SymbolKind.Property));
      const end = Math.max(key.end, value?.end ?? key.end);
      const children = symbolsOf(doc, value, name, depth + 1);
      out.push({ name, kind, detail: scalarText(doc, value), range: doc.range(key.start, end), selectionRange: doc.range(key.start, key.end), ...(children.length ? { children } : {}) });
    }
  } else if (node.kind === 'seq') {
    node.children.forEach((item, i) => {
      // `- weight: 5` reads better than `[0]`.
      const first = item.kind === 'map' ? item.children?.[0] : undefined;
      const firstValue = scalarText(doc, item.children?.[1]);
      const name = first ? `${first.text ?? ''}${firstValue ? `: ${firstValue}` : ''}` : (scalarText(doc, item) ?? `[${i}]`);
      const children = item.kind === 'map' && (item.children?.length ?? 0) > 2 ? symbolsOf(doc, item, undefined, depth + 1) : [];
      out.push({ name, kind: SymbolKind.Variable, range: doc.range(item.start, item.end), selectionRange: doc.range(item.start, item.end), ...(children.length ? { children } : {}) });
    });
  }
  return out;
}

/** The spec's outline: sections, then datasets, stages, metrics and their keys. */
export function documentSymbols(text: string): DocumentSymbol[] {
  const doc = specDocument(text);
  return symbolsOf(doc, doc.parsed.tree, undefined, 0);
}

/** A fold for each line followed by more indented lines, and for runs of comment lines. */
export function foldingRanges(text: string): FoldingRange[] {
  const doc = specDocument(text);
  if (doc.tooLarge) return [];
  const lines = doc.body.split('\n');
  const out: FoldingRange[] = [];
  const open: Array<{ line: number; indent: number }> = [];
  let lastContent = -1;
  let commentRun = -1;
  const close = (indent: number) => {
    while (open.length && open[open.length - 1]!.indent >= indent) {
      const top = open.pop()!;
      if (lastContent > top.line) out.push({ startLine: top.line, endLine: lastContent });
    }
  };
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trimStart();
    if (trimmed.startsWith('#')) {
      if (commentRun === -1) commentRun = i;
      return;
    }
    if (commentRun !== -1 && i - 1 > commentRun) out.push({ startLine: commentRun, endLine: i - 1, kind: 'comment' });
    commentRun = -1;
    if (trimmed === '' || commentStart(line) === line.length - trimmed.length) return;
    const indent = line.length - trimmed.length;
    close(indent);
    open.push({ line: i, indent });
    lastContent = i;
  });
  close(-1);
  if (commentRun !== -1 && lines.length - 1 > commentRun) out.push({ startLine: commentRun, endLine: lines.length - 1, kind: 'comment' });
  // Positions are the body's lines; a BOM only shifts characters, never lines.
  return out.sort((a, b) => a.startLine - b.startLine);
}
