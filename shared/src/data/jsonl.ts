// JSON Lines: one object per line, streamed (gzip too) with a cap on line length.
// A key missing from an object is a null; keys the contract does not declare are
// reported by `strict`. A line that is not a JSON object is an error with its row.
import type { Hash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { createProfileAccumulator } from '../drift/index.ts';
import type { ProfileColumn } from '../drift/types.ts';
import { excerpt, InputError } from '../errors.ts';
import { streamFile } from './byte-stream.ts';
import { ColumnCheck } from './column-check.ts';
import { MAX_EXAMPLES, ProbeDone } from './column-counts.ts';
import { firstInvalidUtf8, MAX_RECORD_BYTES } from './csv-read.ts';
import { DuplicateKeys, HASH, hashString } from './hash-set.ts';
import { type ScanPart, snapshotPart } from './merge.ts';
import type { ScanPlan } from './plan.ts';
import { TableTally } from './tally.ts';
import { assertTextStart } from './text-sniff.ts';

export interface JsonlScan {
  part: ScanPart;
  /** Every key seen, in first-seen order. */
  keys: string[];
}

export async function scanJsonl(
  path: string,
  file: string,
  options: { gzip: boolean; hashes: Hash[]; plan: ScanPlan; profileColumns: ProfileColumn[] | null; profileIndexes: number[]; maxRecordBytes?: number; signal?: AbortSignal; onBytes?: (n: number) => void },
): Promise<JsonlScan> {
  const { plan } = options;
  const profile = options.profileColumns ? createProfileAccumulator(options.profileColumns) : null;
  const checks = plan.columns.map((c, i) => new ColumnCheck(c, profile, options.profileIndexes[i] ?? -1));
  const tally = new TableTally();
  const duplicates = plan.duplicateKey ? new DuplicateKeys(plan.duplicateProbe) : null;
  const keys = new Map<string, number>();
  const maxRecord = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;

  const line = (buf: Buffer, s: number, e: number) => {
    if (e > s && buf[e - 1] === 13) e--;
    if (e === s) return;
    const row = tally.rows + 1;
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', s, e));
    } catch (error) {
      throw new InputError('jsonl-syntax', `invalid JSON: ${excerpt((error as Error).message)}`, { file, row, byteOffset: offset + s });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError('jsonl-record', `expected a JSON object on each line, found ${Array.isArray(value) ? 'an array' : excerpt(JSON.stringify(value))}`, { file, row, byteOffset: offset + s });
    }
    tally.rows = row;
    const record = value as Record<string, unknown>;
    let firstNull: string | null = null;
    for (const key in record) {
      if (!keys.has(key)) keys.set(key, keys.size);
      if (firstNull === null && (record[key] === null || (typeof record[key] === 'number' && Number.isNaN(record[key])))) firstNull = key;
    }
    for (let i = 0; i < checks.length; i++) {
      const name = plan.columns[i]!.name;
      const v = record[name];
      if (firstNull === null && (v === null || v === undefined)) firstNull = name;
      checks[i]!.onValue(v, row);
    }
    profile?.endRow();
    if (plan.missingRows && firstNull !== null) tally.missing(row, firstNull as unknown as number);
    if (duplicates) {
      hashString(JSON.stringify(plan.duplicateKey!.map((k) => record[k] ?? null)));
      if (duplicates.repeats(HASH[0]!, HASH[1]!)) {
        tally.duplicates++;
        if (tally.duplicateExamples.length < MAX_EXAMPLES) tally.duplicateExamples.push({ row, value: plan.duplicateKey!.map((k) => String(record[k] ?? '')).join(', ') });
        if (duplicates.probing && tally.duplicateExamples.length >= MAX_EXAMPLES) throw new ProbeDone(tally.duplicateExamples);
      }
    }
  };

  const lines = (buf: Buffer, eof: boolean): number => {
    let s = 0;
    for (;;) {
      const lf = buf.indexOf(10, s);
      if (lf < 0) break;
      line(buf, s, lf);
      s = lf + 1;
    }
    if (eof && s < buf.length) {
      line(buf, s, buf.length);
      s = buf.length;
    }
    return s;
  };

  for await (const chunk of streamFile(path, { gzip: options.gzip, hashes: options.hashes, file, signal: options.signal, onBytes: options.onBytes })) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    if (offset === 0 && carry.length === 0) assertTextStart(buf, false, file, 'JSON Lines');
    const end = buf.lastIndexOf(10) + 1;
    if (end > 0 && !isUtf8(buf.subarray(0, end))) {
      throw new InputError('jsonl-encoding', 'the bytes are not valid UTF-8', { file, byteOffset: offset + firstInvalidUtf8(buf, 0, end) });
    }
    const used = end > 0 ? lines(buf.subarray(0, end), false) : 0;
    carry = Buffer.from(buf.subarray(used));
    offset += used;
    if (carry.length > maxRecord) throw new InputError('jsonl-record-too-long', `a line is longer than ${maxRecord >> 20} MB`, { file, row: tally.rows + 1, byteOffset: offset });
  }
  if (offset === 0) assertTextStart(carry, true, file, 'JSON Lines');
  if (!isUtf8(carry)) throw new InputError('jsonl-encoding', 'the bytes are not valid UTF-8', { file, byteOffset: offset + firstInvalidUtf8(carry, 0, carry.length) });
  lines(carry, true);
  return {
    part: snapshotPart(tally, checks, duplicates ? duplicates.slots() : null, profile),
    keys: [...keys.keys()],
  };
}
