// Hostile or broken spec files: each gets one clear diagnostic, quickly, and never a crash.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSpecText, loadSpec, MAX_SPEC_BYTES } from '../../../shared/src/spec/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'pw-bad-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function only(path: string) {
  const started = performance.now();
  const { diagnostics } = await loadSpec(path);
  const ms = performance.now() - started;
  expect(diagnostics).toHaveLength(1);
  expect(ms).toBeLessThan(2000);
  return diagnostics[0]!;
}

describe('bad spec input', () => {
  it('an empty file', async () => {
    expect(await only(file('empty.yaml', ''))).toMatchObject({ code: 'empty-spec', severity: 'error', line: 1, column: 1 });
  });

  it('a file of comments only', async () => {
    expect((await only(file('comments.yaml', '# todo\n\n# more\n'))).code).toBe('empty-spec');
  });

  it('a binary file', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(await only(file('image.yaml', png))).toMatchObject({
      code: 'binary-file',
      line: 3,
      column: 1,
      message: 'the spec is a binary file (a NUL byte at byte offset 8); expected YAML text',
    });
  });

  it('a 50 MB file is refused by its size without being read', async () => {
    const path = join(dir, 'huge.yaml');
    const fd = openSync(path, 'w');
    const chunk = Buffer.from('key: value # padding padding padding padding padding\n'.repeat(20_000));
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const d = await only(path);
    expect(d.code).toBe('file-too-large');
    expect(d.message).toMatch(/^the spec is \d+ bytes; a spec may be at most 2097152 bytes/);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });

  it('a text over the cap given to checkSpecText', () => {
    const d = checkSpecText('a: 1\n'.repeat(MAX_SPEC_BYTES / 4), 'big.yaml');
    expect(d.map((x) => x.code)).toEqual(['file-too-large']);
  });

  it('a billion-laughs alias bomb', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const d = await only(file('bomb.yaml', `version: 1\nname: x\n${levels.join('\n')}\n`));
    expect(d).toMatchObject({ code: 'alias-bomb', line: 8 });
  });

  it('tabs for indentation', async () => {
    expect(await only(file('tabs.yaml', 'version: 1\nname: x\ntrain:\n\trun: python3 -m x\n'))).toMatchObject({
      code: 'tab-indent',
      line: 4,
      column: 1,
      message: 'tabs are not allowed for indentation in YAML: indent with spaces',
    });
  });

  it('a non-UTF-8 (Latin-1) file', async () => {
    const latin1 = Buffer.from('version: 1\nname: caf\xe9\n', 'latin1');
    expect(await only(file('latin1.yaml', latin1))).toMatchObject({
      code: 'invalid-encoding',
      line: 2,
      column: 10,
      message: 'the spec is not UTF-8: byte 0xe9 at byte offset 20 is invalid; save the file as UTF-8',
    });
  });

  it('a UTF-8 byte order mark is fine', async () => {
    const { diagnostics } = await loadSpec(file('bom.yaml', '\ufeffversion: 1\nname: x\n'));
    expect(diagnostics).toEqual([]);
  });

  it('deeply nested flow collections do not blow the stack', () => {
    const deep = `version: 1\nname: x\ndescription: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const d = checkSpecText(deep, 'deep.yaml');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'too-deep', line: 3, column: 113, message: 'the YAML is nested more than 100 levels deep: flatten it' });
  });

  it.each([
    ['block sequences', `version: 1\nname: x\ndescription:\n${'- '.repeat(5000)}x\n`, 4],
    ['flow mappings', `version: 1\nname: x\ndescription: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`, 3],
    ['an unclosed 1 MB flow sequence', `version: 1\nname: x\ndescription: ${'['.repeat(1_000_000)}\n`, 3],
  ])('5,000-deep %s: one too-deep diagnostic on its line', (_name, text, line) => {
    const d = checkSpecText(text, 'deep.yaml');
    expect(d).toEqual([expect.objectContaining({ code: 'too-deep', line })]);
  });

  it.each([
    ['a self-referencing sequence', 'version: 1\nname: x\na: &a [*a, *a]\n', 3, 8],
    ['a mapping holding itself', 'version: 1\nname: x\nx: 1\na: &a\n  b:\n    c: *a\n', 6, 8],
    ['a merge key of itself', 'version: 1\nname: x\na: &a\n  <<: *a\n', 4, 7],
  ])('%s: a recursive-alias diagnostic on the alias', (_name, text, line, column) => {
    const d = checkSpecText(text, 'recursive.yaml');
    expect(d).toEqual([expect.objectContaining({ code: 'recursive-alias', line, column })]);
  });

  it('an alias to an earlier anchor of the same name, redefined later, is not a cycle', () => {
    const text = 'version: 1\nname: x\ndescription: &d churn\nstages:\n  a: { run: echo, needs: [] }\nx-note: [*d]\n';
    expect(checkSpecText(text, 'ok.yaml').map((d) => d.code)).not.toContain('recursive-alias');
    const redefined = 'version: 1\nname: x\ndescription: &a one\nx: &a [*a]\n';
    expect(checkSpecText(redefined, 'x.yaml').map((d) => d.code)).toContain('recursive-alias');
  });

  it('quotes at most about 200 characters of a long key or value in any diagnostic', () => {
    const long = 'k'.repeat(100_000);
    const text = `version: 1\nname: x\n${long}: 1\ndatasets:\n  t:\n    path: a.csv\n    format: ${long}\n    like: ${long}\ntrain: { run: 'python3 {{ ${long} }}' }\n`;
    const d = checkSpecText(text, 'long.yaml');
    expect(d.map((x) => x.code)).toEqual(expect.arrayContaining(['unknown-key', 'invalid-value', 'unknown-dataset']));
    for (const x of d) {
      expect(x.message, x.message.slice(0, 60)).not.toMatch(/k{201}/);
      expect(x.message.length).toBeLessThan(1000);
    }
    expect(d.find((x) => x.code === 'unknown-key')!.message).toContain(`'${'k'.repeat(200)}… (100000 characters)'`);
  });

  it('a spec of 200,000 unknown keys: the first 1,000 problems, then one saying there are more', () => {
    const text = `version: 1\nname: x\n${Array.from({ length: 200_000 }, (_, i) => `k${i}: 1`).join('\n')}\n`;
    const d = checkSpecText(text, 'many.yaml');
    expect(d).toHaveLength(1001);
    expect(d.slice(0, 1000).every((x) => x.code === 'unknown-key')).toBe(true);
    expect(d[1000]).toMatchObject({ code: 'too-many-problems', severity: 'error', line: 1003 });
  });

  it("'like' chains of 20,000 datasets: each cycle once, on its first dataset, and nothing for a chain into it", () => {
    const n = 20_000;
    const lines = Array.from({ length: n }, (_, i) => `  d${i}: { path: a.csv, like: d${(i + 1) % n} }`);
    const text = `version: 1\nname: x\ndatasets:\n  lead: { path: a.csv, like: d5 }\n${lines.join('\n')}\n  p: { path: a.csv, like: q }\n  q: { path: a.csv, like: p }\n`;
    const d = checkSpecText(text, 'chains.yaml').filter((x) => x.code === 'like-cycle');
    expect(d.map((x) => [x.line, x.message.slice(0, 30)])).toEqual([
      [5, "'like' cycle: d0 → d1 → d2 → d"],
      [n + 5, "'like' cycle: p → q → p"],
    ]);
    expect(d[0]!.message.length).toBeLessThanOrEqual(1100);
  });

  it.each([
    ['50,000 duplicate keys', `version: 1\nname: x\n${Array.from({ length: 50_000 }, () => 'a: 1').join('\n')}\n`, 'duplicate-key', 4],
    ['50,000 unclosed brackets', `version: 1\nname: x\n${Array.from({ length: 50_000 }, (_, i) => `k${i}: [1, 2`).join('\n')}\n`, 'yaml-syntax', 4],
  ])('%s: at most 100 YAML errors, the first on its line', (_name, text, code, line) => {
    const d = checkSpecText(text, 'broken.yaml');
    expect(d.length).toBeGreaterThan(0);
    expect(d.length).toBeLessThanOrEqual(100);
    expect(d[0]).toMatchObject({ code, line });
  });
});
