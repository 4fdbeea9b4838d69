// Notebook → modular, tested pipeline: read a notebook, plan its conversion, write the plan.
export { cellsFromDocument, type DocumentCell, parseNotebookJson, type ReadNotebook, readNotebookFile } from './read.ts';
export { type NotebookLocation, planOptionsFor } from './options.ts';
export { type PlanOptions, planNotebookConversion } from './plan.ts';
export { EditedFilesError, MANIFEST, manifestFor, type WriteOptions, type WriteResult, writeConversionPlan } from './write.ts';
export { headingsOf, stageIdentifier } from './split.ts';
export type { CellKind, ConversionPlan, ConversionWarning, NotebookCell, PlannedStage, SplitOption } from './types.ts';
