// Property: random edits and truncations of valid specs never crash the checker, finish in
// bounded time, and every diagnostic range lies inside the text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSpecText, type Diagnostic } from '../../../shared/src/spec/index.ts';

const root = join(import.meta.dirname, '../../..');
const seeds = ['test/fixtures/spec/valid/architecture.yaml', 'test/fixtures/spec/valid/minimal.yaml', 'examples/churn/pipewright.yaml'].map((f) =>
  readFileSync(join(root, f), 'utf8'),
);

const fragments = [':', ': ', '-', '- ', '{', '}', '[', ']', ',', '&a ', '*a', '<<: *a', '\t', '"', "'", '\n', '  ', '{{', '}}', '{{ x }}', '#', '!!str ', '---\n', '...', '|', '>', '?', '%YAML 1.2\n', 'é', '😀', '\r\n', '\u0000', 'version: 2\n', 'weight: 100', '~', 'null', '.inf', '0x1F', '1e400'];

type Edit = { kind: 'truncate' | 'delete' | 'insert' | 'replace'; at: number; length: number; text: string };

const edit = fc.record({
  kind: fc.constantFrom('truncate', 'delete', 'insert', 'replace'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 40 }),
  text: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 8 })),
}) as fc.Arbitrary<Edit>;

function apply(text: string, e: Edit): string {
  const at = text.length === 0 ? 0 : e.at % (text.length + 1);
  switch (e.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'replace':
      return text.slice(0, at) + e.text + text.slice(at + e.text.length);
  }
}

function assertInside(text: string, d: Diagnostic): void {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const width = (line: number) => (lines[line - 1] ?? '').length + 1;
  expect(d.code).toMatch(/^[a-z]+(?:-[a-z0-9]+)*$/);
  expect(d.message.length).toBeGreaterThan(0);
  expect(['error', 'warning', 'info']).toContain(d.severity);
  expect(d.line).toBeGreaterThanOrEqual(1);
  expect(d.line).toBeLessThanOrEqual(lines.length);
  expect(d.endLine).toBeGreaterThanOrEqual(d.line);
  expect(d.endLine).toBeLessThanOrEqual(lines.length);
  expect(d.column).toBeGreaterThanOrEqual(1);
  expect(d.column).toBeLessThanOrEqual(width(d.line));
  expect(d.endColumn).toBeGreaterThanOrEqual(1);
  expect(d.endColumn).toBeLessThanOrEqual(width(d.endLine));
  if (d.endLine === d.line) expect(d.endColumn).toBeGreaterThanOrEqual(d.column);
}

describe('checkSpecText on random edits of valid specs', () => {
  it('never throws, stays fast, and keeps every range inside the file', () => {
    checkSpecText(seeds[0]!, '/w/pipewright.yaml'); // warm: compile the validator once
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (seed, edits) => {
        const text = edits.reduce(apply, seeds[seed]!);
        const started = performance.now();
        const diagnostics = checkSpecText(text, '/w/pipewright.yaml', { fileExists: () => true });
        // Generous for a loaded CI machine; a hang or an exponential blow-up takes far longer.
        expect(performance.now() - started).toBeLessThan(1000);
        for (const d of diagnostics) assertInside(text, d);
      }),
      { numRuns: 400 },
    );
  });
});
