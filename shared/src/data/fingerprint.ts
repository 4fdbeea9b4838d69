// Dataset fingerprints: the sha256 of each file's bytes (hashed while the file is read),
// and for a directory or glob a manifest of `<sha256>  <relative path>` lines, sorted
// by path, whose own sha256 is the root digest.
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { DataSource } from './sources.ts';
import type { DatasetFingerprint } from './types.ts';

/**
 * Hashes a file's bytes front to back; extra hashes (e.g. DVC's md5) ride along. One
 * buffer is reused for every read, so hashing a large file makes no garbage.
 */
export async function hashFile(path: string, options: { extra?: Hash[]; signal?: AbortSignal } = {}): Promise<string> {
  const sha = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let position = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      sha.update(chunk);
      for (const h of options.extra ?? []) h.update(chunk);
      position += bytesRead;
    }
  } finally {
    await handle.close();
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
