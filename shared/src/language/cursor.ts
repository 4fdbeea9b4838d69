// Where the cursor is in the spec's structure, read from indentation and the current line, so
// that it works while the text is half typed and not valid YAML: the JSON path, whether a key
// or a value is being typed, the word so far, and whether the cursor is inside `{{ … }}`.

export type JsonPath = Array<string | number>;

export interface CursorContext {
  /** On a key: the path of the mapping it belongs to. On a value: the path of the value. */
  path: JsonPath;
  on: 'key' | 'value';
  /** A word alone on its line or after `- `: a key, or a scalar if the schema says so. */
  bare: boolean;
  /** The word being typed, from `wordStart` to the cursor. */
  word: string;
  wordStart: number;
  /** Keys already present in the mapping the cursor is in. */
  siblings: string[];
  /** Inside `{{ … }}`: the expression typed so far and the line's path. */
  template?: { expression: string };
  /** Where the key's text starts on the cursor line (for indenting what completion inserts). */
  column: number;
}

interface LineShape {
  indent: number;
  /** Columns of the `- ` markers. */
  dashes: number[];
  key?: string;
  keyColumn?: number;
  /** Offset in the line just after the key's colon. */
  afterColon?: number;
  /** Where the content after indentation and dashes starts. */
  contentColumn: number;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_.-]*|'[^']*'|"[^"]*") *:(?= |$)/;

