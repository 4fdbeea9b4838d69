// Runs CSV range tasks on worker threads. The worker script is the bundled
// `pipewright-scan-worker.js` beside the CLI or action bundle; from TypeScript sources
// (tests, benchmarks) it is bundled once with esbuild into the temp dir. When neither
// is possible the caller scans in-process: same code, one thread.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CsvRangeResult, CsvRangeTask } from './csv-range.ts';

export const WORKER_FILE = 'pipewright-scan-worker.js';

let entry: Promise<string | null> | undefined;

function moduleDir(): string | null {
  // The CommonJS action bundles define import.meta.url from __filename (scripts/build.mjs).
  const url: unknown = import.meta.url;
  return typeof url === 'string' && url.startsWith('file:') ? dirname(fileURLToPath(url)) : null;
}

async function bundleFromSources(dir: string): Promise<string | null> {
  const source = join(dir, 'scan-worker.ts');
  if (!existsSync(source)) return null;
  // Key the cached bundle on every core source it may include.
  const stamp = createHash('sha256');
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) stamp.update(`${full}:${statSync(full).mtimeMs};`);
    }
  };
  walk(join(dir, '..'));
  const out = join(tmpdir(), `pipewright-scan-worker-${stamp.digest('hex').slice(0, 16)}.mjs`);
  if (existsSync(out)) return out;
  const esbuildName = 'esbuild';
  try {
    const esbuild = (await import(esbuildName)) as typeof import('esbuild');
    const temp = `${out}.${process.pid}.${Date.now()}.tmp`;
    await esbuild.build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: temp, logLevel: 'silent' });
    renameSync(temp, out);
    return out;
  } catch {
    return null;
  }
}

/** The worker script to start, or null when workers are unavailable. */
export function workerEntry(): Promise<string | null> {
  entry ??= (async () => {
    const dir = moduleDir();
    if (!dir) return null;
    const bundled = join(dir, WORKER_FILE);
    if (existsSync(bundled)) return bundled;
    return bundleFromSources(dir);
  })();
  return entry;
}

/** Runs tasks on `size` workers, in any order; results come back by task index. */
export async function runOnWorkers(
  script: string,
  tasks: CsvRangeTask[],
  size: number,
  options: { signal?: AbortSignal; onBytes?: (bytes: number) => void; onResult?: (index: number, result: CsvRangeResult) => void },
): Promise<CsvRangeResult[]> {
  const results: CsvRangeResult[] = new Array(tasks.length);
  let next = 0;
  const workers: Worker[] = [];
  const stopAll = () => {
    for (const w of workers) void w.terminate();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const onAbort = () => reject(options.signal?.reason ?? new Error('aborted'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const startOne = (worker: Worker): boolean => {
        if (next >= tasks.length) return false;
        const index = next++;
        running++;
        const onMessage = (message: { kind: string; bytes?: number; result?: CsvRangeResult; message?: string }) => {
          if (message.kind === 'progress') {
            options.onBytes?.(message.bytes ?? 0);
            return;
          }
          worker.off('message', onMessage);
          running--;
          if (message.kind === 'crash') {
            reject(new Error(`scan worker failed: ${message.message}`));
            return;
          }
          results[index] = message.result!;
          // Hand the worker its next range before doing anything else with this one.
          const more = startOne(worker);
          options.onResult?.(index, message.result!);
          if (!more && running === 0) {
            options.signal?.removeEventListener('abort', onAbort);
            resolve();
          }
        };
        worker.on('message', onMessage);
        worker.postMessage(tasks[index]);
        return true;
      };
      const count = Math.min(size, tasks.length);
      for (let i = 0; i < count; i++) {
        const worker = new Worker(script);
        worker.on('error', reject);
        workers.push(worker);
        startOne(worker);
      }
      if (count === 0) resolve();
    });
  } finally {
    stopAll();
  }
  return results;
}
