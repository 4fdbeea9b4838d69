// The plain data a notebook conversion takes and returns: cells in, planned files and warnings out.

export type CellKind = 'code' | 'markdown' | 'raw';

/** One notebook cell, as read from an .ipynb file or normalised from a live editor document. */
export interface NotebookCell {
  kind: CellKind;
  source: string;
  tags: string[];
  id?: string;
  /** The saved execution count of a code cell (null when never run). */
  executionCount?: number | null;
}

/** How cells are grouped into stages. */
export type SplitOption =
  | { by: 'auto' }
  | { by: 'heading'; level?: number }
  | { by: 'tags' }
  /** Explicit: each stage starts at a cell index (0-based) and runs to the next one. */
  | { by: 'list'; stages: Array<{ name: string; firstCell: number }> };

/**
 * A finding about the conversion. `changesMeaning` is true when the converted code may
 * behave differently from the notebook run top to bottom (the CLI then exits 1).
 */
export interface ConversionWarning {
  /** 0-based index of the cell in the notebook. */
  cell: number;
  /** 1-based line within the cell's source. */
  line: number;
  code: string;
  message: string;
  changesMeaning: boolean;
}

export interface PlannedStage {
  name: string;
  /** 0-based indices of the cells it holds (code cells and the markdown that names it). */
  cells: number[];
  inputs: string[];
  outputs: string[];
  /** Its module, relative to the output directory. */
  file: string;
}

export interface ConversionPlan {
  stages: PlannedStage[];
  /** Relative path (forward slashes) inside the output directory → content. Sorted by path. */
  files: Record<string, string>;
  warnings: ConversionWarning[];
  requirements: string[];
  /** The spec with the stages merged in, when a spec was given. */
  spec?: { path: string; content: string; changed: boolean };
}
