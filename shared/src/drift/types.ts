// The reference-profile port between the data scanner (which sees every value once)
// and drift detection (which compares two profiles). Profiles are mergeable sketches,
// never raw data, and plain JSON so they cross worker threads and go into model cards.
import type { ColumnType } from '../data/types.ts';

export interface ProfileColumn {
  name: string;
  type: ColumnType;
}

/** A dataset's profile: JSON-serialisable, mergeable. Its inner shape belongs to drift/. */
export interface DatasetProfile {
  version: 1;
  rows: number;
  columns: Record<string, unknown>;
}

/**
 * Fed by the scanner with typed values: number for integer/number, epoch milliseconds
 * for date/timestamp, string for string, boolean for boolean, null for a missing value.
 */
export interface ProfileAccumulator {
  add(columnIndex: number, value: number | string | boolean | null): void;
  /** Called once per row after its values, so the profile counts rows. */
  endRow(): void;
  /** A structured-clone-safe snapshot, to send from a worker and merge. */
  snapshot(): DatasetProfile;
}
