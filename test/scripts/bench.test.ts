// `pnpm bench` runs scripts/bench.mjs: it exists, lists every bench/*.bench.ts, and refuses an unknown name.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function bench(...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'scripts/bench.mjs'), ...args], { cwd: root, encoding: 'utf8' });
}

describe('pnpm bench', () => {
  it('runs scripts/bench.mjs, which exists', () => {
    const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.bench as string;
    const file = /^node (\S+)/.exec(script)?.[1];
    expect(file).toBe('scripts/bench.mjs');
    expect(existsSync(join(root, file!))).toBe(true);
  });

  it('lists every benchmark in bench/', () => {
    const r = bench('--list');
    expect(r.status).toBe(0);
    const onDisk = readdirSync(join(root, 'bench'))
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => f.replace(/\.bench\.ts$/, ''))
      .sort();
    expect(onDisk.length).toBeGreaterThan(0);
    expect(r.stdout.trim().split('\n')).toEqual(onDisk);
  });

  it('exits 2 naming the benchmarks when asked for one that does not exist', () => {
    const r = bench('no-such-bench');
    expect(r.status).toBe(2);
    const names = readdirSync(join(root, 'bench'))
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => f.replace(/\.bench\.ts$/, ''))
      .sort();
    expect(r.stderr).toContain(`no benchmark named 'no-such-bench'; expected one of ${names.join(', ')}`);
  });
});
