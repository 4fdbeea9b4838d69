// Reads CSV bytes into the scanner: a byte range of a file (a worker's share, read with
// positioned reads) or a stream of chunks (gzip). Keeps at most one chunk plus one
// unfinished record in memory, caps a record's size, and checks that the text is UTF-8.
import { closeSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { CsvScanError, type CsvScanner } from './csv-scan.ts';

export const DEFAULT_CHUNK_BYTES = 1 << 20;
/** A record longer than this is an error, not a reason to buffer without bound. */
export const MAX_RECORD_BYTES = 16 << 20;
/**
 * A range's first read: its rows give the scanner the range's row estimate (hash-set
 * sizes, the profile's sampling hint) after a few hundred rows rather than a full chunk.
 */
const FIRST_READ_BYTES = 64 << 10;

export interface ChunkLimits {
  chunkBytes?: number;
  maxRecordBytes?: number;
}

/** Feeds the scanner from a growing window; `base` is the file offset of window[0]. */
export class CsvWindow {
  private buf: Buffer;
  private filled = 0;
  base: number;
  private readonly maxRecordBytes: number;

  constructor(
    private readonly scanner: CsvScanner,
    start: number,
    private readonly stopAt: number,
    limits: ChunkLimits = {},
  ) {
    this.buf = Buffer.allocUnsafe(limits.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    this.maxRecordBytes = limits.maxRecordBytes ?? MAX_RECORD_BYTES;
    this.base = start;
  }

  get done(): boolean {
    return this.scanner.stopped;
  }

  /** Room to write into, growing the window when a record does not fit. */
  private room(): Buffer {
    if (this.filled === this.buf.length) {
      if (this.buf.length >= this.maxRecordBytes) {
        throw new CsvScanError(
          'csv-record-too-long',
          `a record is longer than ${this.maxRecordBytes / (1 << 20)} MB (no end of line found)`,
          this.base,
          this.scanner.tally.rows + 1,
          -1,
        );
      }
      const bigger = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.maxRecordBytes));
      this.buf.copy(bigger, 0, 0, this.filled);
      this.buf = bigger;
    }
    return this.buf.subarray(this.filled);
  }

  /** Reads the next piece of the file (at most `limit` bytes) at the window's end; returns false at end of file. */
  readFrom(fd: number, fileSize: number, limit = Number.POSITIVE_INFINITY): boolean {
    const room = this.room();
    const position = this.base + this.filled;
    const n = position >= fileSize ? 0 : readSync(fd, room, 0, Math.min(room.length, fileSize - position, limit), position);
    this.filled += n;
    const eof = this.base + this.filled >= fileSize;
    this.scanWindow(eof);
    return !eof && !this.done;
  }

  /** Appends a chunk of a stream (null at its end). */
  push(chunk: Buffer | null): void {
    if (chunk === null) {
      this.scanWindow(true);
      return;
    }
    let offset = 0;
    while (offset < chunk.length && !this.done) {
      const room = this.room();
      const n = Math.min(room.length, chunk.length - offset);
      chunk.copy(room, 0, offset, offset + n);
      offset += n;
      this.filled += n;
      if (this.filled === this.buf.length) this.scanWindow(false);
    }
  }

  private scanWindow(eof: boolean): void {
    const rowsBefore = this.scanner.tally.rows;
    const consumed = this.scanner.scan(this.buf, 0, this.filled, eof, this.base, this.stopAt);
    if (consumed > 0 && !isUtf8(this.buf.subarray(0, consumed))) {
      const offset = firstInvalidUtf8(this.buf, 0, consumed);
      const where = locateRecord(this.buf, 0, offset);
      throw new CsvScanError('csv-encoding', 'the bytes are not valid UTF-8', this.base + offset, rowsBefore + where.records + 1, where.field);
    }
    if (eof && !this.done && consumed < this.filled) {
      throw new CsvScanError('csv-incomplete', 'the file ends inside a record', this.base + consumed, this.scanner.tally.rows + 1, -1);
    }
    this.buf.copy(this.buf, 0, consumed, this.filled);
    this.filled -= consumed;
    this.base += consumed;
  }
}

/** Scans file bytes [start, stopAt) of `path` (records starting there), then the rest of the last record. */
export function scanFileRange(scanner: CsvScanner, path: string, fileSize: number, start: number, stopAt: number, limits: ChunkLimits = {}, onBytes?: (done: number) => void): number {
  const window = new CsvWindow(scanner, start, stopAt, limits);
  const fd = openSync(path, 'r');
  try {
    let reported = start;
    let sized = false;
    while (window.readFrom(fd, fileSize, sized ? Number.POSITIVE_INFINITY : FIRST_READ_BYTES)) {
      if (!sized && scanner.tally.rows > 0) {
        // Rows expected in the whole range, from the bytes per row seen so far (+10%).
        const perRow = (window.base - start) / scanner.tally.rows;
        scanner.reserve(Math.ceil(((Math.min(stopAt, fileSize) - start) / perRow) * 1.1));
        sized = true;
      }
      if (onBytes && window.base - reported >= 8 << 20) {
        onBytes(window.base - reported);
        reported = window.base;
      }
    }
    if (onBytes) onBytes(Math.min(window.base, stopAt) - reported);
  } finally {
    closeSync(fd);
  }
  return window.base;
}

/** Offset of the first byte that breaks UTF-8 in buf[from, to). */
export function firstInvalidUtf8(buf: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const b = buf[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= to || (buf[i + k]! & 0xc0) !== 0x80) return i;
    }
    if (need > 0 && !isUtf8(buf.subarray(i, i + need + 1))) return i;
    i += need + 1;
  }
  return to;
}

/** Records completed and field index reached at `offset`, walking quotes from `from`. */
export function locateRecord(buf: Uint8Array, from: number, offset: number): { records: number; field: number } {
  let records = 0;
  let field = 0;
  let quoted = false;
  for (let i = from; i < offset; i++) {
    const b = buf[i];
    if (b === 34) quoted = !quoted;
    else if (!quoted && b === 44) field++;
    else if (!quoted && b === 10) {
      records++;
      field = 0;
    }
  }
  return { records, field };
}
