// Parquet through hyparquet: reads the footer, then one row group at a time and only
// the columns the rules need (column projection). Fingerprinting streams the file
// separately, in parallel.
import { open } from 'node:fs/promises';
import { type FileMetaData, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import { createProfileAccumulator } from '../drift/index.ts';
import type { ProfileColumn } from '../drift/types.ts';
import { excerpt, InputError } from '../errors.ts';
import { ColumnCheck } from './column-check.ts';
import { MAX_EXAMPLES, ProbeDone } from './column-counts.ts';
import { DuplicateKeys, HASH, hashString } from './hash-set.ts';
import { type ScanPart, snapshotPart } from './merge.ts';
import type { ScanPlan } from './plan.ts';
import { TableTally } from './tally.ts';

export interface ParquetScan {
  part: ScanPart;
  columns: string[];
  /** The columns actually decoded (projection). */
  read: string[];
}

function keyText(value: unknown): string {
  return typeof value === 'bigint' ? value.toString() : value instanceof Date ? value.toISOString() : JSON.stringify(value ?? null);
}

export async function scanParquet(
  path: string,
  file: string,
  options: { plan: ScanPlan; profileColumns: ProfileColumn[] | null; profileIndexes: number[]; signal?: AbortSignal; onBytes?: (n: number) => void },
): Promise<ParquetScan> {
  const { plan } = options;
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = {
      byteLength: size,
      async slice(start: number, end?: number): Promise<ArrayBuffer> {
        const stop = Math.min(end ?? size, size);
        const out = new Uint8Array(Math.max(0, stop - start));
        let done = 0;
        while (done < out.length) {
          const { bytesRead } = await handle.read(out, done, out.length - done, start + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return out.buffer;
      },
    };
    let metadata: FileMetaData;
    let names: string[];
    try {
      metadata = await parquetMetadataAsync(buffer);
      names = parquetSchema(metadata).children.map((c) => c.element.name);
    } catch (error) {
      throw new InputError('parquet-unreadable', `not a readable Parquet file: ${excerpt((error as Error).message)}`, { file }, error);
    }
    const profile = options.profileColumns ? createProfileAccumulator(options.profileColumns) : null;
    const checks = plan.columns.map((c, i) => new ColumnCheck(c, profile, options.profileIndexes[i] ?? -1));
    // Only columns a rule looks at; `missing-rows` needs every column's nulls.
    const wanted = plan.missingRows
      ? names
      : names.filter((n) => {
          const ci = plan.columns.findIndex((c) => c.name === n);
          return (ci >= 0 && !checks[ci]!.idle) || plan.duplicateKey?.includes(n) === true;
        });
    const planIndex = wanted.map((n) => plan.columns.findIndex((c) => c.name === n));
    const keyIndex = (plan.duplicateKey ?? []).map((k) => wanted.indexOf(k));
    const tally = new TableTally();
    const duplicates = plan.duplicateKey ? new DuplicateKeys(plan.duplicateProbe) : null;
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      options.signal?.throwIfAborted();
      const rowEnd = rowStart + Number(group.num_rows);
      let rows: unknown[][] = [];
      if (wanted.length > 0) {
        try {
          await parquetRead({ file: buffer, metadata, columns: wanted, rowStart, rowEnd, onComplete: (r) => (rows = r as unknown[][]) });
        } catch (error) {
          throw new InputError('parquet-unreadable', `cannot read row group at rows ${rowStart + 1}-${rowEnd}: ${excerpt((error as Error).message)}`, { file, row: rowStart + 1 }, error);
        }
      } else {
        rows = Array.from({ length: rowEnd - rowStart }, () => []);
      }
      for (const values of rows) {
        const row = ++tally.rows;
        let firstNull = -1;
        for (let i = 0; i < wanted.length; i++) {
          const v = values[i];
          const isNull = v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
          if (isNull && firstNull < 0) firstNull = i;
          const ci = planIndex[i]!;
          if (ci >= 0) checks[ci]!.onValue(v, row);
        }
        profile?.endRow();
        if (plan.missingRows && firstNull >= 0) tally.missing(row, names.indexOf(wanted[firstNull]!));
        if (duplicates) {
          hashString(keyIndex.map((k) => (k >= 0 ? keyText(values[k]) : 'null')).join('\u0000'));
          if (duplicates.repeats(HASH[0]!, HASH[1]!)) {
            tally.duplicates++;
            if (tally.duplicateExamples.length < MAX_EXAMPLES) tally.duplicateExamples.push({ row, value: keyIndex.map((k) => (k >= 0 ? String(values[k] ?? '') : '')).join(', ') });
            if (duplicates.probing && tally.duplicateExamples.length >= MAX_EXAMPLES) throw new ProbeDone(tally.duplicateExamples);
          }
        }
      }
      options.onBytes?.(Math.round((size * (rowEnd - rowStart)) / Math.max(1, Number(metadata.num_rows))));
      rowStart = rowEnd;
    }
    return {
      part: { ...snapshotPart(tally, checks, duplicates ? duplicates.slots() : null, profile), columnNames: names },
      columns: names,
      read: wanted,
    };
  } finally {
    await handle.close();
  }
}
