// Source positions: offsets to 1-based line/column, and the source span at a JSON path.
import { boundMessage, type Diagnostic, type Severity } from './diagnostics.ts';
import type { SpanNode } from './yaml-tree.ts';

export type JsonPath = ReadonlyArray<string | number>;
export type Range = Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>;

/** Maps offsets in one text to positions; line starts are computed once. */
export class SourceText {
  readonly text: string;
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    this.text = text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }

  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.lineStarts[lo]! + 1 };
  }

  /** The offset of a 1-based line and column (the inverse of `position`), clamped into the text. */
  offset(line: number, column: number): number {
    const start = this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))]!;
    return Math.max(0, Math.min(start + column - 1, this.text.length));
  }

  /**
   * The range of [start, end). A range ending in a line break ends at that line's end instead,
   * and an empty range is widened to one character when there is one.
   */
  range(start: number, end: number): Range {
    let s = Math.max(0, Math.min(start, this.text.length));
    let e = Math.max(s, Math.min(end, this.text.length));
    while (e > s && (this.text[e - 1] === '\n' || this.text[e - 1] === '\r')) e--;
    if (e === s && s < this.text.length && this.text[s] !== '\n' && this.text[s] !== '\r') e = s + 1;
    if (e === s && s === this.text.length) {
      // At the end of the file: point at its last visible character instead.
      while (s > 0 && /\s/.test(this.text[s - 1]!)) s--;
      if (s > 0) s--;
      e = Math.min(s + 1, this.text.length);
    }
    const a = this.position(s);
    const b = this.position(e);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** Clips [start, end) to the line `start` is on. */
  clipToLine(start: number, end: number): [number, number] {
    const newline = this.text.indexOf('\n', start);
    return [start, newline !== -1 && newline < end ? newline : end];
  }

  diagnostic(severity: Severity, code: string, message: string, start: number, end: number): Diagnostic {
    return { severity, code, message: boundMessage(message), ...this.range(start, end) };
  }
}

/** Where a JSON path lands in the span tree: the key and value nodes, when present. */
export interface Located {
  key?: SpanNode;
  value?: SpanNode;
}

/** Key → index of the key node, for mappings too big to scan once per lookup (a spec with 100,000 keys). */
const keyIndexes = new WeakMap<SpanNode, Map<string, number>>();

/** The index of `wanted` among a mapping's children (keys at even indexes), the last one when repeated. */
function keyIndex(node: SpanNode, children: SpanNode[], wanted: string): number {
  if (children.length <= 64) {
    for (let i = children.length - 2; i >= 0; i -= 2) if (children[i]!.text === wanted) return i;
    return -1;
  }
  let index = keyIndexes.get(node);
  if (!index) {
    index = new Map();
    // Later duplicates win in the value, as they do in the scan.
    for (let i = 0; i < children.length; i += 2) if (children[i]!.text !== undefined) index.set(children[i]!.text!, i);
    keyIndexes.set(node, index);
  }
  return index.get(wanted) ?? -1;
}

/** Finds the nodes for `path` (JSON segments as ajv reports them); stops early at an alias or a missing key. */
export function locate(root: SpanNode | undefined, path: JsonPath): Located {
  let node = root;
  let key: SpanNode | undefined;
  for (const segment of path) {
    const children = node?.children;
    if (!node || !children) return { key, value: node };
    if (node.kind === 'map') {
      const index = keyIndex(node, children, String(segment));
      if (index === -1) return { key, value: node };
      key = children[index];
      node = children[index + 1];
      if (!node) return { key };
    } else {
      const item = children[Number(segment)];
      if (!item) return { key, value: node };
      key = undefined;
      node = item;
    }
  }
  return { key, value: node };
}

function span(node: SpanNode | undefined): [number, number] | undefined {
  return node ? [node.start, node.end] : undefined;
}

/** Offsets of the key if there is one, else the value: for "this key is wrong". */
export function keySpan(found: Located): [number, number] | undefined {
  return span(found.key) ?? span(found.value);
}

/**
 * Offsets of the value if present, else its key: for "this value is wrong". A mapping or
 * list value, or an empty one, is reported on its key, so the range stays on one line.
 */
export function valueSpan(found: Located): [number, number] | undefined {
  const value = found.value;
  if (found.key && (!value || value.kind === 'map' || value.kind === 'seq' || value.start === value.end)) return span(found.key);
  return span(value) ?? span(found.key);
}

/** What is at an offset: the JSON path of the innermost key or value there (for hover and completion). */
export interface PathAtOffset {
  path: Array<string | number>;
  on: 'key' | 'value';
  node: SpanNode;
}

/** The innermost key or value whose span contains `offset` (end inclusive, so a cursor after a word counts). */
export function pathAtOffset(root: SpanNode | undefined, offset: number): PathAtOffset | undefined {
  const inside = (n: SpanNode) => n.start <= offset && offset <= n.end;
  if (!root || !inside(root)) return undefined;
  const path: Array<string | number> = [];
  let node = root;
  for (;;) {
    const children = node.children;
    if (!children) return { path, on: 'value', node };
    let next: SpanNode | undefined;
    if (node.kind === 'map') {
      for (let i = 0; i < children.length; i += 2) {
        const key = children[i]!;
        const value = children[i + 1];
        if (inside(key)) return { path: [...path, key.text ?? ''], on: 'key', node: key };
        if (value && inside(value)) {
          path.push(key.text ?? '');
          next = value;
          break;
        }
      }
    } else {
      const index = children.findIndex(inside);
      if (index !== -1) {
        path.push(index);
        next = children[index];
      }
    }
    if (!next) return { path, on: 'value', node };
    node = next;
  }
}
