// Evaluates one column's rules value by value into compact counters and at most 20
// examples per rule. Fed either raw UTF-8 bytes (CSV, the hot path: no string is made
// unless a rule needs text) or decoded values (JSON Lines, Parquet).
import { ColumnFeed } from '../drift/feed.ts';
import type { ProfileAccumulator } from '../drift/types.ts';
import { type ColumnCounts, emptyRecord, MAX_EXAMPLES, ProbeDone, RULE_KEYS } from './column-counts.ts';
import { ADDED_NEW, ADDED_SECOND, HASH, HashSet64, hashBytes, hashString } from './hash-set.ts';
import { parseBooleanBytes, parseDateBytes, parseIntegerBytes, parseNumberBytes, parseText, parseTimestampBytes } from './parse-values.ts';
import type { ColumnPlan } from './plan.ts';
import type { UnexpectedValue } from './types.ts';

const K_STRING = 0;
const K_INTEGER = 1;
const K_NUMBER = 2;
const K_BOOLEAN = 3;
const K_DATE = 4;
const K_TIMESTAMP = 5;
const KINDS = { string: K_STRING, integer: K_INTEGER, number: K_NUMBER, boolean: K_BOOLEAN, date: K_DATE, timestamp: K_TIMESTAMP } as const;

// Rule indexes: positions in RULE_KEYS.
const R_TYPE = 0;
const R_NOT_NULL = 1;
const R_MIN = 2;
const R_MAX = 3;
const R_VALUES = 4;
const R_PATTERN = 5;
const R_LENGTH = 6;
const R_UNIQUE = 7;
const R_FRESH = 8;

interface Utf8Buffer extends Uint8Array {
  utf8Slice(start: number, end: number): string;
}

const encoder = new TextEncoder();
const BATCH = 256;

export class ColumnCheck {
  private readonly kind: number;
  private readonly numericCompare: boolean;
  private readonly declaredType: boolean;
  private readonly notNull: boolean;
  private readonly minN: number;
  private readonly maxN: number;
  private readonly minS: string;
  private readonly maxS: string;
  private readonly hasMin: boolean;
  private readonly hasMax: boolean;
  private readonly valuesN: Set<number> | null;
  private readonly valuesS: Set<string> | null;
  /** The allowed strings as UTF-8, to compare bytes without making a string. */
  private readonly valuesBytes: Uint8Array[] | null;
  /** The allowed strings in valuesBytes' order: a matching field reuses one, no new string. */
  private readonly valuesList: string[];
  private readonly regex: RegExp | null;
  private readonly lengthMin: number;
  private readonly lengthMax: number;
  private readonly hasLength: boolean;
  private readonly uniqueSet: HashSet64 | null;
  private readonly probe: HashSet64 | null;
  private readonly freshCutoff: number;
  private readonly needText: boolean;
  private readonly needTyped: boolean;
  /** Values on their way to the profile (`values` counts and passed-over strings until `flush`). */
  private readonly profile: ColumnFeed | null;
  /** A string column no rule reads, profiled: `onField` skips every rule branch. */
  private readonly profileOnly: boolean;
  private nulls = 0;
  private nonNull = 0;
  private typed = 0;
  private latest = Number.NaN;
  private latestText: string | null = null;
  private readonly bad = new Float64Array(RULE_KEYS.length);
  // `unique` on the bytes path works in batches (see flush): hashes, rows and field
  // offsets wait here, all in the same buffer.
  private readonly batchLo = new Uint32Array(BATCH);
  private readonly batchHi = new Uint32Array(BATCH);
  private readonly batchRow = new Float64Array(BATCH);
  private readonly batchStart = new Int32Array(BATCH);
  private readonly batchEnd = new Int32Array(BATCH);
  private batchSize = 0;
  private batchBuf: Uint8Array | null = null;
  private sink = 0;
  private readonly examples: UnexpectedValue[][] = RULE_KEYS.map(() => []);

