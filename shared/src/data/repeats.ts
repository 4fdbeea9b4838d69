// A second, in-process pass for `unique` examples when the first could not show them:
// a repeat whose first occurrence sat in another byte range or file is counted there
// but has no example. This pass lists every occurrence of a repeated value (as Great
// Expectations does) in row order, and stops at 20.
import { type ColumnCounts, MAX_EXAMPLES, ProbeDone } from './column-check.ts';
import { scanCsvFile } from './csv-file.ts';
import { scanCsvStream } from './csv-stream.ts';
import { scanJsonl } from './jsonl.ts';
import { scanParquet } from './parquet.ts';
import type { ColumnPlan, ScanPlan } from './plan.ts';
import type { DataFile } from './sources.ts';
import type { UnexpectedValue } from './types.ts';

/** True when a unique rule failed and shows fewer examples than it could. */
export function needsRepeatExamples(column: ColumnPlan, counts: ColumnCounts): boolean {
  return column.unique && counts.uniqueSlots !== null && counts.unexpected.unique > counts.examples.unique.length && counts.examples.unique.length < MAX_EXAMPLES;
}

async function probeFile(file: DataFile, plan: ScanPlan): Promise<UnexpectedValue[]> {
  const common = { plan, profileColumns: null, profileIndexes: [] };
  let counts: ColumnCounts;
  if (file.format === 'csv' && !file.gzip) {
    const scan = await scanCsvFile(file.absolute, file.relative, file.size, { ...common, strict: true, tuning: { workers: 0 } });
    counts = scan.ranges[0]!.columns[0]!;
  } else if (file.format === 'csv') {
    counts = (await scanCsvStream(file.absolute, file.relative, { ...common, gzip: true, hashes: [], strict: true })).part.columns[0]!;
  } else if (file.format === 'jsonl') {
    counts = (await scanJsonl(file.absolute, file.relative, { ...common, gzip: file.gzip, hashes: [] })).part.columns[0]!;
  } else {
    counts = (await scanParquet(file.absolute, file.relative, common)).part.columns[0]!;
  }
  return counts.examples.unique;
}

/** Every occurrence of the repeated values of `column`, first 20 in row order. */
export async function repeatExamples(files: DataFile[], rowsPerFile: number[], column: ColumnPlan, slots: Uint32Array): Promise<UnexpectedValue[]> {
  const probe: ColumnPlan = { ...column, unique: false, notNull: false, min: null, max: null, values: null, pattern: null, lengthMin: null, lengthMax: null, freshCutoff: null, profile: false, probe: slots };
  const plan: ScanPlan = { columns: [probe], duplicateKey: null, missingRows: false, profile: false };
  const found: UnexpectedValue[] = [];
  let offset = 0;
  for (let i = 0; i < files.length && found.length < MAX_EXAMPLES; i++) {
    let examples: UnexpectedValue[];
    try {
      examples = await probeFile(files[i]!, plan);
    } catch (error) {
      if (!(error instanceof ProbeDone)) throw error;
      examples = error.examples;
    }
    for (const e of examples) if (found.length < MAX_EXAMPLES) found.push({ row: e.row + offset, value: e.value });
    offset += rowsPerFile[i]!;
  }
  return found;
}
