// Training from a spec file, the one call the CLI and the train action make.
import { statSync } from 'node:fs';
import { posix, resolve, sep } from 'node:path';
import { resolveInWorkspace } from '../workspace/index.ts';
import { fingerprintDataset } from '../data/index.ts';
import { loadValidSpec } from '../spec/index.ts';
import { planTraining } from './plan.ts';
import type { RunRecord } from './run-record.ts';
import type { LogStream } from './runner.ts';
import { saveRunRecord } from './store.ts';
import { type FingerprintFn, trainModel } from './train.ts';

export interface TrainSpecOptions {
  env: NodeJS.ProcessEnv;
  onOutput?: (stream: LogStream, chunk: Buffer) => void;
  signal?: AbortSignal;
  /** Extra places to write the run record (absolute paths). */
  out?: string[];
}

export interface TrainSpecResult {
  record: RunRecord;
  /** Where the record was written: `.pipewright/runs/<run-id>.json` first. */
  saved: string[];
  workspace: string;
}

/**
 * A fingerprinted file's path relative to the workspace, so the record names the exact
 * file: the data module lists a file dataset by its name and a directory's files
 * relative to the directory (glob matches are already workspace-relative).
 */
function workspacePath(workspace: string, datasetPath: string, file: string): string {
  if (/[*?[\]{}]/.test(datasetPath)) return file;
  let isDirectory = false;
  try {
    isDirectory = statSync(resolveInWorkspace(workspace, datasetPath)).isDirectory();
  } catch {
    return file;
  }
  const joined = isDirectory ? posix.join(datasetPath.split(sep).join('/'), file) : datasetPath.split(sep).join('/');
  return posix.normalize(joined);
}

/** Loads and checks the spec, runs training in the spec's directory and saves the run record. */
export async function trainFromSpec(specPath: string, options: TrainSpecOptions): Promise<TrainSpecResult> {
  const loaded = await loadValidSpec(specPath);
  const plan = planTraining(loaded.spec, { workspace: loaded.workspace, specPath: resolve(loaded.file), specText: loaded.text });
  const formats = loaded.spec.datasets ?? {};
  const fingerprint: FingerprintFn = async (name, path) => {
    const print = await fingerprintDataset(path, { workspace: loaded.workspace, format: formats[name]?.format, signal: options.signal });
    return { digest: print.digest, files: print.files.map((f) => ({ ...f, path: workspacePath(loaded.workspace, path, f.path) })) };
  };
  const record = await trainModel(plan, { workspace: loaded.workspace, env: options.env, onOutput: options.onOutput, signal: options.signal, fingerprint });
  const saved = await saveRunRecord(loaded.workspace, record, options.out ?? []);
  return { record, saved, workspace: loaded.workspace };
}
