// Table-level counters of one scan: rows, ragged rows, rows with a null, duplicate keys.
// Rows in examples are local to the scanned range until the merge offsets them.
import { MAX_EXAMPLES } from './column-counts.ts';
import type { UnexpectedValue } from './types.ts';

export interface TallyCounts {
  rows: number;
  raggedRows: number;
  /** value: the row's field count. */
  raggedExamples: UnexpectedValue[];
  missingRows: number;
  /** value: the file column index of the row's first null. */
  missingExamples: UnexpectedValue[];
  duplicates: number;
  /** value: the key, fields joined with ', '. */
  duplicateExamples: UnexpectedValue[];
}

export class TableTally implements TallyCounts {
  rows = 0;
  raggedRows = 0;
  raggedExamples: UnexpectedValue[] = [];
  missingRows = 0;
  missingExamples: UnexpectedValue[] = [];
  duplicates = 0;
  duplicateExamples: UnexpectedValue[] = [];

  ragged(row: number, fields: number): void {
    this.raggedRows++;
    if (this.raggedExamples.length < MAX_EXAMPLES) this.raggedExamples.push({ row, value: fields });
  }

  missing(row: number, column: number): void {
    this.missingRows++;
    if (this.missingExamples.length < MAX_EXAMPLES) this.missingExamples.push({ row, value: column });
  }

  snapshot(): TallyCounts {
    const { rows, raggedRows, raggedExamples, missingRows, missingExamples, duplicates, duplicateExamples } = this;
    return { rows, raggedRows, raggedExamples, missingRows, missingExamples, duplicates, duplicateExamples };
  }
}
