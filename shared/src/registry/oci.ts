// OCI facts the registry relies on: media types, descriptors, manifests, digests and tag rules.
import { createHash } from 'node:crypto';

export const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  empty: 'application/vnd.oci.empty.v1+json',
  /** The artifactType of a model version. */
  model: 'application/vnd.pipewright.model.v1',
  /** The config blob of a model version: its model card. */
  card: 'application/vnd.pipewright.model.card.v1+json',
  /** One artifact file (a plain blob, not a tar). */
  file: 'application/vnd.pipewright.model.file.v1',
  /** The artifactType of one alias-history entry. */
  aliasMove: 'application/vnd.pipewright.alias-move.v1',
} as const;

/** The artifactType of an attached report of kind `kind` (e.g. `validation`). */
export function reportArtifactType(kind: string): string {
  return `application/vnd.pipewright.report.${kind}.v1`;
}

export const ANNOTATION = {
  title: 'org.opencontainers.image.title',
  refName: 'org.opencontainers.image.ref.name',
  version: 'org.opencontainers.image.version',
  created: 'org.opencontainers.image.created',
  runId: 'dev.pipewright.run.id',
  reportKind: 'dev.pipewright.report.kind',
  alias: 'dev.pipewright.alias.name',
  aliasFrom: 'dev.pipewright.alias.from',
  aliasTo: 'dev.pipewright.alias.to',
  aliasActor: 'dev.pipewright.alias.actor',
  aliasReason: 'dev.pipewright.alias.reason',
  aliasTime: 'dev.pipewright.alias.time',
} as const;

/** The empty JSON blob `{}` that image-spec 1.1 uses as a placeholder config. */
export const EMPTY_BLOB = new TextEncoder().encode('{}');
export const EMPTY_DESCRIPTOR: Descriptor = {
  mediaType: MEDIA.empty,
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
};

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType: typeof MEDIA.manifest;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType: typeof MEDIA.index;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

/** Canonical bytes of a JSON document (manifests are stored exactly as pushed). */
export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** The distribution-spec tag grammar. */
export const TAG_PATTERN = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
export const VERSION_PATTERN = /^v([1-9][0-9]*)$/;

/** The referrers fallback tag of a manifest: `sha256:<hex>` → `sha256-<hex>`. */
export function fallbackTag(digest: string): string {
  return digest.replace(':', '-');
}

export function versionNumber(tag: string): number | undefined {
  const match = VERSION_PATTERN.exec(tag);
  return match ? Number(match[1]) : undefined;
}

/** Tags the registry itself uses; aliases may not take these shapes. */
export function isReservedTag(tag: string): boolean {
  return tag === 'latest' || /^v[0-9]+$/.test(tag) || /^(history|claim|sha256)-/.test(tag);
}
