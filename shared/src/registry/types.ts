// The model registry port: model versions as OCI artifacts behind one interface,
// implemented by an OCI image layout on disk (`file:`) and a distribution registry (`oci://`).
import type { ProgressReporter } from '../report/progress.ts';

/** The config blob of a model version: everything needed to trace it. */
export interface ModelCard {
  name: string;
  /** `v1`, `v2`, … assigned by the registry on push. */
  version: string;
  created: string;
  metrics: Record<string, number>;
  params: Record<string, unknown>;
  /** Dataset name → its path and fingerprint at training time. */
  data: Record<string, { path: string; fingerprint: string; files?: Array<{ path: string; sha256: string; bytes: number }> }>;
  git: { commit: string | null; dirty: boolean | null };
  run: { id: string; url?: string | null };
  train_seconds: number | null;
  cpu_seconds?: number | null;
  peak_memory_mb: number | null;
  spec_sha256?: string;
  /** The drift reference profile stored with the model, if any. */
  drift_profile?: unknown;
}

/** One artifact file of a version (an OCI layer titled by its path). */
export interface ModelFile {
  path: string;
  digest: string;
  size: number;
}

export interface ModelVersion {
  card: ModelCard;
  /** The manifest digest: the version's immutable identity. */
  digest: string;
  files: ModelFile[];
  /** Aliases currently pointing at this version. */
  aliases: string[];
}

/** One entry of the append-only alias history. */
export interface AliasMove {
  time: string;
  alias: string;
  from: string | null;
  to: string;
  actor: string;
  reason: string;
}

/** A report attached to a version (validation, evaluation, drift profile). */
export interface AttachedReport {
  kind: string;
  digest: string;
  mediaType: string;
}

/** Options of a transfer: cancel it, or watch its bytes go by. */
export interface TransferOptions {
  signal?: AbortSignal;
  progress?: ProgressReporter;
}

export interface ModelRegistry {
  /** `file:/abs/path` or `oci://host/repo` */
  readonly url: string;
  /** Pushes files under `artifactDir` with `card` (its version is assigned: the next vN). */
  push(card: Omit<ModelCard, 'version'>, artifactDir: string, options?: TransferOptions): Promise<ModelVersion>;
  list(): Promise<ModelVersion[]>;
  /** `v3` or an alias such as `champion`. */
  show(versionOrAlias: string): Promise<ModelVersion>;
  /** Downloads and verifies every file's digest. */
  pull(versionOrAlias: string, outDir: string, options?: TransferOptions): Promise<ModelVersion>;
  resolveAlias(alias: string): Promise<string | null>;
  /** Points `alias` at `version` and appends the move to the history, atomically. */
  moveAlias(alias: string, version: string, move: { actor: string; reason: string }): Promise<AliasMove>;
  history(alias?: string): Promise<AliasMove[]>;
  attach(versionOrAlias: string, kind: string, content: Uint8Array, mediaType: string): Promise<AttachedReport>;
  reports(versionOrAlias: string): Promise<AttachedReport[]>;
  /** The content of the newest attached report of `kind`, or null when there is none. */
  readReport(versionOrAlias: string, kind: string): Promise<Uint8Array | null>;
}
