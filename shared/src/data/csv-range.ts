// One unit of CSV work, the same in a worker thread and in-process: scan a byte range
// of a file (guessing the first record boundary when asked) and return plain counts.
import { closeSync, openSync, readSync } from 'node:fs';
import { createProfileAccumulator } from '../drift/accumulator.ts';
import type { DatasetProfile, ProfileColumn } from '../drift/types.ts';
import type { ColumnCounts } from './column-counts.ts';
import { type ChunkLimits, scanFileRange } from './csv-read.ts';
import { type CsvLayout, CsvScanError, CsvScanner } from './csv-scan.ts';
import { snapshotPart } from './merge.ts';
import type { ScanPlan } from './plan.ts';
import type { TallyCounts } from './tally.ts';

export interface CsvRangeTask {
  path: string;
  fileSize: number;
  /** First byte of the range; with `exact` false, records start after the first LF at or after start - 1. */
  start: number;
  exact: boolean;
  /** Records starting at or after this offset belong to the next range. */
  stopAt: number;
  plan: ScanPlan;
  layout: CsvLayout;
  /** Profile columns (plan order) and each plan column's index among them (-1: not profiled). */
  profileColumns: ProfileColumn[] | null;
  profileIndexes: number[];
  limits: ChunkLimits;
}

export interface ScanErrorInfo {
  code: string;
  detail: string;
  byteOffset: number;
  /** Local row (1-based within the range). */
  row: number;
  /** File column index, or -1. */
  field: number;
}

export interface CsvRangeResult {
  /** Where the range's first record started, and where the next record starts. */
  start: number;
  end: number;
  tally: TallyCounts;
  columns: ColumnCounts[];
  duplicateSlots: Uint32Array | null;
  profile: DatasetProfile | null;
  error: ScanErrorInfo | null;
}

/** The first record boundary at or after `start`, assuming `start - 1` is outside quotes. */
export function guessRecordStart(path: string, fileSize: number, start: number): number {
  if (start <= 0) return 0;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (let at = start - 1; at < fileSize; at += buf.length) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, fileSize - at), at);
      const lf = buf.subarray(0, n).indexOf(10);
      if (lf >= 0) return at + lf + 1;
    }
    return fileSize;
  } finally {
    closeSync(fd);
  }
}

export function runCsvRange(task: CsvRangeTask, onBytes?: (done: number) => void): CsvRangeResult {
  const start = task.exact ? task.start : guessRecordStart(task.path, task.fileSize, task.start);
  // Progress counts the nominal range: the bytes skipped to the first boundary too.
  if (onBytes && start > task.start) onBytes(Math.min(start, task.stopAt) - task.start);
  const profile = task.profileColumns ? createProfileAccumulator(task.profileColumns) : null;
  const scanner = new CsvScanner(task.plan, task.layout, profile, task.profileIndexes);
  let end = start;
  let error: ScanErrorInfo | null = null;
  try {
    end = start >= task.stopAt ? start : scanFileRange(scanner, task.path, task.fileSize, start, task.stopAt, task.limits, onBytes);
  } catch (e) {
    if (!(e instanceof CsvScanError)) throw e;
    error = { code: e.code, detail: e.detail, byteOffset: e.byteOffset, row: e.row, field: e.field };
  }
  return {
    start,
    end,
    ...snapshotPart(scanner.tally, scanner.checks, scanner.duplicateSlots(), profile),
    error,
  };
}
