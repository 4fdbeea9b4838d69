// Semantic tokens for `{{ … }}` templates: the braces, the root (`datasets`, `model`, …) and
// each path segment, so themes colour templates apart from the string around them.
import { commentStart } from './cursor.ts';
import { specDocument } from './document.ts';
import { type SemanticTokens, semanticTokensLegend } from './types.ts';

const TYPE = Object.fromEntries(semanticTokensLegend.tokenTypes.map((t, i) => [t, i])) as Record<(typeof semanticTokensLegend.tokenTypes)[number], number>;
const TEMPLATE = /\{\{(\s*)([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)?\s*\}\}/g;

/** Semantic tokens (LSP's relative encoding) for every template in the text, comments excluded. */
export function semanticTokens(text: string): SemanticTokens {
  const doc = specDocument(text);
  const data: number[] = [];
  if (doc.tooLarge) return { data };
  let prevLine = 0;
  let prevChar = 0;
  const push = (offset: number, length: number, type: number, modifiers = 0) => {
    const { line, character } = doc.position(offset);
    data.push(line - prevLine, line === prevLine ? character - prevChar : character, length, type, modifiers);
    prevLine = line;
    prevChar = character;
  };
  const body = doc.body;
  let lineStart = 0;
  while (lineStart <= body.length) {
    const newline = body.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? body.length : newline;
    const line = body.slice(lineStart, lineEnd);
    if (line.includes('{{')) {
      const comment = commentStart(line);
      const code = comment === -1 ? line : line.slice(0, comment);
      for (const match of code.matchAll(TEMPLATE)) {
        const at = lineStart + match.index;
        push(at, 2, TYPE.macro);
        const expression = match[2];
        if (expression) {
          let segmentAt = at + 2 + match[1]!.length;
          expression.split('.').forEach((segment, i) => {
            push(segmentAt, segment.length, i === 0 ? TYPE.variable : TYPE.property, i === 0 ? 1 : 0);
            segmentAt += segment.length + 1;
          });
        }
        push(at + match[0].length - 2, 2, TYPE.macro);
      }
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return { data };
}
