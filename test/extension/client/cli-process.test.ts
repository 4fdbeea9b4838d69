// The commands' runner: the CLI bundled inside the extension, as a child process, its output
// streamed, its exit code kept, and a cancellation that stops it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeExit, runCli } from '../../../extension/src/client/cli-process.ts';

const cliPath = join(import.meta.dirname, '../../../extension/dist/cli/pipewright.js');
let dir: string;

beforeEach(() => {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'pnpm build' first`);
  dir = mkdtempSync(join(tmpdir(), 'pw-ext-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runCli', () => {
  it('runs the bundled CLI in the spec directory and streams what it prints', async () => {
    writeFileSync(join(dir, 'pipewright.yaml'), 'version: 1\nname: churn\ndrift:\n  shar: 0.5\n');
    const chunks: string[] = [];
    const result = await runCli(['check', 'pipewright.yaml'], { cliPath, cwd: dir, onOutput: (t) => chunks.push(t) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("pipewright.yaml:4:3: error [unknown-key] unknown key 'shar' under 'drift' — did you mean 'share'?");
    expect(chunks.join('')).toContain(result.stdout);
    expect(describeExit('check', result.code)).toEqual({ level: 'warning', message: 'pipewright check found a problem: see the Pipewright output' });
  });

  it('passes JSON output through whole, and stderr to the output only', async () => {
    writeFileSync(join(dir, 'pipewright.yaml'), 'version: 1\nname: churn\n');
    const shown: string[] = [];
    const ok = await runCli(['check', '--format', 'json'], { cliPath, cwd: dir, onOutput: (t) => shown.push(t) });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ diagnostics: [] });
    const missing = await runCli(['check', 'nope.yaml'], { cliPath, cwd: dir, onOutput: (t) => shown.push(t) });
    expect(missing).toEqual({ code: 2, stdout: '' });
    expect(shown.join('')).toContain('pipewright check: nope.yaml: cannot read the spec: no such file');
    expect(describeExit('check', 2).level).toBe('error');
  });

  it('stops the CLI when cancelled', async () => {
    // A training command that would run for a minute.
    writeFileSync(join(dir, 'pipewright.yaml'), `version: 1\nname: churn\ntrain:\n  run: ${process.execPath} -e "setTimeout(() => {}, 60000)"\n`);
    const controller = new AbortController();
    const running = runCli(['train'], { cliPath, cwd: dir, signal: controller.signal, onOutput: () => controller.abort() });
    const abortSoon = setInterval(() => controller.abort(), 500);
    try {
      const result = await running;
      expect(result.code).toBe(130);
      expect(describeExit('train', result.code).message).toBe('pipewright train: cancelled');
    } finally {
      clearInterval(abortSoon);
    }
  });
});
