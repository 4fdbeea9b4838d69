import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/src/main.ts';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const io = { stdout, stderr, cwd: process.cwd(), env: {}, signal: new AbortController().signal };
  return { io, out: () => out, err: () => err };
}

describe('pipewright main', () => {
  it('rejects an unknown command with exit 2 and the command list', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err()).toContain("unknown command 'frobnicate'");
    expect(c.err()).toContain('Usage: pipewright <command>');
  });

  it('prints help and exits 0 with --help', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('Exit codes: 0 ok');
  });
});
