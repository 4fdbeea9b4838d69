// Streams a file's bytes once: every raw chunk goes through the fingerprint hashes, and
// `.gz` files are decompressed on the way. A truncated or corrupt gzip becomes an
// InputError naming the compressed byte offset.
import type { Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { excerpt, InputError } from '../errors.ts';

export interface ByteStreamOptions {
  gzip: boolean;
  hashes: Hash[];
  file: string;
  signal?: AbortSignal;
  /** Raw (compressed) bytes read so far, for progress. */
  onBytes?: (bytes: number) => void;
}

export async function* streamFile(path: string, options: ByteStreamOptions): AsyncGenerator<Buffer> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20, signal: options.signal });
  let readBytes = 0;
  if (!options.gzip) {
    for await (const chunk of raw) {
      const buf = chunk as Buffer;
      readBytes += buf.length;
      for (const h of options.hashes) h.update(buf);
      options.onBytes?.(buf.length);
      yield buf;
    }
    return;
  }
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  raw.on('data', (chunk) => {
    const buf = chunk as Buffer;
    readBytes += buf.length;
    for (const h of options.hashes) h.update(buf);
    options.onBytes?.(buf.length);
  });
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') throw error;
    const message = (error as Error).message;
    const truncated = /unexpected end of file/i.test(message);
    throw new InputError(
      truncated ? 'data-gzip-truncated' : 'data-gzip',
      truncated ? `the gzip stream is truncated: it ends after ${readBytes} compressed bytes` : `not a valid gzip file: ${excerpt(message)}`,
      { file: options.file, byteOffset: readBytes },
      error,
    );
  } finally {
    raw.destroy();
  }
}
