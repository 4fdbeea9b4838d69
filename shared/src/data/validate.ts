// validateDataset: resolves the dataset's files, scans each once (rules, fingerprint,
// optional profile in the same pass), merges the counts and builds the report.
import { createHash, type Hash } from 'node:crypto';
import type { DatasetProfile, ProfileColumn } from '../drift/types.ts';
import { excerpt, excerptList, InputError } from '../errors.ts';
import { type ProgressReporter, silentProgress } from '../report/progress.ts';
import { scanCsvFile, type ScanTuning } from './csv-file.ts';
import { scanCsvStream } from './csv-stream.ts';
import { type DvcCheck, dvcDirectoryMd5, readDvcFile } from './dvc.ts';
import { fingerprintOf, hashFile } from './fingerprint.ts';
import { scanJsonl } from './jsonl.ts';
import { mergeParts, type ScanPart } from './merge.ts';
import { scanParquet } from './parquet.ts';
import { planScan, type ScanPlan } from './plan.ts';
import { duplicateExamples, needsRepeatExamples, repeatExamples } from './repeats.ts';
import { buildResults } from './results.ts';
import { validateSqlDataset } from './sql/index.ts';
import { type DataFile, type DataSource, resolveSource } from './sources.ts';
import type { DatasetContract, DatasetFingerprint, ValidationReport } from './types.ts';

export interface ValidateOptions {
  workspace: string;
  /** Overrides the contract's `path`. */
  path?: string;
  /** Also build the drift reference profile, in the same pass. */
  profile?: boolean;
  progress?: ProgressReporter;
  signal?: AbortSignal;
  /** The clock for `freshness` (tests inject one). */
  now?: Date;
  /** Environment for `sql:` datasets' `url-env` (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Worker and chunk sizes, for tests and benchmarks. */
  tuning?: ScanTuning;
}

export type DatasetValidation = ValidationReport & { profile?: DatasetProfile; dvc?: DvcCheck };

interface FileOutcome {
  part: ScanPart;
  sha256: string;
  md5: string | null;
  /** Column names found in the file, and the declared columns it lacks. */
  columns: string[];
  missing: string[];
  width?: number;
}

function profileSetup(plan: ScanPlan): { columns: ProfileColumn[] | null; indexes: number[] } {
  if (!plan.profile) return { columns: null, indexes: [] };
  const columns: ProfileColumn[] = [];
  const indexes = plan.columns.map((c) => {
    if (!c.profile) return -1;
    columns.push({ name: c.name, type: c.type });
    return columns.length - 1;
  });
  return { columns, indexes };
}

async function scanFile(file: DataFile, plan: ScanPlan, contract: DatasetContract, wantMd5: boolean, options: ValidateOptions, onBytes: (n: number) => void): Promise<FileOutcome> {
  const profile = profileSetup(plan);
  const md5 = wantMd5 ? createHash('md5') : null;
  const shaHash = createHash('sha256');
  const hashes: Hash[] = md5 ? [shaHash, md5] : [shaHash];
  const common = { plan, profileColumns: profile.columns, profileIndexes: profile.indexes, signal: options.signal, onBytes };
  const strict = contract.strict === true;
  const declared = plan.columns.map((c) => c.name);
  if (file.format === 'csv' && !file.gzip) {
    // Workers parse byte ranges while this thread hashes the file front to back.
    const [scan, sha256] = await Promise.all([
      scanCsvFile(file.absolute, file.relative, file.size, { ...common, strict, tuning: options.tuning }),
      hashFile(file.absolute, { extra: md5 ? [md5] : [], signal: options.signal }),
    ]);
    const part = mergeParts(
      scan.ranges.map((r) => ({ ...r, columnNames: scan.header.names })),
      plan.columns.length,
      scan.joined,
    );
    return { part, sha256, md5: md5?.digest('hex') ?? null, columns: scan.header.names, missing: scan.bound.missing, width: scan.bound.layout.width };
  }
  if (file.format === 'csv') {
    const scan = await scanCsvStream(file.absolute, file.relative, { ...common, gzip: true, hashes, strict, limits: options.tuning?.limits });
    return { part: scan.part, sha256: shaHash.digest('hex'), md5: md5?.digest('hex') ?? null, columns: scan.header.names, missing: scan.bound.missing, width: scan.bound.layout.width };
  }
  if (file.format === 'jsonl') {
    const scan = await scanJsonl(file.absolute, file.relative, { ...common, gzip: file.gzip, hashes, maxRecordBytes: options.tuning?.limits?.maxRecordBytes });
    const seen = new Set(scan.keys);
    return { part: scan.part, sha256: shaHash.digest('hex'), md5: md5?.digest('hex') ?? null, columns: scan.keys, missing: declared.filter((n) => !seen.has(n)) };
  }
  if (file.gzip) throw new InputError('data-format', 'gzip-compressed Parquet is not supported: Parquet compresses its pages itself', { file: file.relative });
  const [scan, sha256] = await Promise.all([scanParquet(file.absolute, file.relative, common), hashFile(file.absolute, { extra: md5 ? [md5] : [], signal: options.signal })]);
  const seen = new Set(scan.columns);
  const missing = declared.filter((n) => !seen.has(n));
  if (missing.length > 0 && !strict) {
    throw new InputError('parquet-column', `column '${excerpt(missing[0]!)}' is declared in the contract but not in the file (columns: ${excerptList(scan.columns)})`, { file: file.relative, columnName: excerpt(missing[0]!) });
  }
  return { part: scan.part, sha256, md5: md5?.digest('hex') ?? null, columns: scan.columns, missing };
}