function shapeOf(line: string): LineShape {
  let i = 0;
  while (line[i] === ' ') i++;
  const indent = i;
  const dashes: number[] = [];
  while (line[i] === '-' && (line[i + 1] === ' ' || i + 1 === line.length)) {
    dashes.push(i);
    i += 1;
    while (line[i] === ' ') i++;
  }
  const shape: LineShape = { indent, dashes, contentColumn: i };
  const match = KEY.exec(line.slice(i));
  if (match) {
    const raw = match[1]!;
    shape.key = /^['"]/.test(raw) ? raw.slice(1, -1) : raw;
    shape.keyColumn = i;
    shape.afterColon = i + match[0].length;
  }
  return shape;
}

function isBlank(line: string): boolean {
  return /^\s*(?:#.*)?$/.test(line);
}

/** Where a comment starts on the line (a `#` at the start or after a space, outside quotes), or -1. */
export function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') {
      if (i === 0 || /[\s:[{,]/.test(line[i - 1]!)) quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ')) {
      return i;
    }
  }
  return -1;
}

/** The index of the `- ` item at `column` on line `at` among its siblings above. */
function itemIndex(lines: string[], at: number, column: number): number {
  let index = 0;
  for (let i = at - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const shape = shapeOf(line);
    if (shape.indent < column || (shape.indent === column && shape.dashes[0] !== column)) break;
    if (shape.indent === column) index++;
  }
  return index;
}

/** A `key:` whose value starts on the next line. */
function opensBlock(line: string, shape: LineShape): boolean {
  return shape.afterColon !== undefined && isBlank(line.slice(shape.afterColon));
}

/**
 * The path of the node at `column` on line `at` (an item of a `- ` list when `item`), from
 * the lines above, plus the sibling keys above it at that column.
 */
function ancestors(lines: string[], at: number, column: number, item: boolean): { path: JsonPath; siblings: string[] } {
  const path: JsonPath = [];
  const siblings: string[] = [];
  let want = column;
  let inList = item;
  let collecting = true;
  for (let i = at - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const shape = shapeOf(line);
    // A list may sit at its key's own indentation (`steps:` then `- weight: 5`).
    const listParent = inList && shape.indent === want && shape.dashes.length === 0 && opensBlock(line, shape);
    if (shape.indent >= want && !listParent) {
      if (collecting && !inList && shape.keyColumn === want && shape.key) siblings.push(shape.key);
      continue;
    }
    // `- metric: auc` above `  min: 0.8`: the item's first key is a sibling too.
    if (collecting && !inList && shape.keyColumn === want && shape.key) siblings.push(shape.key);
    collecting = false;
    const inner: JsonPath = [];
    if (shape.key !== undefined && (shape.keyColumn! < want || listParent)) inner.push(shape.key);
    for (let d = shape.dashes.length - 1; d >= 0; d--) {
      const dash = shape.dashes[d]!;
      if (dash < want) inner.unshift(d === 0 ? itemIndex(lines, i, dash) : 0);
    }
    path.unshift(...inner);
    if (shape.indent === 0 && shape.dashes.length === 0) break;
    want = shape.indent;
    inList = shape.dashes.length > 0;
  }
  return { path, siblings };
}

/** Keys at `column` below line `at` in the same mapping. */
function siblingsBelow(lines: string[], at: number, column: number): string[] {
  const keys: string[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const shape = shapeOf(line);
    if (shape.indent < column || (shape.dashes.length > 0 && shape.indent <= column)) break;
    if (shape.keyColumn === column && shape.key && shape.indent === column) keys.push(shape.key);
  }
  return keys;
}

interface FlowFrame {
  kind: '[' | '{';
  index: number;
  key?: string;
  segment: number;
  keys: string[];
}

/** Reads the flow collections open at the end of `value` (a line's text after a key's colon). */
function openFlows(value: string): FlowFrame[] {
  const stack: FlowFrame[] = [];
  let quote = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const top = stack[stack.length - 1];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '[' || c === '{') {
      if (c === '{' && value[i + 1] === '{') {
        // A template, not a flow mapping: skip to its end.
        const close = value.indexOf('}}', i);
        if (close === -1) break;
        i = close + 1;
        continue;
      }
      stack.push({ kind: c, index: 0, segment: i + 1, keys: [] });
    } else if (c === ']' || c === '}') {
      stack.pop();
    } else if (c === ',' && top) {
      top.index++;
      top.key = undefined;
      top.segment = i + 1;
    } else if (c === ':' && top?.kind === '{' && top.key === undefined && (value[i + 1] === ' ' || i + 1 === value.length)) {
      top.key = value.slice(top.segment, i).trim().replace(/^['"]|['"]$/g, '');
      top.keys.push(top.key);
    }
  }
  return stack;
}

/** The cursor context at `offset` in `text`, or undefined inside a comment. */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lines = text.slice(0, lineStart).split(/\r?\n/);
  lines.pop();
  const lineEnd = text.indexOf('\n', offset);
  const fullLine = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '');
  const after = text.slice(lineEnd === -1 ? text.length : lineEnd + 1).split(/\r?\n/, 400);
  const all = [...lines, fullLine, ...after];
  const at = lines.length;
  const prefix = text.slice(lineStart, offset);
  const comment = commentStart(fullLine);
  if (comment !== -1 && comment < prefix.length) return undefined;

  const shape = shapeOf(prefix);
  const word = /[A-Za-z0-9_.-]*$/.exec(prefix)![0];
  const wordStart = offset - word.length;
  const open = prefix.lastIndexOf('{{');
  const template = open !== -1 && !prefix.slice(open).includes('}}') ? { expression: prefix.slice(open + 2).trimStart() } : undefined;

  const lineColumn = shape.dashes[0] ?? shape.keyColumn ?? shape.contentColumn;
  const up = ancestors(all, at, lineColumn, shape.dashes.length > 0);
  const path = [...up.path];
  for (const [i, dash] of shape.dashes.entries()) path.push(i === 0 ? itemIndex(all, at, dash) : 0);
  const column = shape.keyColumn ?? shape.contentColumn;
  const base = { word, wordStart, template, column };

  // A flow collection as the line's content (`- { metric: auc, m| }`) or as a key's value.
  const flowItem = shape.key === undefined && /^[{[]/.test(prefix.slice(shape.contentColumn));
  if (!flowItem && (shape.key === undefined || shape.afterColon === undefined || shape.afterColon > prefix.length)) {
    // Typing a key (or a bare scalar) at the start of the line's content.
    // An item's mapping starts on this line: its other keys lie below, at the key's column.
    const siblings = [...(shape.dashes.length > 0 ? [] : up.siblings), ...siblingsBelow(all, at, column)];
    return { ...base, path, on: 'key', bare: true, siblings };
  }
  if (shape.key !== undefined) path.push(shape.key);
  const flows = openFlows(prefix.slice(flowItem ? shape.contentColumn : shape.afterColon));
  let on: 'key' | 'value' = 'value';
  let siblings: string[] = [];
  for (const [i, frame] of flows.entries()) {
    const last = i === flows.length - 1;
    if (frame.kind === '[') path.push(frame.index);
    else if (frame.key !== undefined) path.push(frame.key);
    else if (last) {
      on = 'key';
      siblings = frame.keys;
    }
  }
  return { ...base, path, on, bare: false, siblings };
}
