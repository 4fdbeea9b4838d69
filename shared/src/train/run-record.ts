// The run record: what `pipewright train` writes about one training run, and what
// `registry push --run RUN.json` turns into a model card. Field names match ModelCard.
import { readFile } from 'node:fs/promises';
import { excerpt, InputError } from '../errors.ts';
import type { ModelCard } from '../registry/types.ts';

export const RUN_RECORD_SCHEMA = 'pipewright.run/v1';

/** One file of a dataset or artifact, by its path relative to the workspace / artifact dir. */
export interface RecordedFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** A dataset the training step read, as it was when training started. */
export interface RecordedDataset {
  /** The spec's `path` (file, directory or glob). */
  path: string;
  /** `sha256:<hex>` from the data fingerprint; null when it could not be computed (see `note`). */
  fingerprint: string | null;
  files?: RecordedFile[];
  /** Why the fingerprint is missing, when it is. */
  note?: string;
}

export type RunStatus = 'succeeded' | 'failed' | 'timed-out';

export interface RunRecord {
  schema: typeof RUN_RECORD_SCHEMA;
  /** Unique id: `<UTC yyyymmddThhmmss>-<8 hex>`, sortable by start time. */
  run_id: string;
  /** The model's name (`name:` in the spec). */
  name: string;
  status: RunStatus;
  started: string;
  ended: string;
  /** The argv that ran, after templating. */
  command: string[];
  /** null when the process was killed by a signal (see `signal`) or never started. */
  exit_code: number | null;
  signal: string | null;
  git: { commit: string | null; dirty: boolean | null };
  spec: { path: string; sha256: string };
  params: Record<string, unknown>;
  /** From the metrics file; empty when the run failed. */
  metrics: Record<string, number>;
  /** Dataset name → its path and fingerprint. */
  data: Record<string, RecordedDataset>;
  /** The artifact directory (workspace-relative) and the sha256 of its manifest; null when the run failed. */
  artifact: { path: string; digest: string; files: RecordedFile[] } | null;
  train_seconds: number;
  cpu_seconds: number;
  peak_memory_mb: number;
  host: { hostname: string; platform: string; arch: string; cpus: number; memory_mb: number };
  /** A link to the CI run (GitHub Actions), when there is one. */
  run_url: string | null;
  /** The last lines the command printed (stdout and stderr interleaved), for failures. */
  log_tail: string[];
  /** Why the run failed (`exited with code 3`, `timed out after 30m`, a metrics problem); null on success. */
  error: string | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks a run record; `file` names the source in errors. */
export function parseRunRecord(text: string, file: string): RunRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError('run-record-invalid', `expected a JSON run record in '${file}', found invalid JSON: ${excerpt((error as Error).message)}`, { file }, error);
  }
  if (!isObject(value)) throw new InputError('run-record-invalid', `expected a JSON object in '${file}', found ${Array.isArray(value) ? 'an array' : typeof value}`, { file });
  if (value.schema !== RUN_RECORD_SCHEMA) {
    throw new InputError('run-record-invalid', `expected schema '${RUN_RECORD_SCHEMA}' in '${file}', found ${excerpt(JSON.stringify(value.schema ?? null))}`, { file });
  }
  const required: Array<[string, (v: unknown) => boolean, string]> = [
    ['run_id', (v) => typeof v === 'string' && v !== '', 'a non-empty string'],
    ['name', (v) => typeof v === 'string', 'a string'],
    ['status', (v) => v === 'succeeded' || v === 'failed' || v === 'timed-out', "'succeeded', 'failed' or 'timed-out'"],
    ['git', isObject, 'an object'],
    ['spec', isObject, 'an object'],
    ['params', isObject, 'an object'],
    ['metrics', (v) => isObject(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n)), 'an object of finite numbers'],
    ['data', isObject, 'an object'],
    ['train_seconds', (v) => typeof v === 'number', 'a number'],
    ['peak_memory_mb', (v) => typeof v === 'number', 'a number'],
  ];
  for (const [key, check, expected] of required) {
    if (!check(value[key])) {
      throw new InputError('run-record-invalid', `expected '${key}' in '${file}' to be ${expected}, found ${excerpt(JSON.stringify(value[key] ?? null))}`, { file });
    }
  }
  return value as unknown as RunRecord;
}

/** Reads `path` as a run record. */
export async function readRunRecord(path: string): Promise<RunRecord> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError('run-record-unreadable', `cannot read run record '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: path }, error);
  }
  return parseRunRecord(text, path);
}

/** The model card a run record becomes on `registry push` (the registry assigns `version`). */
export function cardFromRunRecord(record: RunRecord, created = new Date().toISOString()): Omit<ModelCard, 'version'> {
  const data: ModelCard['data'] = {};
  for (const [name, dataset] of Object.entries(record.data)) {
    // A card always names a fingerprint; a run that could not compute one says so.
    data[name] = { path: dataset.path, fingerprint: dataset.fingerprint ?? 'unavailable', ...(dataset.files ? { files: dataset.files } : {}) };
  }
  return {
    name: record.name,
    created,
    metrics: record.metrics,
    params: record.params,
    data,
    git: record.git,
    run: { id: record.run_id, url: record.run_url },
    train_seconds: record.train_seconds,
    cpu_seconds: record.cpu_seconds,
    peak_memory_mb: record.peak_memory_mb,
    spec_sha256: record.spec.sha256,
  };
}