/** Fingerprint only: the sha256 of each file and the manifest's root hash. */
export async function fingerprintDataset(path: string, options: { workspace: string; format?: DatasetContract['format']; signal?: AbortSignal }): Promise<DatasetFingerprint> {
  const source = await resolveSource(options.workspace, path, options.format);
  const hashes: string[] = [];
  for (const f of source.files) hashes.push(await hashFile(f.absolute, { signal: options.signal }));
  return fingerprintOf(source, hashes);
}

async function checkDvc(source: DataSource, outcomes: FileOutcome[], workspace: string): Promise<DvcCheck | undefined> {
  if (source.kind === 'glob') return undefined;
  const expectation = readDvcFile(source.root, workspace);
  if (!expectation) return undefined;
  let actual: string;
  if (expectation.directory) {
    const known = new Map(source.files.map((f, i) => [f.absolute, outcomes[i]!.md5!]));
    actual = source.kind === 'directory' ? await dvcDirectoryMd5(source.root, known) : `${outcomes[0]!.md5}`;
  } else {
    actual = outcomes[0]!.md5!;
  }
  return { file: expectation.dvcFile, expected: expectation.md5, actual, matches: expectation.md5 === actual };
}

export async function validateDataset(name: string, contract: DatasetContract, options: ValidateOptions): Promise<DatasetValidation> {
  const started = performance.now();
  if (contract.sql) {
    return validateSqlDataset(name, contract, { env: options.env ?? process.env, signal: options.signal, now: options.now, workspace: options.workspace });
  }
  const path = options.path ?? contract.path;
  if (!path) throw new InputError('data-path', `dataset '${name}' has no path: set datasets.${name}.path or pass --path`);
  const source = await resolveSource(options.workspace, path, contract.format);
  const plan = planScan(contract, { profile: options.profile, now: options.now });
  const wantMd5 = source.kind !== 'glob' && readDvcFile(source.root, options.workspace) !== null;
  const progress = options.progress ?? silentProgress;
  const total = source.files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  const label = `validate ${name}`;
  const onBytes = (n: number) => {
    done += n;
    progress.update(Math.min(done, total), total, label);
  };
  const outcomes: FileOutcome[] = [];
  try {
    for (const file of source.files) {
      options.signal?.throwIfAborted();
      outcomes.push(await scanFile(file, plan, contract, wantMd5, options, onBytes));
    }
  } finally {
    progress.end();
  }
  const counts = mergeParts(
    outcomes.map((o) => o.part),
    plan.columns.length,
  );
  for (const [ci, column] of plan.columns.entries()) {
    const c = counts.columns[ci]!;
    if (needsRepeatExamples(column, c)) {
      c.examples.unique = await repeatExamples(
        source.files,
        outcomes.map((o) => o.part.tally.rows),
        column,
        c.uniqueSlots!,
      );
    }
  }
  const t = counts.tally;
  if (counts.duplicateSlots && t.duplicates > t.duplicateExamples.length && t.duplicateExamples.length < 20) {
    t.duplicateExamples = await duplicateExamples(
      source.files,
      outcomes.map((o) => o.part.tally.rows),
      plan,
      counts.duplicateSlots,
    );
  }
  const seenColumns = new Set(outcomes.flatMap((o) => o.columns));
  const declared = new Set(Object.keys(contract.columns ?? {}));
  const missingColumns = [...new Set(outcomes.flatMap((o) => o.missing))];
  const extraColumns = [...seenColumns].filter((c) => !declared.has(c));
  const results = buildResults({ contract, plan, counts, missingColumns, extraColumns, width: outcomes[0]?.width });
  const fingerprint = fingerprintOf(
    source,
    outcomes.map((o) => o.sha256),
  );
  const dvc = await checkDvc(source, outcomes, options.workspace);
  const report: DatasetValidation = {
    dataset: name,
    path,
    fingerprint: fingerprint.digest,
    rows: counts.tally.rows,
    passed: results.every((r) => r.passed || r.severity === 'warn'),
    results,
    files: fingerprint.files,
    seconds: (performance.now() - started) / 1000,
  };
  if (dvc) report.dvc = dvc;
  if (counts.profile) report.profile = counts.profile;
  return report;
}
