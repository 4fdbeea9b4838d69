// A newcomer's first hour: clone the repository into an empty folder and run the
// README's two commands exactly as written. The second, `pnpm test`, would run this
// test again inside the clone: PIPEWRIGHT_TEST_FILES narrows that inner run to one file.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fencedBlocks } from '../support/doc-examples.ts';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'pw-fresh-clone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The quick start's commands: the first `sh` block of the README, comments dropped. */
function readmeCommands(): string[] {
  const block = fencedBlocks(join(root, 'README.md'), 'sh')[0];
  if (!block) throw new Error('README.md has no sh block with the two commands');
  return block.text
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

describe('the README quick start on a fresh clone', () => {
  it('has exactly two commands: the demo and the tests', () => {
    const [demo, tests, ...rest] = readmeCommands();
    expect(demo).toMatch(/pnpm exec pipewright demo$/);
    expect(tests).toBe('pnpm test');
    expect(rest).toEqual([]);
  });

  it('runs the demo, then the tests, as written', () => {
    const clone = join(dir, 'pipewright');
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone]);
    // The tools scripts/setup.sh builds outside Debian (code-server, actionlint) are this
    // machine's, as on a newcomer's second clone: share them instead of building them again.
    if (existsSync(join(root, '.cache'))) symlinkSync(join(root, '.cache'), join(clone, '.cache'));
    const env = { ...process.env, CI: 'true', PIPEWRIGHT_TEST_FILES: 'test/cli/main.test.ts', PIPEWRIGHT_TEST_REPORT: '' };
    const [demo, tests] = readmeCommands();
    const first = spawnSync('bash', ['-euo', 'pipefail', '-c', demo!], { cwd: clone, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(first.status, `${demo}\n${first.stdout.slice(-3000)}\n${first.stderr.slice(-3000)}`).toBe(0);
    expect(first.stdout).toMatch(/Demo complete/);
    expect(existsSync(join(clone, 'cli/dist/pipewright.js'))).toBe(true);
    const second = spawnSync('bash', ['-euo', 'pipefail', '-c', tests!], { cwd: clone, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(second.status, `${tests}\n${second.stdout.slice(-3000)}\n${second.stderr.slice(-3000)}`).toBe(0);
    expect(second.stdout).toMatch(/Tests\s+.*\d+ passed/);
  }, 600_000);
});
