// Crash-safe file writes: temp file + fsync + rename, and streamed copies that hash as they go.
import { createHash, type Hash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
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
    size = await writeHashed(reusedChunks(source), handle, hash, progress);
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
 * Reads bytes `start`..`end` (inclusive) of `path` into two buffers used in turn: a yielded
 * chunk stays valid until the consumer asks for the chunk after next. A 1 GB copy thus makes
 * no garbage, so the process stays small without waiting for the collector.
 */
export async function* reusedChunks(path: string, start = 0, end = Number.POSITIVE_INFINITY, bufferSize = 1 << 20): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffers = [Buffer.allocUnsafe(bufferSize), Buffer.allocUnsafe(bufferSize)] as const;
    let position = start;
    for (let turn = 0; position <= end; turn ^= 1) {
      const buffer = turn === 0 ? buffers[0] : buffers[1];
      const { bytesRead } = await handle.read(buffer, 0, Math.min(bufferSize, end - position + 1), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Writes `chunks` to `handle`, hashing them; each write runs (in the thread pool) while the
 * next chunk is read and hashed. Returns the byte count.
 */
export async function writeHashed(chunks: AsyncIterable<Uint8Array>, handle: FileHandle, hash: Hash, progress?: (bytes: number) => void): Promise<number> {
  let pending: Promise<unknown> = Promise.resolve();
  let size = 0;
  for await (const chunk of chunks) {
    hash.update(chunk);
    await pending;
    pending = handle.write(chunk);
    // Surfaced by the next await; this only keeps a failed write from being "unhandled".
    pending.catch(() => {});
    size += chunk.byteLength;
    progress?.(size);
  }
  await pending;
  return size;
}

/** True when something exists at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
