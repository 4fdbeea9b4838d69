// The pipeline spec: load and check `pipewright.yaml`, resolve dataset contracts, split and
// template commands, parse durations.
export { type CheckOptions, type CheckResult, checkSpec, checkSpecText } from './check.ts';
export { DatasetNotFoundError, datasetContract } from './contract.ts';
export {
  CommandLineError,
  type Diagnostic,
  DurationError,
  hasErrors,
  type Severity,
  SpecError,
  sortDiagnostics,
  TemplateError,
} from './diagnostics.ts';
export { isDuration, parseDuration } from './duration.ts';
export { type LoadedSpec, loadSpec, loadValidSpec } from './load.ts';
export { MAX_SPEC_BYTES } from './parse.ts';
export { type PathAtOffset, pathAtOffset, SourceText } from './positions.ts';
export type { SpanNode } from './yaml-tree.ts';
export { lookup, renderCommand, renderTemplate, scanTemplates, specTemplateContext, splitCommand, type TemplateRef } from './template.ts';
export type { PipelineSpec } from '@pipewright/schema';
