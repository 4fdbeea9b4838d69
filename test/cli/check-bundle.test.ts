// `pipewright check` through the built bundle, as users run it (`pnpm build` first; CI does).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bundle = join(root, 'cli/dist/pipewright.js');

function pipewright(...args: string[]) {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run 'pnpm build' first`);
  return spawnSync(process.execPath, [bundle, ...args], { cwd: root, encoding: 'utf8', timeout: 20_000 });
}

describe('the built pipewright bundle', () => {
  it('checks examples/churn/pipewright.yaml: exit 0', () => {
    const r = pipewright('check', 'examples/churn/pipewright.yaml');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('examples/churn/pipewright.yaml: ok\n');
    expect(r.status).toBe(0);
  });

  it('reports an invalid spec as JSON: exit 1', () => {
    const r = pipewright('check', 'test/fixtures/spec/invalid/unknown-key.yaml', '--format', 'json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      diagnostics: [
        { severity: 'error', code: 'unknown-key', message: "unknown key 'shar' under 'drift' — did you mean 'share'?", line: 15, column: 3, endLine: 15, endColumn: 7 },
      ],
    });
  });

  it('prints help and exits 2 on an unreadable spec without a stack trace', () => {
    const help = pipewright('check', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: pipewright check [SPEC]');
    const missing = pipewright('check', 'nope.yaml');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('pipewright check: nope.yaml: cannot read the spec: no such file\n');
  });
});
