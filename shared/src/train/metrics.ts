// Reads the metrics file a training run writes: a JSON object of finite numbers.
import { readFile, stat } from 'node:fs/promises';
import { excerpt } from '../errors.ts';
import { MetricsFileError } from './errors.ts';

/** How the file looked before the run, to tell a fresh file from a stale one. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
  ino: number;
}

export async function stampFile(path: string): Promise<FileStamp | null> {
  try {
    const s = await stat(path);
    return { mtimeMs: s.mtimeMs, size: s.size, ino: s.ino };
  } catch {
    return null;
  }
}

/**
 * Parses `path` (named `display` in messages). `before` is the file's stamp from before
 * the run: a file the run did not rewrite is stale and rejected.
 */
export async function readMetricsFile(path: string, display: string, before: FileStamp | null = null): Promise<Record<string, number>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MetricsFileError(
      code === 'ENOENT'
        ? `metrics file '${display}' not found: the train command must write a JSON object of numbers there`
        : `cannot read metrics file '${display}': ${code ?? (error as Error).message}`,
      display,
    );
  }
  const after = await stampFile(path);
  if (before && after && before.mtimeMs === after.mtimeMs && before.size === after.size && before.ino === after.ino) {
    throw new MetricsFileError(`metrics file '${display}' was not written by this run (it is unchanged since before the run started)`, display);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MetricsFileError(`metrics file '${display}' is not valid JSON: ${excerpt((error as Error).message)}`, display);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MetricsFileError(`metrics file '${display}' must hold a JSON object of numbers, found ${Array.isArray(value) ? 'an array' : excerpt(String(JSON.stringify(value)))}`, display);
  }
  const metrics: Record<string, number> = {};
  for (const [key, metric] of Object.entries(value)) {
    if (typeof metric !== 'number' || !Number.isFinite(metric)) {
      throw new MetricsFileError(`metrics file '${display}': key '${excerpt(key)}' must be a finite number, found ${excerpt(String(JSON.stringify(metric)))}`, display);
    }
    metrics[key] = metric;
  }
  return metrics;
}
