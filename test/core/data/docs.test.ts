// Runs the example of docs/data-validation.md: writes its spec and data, runs the
// command it shows, and compares the output (the timing line aside).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/src/main.ts';
import { splitCommand } from '../../../shared/src/spec/index.ts';

const doc = readFileSync(new URL('../../../docs/data-validation.md', import.meta.url), 'utf8');

describe('docs/data-validation.md', () => {
  it('shows what the example really prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-doc-'));
    const files = [...doc.matchAll(/```\w+ file=(\S+)\n([\s\S]*?)```/g)];
    expect(files.map((m) => m[1])).toEqual(['pipewright.yaml', 'data/orders.csv']);
    for (const [, name, body] of files) {
      mkdirSync(dirname(join(dir, name!)), { recursive: true });
      writeFileSync(join(dir, name!), body!);
    }
    const consoleBlock = /```console\n\$ (.*)\n([\s\S]*?)```/.exec(doc)!;
    const argv = splitCommand(consoleBlock[1]!);
    expect(argv[0]).toBe('pipewright');
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c) => (out += c));
    const code = await main(argv.slice(1), { stdout, stderr: new PassThrough(), cwd: dir, env: {}, signal: new AbortController().signal });
    expect(code).toBe(1);
    const timing = /Checked in [0-9.]+ s/g;
    expect(out.replace(timing, 'Checked in <t> s')).toBe(consoleBlock[2]!.replace(timing, 'Checked in <t> s'));
  });
});
