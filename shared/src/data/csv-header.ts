// The first record of a CSV file: a BOM is skipped, names must be present and distinct,
// and the file must look like text. Also maps the contract's columns onto the header.
import { closeSync, openSync, readSync } from 'node:fs';
import { excerpt, excerptList, InputError } from '../errors.ts';
import type { CsvLayout } from './csv-scan.ts';
import { MAX_RECORD_BYTES } from './csv-read.ts';
import type { ScanPlan } from './plan.ts';
import { assertTextStart } from './text-sniff.ts';

export interface CsvHeader {
  names: string[];
  /** File offset of the first data byte. */
  dataStart: number;
}

/** Parses one record at buf[pos, end); null when it is not complete and more data exists. */
export function parseRecord(buf: Buffer, pos: number, end: number, eof: boolean): { fields: string[]; next: number } | null {
  const fields: string[] = [];
  let i = pos;
  for (;;) {
    if (buf[i] === 34) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = buf.indexOf(34, from);
        if (q < 0 || q >= end) return null;
        value += buf.toString('utf8', from, q);
        if (buf[q + 1] === 34) {
          value += '"';
          from = q + 2;
          continue;
        }
        if (q + 1 >= end && !eof) return null;
        i = q + 1;
        break;
      }
      fields.push(value);
    } else {
      let j = i;
      while (j < end && buf[j] !== 44 && buf[j] !== 10 && buf[j] !== 13) j++;
      if (j >= end && !eof) return null;
      fields.push(buf.toString('utf8', i, j));
      i = j;
    }
    if (i >= end) return { fields, next: i };
    if (buf[i] === 44) {
      i++;
      continue;
    }
    if (buf[i] === 13) i++;
    if (buf[i] === 10) i++;
    return { fields, next: i };
  }
}

/** Checks the start of a file's bytes: not empty, not binary, a header record. */
export function headerFromBytes(buf: Buffer, eof: boolean, file: string): CsvHeader | null {
  if (buf.length === 0 && eof) throw new InputError('data-empty', 'the file is empty: expected a header line', { file, byteOffset: 0 });
  assertTextStart(buf, eof, file, 'CSV');
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  if (!eof && buf.length < bom + 1) return null;
  const record = parseRecord(buf, bom, buf.length, eof);
  if (!record) {
    if (buf.length >= MAX_RECORD_BYTES) throw new InputError('csv-record-too-long', `the header line is longer than ${MAX_RECORD_BYTES >> 20} MB`, { file, byteOffset: bom });
    return null;
  }
  const names = record.fields;
  if (names.length === 1 && names[0] === '' && record.next >= buf.length) {
    throw new InputError('data-empty', 'the file has no header line: expected the column names on line 1', { file, line: 1 });
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name.trim() === '') throw new InputError('csv-header', `column ${i + 1} of the header has no name`, { file, line: 1, column: i + 1 });
    const before = seen.get(name);
    if (before !== undefined) {
      throw new InputError('csv-header', `duplicate column name '${excerpt(name)}' in the header (columns ${before + 1} and ${i + 1})`, { file, line: 1, column: i + 1, columnName: excerpt(name) });
    }
    seen.set(name, i);
  });
  return { names, dataStart: record.next };
}

export function readCsvHeader(path: string, file: string): CsvHeader {
  const fd = openSync(path, 'r');
  try {
    let size = 64 * 1024;
    for (;;) {
      const buf = Buffer.allocUnsafe(size);
      const n = readSync(fd, buf, 0, size, 0);
      const header = headerFromBytes(buf.subarray(0, n), n < size, file);
      if (header) return header;
      size *= 2;
    }
  } finally {
    closeSync(fd);
  }
}

export interface BoundLayout {
  layout: CsvLayout;
  /** Declared columns the header lacks, and header columns the contract does not declare. */
  missing: string[];
  extra: string[];
}

/** Maps plan columns onto header positions; without `strict`, a missing declared column is an error. */
export function bindLayout(plan: ScanPlan, names: string[], strict: boolean, file: string): BoundLayout {
  const position = new Map(names.map((n, i) => [n, i]));
  const fieldColumns = names.map(() => -1);
  const missing: string[] = [];
  plan.columns.forEach((column, ci) => {
    const at = position.get(column.name);
    if (at === undefined) missing.push(column.name);
    else fieldColumns[at] = ci;
  });
  const declared = new Set(plan.columns.map((c) => c.name));
  const extra = names.filter((n) => !declared.has(n));
  if (missing.length > 0 && missing.length === plan.columns.length && plan.columns.length > 0) {
    throw new InputError(
      'csv-header',
      `none of the declared columns (${excerptList(missing)}) is in the header '${excerpt(names.join(','))}': expected a header line with the column names`,
      { file, line: 1 },
    );
  }
  const keyFields = (plan.duplicateKey ?? []).map((k) => position.get(k) ?? names.length);
  if (missing.length > 0 && !strict) {
    throw new InputError('csv-header', `column '${excerpt(missing[0]!)}' is declared in the contract but not in the header (columns: ${excerptList(names)})`, { file, line: 1, columnName: excerpt(missing[0]!) });
  }
  return { layout: { width: names.length, fieldColumns, keyFields }, missing, extra };
}
