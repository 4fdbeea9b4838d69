// LSP's view of a text: lines end at \n, \r\n or a lone \r; positions count UTF-16 code units.

export function lspLineLengths(text: string): number[] {
  const lengths: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lengths.push(i - start);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lengths.push(text.length - start);
  return lengths;
}

export function lspPosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

/** Why `range` does not lie inside a text with these line lengths, or undefined when it does. */
export function outside(range: Range, lines: number[]): string | undefined {
  for (const p of [range.start, range.end]) {
    if (p.line < 0 || p.line >= lines.length) return `line ${p.line} of ${lines.length}`;
    if (p.character < 0 || p.character > lines[p.line]!) return `character ${p.character} of line ${p.line} (length ${lines[p.line]})`;
  }
  const { start, end } = range;
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) return 'the range ends before it starts';
  return undefined;
}
