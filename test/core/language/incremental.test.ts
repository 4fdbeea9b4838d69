// Property: the incremental parse the language server uses gives exactly what a full parse
// gives (value, span tree, diagnostics) over long runs of random edits, and it does reuse work.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncrementalParser } from '../../../shared/src/language/index.ts';
import { checkParsed } from '../../../shared/src/spec/check.ts';
import { checkSpecText, SourceText } from '../../../shared/src/spec/index.ts';
import { parseSpecText } from '../../../shared/src/spec/parse.ts';
import { largeSpec } from '../../support/large-spec.ts';

const root = join(import.meta.dirname, '../../..');
const seeds = [readFileSync(join(root, 'examples/churn/pipewright.yaml'), 'utf8'), readFileSync(join(root, 'test/fixtures/spec/valid/architecture.yaml'), 'utf8'), largeSpec(200)];
const typed = ['a', 'x', '1', ' ', '  ', ':', ': ', '\n', '\n  ', '\n    ', '-', '- ', '#', '{', '}', '[', ']', ',', "'", '"', '{{ ', ' }}', '&a ', '*a', '\t', '\r\n', 'é', 'version: 1\n', '  train:\n    path: x.csv\n', '__proto__: 1\n'];

type Edit = { kind: 'type' | 'delete' | 'duplicate-line' | 'paste'; at: number; length: number; text: string };

const edit = fc.record({
  kind: fc.constantFrom('type', 'type', 'type', 'delete', 'duplicate-line', 'paste'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 30 }),
  text: fc.constantFrom(...typed),
}) as fc.Arbitrary<Edit>;

function apply(text: string, e: Edit, seed: string): string {
  const at = text.length === 0 ? 0 : e.at % (text.length + 1);
  switch (e.kind) {
    case 'type':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'duplicate-line': {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      const line = text.slice(start, end === -1 ? text.length : end + 1);
      return text.slice(0, start) + line + (line.endsWith('\n') ? '' : '\n') + text.slice(start);
    }
    case 'paste': {
      // Half a spec pasted somewhere.
      const from = e.at % seed.length;
      return text.slice(0, at) + seed.slice(from, from + e.length * 20) + text.slice(at);
    }
  }
}

describe('incremental parsing', () => {
  it('equals the full parse and check after every edit of a long random run', () => {
    const stats = { reused: 0, parsed: 0, full: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...seeds.keys()), fc.array(edit, { minLength: 1, maxLength: 30 }), (which, edits) => {
        const seed = seeds[which]!;
        const parser = new IncrementalParser();
        let text = seed;
        for (const e of [undefined, ...edits]) {
          if (e) text = apply(text, e, seed);
          const source = new SourceText(text);
          const incremental = parser.parse(source);
          const full = parseSpecText(source);
          expect(incremental).toEqual(full);
          const options = { workspace: root, fileExists: () => true };
          expect(checkParsed(incremental, source, join(root, 'pipewright.yaml'), options).diagnostics).toEqual(checkSpecText(text, join(root, 'pipewright.yaml'), options));
        }
        for (const key of ['reused', 'parsed', 'full'] as const) stats[key] += parser.stats[key];
      }),
      { seed: 20261207, numRuns: 40 },
    );
    // The point of it: most chunks are reused, and most texts avoid the full parse.
    expect(stats.reused).toBeGreaterThan(stats.parsed);
    expect(stats.full).toBeGreaterThan(0);
  });

  it('reuses every chunk but the edited one on a one-character edit of a large spec', () => {
    const parser = new IncrementalParser();
    const text = largeSpec(2000);
    parser.parse(new SourceText(text));
    const parsedBefore = parser.stats.parsed;
    const edited = text.replace('    path: data/set7.csv', '    path: data/set7x.csv');
    expect(parser.parse(new SourceText(edited))).toEqual(parseSpecText(new SourceText(edited)));
    expect(parser.stats.parsed - parsedBefore).toBe(1);
    expect(parser.stats.full).toBe(0);
  });

  it('leaves a tree it handed out unchanged when later texts move its chunks', () => {
    const parser = new IncrementalParser();
    const text = largeSpec(300);
    const first = parser.parse(new SourceText(text));
    const snapshot = structuredClone(first);
    parser.parse(new SourceText(`# a comment that moves every chunk\n${text}`));
    expect(first).toEqual(snapshot);
  });
});
