// Offsets ⇄ LSP positions for one text. LSP ends a line at \n, \r\n or a lone \r; the core
// counts \n only (SourceText), so core positions go through offsets and come out in LSP terms.

import type { Position } from './types.ts';

export class TextIndex {
  readonly text: string;
  /** Where each LSP line starts. */
  private readonly lspLines: number[] = [0];

  constructor(text: string) {
    this.text = text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lspLines.push(i + 1);
    }
  }

  /** The offset of an LSP position, clamped into the text (a character past the line's end is its end). */
  offsetAt(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.lspLines.length - 1));
    const start = this.lspLines[line]!;
    const next = this.lspLines[line + 1] ?? this.text.length;
    let end = next;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13 && line + 1 < this.lspLines.length) end--;
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lspLines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lspLines[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: at - this.lspLines[lo]! };
  }
}
