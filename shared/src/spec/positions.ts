// Source positions: offsets to 1-based line/column, and the YAML node at a JSON path.
import { type Document, isCollection, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Diagnostic, Severity } from './diagnostics.ts';

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
    return { severity, code, message, ...this.range(start, end) };
  }
}

/** Where a JSON path lands in the YAML tree: the pair's key and value nodes, when present. */
export interface Located {
  key?: Node;
  value?: Node;
  /** The deepest node reached, when the path leaves the tree early (an alias, a missing key). */
  nearest?: Node;
}

function keyText(pair: Pair): string {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** Finds the YAML nodes for `path` (JSON segments as ajv reports them). */
export function locate(doc: Document, path: JsonPath): Located {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p) === String(segment));
      if (!pair) return { nearest: node, key, value: node };
      key = (pair.key as Node | null) ?? undefined;
      node = pair.value;
      if (node === null || node === undefined) return { key, nearest: key };
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined || item === null) return { nearest: node, value: node };
      key = undefined;
      node = item;
    } else {
      // Through an alias or into a scalar: report the nearest node we have.
      return { nearest: node as Node, key, value: node as Node };
    }
  }
  return { key, value: (node as Node | null) ?? undefined, nearest: (node as Node | null) ?? key };
}

/** The [start, end) offsets of a node's own text (not its trailing comment). */
export function nodeSpan(node: Node | undefined): [number, number] | undefined {
  const range = node?.range;
  if (!range) return undefined;
  return [range[0], range[1]];
}

/** Offsets of the key if there is one, else the value: for "this key is wrong". */
export function keySpan(found: Located): [number, number] | undefined {
  return nodeSpan(found.key) ?? nodeSpan(found.value) ?? nodeSpan(found.nearest);
}

/**
 * Offsets of the value if present, else its key: for "this value is wrong". A mapping or
 * list value is reported on its key, so the range stays on one line.
 */
export function valueSpan(found: Located): [number, number] | undefined {
  const value = found.value;
  if (isCollection(value) && found.key) return nodeSpan(found.key);
  if (value && !(isScalar(value) && value.value === null && value.range && value.range[0] === value.range[1])) {
    return nodeSpan(value);
  }
  return nodeSpan(found.key) ?? nodeSpan(found.nearest);
}
