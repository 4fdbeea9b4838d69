// Profiles and drift from a loaded spec: the one call the CLI, the pipeline and actions make.
// It lives here, above data/ and drift/, because it joins the two.
import { validateDataset } from '../data/index.ts';
import { profileSqlDataset } from '../data/sql/index.ts';
import type { DatasetValidation } from '../data/validate.ts';
import { excerpt, InputError } from '../errors.ts';
import type { ProgressReporter } from '../report/progress.ts';
import { datasetContract, type LoadedSpec } from '../spec/index.ts';
import { compareProfiles } from '../drift/compare.ts';
import { type DriftAction, driftOptionsFromSpec, driftOutcome } from '../drift/spec-options.ts';
import { checkProfile, type ProfileFile, parseProfile } from '../drift/profile-file.ts';
import type { DatasetProfile, DriftReport } from '../drift/types.ts';
import type { RegistryTarget } from '../promote/from-spec.ts';
import { openRegistry, specRegistryUrl } from '../registry/index.ts';
import type { ModelRegistry, ModelVersion } from '../registry/types.ts';

export interface ProfileDatasetOptions {
  /** Where a `sql:` dataset's `url-env` is looked up. */
  env?: NodeJS.ProcessEnv;
  /** A file, directory or glob to read instead of the dataset's own path. */
  path?: string;
  progress?: ProgressReporter;
  signal?: AbortSignal;
}

/**
 * A dataset's contract verdicts and its profile: one scan of a file dataset; for a `sql:`
 * dataset, the pushed-down checks and a read of its declared columns.
 */
export async function profileDataset(loaded: LoadedSpec, name: string, options: ProfileDatasetOptions = {}): Promise<DatasetValidation & { profile: DatasetProfile }> {
  const contract = datasetContract(loaded.spec, name);
  if (contract.sql) {
    if (options.path) throw new InputError('profile-path-sql', `dataset '${name}' is a sql: dataset: it reads its table, not a path ('${excerpt(options.path)}')`);
    const sqlOptions = { env: options.env ?? {}, signal: options.signal, workspace: loaded.workspace };
    const validation = await validateDataset(name, contract, { workspace: loaded.workspace, env: sqlOptions.env, signal: options.signal });
    return { ...validation, profile: await profileSqlDataset(name, contract, sqlOptions) };
  }
  try {
    const validation = await validateDataset(name, contract, { workspace: loaded.workspace, path: options.path, profile: true, progress: options.progress, signal: options.signal });
    if (!validation.profile) throw new InputError('profile-unsupported', `dataset '${name}' produced no profile: profiles are built from files (csv, jsonl, parquet)`);
    return validation as DatasetValidation & { profile: DatasetProfile };
  } finally {
    options.progress?.end();
  }
}

export interface DriftFromSpecOptions {
  /** A stored reference profile; by default drift.reference is profiled now. */
  reference?: DatasetProfile;
  /** Read the current data from here instead of drift.current's path. */
  currentPath?: string;
  /** Compare this dataset (e.g. recent production data) instead of drift.current. */
  currentDataset?: string;
  /** Where a `sql:` dataset's `url-env` is looked up. */
  env?: NodeJS.ProcessEnv;
  progress?: ProgressReporter;
  signal?: AbortSignal;
}

export interface DriftOutcome {
  report: DriftReport;
  /** The two profiles compared (for charts of their distributions). */
  reference: DatasetProfile;
  current: DatasetProfile;
  /** What on-drift asks for when the dataset drifted; null when it did not. */
  action: DriftAction | null;
  exitCode: 0 | 1;
}

/** Compares drift.current with the reference, per the spec's drift section. */
export async function driftFromSpec(loaded: LoadedSpec, options: DriftFromSpecOptions = {}): Promise<DriftOutcome> {
  const drift = loaded.spec.drift;
  if (!drift) throw new InputError('no-drift', "the spec has no 'drift' section: set drift.reference and drift.current to the datasets to compare", { file: loaded.file });
  const scan = { progress: options.progress, signal: options.signal, env: options.env };
  const reference = options.reference ?? (await profileDataset(loaded, drift.reference, scan)).profile;
  const current = (await profileDataset(loaded, options.currentDataset ?? drift.current, { ...scan, path: options.currentPath })).profile;
  const report = compareProfiles(reference, current, driftOptionsFromSpec(drift));
  if (!report.columns.some((c) => c.verdict !== 'skipped')) {
    const reasons = report.columns.map((c) => `'${c.column}': ${c.note}`).join('; ');
    throw new InputError('drift-no-columns', `no column could be compared (reference ${report.reference_rows} rows, current ${report.current_rows} rows)${reasons ? `: ${reasons}` : ''}`);
  }
  return { report, reference, current, ...driftOutcome(report, drift['on-drift']) };
}

/**
 * The drift reference stored with a model version: the profile `pipewright run` puts in
 * the model card, else the newest attached `drift-profile` report. Drift is then measured
 * against the data the model in production was trained on, not today's training data.
 */
export async function modelReferenceProfile(registry: ModelRegistry, versionOrAlias: string): Promise<{ version: ModelVersion; profile: ProfileFile }> {
  const version = await registry.show(versionOrAlias);
  const shownAs = `${version.card.name} ${version.card.version}`;
  if (version.card.drift_profile !== undefined) {
    return { version, profile: checkProfile(version.card.drift_profile, `the drift profile in the card of ${shownAs}`) };
  }
  // By digest: the very version shown, even if an alias moves meanwhile.
  const attached = await registry.readReport(version.digest, 'drift-profile');
  if (attached === null) {
    throw new InputError(
      'drift-profile-missing',
      `model ${shownAs} ('${versionOrAlias}') has no drift reference profile: 'pipewright run' stores drift.reference's profile with each version it pushes, or attach one with 'pipewright registry push --attach drift-profile=FILE'`,
    );
  }
  return { version, profile: parseProfile(new TextDecoder().decode(attached), `the drift-profile report attached to ${shownAs}`) };
}

/** `modelReferenceProfile` in the spec's registry (or `target.registry`, a URL that overrides it). */
export function modelReferenceFromSpec(loaded: LoadedSpec, versionOrAlias: string, target: RegistryTarget): Promise<{ version: ModelVersion; profile: ProfileFile }> {
  const registry = openRegistry(specRegistryUrl(loaded.spec, target.registry), { workspace: loaded.workspace, env: target.env, signal: target.signal });
  return modelReferenceProfile(registry, versionOrAlias);
}
