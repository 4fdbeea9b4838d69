// Data validation: the public API of `@pipewright/core/data`.
export { fingerprintDataset, validateDataset, type DatasetValidation, type ValidateOptions } from './validate.ts';
export type { ScanTuning } from './csv-file.ts';
export type { DvcCheck } from './dvc.ts';
export { manifestText } from './fingerprint.ts';
export type * from './types.ts';
export { type RuleAnnotation, validationAnnotations, validationSummaryMarkdown } from './summary.ts';
