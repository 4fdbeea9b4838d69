// Merges the counts of scanned parts (byte ranges, files of a glob) in file order into
// one dataset's counts: sums, examples renumbered to global rows, hash sets joined so
// that a value repeated across parts is still caught.
import { mergeProfiles } from '../drift/merge.ts';
import type { DatasetProfile, ProfileAccumulator } from '../drift/types.ts';
import type { ColumnCheck } from './column-check.ts';
import { type ColumnCounts, type ColumnRuleKey, emptyCounts, MAX_EXAMPLES } from './column-counts.ts';
import { HashSet64 } from './hash-set.ts';
import type { TableTally, TallyCounts } from './tally.ts';
import type { UnexpectedValue } from './types.ts';

export interface ScanPart {
  tally: TallyCounts;
  columns: ColumnCounts[];
  duplicateSlots: Uint32Array | null;
  profile: DatasetProfile | null;
  /** Maps the part's missing-row column index to a name. */
  columnNames?: string[];
}

/** The counts a reader hands over when it ends a part (a byte range, a file). */
export function snapshotPart(tally: TableTally, checks: ColumnCheck[], duplicateSlots: Uint32Array | null, profile: ProfileAccumulator | null): ScanPart {
  return { tally: tally.snapshot(), columns: checks.map((c) => c.snapshot()), duplicateSlots, profile: profile ? profile.snapshot() : null };
}

export interface DatasetCounts {
  tally: TallyCounts;
  columns: ColumnCounts[];
  profile: DatasetProfile | null;
  /** The joined duplicate-key set, so that merged counts can be merged again (files of a glob). */
  duplicateSlots: Uint32Array | null;
}

function appendExamples(into: UnexpectedValue[], from: UnexpectedValue[], offset: number, map?: (v: unknown) => unknown): void {
  for (const e of from) {
    if (into.length >= MAX_EXAMPLES) return;
    into.push({ row: e.row + offset, value: map ? map(e.value) : e.value });
  }
}

function occupied(slots: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < slots.length; i += 2) if (slots[i] !== 0 || slots[i + 1] !== 0) n++;
  return n;
}

function joinSets(parts: Array<Uint32Array | null>, occurrences: boolean): { extra: number; slots: Uint32Array | null } {
  const present = parts.filter((p): p is Uint32Array => p !== null);
  if (present.length <= 1) return { extra: 0, slots: present[0] ?? null };
  const total = present.reduce((n, p) => n + occupied(p), 0);
  const set = new HashSet64(Math.ceil(total / 0.7));
  let extra = 0;
  for (const slots of present) extra += set.merge({ slots }, occurrences);
  return { extra, slots: set.snapshot().slots };
}

/**
 * Joins hash sets as parts arrive (order does not matter for sets), so that the join
 * overlaps the scan instead of following it.
 */
export class SetJoiner {
  private set: HashSet64 | null = null;
  extra = 0;

  constructor(
    private readonly occurrences: boolean,
    private readonly expectedParts: number,
  ) {}

  add(slots: Uint32Array | null): void {
    if (slots === null) return;
    if (this.set === null) this.set = new HashSet64(Math.ceil((occupied(slots) * this.expectedParts) / 0.75));
    this.extra += this.set.merge({ slots }, this.occurrences);
  }

  slots(): Uint32Array | null {
    return this.set ? this.set.snapshot().slots : null;
  }
}

/** Joined sets computed ahead (SetJoiner), replacing mergeParts' own join. */
export interface JoinedSets {
  unique: Array<SetJoiner | null>;
  duplicates: SetJoiner | null;
}

export function mergeParts(parts: ScanPart[], columnCount: number, joined?: JoinedSets): DatasetCounts {
  const tally: TallyCounts = { rows: 0, raggedRows: 0, raggedExamples: [], missingRows: 0, missingExamples: [], duplicates: 0, duplicateExamples: [] };
  const columns = Array.from({ length: columnCount }, () => emptyCounts());
  let profile: DatasetProfile | null = null;
  let offset = 0;
  for (const part of parts) {
    const t = part.tally;
    tally.raggedRows += t.raggedRows;
    appendExamples(tally.raggedExamples, t.raggedExamples, offset);
    tally.missingRows += t.missingRows;
    appendExamples(tally.missingExamples, t.missingExamples, offset, (v) => (typeof v === 'number' && part.columnNames ? (part.columnNames[v] ?? v) : v));
    tally.duplicates += t.duplicates;
    appendExamples(tally.duplicateExamples, t.duplicateExamples, offset);
    part.columns.forEach((c, i) => {
      const into = columns[i]!;
      into.nulls += c.nulls;
      into.nonNull += c.nonNull;
      into.typed += c.typed;
      for (const key of Object.keys(c.unexpected) as ColumnRuleKey[]) {
        into.unexpected[key] += c.unexpected[key];
        appendExamples(into.examples[key], c.examples[key], offset);
      }
      if (!Number.isNaN(c.latest) && !(c.latest <= into.latest)) {
        into.latest = c.latest;
        into.latestText = c.latestText;
      }
    });
    profile = part.profile === null ? profile : profile === null ? part.profile : mergeProfiles(profile, part.profile);
    offset += t.rows;
  }
  tally.rows = offset;
  for (let i = 0; i < columnCount; i++) {
    const ahead = joined?.unique[i];
    const join = ahead
      ? { extra: ahead.extra, slots: ahead.slots() }
      : joinSets(
          parts.map((p) => p.columns[i]?.uniqueSlots ?? null),
          true,
        );
    columns[i]!.unexpected.unique += join.extra;
    columns[i]!.uniqueSlots = join.slots;
  }
  const keys = joined?.duplicates
    ? { extra: joined.duplicates.extra, slots: joined.duplicates.slots() }
    : joinSets(
        parts.map((p) => p.duplicateSlots),
        false,
      );
  tally.duplicates += keys.extra;
  return { tally, columns, profile, duplicateSlots: keys.slots };
}