  constructor(
    readonly plan: ColumnPlan,
    profile: ProfileAccumulator | null = null,
    profileIndex = -1,
  ) {
    this.kind = KINDS[plan.type];
    this.numericCompare = this.kind !== K_STRING;
    this.declaredType = plan.declaredType;
    this.notNull = plan.notNull;
    this.hasMin = plan.min !== null;
    this.hasMax = plan.max !== null;
    this.minN = typeof plan.min === 'number' ? plan.min : Number.NaN;
    this.maxN = typeof plan.max === 'number' ? plan.max : Number.NaN;
    this.minS = typeof plan.min === 'string' ? plan.min : '';
    this.maxS = typeof plan.max === 'string' ? plan.max : '';
    this.valuesN = plan.values && this.numericCompare ? new Set(plan.values as number[]) : null;
    this.valuesS = plan.values && !this.numericCompare ? new Set(plan.values.map(String)) : null;
    this.valuesList = this.valuesS ? [...this.valuesS] : [];
    this.valuesBytes = this.valuesS ? this.valuesList.map((v) => encoder.encode(v)) : null;
    this.regex = plan.pattern === null ? null : new RegExp(plan.pattern);
    this.hasLength = plan.lengthMin !== null || plan.lengthMax !== null;
    this.lengthMin = plan.lengthMin ?? 0;
    this.lengthMax = plan.lengthMax ?? Number.POSITIVE_INFINITY;
    this.uniqueSet = plan.unique ? new HashSet64() : null;
    this.probe = plan.probe ? HashSet64.fromSlots(plan.probe) : null;
    this.freshCutoff = plan.freshCutoff ?? Number.NaN;
    const profiled = profile !== null && profileIndex >= 0;
    this.profile = profiled ? new ColumnFeed(profile, profileIndex) : null;
    this.profile?.countValues(this.valuesList);
    const stringBounds = !this.numericCompare && (this.hasMin || this.hasMax);
    // The profile counts strings from their bytes: it needs no text.
    this.needText = this.regex !== null || stringBounds;
    this.needTyped = this.numericCompare && (plan.declaredType || this.hasMin || this.hasMax || this.valuesN !== null || plan.freshCutoff !== null || profiled);
    this.profileOnly = profiled && this.kind === K_STRING && !this.needText && !this.notNull && this.uniqueSet === null && !this.hasLength && this.valuesS === null && this.probe === null;
  }

  /** True when no rule (and no profile) looks at this column's values. */
  get idle(): boolean {
    return this.probe === null && this.profile === null && !this.needText && !this.needTyped && !this.hasLength && this.uniqueSet === null && !this.notNull && this.valuesS === null;
  }

  /** Sizes the unique set for about `rows` more values (an estimate from the bytes left), and tells the profile. */
  reserve(rows: number): void {
    this.uniqueSet?.reserve(rows);
    this.profile?.expectRows(rows);
  }

  onNull(row: number): void {
    this.nulls++;
    if (this.notNull) this.miss(R_NOT_NULL, row, null);
    if (this.profile !== null) this.profile.addNull();
  }

  private miss(rule: number, row: number, value: unknown): void {
    this.bad[rule]!++;
    const list = this.examples[rule]!;
    if (list.length < MAX_EXAMPLES) list.push({ row, value });
  }

  /** A miss on the bytes path: the example string is made only while examples are wanted. */
  private missBytes(rule: number, row: number, text: string | null, buf: Uint8Array, start: number, end: number): void {
    this.bad[rule]!++;
    const list = this.examples[rule]!;
    if (list.length < MAX_EXAMPLES) list.push({ row, value: text ?? (buf as Utf8Buffer).utf8Slice(start, end) });
  }

