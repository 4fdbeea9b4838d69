// Scans a CSV that can only be read front to back (gzip): header from the first bytes,
// then the same scanner as the byte-range path, fed chunk by chunk.
import type { Hash } from 'node:crypto';
import type { ProfileColumn } from '../drift/types.ts';
import { createProfileAccumulator } from '../drift/index.ts';
import { streamFile } from './byte-stream.ts';
import { type BoundLayout, bindLayout, type CsvHeader, headerFromBytes } from './csv-header.ts';
import { type ChunkLimits, CsvWindow } from './csv-read.ts';
import { CsvScanError, CsvScanner } from './csv-scan.ts';
import { scanErrorToInput } from './csv-file.ts';
import { type ScanPart, snapshotPart } from './merge.ts';
import type { ScanPlan } from './plan.ts';

export interface CsvStreamScan {
  header: CsvHeader;
  bound: BoundLayout;
  part: ScanPart;
}

export async function scanCsvStream(
  path: string,
  file: string,
  options: { gzip: boolean; hashes: Hash[]; plan: ScanPlan; strict: boolean; profileColumns: ProfileColumn[] | null; profileIndexes: number[]; limits?: ChunkLimits; signal?: AbortSignal; onBytes?: (n: number) => void },
): Promise<CsvStreamScan> {
  let head: Buffer = Buffer.alloc(0);
  let header: CsvHeader | null = null;
  let bound: BoundLayout | null = null;
  let scanner: CsvScanner | null = null;
  let window: CsvWindow | null = null;
  const profile = options.profileColumns ? createProfileAccumulator(options.profileColumns) : null;
  const start = (h: CsvHeader, rest: Buffer) => {
    bound = bindLayout(options.plan, h.names, options.strict, file);
    scanner = new CsvScanner(options.plan, bound.layout, profile, options.profileIndexes);
    window = new CsvWindow(scanner, h.dataStart, Number.POSITIVE_INFINITY, options.limits);
    window.push(rest);
  };
  try {
    for await (const chunk of streamFile(path, { gzip: options.gzip, hashes: options.hashes, file, signal: options.signal, onBytes: options.onBytes })) {
      if (window) {
        (window as CsvWindow).push(chunk);
        continue;
      }
      head = Buffer.concat([head, chunk]);
      header = headerFromBytes(head, false, file);
      if (header) start(header, head.subarray(header.dataStart));
    }
    if (!header) {
      header = headerFromBytes(head, true, file)!;
      start(header, head.subarray(header.dataStart));
    }
    (window as unknown as CsvWindow).push(null);
  } catch (error) {
    if (error instanceof CsvScanError && header) {
      throw scanErrorToInput({ code: error.code, detail: `${error.detail} (offset in the uncompressed data)`, byteOffset: error.byteOffset, row: error.row, field: error.field }, 0, file, header.names);
    }
    throw error;
  }
  const s = scanner as unknown as CsvScanner;
  return {
    header,
    bound: bound as unknown as BoundLayout,
    part: { ...snapshotPart(s.tally, s.checks, s.duplicateSlots(), profile), columnNames: header.names },
  };
}
