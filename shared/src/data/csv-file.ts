// Scans one CSV file: header, then byte ranges on worker threads (in-process for small
// files). Ranges after the first guess their first record boundary; each guess is
// checked against where the previous range really ended and rescanned exactly when a
// quoted newline fooled it, so results never depend on the split.
import { availableParallelism } from 'node:os';
import type { ProfileColumn } from '../drift/types.ts';
import { InputError } from '../errors.ts';
import type { ChunkLimits } from './csv-read.ts';
import { type CsvRangeResult, type CsvRangeTask, runCsvRange, type ScanErrorInfo } from './csv-range.ts';
import { type BoundLayout, bindLayout, type CsvHeader, readCsvHeader } from './csv-header.ts';
import { type JoinedSets, SetJoiner } from './merge.ts';
import type { ScanPlan } from './plan.ts';
import { runOnWorkers, workerEntry } from './worker-pool.ts';

/** Tuning for tests and benchmarks; defaults suit real files. */
export interface ScanTuning {
  /** Worker threads (default: available cores, at most 4). 1 or 0 scans in-process. */
  workers?: number;
  /** Files smaller than this are scanned in-process (default 8 MB). */
  parallelFromBytes?: number;
  /** Split into ranges of at most this many bytes (default: 2 ranges per worker, 1 when profiling, at least 16 MB each). */
  rangeBytes?: number;
  limits?: ChunkLimits;
}

export interface CsvFileScan {
  header: CsvHeader;
  bound: BoundLayout;
  /** Range results in file order; rows in each are local to the range. */
  ranges: CsvRangeResult[];
  /** Hash sets joined while the scan ran; absent when a range had to be rescanned. */
  joined?: JoinedSets;
}

export interface CsvScanOptions {
  plan: ScanPlan;
  strict: boolean;
  profileColumns: ProfileColumn[] | null;
  profileIndexes: number[];
  tuning?: ScanTuning;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}

export function scanErrorToInput(error: ScanErrorInfo, rowOffset: number, file: string, names: string[]): InputError {
  const columnName = error.field >= 0 ? names[error.field] : undefined;
  return new InputError(error.code, error.detail, { file, row: rowOffset + error.row, columnName, byteOffset: error.byteOffset });
}

export async function scanCsvFile(path: string, file: string, fileSize: number, options: CsvScanOptions): Promise<CsvFileScan> {
  const header = readCsvHeader(path, file);
  const bound = bindLayout(options.plan, header.names, options.strict, file);
  options.onBytes?.(header.dataStart);
  const tuning = options.tuning ?? {};
  const base: Omit<CsvRangeTask, 'start' | 'exact' | 'stopAt'> = {
    path,
    fileSize,
    plan: options.plan,
    layout: bound.layout,
    profileColumns: options.profileColumns,
    profileIndexes: options.profileIndexes,
    limits: tuning.limits ?? {},
  };
  const dataBytes = fileSize - header.dataStart;
  const workers = tuning.workers ?? Math.min(availableParallelism(), 4);
  const script = workers > 1 && dataBytes >= (tuning.parallelFromBytes ?? 8 << 20) ? await workerEntry() : null;
  let ranges: CsvRangeResult[];
  let joined: JoinedSets | undefined;
  if (!script) {
    ranges = [runCsvRange({ ...base, start: header.dataStart, exact: true, stopAt: fileSize }, options.onBytes)];
  } else {
    // One range per worker: measured on the 2M-row benchmark, two per worker (to let a
    // fast worker take more) cost 5-10% more CPU and wall time, in range setup, hash-set
    // growth and joins (and, when profiling, in each range's profile snapshot and merge).
    const rangeBytes = tuning.rangeBytes ?? Math.max(16 << 20, Math.ceil(dataBytes / workers));
    const count = Math.max(workers, Math.ceil(dataBytes / rangeBytes));
    const step = Math.ceil(dataBytes / count);
    const tasks: CsvRangeTask[] = [];
    for (let i = 0; i < count; i++) {
      const start = header.dataStart + i * step;
      if (start >= fileSize) break;
      tasks.push({ ...base, start, exact: i === 0, stopAt: Math.min(fileSize, start + step) });
    }
    const join: JoinedSets = {
      unique: options.plan.columns.map((c) => (c.unique ? new SetJoiner(true, tasks.length) : null)),
      duplicates: options.plan.duplicateKey ? new SetJoiner(false, tasks.length) : null,
    };
    const done: Array<CsvRangeResult | undefined> = new Array(tasks.length);
    let verified = -1;
    // Ranges are checked and joined in file order as they arrive: range i is right when
    // it starts where range i - 1 really ended; otherwise it is rescanned from there.
    const advance = () => {
      while (verified + 1 < tasks.length && done[verified + 1] !== undefined) {
        const i = verified + 1;
        const previous = done[i - 1];
        if (previous && !previous.error && done[i]!.start !== previous.end) {
          done[i] = runCsvRange({ ...tasks[i]!, start: previous.end, exact: true });
        }
        const result = done[i]!;
        result.columns.forEach((c, ci) => {
          const joiner = join.unique[ci];
          if (joiner) {
            joiner.add(c.uniqueSlots);
            // The joined set holds these values now: let the range's table go.
            c.uniqueSlots = null;
          }
        });
        if (join.duplicates) {
          join.duplicates.add(result.duplicateSlots);
          result.duplicateSlots = null;
        }
        verified = i;
      }
    };
    const onResult = (index: number, result: CsvRangeResult) => {
      done[index] = result;
      advance();
    };
    await runOnWorkers(script, tasks, workers, { signal: options.signal, onBytes: options.onBytes, onResult });
    ranges = done as CsvRangeResult[];
    joined = join;
  }
  let rowOffset = 0;
  for (const range of ranges) {
    if (range.error) throw scanErrorToInput(range.error, rowOffset, file, header.names);
    rowOffset += range.tally.rows;
  }
  return { header, bound, ranges, joined };
}
