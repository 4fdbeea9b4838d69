// One spec text as the language service sees it: the text without a BOM for the core, its
// parse (incremental when the caller keeps a parser per document), and position conversion.
import type { Diagnostic } from '../spec/diagnostics.ts';
import { MAX_SPEC_BYTES, type ParsedSpec, parseSpecText } from '../spec/parse.ts';
import { SourceText } from '../spec/positions.ts';
import type { IncrementalParser } from './incremental.ts';
import { TextIndex } from './text-index.ts';
import type { Position, Range } from './types.ts';

export class SpecDocument {
  /** The text the core checks: the editor's text without a leading BOM. */
  readonly source: SourceText;
  /** 1 when the editor's text starts with a BOM (LSP positions count it; the core does not). */
  private readonly base: number;
  private textIndex?: TextIndex;
  private parsedSpec?: ParsedSpec;

  constructor(
    readonly text: string,
    private readonly parser?: IncrementalParser,
  ) {
    this.base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const body = this.base ? text.slice(1) : text;
    this.source = new SourceText(body);
  }

  /** Built on first use: a valid spec has no diagnostic to place. */
  private get index(): TextIndex {
    this.textIndex ??= new TextIndex(this.source.text);
    return this.textIndex;
  }

  /** Past the core's size limit only the diagnostic matters: no completion, outline or tokens. */
  get tooLarge(): boolean {
    return this.source.text.length > MAX_SPEC_BYTES;
  }

  get body(): string {
    return this.source.text;
  }

  get parsed(): ParsedSpec {
    this.parsedSpec ??= this.parser ? this.parser.parse(this.source) : parseSpecText(this.source);
    return this.parsedSpec;
  }

  /** A body offset as an LSP position in the editor's text. */
  position(offset: number): Position {
    const p = this.index.positionAt(offset);
    return this.base && p.line === 0 ? { line: 0, character: p.character + 1 } : p;
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** An LSP position in the editor's text as a body offset. */
  offset(position: Position): number {
    const character = this.base && position.line === 0 ? position.character - 1 : position.character;
    return this.index.offsetAt({ line: position.line, character });
  }

  /** A core diagnostic's [start, end) body offsets. */
  coreSpan(d: Diagnostic): [number, number] {
    return [this.source.offset(d.line, d.column), this.source.offset(d.endLine, d.endColumn)];
  }

  /** A core diagnostic's range in LSP terms. */
  diagnosticRange(d: Diagnostic): Range {
    return this.range(...this.coreSpan(d));
  }
}

// The last few documents: completion, hover and the rest usually ask about the text that was
// just diagnosed, and parsing it again would waste the keystroke's budget.
const recent: SpecDocument[] = [];

/** The document for `text`, reused when the same text was seen last. */
export function specDocument(text: string, parser?: IncrementalParser): SpecDocument {
  const found = recent.find((d) => d.text === text);
  if (found) return found;
  const doc = new SpecDocument(text, parser);
  recent.unshift(doc);
  if (recent.length > 2) recent.pop();
  return doc;
}
