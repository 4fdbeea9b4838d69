// Reports (validation, evaluation, drift profile) attached to a version through `subject`,
// found through the referrers API or, where it is missing, the `sha256-<hex>` fallback tag.
import { RegistryInputError } from './errors.ts';
import {
  ANNOTATION,
  type Descriptor,
  EMPTY_BLOB,
  EMPTY_DESCRIPTOR,
  encodeJson,
  fallbackTag,
  type ImageIndex,
  type ImageManifest,
  MEDIA,
  reportArtifactType,
} from './oci.ts';
import type { OciStore } from './store.ts';
import type { AttachedReport } from './types.ts';

const REPORT_PREFIX = 'application/vnd.pipewright.report.';
const MEDIA_TYPE_ANNOTATION = 'dev.pipewright.report.media-type';

export function validateReportKind(kind: string): void {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(kind)) {
    throw new RegistryInputError('registry-report-kind', `invalid report kind '${kind}': expected lower-case letters, digits and '-' (e.g. 'validation', 'drift-profile')`);
  }
}

/** Pushes the report as an artifact whose subject is `subject`, and indexes it in the fallback tag. */
export async function attachReport(store: OciStore, subject: Descriptor, kind: string, content: Uint8Array, mediaType: string): Promise<AttachedReport> {
  validateReportKind(kind);
  if (!(await store.hasBlob(EMPTY_DESCRIPTOR.digest))) await store.putBytes(EMPTY_BLOB, MEDIA.empty);
  const layer = await store.putBytes(content, mediaType);
  const annotations = { [ANNOTATION.reportKind]: kind, [MEDIA_TYPE_ANNOTATION]: mediaType, [ANNOTATION.created]: new Date().toISOString() };
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    artifactType: reportArtifactType(kind),
    config: EMPTY_DESCRIPTOR,
    layers: [{ ...layer, annotations: { [ANNOTATION.title]: kind } }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations,
  };
  const pushed = await store.putManifest(encodeJson(manifest), MEDIA.manifest);
  const entry: Descriptor = { mediaType: MEDIA.manifest, digest: pushed.digest, size: pushed.size, artifactType: manifest.artifactType, annotations };
  if ((await store.referrers(subject.digest)) === null) await addToFallbackIndex(store, subject.digest, entry);
  return { kind, digest: pushed.digest, mediaType };
}

/** Read-modify-write of the fallback index; without a lock (remote) it re-reads until ours is there. */
async function addToFallbackIndex(store: OciStore, subject: string, entry: Descriptor): Promise<void> {
  const tag = fallbackTag(subject);
  for (let attempt = 0; attempt < 8; attempt++) {
    await store.exclusive(async () => {
      const index = await readFallback(store, tag);
      if (index.manifests.some((m) => m.digest === entry.digest)) return;
      index.manifests.push(entry);
      await store.putManifest(encodeJson(index), MEDIA.index, tag);
    });
    if (store.serialised) return;
    // Another writer may have replaced the index with one that lacks our entry.
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * (attempt + 1)));
    if ((await readFallback(store, tag)).manifests.some((m) => m.digest === entry.digest)) return;
  }
}

async function readFallback(store: OciStore, tag: string): Promise<ImageIndex> {
  const stored = await store.getManifest(tag);
  if (!stored) return { schemaVersion: 2, mediaType: MEDIA.index, manifests: [] };
  return JSON.parse(new TextDecoder().decode(stored.bytes)) as ImageIndex;
}

/** Every report attached to `subject`, oldest first. */
export async function listReports(store: OciStore, subject: string): Promise<AttachedReport[]> {
  const referrers = (await store.referrers(subject)) ?? (await readFallback(store, fallbackTag(subject))).manifests;
  return referrers
    .filter((d) => d.artifactType?.startsWith(REPORT_PREFIX))
    .sort((a, b) => ((a.annotations?.[ANNOTATION.created] ?? '') < (b.annotations?.[ANNOTATION.created] ?? '') ? -1 : 1))
    .map((d) => ({
      kind: d.annotations?.[ANNOTATION.reportKind] ?? d.artifactType!.slice(REPORT_PREFIX.length).replace(/\.v1$/, ''),
      digest: d.digest,
      mediaType: d.annotations?.[MEDIA_TYPE_ANNOTATION] ?? 'application/octet-stream',
    }));
}

/** The content of the newest report of `kind`, or null when none is attached. */
export async function readReport(store: OciStore, subject: string, kind: string): Promise<Uint8Array | null> {
  const matching = (await listReports(store, subject)).filter((r) => r.kind === kind);
  const newest = matching[matching.length - 1];
  if (!newest) return null;
  const stored = await store.getManifest(newest.digest);
  if (!stored) return null;
  const layer = (JSON.parse(new TextDecoder().decode(stored.bytes)) as ImageManifest).layers[0];
  return layer ? store.readBlob(layer) : null;
}
