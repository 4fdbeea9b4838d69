// A temp dir with executable scripts for the run provider, and an AnalysisContext over it.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisContext } from '../../../../shared/src/deploy/types.ts';

export interface ScriptDir {
  dir: string;
  /** Writes an executable script and returns its path. */
  script(name: string, body: string): string;
  context(overrides?: Partial<AnalysisContext>): AnalysisContext;
  remove(): void;
}

export function scriptDir(): ScriptDir {
  const dir = mkdtempSync(join(tmpdir(), 'pw-analysis-'));
  return {
    dir,
    script(name, body) {
      const path = join(dir, name);
      writeFileSync(path, body);
      chmodSync(path, 0o755);
      return path;
    },
    context(overrides = {}) {
      return { canaryVersion: 'v3', stableVersion: 'v2', weight: 5, cwd: dir, env: { PATH: process.env.PATH }, signal: new AbortController().signal, ...overrides };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True while a process with this PID runs: a zombie (dead, not yet reaped by init) is not alive. */
export function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}
