// Crash-safe file writes: temp file + fsync + rename, and streamed copies that hash as they go.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A unique temp name in `dir` that names our pid, so a later run can tell dead leftovers. */
export function tempName(dir: string, label: string): string {
  return join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}-${label}`);
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle.close();
  }
}

/** Writes `bytes` to `path` so a reader sees the old file or the whole new one, never a part. */
export async function writeFileAtomic(path: string, bytes: Uint8Array, beforeRename?: () => void): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = tempName(dir, 'write');
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  beforeRename?.();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dir);
}

/** Copies `source` into a new temp file in `dir`, hashing while copying; returns its digest and size. */
export async function copyHashed(source: string, dir: string, progress?: (bytes: number) => void): Promise<{ temp: string; digest: string; size: number }> {
  await mkdir(dir, { recursive: true });
  const temp = tempName(dir, 'blob');
  const hash = createHash('sha256');
  const handle = await open(temp, 'wx');
  let size = 0;
  try {
    for await (const chunk of reusedChunks(source)) {
      hash.update(chunk);
      await handle.write(chunk);
      size += chunk.length;
      progress?.(size);
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return { temp, digest: `sha256:${hash.digest('hex')}`, size };
}

/** Moves a finished temp file into place and makes the rename durable. */
export async function commitTemp(temp: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await rename(temp, path);
  await fsyncDir(dirname(path));
}

/**
 * Reads bytes `start`..`end` (inclusive) of `path` into ONE reused buffer: each yielded chunk
 * is valid only until the consumer asks for the next one. This keeps a 1 GB copy free of
 * garbage, so the process stays small without waiting for the collector.
 */
export async function* reusedChunks(path: string, start = 0, end = Number.POSITIVE_INFINITY, bufferSize = 1 << 20): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(bufferSize);
    let position = start;
    while (position <= end) {
      const want = Math.min(bufferSize, end - position + 1);
      const { bytesRead } = await handle.read(buffer, 0, want, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
