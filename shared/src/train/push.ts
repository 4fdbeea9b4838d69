// Turns a successful run record into the next model version of a registry.
import { InputError } from '../errors.ts';
import type { ProgressReporter } from '../report/progress.ts';
import type { ModelRegistry, ModelVersion } from '../registry/types.ts';
import { resolveInWorkspace } from '../workspace/index.ts';
import { cardFromRunRecord, type RunRecord } from './run-record.ts';

/** Pushes the run's artifact directory with its model card; refuses failed or artifact-less runs. */
export async function pushRunRecord(
  registry: ModelRegistry,
  record: RunRecord,
  options: {
    workspace: string;
    /** Where the record was read from, for messages. */
    source?: string;
    /** The drift reference profile to store in the model card. */
    driftProfile?: unknown;
    signal?: AbortSignal;
    progress?: ProgressReporter;
  },
): Promise<ModelVersion> {
  if (record.status !== 'succeeded' || !record.artifact) {
    const why = record.status === 'succeeded' ? 'has no artifact' : `did not succeed (${record.status}${record.error ? `: ${record.error}` : ''})`;
    throw new InputError('run-not-pushable', `run ${record.run_id}${options.source ? ` in '${options.source}'` : ''} ${why}: nothing to push`, options.source ? { file: options.source } : undefined);
  }
  const artifactDir = resolveInWorkspace(options.workspace, record.artifact.path);
  const card = cardFromRunRecord(record);
  if (options.driftProfile !== undefined) card.drift_profile = options.driftProfile;
  return registry.push(card, artifactDir, { signal: options.signal, progress: options.progress });
}
