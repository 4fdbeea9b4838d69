// Quick fixes: the did-you-mean replacements the checker suggests, and a definition for a
// canary metric that an `analysis` step names but `deploy.canary.metrics` lacks.
import type { Diagnostic } from '../spec/diagnostics.ts';
import { type DiagnoseOptions, coreDiagnostics, toLspDiagnostic } from './diagnose.ts';
import { type SpecDocument, specDocument } from './document.ts';
import { nodeAt } from './names.ts';
import type { CodeAction, Range } from './types.ts';

const DID_YOU_MEAN = / — did you mean '(.+)'\?$/;

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces the misspelt word inside the diagnostic's range with the suggestion. */
function didYouMeanFix(doc: SpecDocument, d: Diagnostic): CodeAction | undefined {
  const match = DID_YOU_MEAN.exec(d.message);
  if (!match) return undefined;
  const suggestion = match[1]!;
  const [start, end] = doc.coreSpan(d);
  const ranged = doc.body.slice(start, end);
  // The misspelt word is one the message quotes; the last one quoted that occurs in the range.
  const quoted = [...d.message.slice(0, match.index).matchAll(/'([^']+)'/g)].map((m) => m[1]!).reverse();
  for (const word of quoted) {
    const at = new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(word)}(?![A-Za-z0-9_-])`).exec(ranged);
    if (!at) continue;
    return {
      title: `Change '${word}' to '${suggestion}'`,
      kind: 'quickfix',
      diagnostic: toLspDiagnostic(doc, d),
      isPreferred: true,
      edits: [{ range: doc.range(start + at.index, start + at.index + word.length), newText: suggestion }],
    };
  }
  return undefined;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Just after the line `offset` is on (a line break is added when the text ends without one). */
function afterLine(text: string, offset: number): { at: number; lead: string } {
  const newline = text.indexOf('\n', Math.max(0, offset - 1));
  return newline === -1 ? { at: text.length, lead: '\n' } : { at: newline + 1, lead: '' };
}

/** Adds `name` under `deploy.canary.metrics`, creating `metrics:` when the canary has none. */
function addMetricFix(doc: SpecDocument, d: Diagnostic): CodeAction | undefined {
  const name = /^analysis names metric '([^']+)'/.exec(d.message)?.[1];
  const tree = doc.parsed.tree;
  if (!name || !tree) return undefined;
  const text = doc.body;
  const canary = nodeAt(tree, ['deploy', 'canary']);
  const metrics = nodeAt(tree, ['deploy', 'canary', 'metrics']);
  const body = (indent: string) =>
    `${indent}${name}:\n${indent}  prometheus: { address: http://127.0.0.1:9090, query: 'sum(rate(http_requests_total{variant="canary"}[1m]))' }\n${indent}  max: 0.01\n`;
  let at: number;
  let newText: string;
  if (metrics?.kind === 'map' && metrics.children?.length && text[metrics.start] !== '{') {
    const first = metrics.children[0]!;
    const indent = ' '.repeat(first.start - lineStartOf(text, first.start));
    const after = afterLine(text, metrics.end);
    at = after.at;
    newText = after.lead + body(indent);
  } else if (!metrics && canary?.kind === 'map' && canary.children?.length && text[canary.start] !== '{') {
    const first = canary.children[0]!;
    const indent = ' '.repeat(first.start - lineStartOf(text, first.start));
    const after = afterLine(text, canary.end);
    at = after.at;
    newText = `${after.lead}${indent}metrics:\n${body(`${indent}  `)}`;
  } else {
    return undefined;
  }
  return {
    title: `Add a definition of metric '${name}' under deploy.canary.metrics`,
    kind: 'quickfix',
    diagnostic: toLspDiagnostic(doc, d),
    edits: [{ range: doc.range(at, at), newText }],
  };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** The quick fixes for the diagnostics that touch `range`. */
export function codeActions(text: string, range: Range, options: DiagnoseOptions = {}): CodeAction[] {
  const doc = specDocument(text, options.parser);
  const out: CodeAction[] = [];
  // The diagnostics the server just published for this text, not a second check of it.
  for (const d of coreDiagnostics(doc, options, true)) {
    if (!overlaps(doc.diagnosticRange(d), range)) continue;
    const fix = didYouMeanFix(doc, d);
    if (fix) out.push(fix);
    if (d.code === 'unknown-metric') {
      const add = addMetricFix(doc, d);
      if (add) out.push(add);
    }
  }
  return out;
}
