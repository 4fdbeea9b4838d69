// A second, in-process pass for examples the first could not show: a repeat whose first
// occurrence sat in another byte range or file is counted there but has no example.
// For `unique` it lists every occurrence of a repeated value (as Great Expectations
// does), for `duplicates` the rows after a key's first, in row order; it stops at 20.
import { type ColumnCounts, MAX_EXAMPLES, ProbeDone } from './column-counts.ts';
import { scanCsvFile } from './csv-file.ts';
import { scanCsvStream } from './csv-stream.ts';
import { scanJsonl } from './jsonl.ts';
import { scanParquet } from './parquet.ts';
import type { ColumnPlan, ScanPlan } from './plan.ts';
import type { DataFile } from './sources.ts';
import type { TallyCounts } from './tally.ts';
import type { UnexpectedValue } from './types.ts';

/** True when a unique rule failed and shows fewer examples than it could. */
export function needsRepeatExamples(column: ColumnPlan, counts: ColumnCounts): boolean {
  return column.unique && counts.uniqueSlots !== null && counts.unexpected.unique > counts.examples.unique.length && counts.examples.unique.length < MAX_EXAMPLES;
}

type Pick = (part: { columns: ColumnCounts[]; tally: TallyCounts }) => UnexpectedValue[];

async function probeFile(file: DataFile, plan: ScanPlan, pick: Pick): Promise<UnexpectedValue[]> {
  const common = { plan, profileColumns: null, profileIndexes: [] };
  if (file.format === 'csv' && !file.gzip) {
    const scan = await scanCsvFile(file.absolute, file.relative, file.size, { ...common, strict: true, tuning: { workers: 0 } });
    return pick(scan.ranges[0]!);
  }
  if (file.format === 'csv') return pick((await scanCsvStream(file.absolute, file.relative, { ...common, gzip: true, hashes: [], strict: true })).part);
  if (file.format === 'jsonl') return pick((await scanJsonl(file.absolute, file.relative, { ...common, gzip: file.gzip, hashes: [] })).part);
  return pick((await scanParquet(file.absolute, file.relative, common)).part);
}

/** Every occurrence of the repeated values of `column`, first 20 in row order. */
export function repeatExamples(files: DataFile[], rowsPerFile: number[], column: ColumnPlan, slots: Uint32Array): Promise<UnexpectedValue[]> {
  const probe: ColumnPlan = { ...column, unique: false, notNull: false, min: null, max: null, values: null, pattern: null, lengthMin: null, lengthMax: null, freshCutoff: null, profile: false, probe: slots };
  const plan: ScanPlan = { columns: [probe], duplicateKey: null, missingRows: false, profile: false };
  return probeFiles(files, rowsPerFile, plan, (part) => part.columns[0]!.examples.unique);
}

/** The rows repeating an earlier row's key (`duplicates`), first 20 in row order. */
export function duplicateExamples(files: DataFile[], rowsPerFile: number[], plan: ScanPlan, slots: Uint32Array): Promise<UnexpectedValue[]> {
  const keys = new Set(plan.duplicateKey);
  const probe: ScanPlan = {
    columns: plan.columns.filter((c) => keys.has(c.name)).map((c) => ({ ...c, unique: false, notNull: false, min: null, max: null, values: null, pattern: null, lengthMin: null, lengthMax: null, freshCutoff: null, profile: false, declaredType: false })),
    duplicateKey: plan.duplicateKey,
    duplicateProbe: slots,
    missingRows: false,
    profile: false,
  };
  return probeFiles(files, rowsPerFile, probe, (part) => part.tally.duplicateExamples);
}

async function probeFiles(files: DataFile[], rowsPerFile: number[], plan: ScanPlan, pick: Pick): Promise<UnexpectedValue[]> {
  const found: UnexpectedValue[] = [];
  let offset = 0;
  for (let i = 0; i < files.length && found.length < MAX_EXAMPLES; i++) {
    let examples: UnexpectedValue[];
    try {
      examples = await probeFile(files[i]!, plan, pick);
    } catch (error) {
      if (!(error instanceof ProbeDone)) throw error;
      examples = error.examples;
    }
    for (const e of examples) if (found.length < MAX_EXAMPLES) found.push({ row: e.row + offset, value: e.value });
    offset += rowsPerFile[i]!;
  }
  return found;
}