  /** Index of the allowed value equal to buf[start, end), or -1. */
  private valueIndexBytes(buf: Uint8Array, start: number, end: number): number {
    const n = end - start;
    const values = this.valuesBytes!;
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      if (v.length !== n) continue;
      let i = 0;
      while (i < n && v[i] === buf[start + i]) i++;
      if (i === n) return k;
    }
    return -1;
  }

  /**
   * A non-empty CSV field in buf[start, end); `escaped` when it holds doubled quotes.
   * Small enough to inline into the scanner's loop, so that a column only the profile
   * reads costs a decrement (a value its sampler passes over), not a call into `onBytes`.
   */
  onField(buf: Uint8Array, start: number, end: number, escaped: boolean, row: number): void {
    if (this.profileOnly && !escaped) {
      this.nonNull++;
      this.profile!.addBytes(buf, start, end);
    } else {
      this.onBytes(buf, start, end, escaped, row);
    }
  }

  private onBytes(buf: Uint8Array, start: number, end: number, escaped: boolean, row: number): void {
    this.nonNull++;
    if (this.probe !== null) {
      hashBytes(buf, start, end);
      if (this.probe.repeated(HASH[0]!, HASH[1]!)) {
        const value = (buf as Utf8Buffer).utf8Slice(start, end);
        this.probed(row, escaped ? value.replace(/""/g, '"') : value);
      }
      return;
    }
    let text: string | null = null;
    // For a `values` column, compare bytes first: an allowed value needs no new string.
    const valueIndex = this.valuesBytes !== null && !escaped ? this.valueIndexBytes(buf, start, end) : -1;
    if (valueIndex >= 0) text = this.valuesList[valueIndex]!;
    else if (this.needText || escaped) {
      text = (buf as Utf8Buffer).utf8Slice(start, end);
      if (escaped) text = text.replace(/""/g, '"');
    }
    if (this.uniqueSet !== null) {
      hashBytes(buf, start, end);
      if (escaped) {
        const seen = this.uniqueSet.add(HASH[0]!, HASH[1]!);
        if (seen !== ADDED_NEW) this.repeat(seen, row, text);
      } else {
        if (this.batchBuf !== buf) {
          this.flush();
          this.batchBuf = buf;
        }
        const n = this.batchSize++;
        this.batchLo[n] = HASH[0]!;
        this.batchHi[n] = HASH[1]!;
        this.batchRow[n] = row;
        this.batchStart[n] = start;
        this.batchEnd[n] = end;
        if (this.batchSize === BATCH) this.flush();
      }
    }
    if (this.hasLength) {
      let chars = 0;
      if (escaped) chars = [...text!].length;
      else for (let i = start; i < end; i++) if ((buf[i]! & 0xc0) !== 0x80) chars++;
      if (chars < this.lengthMin || chars > this.lengthMax) this.missBytes(R_LENGTH, row, text, buf, start, end);
    }
    if (this.numericCompare) {
      if (!this.needTyped) {
        this.textRules(text, row, buf, start, end);
        return;
      }
      let typed: number;
      switch (this.kind) {
        case K_INTEGER:
          typed = parseIntegerBytes(buf, start, end);
          break;
        case K_NUMBER:
          typed = parseNumberBytes(buf, start, end);
          break;
        case K_BOOLEAN:
          typed = parseBooleanBytes(buf, start, end);
          break;
        case K_DATE:
          typed = parseDateBytes(buf, start, end);
          break;
        default:
          typed = parseTimestampBytes(buf, start, end);
      }
      if (!Number.isNaN(typed)) {
        this.typed++;
        if (this.hasMin && typed < this.minN) this.missBytes(R_MIN, row, text, buf, start, end);
        if (this.hasMax && typed > this.maxN) this.missBytes(R_MAX, row, text, buf, start, end);
        if (this.valuesN !== null && !this.valuesN.has(typed)) this.missBytes(R_VALUES, row, text, buf, start, end);
        if (!Number.isNaN(this.freshCutoff)) this.fresh(typed, row, text ?? (buf as Utf8Buffer).utf8Slice(start, end));
      } else if (this.declaredType) {
        this.missBytes(R_TYPE, row, text, buf, start, end);
      }
      if (this.profile !== null) this.profile.addNumber(typed);
    } else {
      if (this.valuesBytes !== null && !(escaped ? this.valuesS!.has(text!) : valueIndex >= 0)) this.missBytes(R_VALUES, row, text, buf, start, end);
      if (text !== null) {
        if (this.hasMin && text < this.minS) this.missBytes(R_MIN, row, text, buf, start, end);
        if (this.hasMax && text > this.maxS) this.missBytes(R_MAX, row, text, buf, start, end);
      }
      // A `values` string is counted by its index in the list; any other from its bytes.
      if (this.profile !== null) {
        if (valueIndex >= 0) this.profile.addValue(valueIndex, text!);
        else if (escaped) this.profile.addText(text!);
        else this.profile.addBytes(buf, start, end);
      }
    }
    if (this.regex !== null) this.textRules(text, row, buf, start, end);
  }

  private textRules(text: string | null, row: number, buf: Uint8Array, start: number, end: number): void {
    if (this.regex !== null && !this.regex.test(text!)) this.missBytes(R_PATTERN, row, text, buf, start, end);
  }

  private fresh(typed: number, row: number, example: unknown): void {
    if (typed < this.freshCutoff) this.miss(R_FRESH, row, example);
    if (!(typed <= this.latest)) {
      this.latest = typed;
      this.latestText = String(example);
    }
  }

  /** A decoded value (JSON Lines, Parquet); null/undefined/NaN are nulls. */
  onValue(value: unknown, row: number): void {
    if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
      this.onNull(row);
      return;
    }
    this.nonNull++;
    const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
    let typed = Number.NaN;
    switch (this.kind) {
      case K_STRING:
        break;
      case K_INTEGER:
        typed = typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? (Number.isInteger(value) ? value : Number.NaN) : typeof value === 'string' ? parseText('integer', value) : Number.NaN;
        break;
      case K_NUMBER:
        typed = typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : typeof value === 'string' ? parseText('number', value) : Number.NaN;
        break;
      case K_BOOLEAN:
        typed = typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'string' ? parseText('boolean', value) : Number.NaN;
        break;
      default:
        typed = value instanceof Date ? value.getTime() : typeof value === 'string' ? parseText(this.kind === K_DATE ? 'date' : 'timestamp', value) : Number.NaN;
    }
    if (this.probe !== null) {
      hashString(text);
      if (this.probe.repeated(HASH[0]!, HASH[1]!)) this.probed(row, value);
      return;
    }
    const typeOk = this.kind === K_STRING ? typeof value === 'string' : !Number.isNaN(typed);
    if (!typeOk && this.declaredType) this.miss(R_TYPE, row, value);
    if (this.uniqueSet !== null) {
      hashString(text);
      const seen = this.uniqueSet.add(HASH[0]!, HASH[1]!);
      if (seen !== ADDED_NEW) this.repeat(seen, row, value);
    }
    if (this.hasLength) {
      const chars = [...text].length;
      if (chars < this.lengthMin || chars > this.lengthMax) this.miss(R_LENGTH, row, value);
    }
    if (this.numericCompare) {
      if (!Number.isNaN(typed)) {
        this.typed++;
        if (this.hasMin && typed < this.minN) this.miss(R_MIN, row, value);
        if (this.hasMax && typed > this.maxN) this.miss(R_MAX, row, value);
        if (this.valuesN !== null && !this.valuesN.has(typed)) this.miss(R_VALUES, row, value);
        if (!Number.isNaN(this.freshCutoff)) this.fresh(typed, row, value);
      }
      if (this.profile !== null) this.profile.addNumber(typed);
    } else {
      if (this.hasMin && text < this.minS) this.miss(R_MIN, row, value);
      if (this.hasMax && text > this.maxS) this.miss(R_MAX, row, value);
      if (this.valuesS !== null && !this.valuesS.has(text)) this.miss(R_VALUES, row, value);
      if (this.profile !== null) this.profile.addText(text);
    }
    if (this.regex !== null && !this.regex.test(text)) this.miss(R_PATTERN, row, value);
  }

  private probed(row: number, value: unknown): void {
    const list = this.examples[R_UNIQUE]!;
    list.push({ row, value });
    if (list.length >= MAX_EXAMPLES) throw new ProbeDone(list);
  }

  /**
   * Adds the batched hashes to the unique set. Hash-set inserts are bound by cache misses;
   * touching every home slot first lets those misses overlap. Must run before the buffer
   * the batch points into changes (the scanner calls it at the end of each scan).
   */
  flush(): void {
    this.profile?.flush();
    const set = this.uniqueSet;
    const n = this.batchSize;
    if (set === null || n === 0) return;
    let sink = 0;
    for (let i = 0; i < n; i++) sink ^= set.touch(this.batchLo[i]!);
    this.sink ^= sink;
    for (let i = 0; i < n; i++) {
      const seen = set.add(this.batchLo[i]!, this.batchHi[i]!);
      if (seen !== ADDED_NEW) this.repeat(seen, this.batchRow[i]!, (this.batchBuf as Utf8Buffer).utf8Slice(this.batchStart[i]!, this.batchEnd[i]!));
    }
    this.batchSize = 0;
  }

  /** GE counts every occurrence of a repeated value: the first one too, when the second appears. */
  private repeat(seen: number, row: number, value: unknown): void {
    this.bad[R_UNIQUE]! += seen === ADDED_SECOND ? 2 : 1;
    const list = this.examples[R_UNIQUE]!;
    if (list.length < MAX_EXAMPLES) list.push({ row, value });
  }

  /** Counts plus the unique set's table (transferable). */
  snapshot(): ColumnCounts {
    this.flush();
    const unexpected = emptyRecord(() => 0);
    const examples = emptyRecord<UnexpectedValue[]>(() => []);
    RULE_KEYS.forEach((key, i) => {
      unexpected[key] = this.bad[i]!;
      examples[key] = this.examples[i]!;
    });
    return {
      nulls: this.nulls,
      nonNull: this.nonNull,
      unexpected,
      examples,
      typed: this.typed,
      latest: this.latest,
      latestText: this.latestText,
      uniqueSlots: this.uniqueSet ? this.uniqueSet.snapshot().slots : null,
    };
  }
}
