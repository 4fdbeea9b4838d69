// Cursor-marked sources for language-service tests: `"o|n: push"` is the text `on: push` with
// the cursor after `o`.
export interface Marked {
  text: string;
  offset: number;
  position: { line: number; character: number };
}

export function marked(source: string, marker = '|'): Marked {
  const offset = source.indexOf(marker);
  if (offset === -1 || source.indexOf(marker, offset + 1) !== -1) throw new Error(`expected exactly one '${marker}' in the source`);
  const text = source.slice(0, offset) + source.slice(offset + marker.length);
  const before = text.slice(0, offset).split('\n');
  return { text, offset, position: { line: before.length - 1, character: before[before.length - 1]!.length } };
}

/** The text a range covers (LSP positions, \n line ends). */
export function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(offset(range.start), offset(range.end));
}
