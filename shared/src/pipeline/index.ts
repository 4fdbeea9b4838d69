// The whole pipeline run locally, step by step: the public API of `@pipewright/core/pipeline`.
export { stepOrder } from './order.ts';
export { type PipelineRun, type RunPipelineOptions, runPipeline, type StepResult, type StepStatus } from './run.ts';
export { type DemoResult, prepareDemoWorkspace, runDemo } from './demo.ts';
export { type DriftFromSpecOptions, type DriftOutcome, driftFromSpec, modelReferenceFromSpec, modelReferenceProfile, type ProfileDatasetOptions, profileDataset } from './drift.ts';
export { type CollectReportOptions, collectReport } from './report.ts';
