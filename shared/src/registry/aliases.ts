// Aliases (`champion`) are tags; every move is its own small artifact tagged
// `history-<time>-<random>`, so concurrent moves append and never overwrite each other.
import { randomBytes } from 'node:crypto';
import { RegistryInputError } from './errors.ts';
import { ANNOTATION, type Descriptor, EMPTY_BLOB, EMPTY_DESCRIPTOR, encodeJson, type ImageManifest, isReservedTag, MEDIA, TAG_PATTERN } from './oci.ts';
import type { OciStore } from './store.ts';
import type { AliasMove } from './types.ts';

/** Refuses names that are not OCI tags or that collide with versions and registry tags. */
export function validateAlias(alias: string): void {
  if (!TAG_PATTERN.test(alias)) {
    throw new RegistryInputError(
      'registry-alias',
      `invalid alias '${alias}': expected an OCI tag (letters, digits, '_', '.', '-'; first character a letter, digit or '_'; at most 128 characters)`,
    );
  }
  if (isReservedTag(alias)) {
    throw new RegistryInputError(
      'registry-alias',
      `invalid alias '${alias}': 'latest', 'v<N>' and the prefixes 'history-', 'claim-', 'sha256-' are reserved (versions are v1, v2, …; 'latest' always means the newest version)`,
    );
  }
}

function historyTag(time: string): string {
  // Tag characters only: the ISO time with ':' removed keeps lexical order = time order.
  return `history-${time.replace(/[:]/g, '')}-${randomBytes(4).toString('hex')}`;
}

/** Stores one history entry (an artifact whose annotations are the move); returns its tag and descriptor. */
export async function writeHistoryEntry(store: OciStore, move: AliasMove, tagNow: boolean): Promise<{ tag: string; descriptor: Descriptor }> {
  if (!(await store.hasBlob(EMPTY_DESCRIPTOR.digest))) await store.putBytes(EMPTY_BLOB, MEDIA.empty);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    artifactType: MEDIA.aliasMove,
    config: EMPTY_DESCRIPTOR,
    layers: [EMPTY_DESCRIPTOR],
    annotations: {
      [ANNOTATION.created]: move.time,
      [ANNOTATION.aliasTime]: move.time,
      [ANNOTATION.alias]: move.alias,
      [ANNOTATION.aliasFrom]: move.from ?? '',
      [ANNOTATION.aliasTo]: move.to,
      [ANNOTATION.aliasActor]: move.actor,
      [ANNOTATION.aliasReason]: move.reason,
    },
  };
  const tag = historyTag(move.time);
  const descriptor = await store.putManifest(encodeJson(manifest), MEDIA.manifest, tagNow ? tag : undefined);
  return { tag, descriptor: { ...descriptor, artifactType: MEDIA.aliasMove } };
}

function decodeMove(bytes: Uint8Array): AliasMove | undefined {
  const a = (JSON.parse(new TextDecoder().decode(bytes)) as ImageManifest).annotations ?? {};
  const alias = a[ANNOTATION.alias];
  const to = a[ANNOTATION.aliasTo];
  if (!alias || !to) return undefined;
  return {
    time: a[ANNOTATION.aliasTime] ?? '',
    alias,
    from: a[ANNOTATION.aliasFrom] || null,
    to,
    actor: a[ANNOTATION.aliasActor] ?? '',
    reason: a[ANNOTATION.aliasReason] ?? '',
  };
}

/** The newest move of `alias`, reading history entries newest first (tags sort by time). */
export async function lastMove(store: OciStore, alias: string): Promise<AliasMove | undefined> {
  const tags = (await store.tags()).filter((t) => t.startsWith('history-')).sort().reverse();
  for (const tag of tags) {
    const stored = await store.getManifest(tag);
    const move = stored ? decodeMove(stored.bytes) : undefined;
    if (move?.alias === alias) return move;
  }
  return undefined;
}

/** Every history entry (optionally of one alias), oldest first. */
export async function readHistory(store: OciStore, alias?: string): Promise<AliasMove[]> {
  const tags = (await store.tags()).filter((t) => t.startsWith('history-')).sort();
  const entries: Array<{ move: AliasMove; tag: string }> = [];
  await Promise.all(
    tags.map(async (tag) => {
      const stored = await store.getManifest(tag);
      const move = stored ? decodeMove(stored.bytes) : undefined;
      if (move) entries.push({ tag, move });
    }),
  );
  entries.sort((x, y) => (x.move.time === y.move.time ? (x.tag < y.tag ? -1 : 1) : x.move.time < y.move.time ? -1 : 1));
  return entries.map((e) => e.move).filter((m) => alias === undefined || m.alias === alias);
}
