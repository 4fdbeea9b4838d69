export { cardFromRunRecord, parseRunRecord, RUN_RECORD_SCHEMA, type RecordedDataset, type RecordedFile, type RunRecord, type RunStatus, readRunRecord } from './run-record.ts';
