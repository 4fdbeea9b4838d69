// `pipewright check` through main(): output formats and exit codes per the CLI contract.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../support/cli.ts';

const root = join(import.meta.dirname, '../..');

async function run(args: string[], cwd = root) {
  const { code, stdout: out, stderr: err } = await runCli(['check', ...args], { cwd });
  return { code, out, err };
}

function spec(text: string | Uint8Array): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pw-check-'));
  const file = join(dir, 'pipewright.yaml');
  writeFileSync(file, text);
  return { dir, file };
}

describe('pipewright check', () => {
  it('prints file:line:col, the line and a caret, and exits 1 on errors', async () => {
    const { dir } = spec('version: 1\nname: churn\ndrift:\n  reference: train\n  current: train\n  shar: 0.5\n');
    const r = await run([], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      [
        "pipewright.yaml:4:14: error [unknown-dataset] drift 'reference' names unknown dataset 'train' (the spec defines no datasets)",
        '  4 |   reference: train',
        '    |              ^^^^^',
      ].join('\n'),
    );
    expect(r.out).toContain(
      ["pipewright.yaml:6:3: error [unknown-key] unknown key 'shar' under 'drift' — did you mean 'share'?", '  6 |   shar: 0.5', '    |   ^^^^'].join('\n'),
    );
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('pipewright.yaml: 3 errors, 0 warnings');
  });

  it('prints exactly one JSON document with --format json', async () => {
    const { file } = spec('version: 1\nname: churn\ndeploy: { target: nginx }\n');
    const r = await run([file, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      diagnostics: [
        {
          severity: 'error',
          code: 'missing-target-config',
          message: "target 'nginx' needs a 'deploy.nginx' section",
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 24,
        },
      ],
    });
    expect(Object.keys(JSON.parse(r.out).diagnostics[0])).toEqual(['severity', 'code', 'message', 'line', 'column', 'endLine', 'endColumn']);
  });

  it('exits 0 with warnings only', async () => {
    const { file } = spec('version: 1\nname: churn\ntrain: { run: python3 train.py }\n');
    const r = await run([file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("warning [missing-script] script 'train.py' does not exist");
  });

  it('checks the minimal spec and examples/churn/pipewright.yaml with zero errors', async () => {
    for (const file of ['test/fixtures/spec/valid/minimal.yaml', 'examples/churn/pipewright.yaml']) {
      const r = await run([file, '--format', 'json']);
      expect(JSON.parse(r.out).diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
      expect(r.code).toBe(0);
    }
  });

  it('exits 2 without a stack trace when the spec cannot be read', async () => {
    const r = await run(['no/such/pipewright.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('pipewright check: no/such/pipewright.yaml: cannot read the spec: no such file\n');
    const json = await run(['no/such/pipewright.yaml', '--format', 'json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out).error.code).toBe('spec-unreadable');
  });

  it('a 50 MB file: one diagnostic, exit 1, read no further than the size cap', async () => {
    const { dir, file } = spec('');
    truncateSync(file, 50 * 1024 * 1024);
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const started = performance.now();
    const r = await run([file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error [file-too-large] the spec is 52428800 bytes; a spec may be at most 2097152 bytes');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('exits 2 on a bad --format', async () => {
    expect((await run(['--format', 'xml'])).code).toBe(2);
  });

  it.each([
    ['binary', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), 'binary-file'],
    ['latin-1', Buffer.from('name: caf\xe9\n', 'latin1'), 'invalid-encoding'],
    ['empty', '', 'empty-spec'],
    ['tabs', 'version: 1\nname: x\ntrain:\n\trun: x\n', 'tab-indent'],
    ['alias bomb', `version: 1\nname: x\na: &a [${'x,'.repeat(9)}x]\n${'bcdefgh'.split('').map((l, i) => `${l}: &${l} [${Array(10).fill(`*${'abcdefg'[i]}`).join(',')}]`).join('\n')}\n`, 'alias-bomb'],
    ['recursive alias', 'version: 1\nname: x\na: &a [*a, *a]\n', 'recursive-alias'],
    ['5,000-deep', `version: 1\nname: x\na: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'too-deep'],
  ])('a %s file: one diagnostic, exit 1, no stack trace', async (_name, content, code) => {
    const { file } = spec(content);
    const r = await run([file]);
    expect(r.code).toBe(1);
    expect(r.out.match(/ error \[/g)).toHaveLength(1);
    expect(r.out).toContain(`error [${code}]`);
    expect(`${r.out}${r.err}`).not.toMatch(/\n\s+at /);
  });

  it('shows a window of a long line around the problem, with carets under it', async () => {
    const { dir } = spec(`version: 1\nname: x\ndescription: ${'d'.repeat(50_000)}\ndrift: { reference: nope, current: nope, share: 0.5 }${' '.repeat(50_000)}\n`);
    const r = await run([], dir);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(400);
    const at = lines.findIndex((l) => l.includes("[unknown-dataset] drift 'reference'"));
    expect(lines[at + 1]).toMatch(/^ {2}4 \| drift: \{ reference: nope, current: nope, share: 0\.5 \} +…$/);
    expect(lines[at + 2]).toBe(`    | ${' '.repeat(20)}^^^^`);
  });

  it('cuts a long line on both sides of a problem far into it', async () => {
    const { dir } = spec(`version: 1\nname: x\ndrift: {${' '.repeat(50_000)}reference: nope, current: nope, share: 0.5${' '.repeat(50_000)}}\n`);
    const lines = (await run([], dir)).out.split('\n');
    const at = lines.findIndex((l) => l.includes("[unknown-dataset] drift 'reference'"));
    expect(lines[at]).toMatch(/^pipewright\.yaml:3:50020: /);
    expect(lines[at + 1]).toMatch(/^ {2}3 \| … {29}reference: nope, current: nope, share: 0\.5 +…$/);
    expect(lines[at + 2]).toBe(`    | ${' '.repeat(41)}^^^^`);
  });
});
