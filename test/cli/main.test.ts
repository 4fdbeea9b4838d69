// The dispatcher: unknown commands and help, per the CLI contract.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

describe('pipewright main', () => {
  it('rejects an unknown command with exit 2 and the command list', async () => {
    const result = await runCli(['frobnicate'], { cwd: process.cwd() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
    expect(result.stderr).toContain('Usage: pipewright <command>');
  });

  it('prints help and exits 0 with --help', async () => {
    const result = await runCli(['--help'], { cwd: process.cwd() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes: 0 ok');
  });
});
