// The storage port under the model registry: content-addressed blobs, manifests and tags.
// Two implementations: an OCI image layout on disk and the OCI distribution API.
import type { ProgressReporter } from '../report/progress.ts';
import type { Descriptor } from './oci.ts';

/** Test hook: called at named points of a write so a test can kill the process there. */
export type FaultHook = (point: string) => void;

export interface StoredManifest {
  descriptor: Descriptor;
  bytes: Uint8Array;
}

export interface OciStore {
  /** The registry URL as the user wrote it (`file:…` or `oci://…`). */
  readonly url: string;
  /**
   * True when `exclusive` really serialises writers (a lock). A remote registry
   * has no lock, so the registry above it uses claim tags and re-checks instead.
   */
  readonly serialised: boolean;
  hasBlob(digest: string): Promise<boolean>;
  /** Stores small in-memory content (cards, reports). */
  putBytes(bytes: Uint8Array, mediaType: string): Promise<Descriptor>;
  /** Streams a file in while hashing it; never holds the file in memory. */
  putFile(path: string, mediaType: string, progress?: (bytes: number) => void): Promise<Descriptor>;
  /** Reads a small blob and verifies its digest. */
  readBlob(descriptor: Descriptor): Promise<Uint8Array>;
  /** Streams a blob into `destination` (a temp path the caller renames), verifying digest and size. */
  downloadBlob(descriptor: Descriptor, destination: string, progress?: (bytes: number) => void): Promise<void>;
  /** Stores a manifest (untagged unless `tag` is given). */
  putManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<Descriptor>;
  /** A manifest by tag or digest, or null when absent. */
  getManifest(reference: string): Promise<StoredManifest | null>;
  /** The manifest descriptor a tag points at, or null. */
  resolve(tag: string): Promise<Descriptor | null>;
  /** Every tag. */
  tags(): Promise<string[]>;
  /** Points each tag at its manifest; on disk this is one atomic index update. */
  setTags(tags: Record<string, Descriptor>): Promise<void>;
  /** Runs `work` holding the writers' lock (a no-op wrapper for remote stores). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Referrers of `digest` through the referrers API, or null when the API is missing. */
  referrers(digest: string): Promise<Descriptor[] | null>;
}

export interface StoreOptions {
  signal?: AbortSignal;
  faults?: FaultHook;
  progress?: ProgressReporter;
}
