// Quick fixes against golden files: each test/fixtures/language/actions/NAME.yaml marks a
// position with `|`; NAME.golden holds, for every code action offered there, its title and
// the whole spec after applying it. UPDATE_GOLDEN=1 rewrites the golden files.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeActions, diagnose, type TextEdit } from '../../../shared/src/language/index.ts';
import { marked } from '../../support/marked.ts';

const dir = join(import.meta.dirname, '../../fixtures/language/actions');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

function offsetOf(text: string, p: { line: number; character: number }): number {
  return text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  return sorted.reduce((out, e) => out.slice(0, offsetOf(out, e.range.start)) + e.newText + out.slice(offsetOf(out, e.range.end)), text);
}

describe('code actions', () => {
  it.each(fixtures)('%s', (name) => {
    const { text, position } = marked(readFileSync(join(dir, name), 'utf8'));
    const options = { file: join(dir, name), fileExists: () => true };
    const actions = codeActions(text, { start: position, end: position }, options);
    expect(actions.length).toBeGreaterThan(0);
    const rendered = actions.map((a) => `=== ${a.title}\n${applyEdits(text, a.edits)}`).join('');
    const golden = join(dir, name.replace(/\.yaml$/, '.golden'));
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, rendered);
    expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(rendered).toBe(readFileSync(golden, 'utf8'));
    for (const action of actions) {
      // Each fix removes the diagnostic it is for and adds no error.
      const after = diagnose(applyEdits(text, action.edits), options);
      expect(after.filter((d) => d.code === action.diagnostic.code && d.message === action.diagnostic.message)).toEqual([]);
      expect(after.filter((d) => d.severity === 1).length).toBeLessThan(diagnose(text, options).filter((d) => d.severity === 1).length);
    }
  });

  it('offers nothing away from a diagnostic', () => {
    const { text, position } = marked('version: 1\nname: ch|urn\ndatasets:\n  train:\n    path: a.csv\n    formt: csv\n');
    expect(codeActions(text, { start: position, end: position }, { fileExists: () => true })).toEqual([]);
  });
});
