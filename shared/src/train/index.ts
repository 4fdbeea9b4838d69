export { artifactManifest } from './artifact.ts';
export { DEFAULT_ARTIFACT, DEFAULT_METRICS, datasetsUsed, planTraining } from './plan.ts';
export { MetricsFileError, TrainCommandNotFoundError } from './errors.ts';
export { readMetricsFile } from './metrics.ts';
export { cardFromRunRecord, parseRunRecord, RUN_RECORD_SCHEMA, type RecordedDataset, type RecordedFile, type RunRecord, type RunStatus, readRunRecord } from './run-record.ts';
export { type CommandOutcome, type LogStream, runCommand } from './runner.ts';
export { runRecordPath, saveRunRecord, writeFileAtomic } from './store.ts';
export { describeRun, type FingerprintFn, type TrainingPlan, type TrainOptions, trainModel } from './train.ts';
