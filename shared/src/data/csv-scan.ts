// The CSV hot loop (RFC 4180): finds records and fields in a byte buffer without making
// strings, then hands each field to its column's checks and keeps the table counters
// (rows, ragged rows, rows with a null, duplicate keys). Quoted fields, doubled quotes,
// newlines inside quotes and CRLF are handled here; a BOM and the header are not.
import type { ProfileAccumulator } from '../drift/types.ts';
import { ColumnCheck } from './column-check.ts';
import { MAX_EXAMPLES, ProbeDone } from './column-counts.ts';
import { DuplicateKeys, HASH, hashBytes } from './hash-set.ts';
import type { ScanPlan } from './plan.ts';
import { TableTally } from './tally.ts';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Where each plan column sits in the file. */
export interface CsvLayout {
  /** Number of header fields. */
  width: number;
  /** For each file column, the plan column index or -1. */
  fieldColumns: number[];
  /** File column indexes of the duplicate key, in key order. */
  keyFields: number[];
}

/** A malformed record: reported with the local row and absolute byte offset. */
export class CsvScanError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly byteOffset: number,
    readonly row: number,
    readonly field: number,
  ) {
    super(detail);
  }
}

interface Utf8Buffer extends Uint8Array {
  utf8Slice(start: number, end: number): string;
}

export class CsvScanner {
  readonly checks: ColumnCheck[];
  readonly tally = new TableTally();
  private readonly byField: Array<ColumnCheck | null>;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly escapes: Uint8Array;
  private readonly keyFields: number[];
  private readonly duplicates: DuplicateKeys | null;
  private readonly trackNulls: boolean;
  private readonly profile: ProfileAccumulator | null;
  /** Set when `scan` stopped at `stopAt`. */
  stopped = false;

  constructor(
    plan: ScanPlan,
    private readonly layout: CsvLayout,
    profile: ProfileAccumulator | null = null,
    profileIndexes: number[] = [],
  ) {
    this.checks = plan.columns.map((c, i) => new ColumnCheck(c, profile, profileIndexes[i] ?? -1));
    this.byField = layout.fieldColumns.map((ci) => (ci >= 0 && !this.checks[ci]!.idle ? this.checks[ci]! : null));
    // One slot more than the header, to notice extra fields.
    this.starts = new Int32Array(layout.width + 1);
    this.ends = new Int32Array(layout.width + 1);
    this.escapes = new Uint8Array(layout.width + 1);
    this.keyFields = layout.keyFields;
    this.duplicates = plan.duplicateKey ? new DuplicateKeys(plan.duplicateProbe) : null;
    this.trackNulls = plan.missingRows;
    this.profile = profile;
  }

  /**
   * Scans complete records in buf[from, to). `base` is buf[0]'s offset in the file.
   * Returns the offset (in buf) just past the last complete record it consumed. With
   * `eof`, the data ends at `to`. Stops before a record starting at or after `stopAt`
   * (a file offset).
   */
  scan(buf: Uint8Array, from: number, to: number, eof: boolean, base: number, stopAt: number): number {
    const rows = this.tally.rows;
    const consumed = this.scanRecords(buf, from, to, eof, base, stopAt);
    // Batched checks point into buf: finish them before the caller moves its bytes.
    for (const check of this.checks) check.flush();
    // Rows reach the profile per window: a call per row would cost the record loop.
    if (this.profile !== null) this.profile.endRows(this.tally.rows - rows);
    return consumed;
  }

