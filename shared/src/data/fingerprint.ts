// Dataset fingerprints: the sha256 of each file's bytes (hashed while the file is read),
// and for a directory or glob a manifest of `<sha256>  <relative path>` lines, sorted
// by path, whose own sha256 is the root digest.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { DataSource } from './sources.ts';
import type { DatasetFingerprint } from './types.ts';

/** Hashes a file's bytes as they stream; extra hashes (e.g. DVC's md5) ride along. */
export async function hashFile(path: string, options: { extra?: Hash[]; signal?: AbortSignal } = {}): Promise<string> {
  const sha = createHash('sha256');
  const stream = createReadStream(path, { highWaterMark: 1 << 20, signal: options.signal });
  for await (const chunk of stream) {
    sha.update(chunk as Buffer);
    for (const h of options.extra ?? []) h.update(chunk as Buffer);
  }
  return sha.digest('hex');
}

/** The manifest text: one `<sha256>  <path>` line per file, sorted by path. */
export function manifestText(files: DatasetFingerprint['files']): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
}

export function fingerprintOf(source: DataSource, hashes: string[]): DatasetFingerprint {
  const files = source.files.map((f, i) => ({ path: f.relative, sha256: hashes[i]!, bytes: f.size }));
  if (source.kind === 'file') return { digest: `sha256:${files[0]!.sha256}`, files };
  const root = createHash('sha256').update(manifestText(files)).digest('hex');
  return { digest: `sha256:${root}`, files };
}
