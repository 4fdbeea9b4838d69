// Resolves a dataset's `path` (a file, a directory or a glob) to its data files, each
// with its format and whether it is gzip-compressed. Every path stays in the workspace.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { excerpt, InputError } from '../errors.ts';
import { isInsideWorkspace, resolveInWorkspace } from '../workspace/index.ts';
import type { DataFormat } from './types.ts';

export interface DataFile {
  /** Absolute path on disk. */
  absolute: string;
  /** Path in the manifest: relative to the directory, or to the workspace for a glob. */
  relative: string;
  size: number;
  format: DataFormat;
  gzip: boolean;
}

export interface DataSource {
  kind: 'file' | 'directory' | 'glob';
  /** Absolute path of the file or directory (the glob pattern for a glob). */
  root: string;
  files: DataFile[];
}

const EXTENSIONS: Record<string, DataFormat> = { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl', json: 'jsonl', parquet: 'parquet', pq: 'parquet' };

/** The format a file name implies, and whether it is gzipped; null for other files. */
export function formatOf(name: string): { format: DataFormat; gzip: boolean } | null {
  const lower = name.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const base = gzip ? lower.slice(0, -3) : lower;
  const ext = base.slice(base.lastIndexOf('.') + 1);
  const format = EXTENSIONS[ext];
  return format ? { format, gzip } : null;
}

function toFile(absolute: string, rel: string, forced: DataFormat | undefined): DataFile {
  const implied = formatOf(absolute);
  const format = forced ?? implied?.format;
  if (!format) throw new InputError('data-format', `cannot tell the format of '${excerpt(rel)}': expected a .csv, .jsonl or .parquet file (optionally .gz), or set format:`, { file: rel });
  return { absolute, relative: rel.split(sep).join('/'), size: statSync(absolute).size, format, gzip: implied?.gzip ?? absolute.toLowerCase().endsWith('.gz') };
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && formatOf(entry.name)) out.push(full);
  }
}

export async function resolveSource(workspace: string, path: string, format?: DataFormat): Promise<DataSource> {
  if (isDynamicPattern(path)) {
    const matches = await glob(path, { cwd: workspace, onlyFiles: true, absolute: false, dot: false });
    const files = matches
      .filter((m) => isInsideWorkspace(workspace, m))
      .sort()
      .map((m) => toFile(resolveInWorkspace(workspace, m), m, format));
    if (files.length === 0) throw new InputError('data-missing', `no file matches '${excerpt(path)}'`, { file: path });
    return { kind: 'glob', root: path, files };
  }
  const absolute = resolveInWorkspace(workspace, path);
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(absolute);
  } catch {
    throw new InputError('data-missing', `no such file or directory: '${excerpt(path)}'`, { file: path });
  }
  if (stat.isDirectory()) {
    const found: string[] = [];
    walk(absolute, found);
    const files = found.sort().map((f) => toFile(f, relative(absolute, f), format));
    if (files.length === 0) throw new InputError('data-missing', `directory '${excerpt(path)}' holds no .csv, .jsonl or .parquet file`, { file: path });
    return { kind: 'directory', root: absolute, files };
  }
  return { kind: 'file', root: absolute, files: [toFile(absolute, path.split(/[\\/]/).pop() ?? path, format)] };
}