  private scanRecords(buf: Uint8Array, from: number, to: number, eof: boolean, base: number, stopAt: number): number {
    const width = this.layout.width;
    const starts = this.starts;
    const ends = this.ends;
    const escapes = this.escapes;
    let pos = from;
    while (pos < to) {
      if (base + pos >= stopAt) {
        this.stopped = true;
        return pos;
      }
      const recordStart = pos;
      let nf = 0;
      let complete = false;
      for (;;) {
        let fs: number;
        let fe: number;
        let escaped = 0;
        if (buf[pos] === QUOTE) {
          let q = pos + 1;
          for (;;) {
            q = buf.indexOf(QUOTE, q);
            if (q === -1 || q >= to) {
              if (!eof) return recordStart;
              throw new CsvScanError('csv-unterminated-quote', 'a quoted field is not closed before the end of the file', base + pos, this.tally.rows + 1, nf);
            }
            if (q + 1 < to && buf[q + 1] === QUOTE) {
              escaped = 1;
              q += 2;
              continue;
            }
            if (q + 1 >= to && !eof) return recordStart;
            break;
          }
          fs = pos + 1;
          fe = q;
          pos = q + 1;
          if (pos < to) {
            const b = buf[pos];
            if (b !== COMMA && b !== LF && b !== CR) {
              throw new CsvScanError('csv-quote', `unexpected '${String.fromCharCode(b!)}' after a closing quote`, base + pos, this.tally.rows + 1, nf);
            }
          }
        } else {
          fs = pos;
          while (pos < to) {
            const b = buf[pos]!;
            // Most bytes (digits, letters) are above ',': one compare for them.
            if (b > COMMA || (b !== COMMA && b !== LF && b !== CR)) pos++;
            else break;
          }
          fe = pos;
          if (pos >= to && !eof) return recordStart;
        }
        if (nf <= width) {
          starts[nf] = fs;
          ends[nf] = fe;
          escapes[nf] = escaped;
        }
        nf++;
        if (pos >= to) {
          complete = true;
          break;
        }
        const b = buf[pos];
        if (b === COMMA) {
          pos++;
          if (pos >= to && !eof) return recordStart;
          if (pos >= to) {
            // A trailing comma at the very end: one more empty field.
            if (nf <= width) {
              starts[nf] = pos;
              ends[nf] = pos;
              escapes[nf] = 0;
            }
            nf++;
            complete = true;
            break;
          }
          continue;
        }
        if (b === CR) {
          if (pos + 1 >= to && !eof) return recordStart;
          pos++;
          if (pos < to && buf[pos] === LF) pos++;
        } else {
          pos++;
        }
        complete = true;
        break;
      }
      if (complete) this.deliver(buf, nf, recordStart);
    }
    return pos;
  }

  private deliver(buf: Uint8Array, nf: number, recordStart: number): void {
    const width = this.layout.width;
    const starts = this.starts;
    const ends = this.ends;
    // A blank line is no record.
    if (nf === 1 && starts[0] === ends[0] && buf[recordStart] !== QUOTE) return;
    const tally = this.tally;
    const row = ++tally.rows;
    if (nf !== width) tally.ragged(row, nf);
    const byField = this.byField;
    let firstNull = -1;
    const n = Math.min(nf, width);
    for (let f = 0; f < n; f++) {
      const s = starts[f]!;
      const e = ends[f]!;
      const check = byField[f] as ColumnCheck | null;
      if (s === e) {
        if (firstNull < 0) firstNull = f;
        if (check !== null) check.onNull(row);
      } else if (check !== null) {
        check.onField(buf, s, e, this.escapes[f] === 1, row);
      }
    }
    if (n < width) firstNull = this.missingFields(row, n, firstNull);
    if (this.trackNulls && firstNull >= 0) tally.missing(row, firstNull);
    if (this.duplicates !== null) this.duplicateKey(buf, row, n);
  }

  /**
   * A short row's fields from `n` on are nulls; returns its first null field. Kept out
   * of `deliver`, which the JIT inlines into the record loop within a size budget.
   */
  private missingFields(row: number, n: number, firstNull: number): number {
    for (let f = n; f < this.layout.width; f++) this.byField[f]?.onNull(row);
    return firstNull < 0 ? n : firstNull;
  }

  private duplicateKey(buf: Uint8Array, row: number, n: number): void {
    let lo = 0x2545f491;
    let hi = 0x9e3779b9;
    for (const f of this.keyFields) {
      if (f < n) hashBytes(buf, this.starts[f]!, this.ends[f]!, lo);
      else hashBytes(buf, 0, 0, lo);
      lo = Math.imul(lo ^ HASH[0]!, 0x01000193) >>> 0;
      hi = (Math.imul(hi, 31) ^ HASH[1]!) >>> 0;
    }
    if (this.duplicates!.repeats(lo, hi)) {
      this.tally.duplicates++;
      if (this.tally.duplicateExamples.length < MAX_EXAMPLES) {
        const text = this.keyFields.map((f) => (f < n ? (buf as Utf8Buffer).utf8Slice(this.starts[f]!, this.ends[f]!) : '')).join(', ');
        this.tally.duplicateExamples.push({ row, value: text });
      }
      if (this.duplicates!.probing && this.tally.duplicateExamples.length >= MAX_EXAMPLES) throw new ProbeDone(this.tally.duplicateExamples);
    }
  }

  /** Sizes the hash sets for about `rows` rows, once the first chunk tells the row size. */
  reserve(rows: number): void {
    for (const check of this.checks) check.reserve(rows);
    this.duplicates?.reserve(rows);
  }

  duplicateSlots(): Uint32Array | null {
    return this.duplicates ? this.duplicates.slots() : null;
  }
}
