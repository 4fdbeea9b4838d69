// The model registry over any OciStore: versions v1, v2, … as OCI artifacts (card = config
// blob, one layer per file), aliases as tags with an append-only history, attached reports.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { lastMove, readHistory, validateAlias, writeHistoryEntry } from './aliases.ts';
import { RegistryCorruptError, RegistryInputError, RegistryNotFoundError } from './errors.ts';
import { listArtifactFiles, safeJoin } from './files.ts';
import { pathExists } from './fsio.ts';
import { ANNOTATION, type Descriptor, encodeJson, type ImageManifest, isDigest, MEDIA, TAG_PATTERN, VERSION_PATTERN, versionNumber } from './oci.ts';
import { attachReport, listReports, readReport } from './reports.ts';
import type { FaultHook, OciStore } from './store.ts';
import type { AliasMove, AttachedReport, ModelCard, ModelRegistry, ModelVersion, TransferOptions } from './types.ts';

interface Resolved {
  descriptor: Descriptor;
  manifest: ImageManifest;
}

const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;

export class OciModelRegistry implements ModelRegistry {
  private readonly cards = new Map<string, ModelCard>();

  constructor(
    private readonly store: OciStore,
    private readonly faults: FaultHook = () => {},
  ) {}

  get url(): string {
    return this.store.url;
  }

  async push(card: Omit<ModelCard, 'version'>, artifactDir: string, options: TransferOptions = {}): Promise<ModelVersion> {
    const files = await listArtifactFiles(artifactDir);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    let done = 0;
    const layers: Descriptor[] = [];
    try {
      for (const file of files) {
        options.signal?.throwIfAborted();
        const before = done;
        const blob = await this.store.putFile(file.absolute, MEDIA.file, (bytes) => options.progress?.update(before + bytes, total, `push ${file.path}`));
        done = before + file.size;
        layers.push({ ...blob, annotations: { [ANNOTATION.title]: file.path } });
      }
    } finally {
      options.progress?.end();
    }
    this.faults('push:blobs-written');
    const descriptor = this.store.serialised
      ? await this.store.exclusive(() => this.assignLocked(card, layers))
      : await this.assignByClaim(card, layers);
    return this.versionOf(descriptor);
  }

  /** Under the lock: complete an interrupted push of the same run, or take max+1. */
  private async assignLocked(card: Omit<ModelCard, 'version'>, layers: Descriptor[]): Promise<Descriptor> {
    const tags = await this.store.tags();
    const same = await this.findSamePush(tags, card, layers);
    if (same) return same.descriptor;
    const next = Math.max(0, ...tags.map((t) => versionNumber(t) ?? 0)) + 1;
    const descriptor = await this.putVersionManifest(card, `v${next}`, layers);
    this.faults('push:manifest-written');
    await this.store.setTags({ [`v${next}`]: descriptor });
    return descriptor;
  }

  /**
   * Without a lock: tag the manifest `claim-vN-<random>`, then list tags. A claim wins only
   * if it saw no rival claim for vN; of two writers, the later lister always sees the earlier
   * claim, so two pushes never both take vN. Losers retry at N+1 after a random pause.
   */
  private async assignByClaim(card: Omit<ModelCard, 'version'>, layers: Descriptor[]): Promise<Descriptor> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const tags = await this.store.tags();
      const same = await this.findSamePush(tags, card, layers);
      if (same) {
        if (!same.tagged) await this.store.setTags({ [same.version]: same.descriptor });
        return same.descriptor;
      }
      const next = Math.max(0, ...tags.map((t) => versionNumber(t) ?? claimNumber(t) ?? 0)) + 1;
      const version = `v${next}`;
      const mine = `claim-${version}-${randomBytes(6).toString('hex')}`;
      const descriptor = await this.putVersionManifest(card, version, layers, mine);
      this.faults('push:claimed');
      const after = await this.store.tags();
      const rivals = after.filter((t) => t !== mine && (t === version || t.startsWith(`claim-${version}-`)));
      if (rivals.length === 0) {
        await this.store.setTags({ [version]: descriptor });
        return descriptor;
      }
      await new Promise((r) => setTimeout(r, Math.random() * 50 * (attempt + 1)));
    }
    throw new RegistryCorruptError(`could not assign a version in ${this.url}: 20 attempts lost to concurrent pushes`);
  }

  /** A version (or a sole, unfinished claim) holding the same run and the same files. */
  private async findSamePush(tags: string[], card: Omit<ModelCard, 'version'>, layers: Descriptor[]) {
    if (!card.run.id) return undefined;
    const key = layers.map((l) => `${l.annotations?.[ANNOTATION.title]}@${l.digest}`).join('\n');
    const candidates = tags.filter((t) => versionNumber(t) !== undefined || claimNumber(t) !== undefined);
    for (const tag of candidates) {
      const stored = await this.store.getManifest(tag);
      if (!stored) continue;
      const manifest = decode(stored.bytes) as ImageManifest;
      if (manifest.annotations?.[ANNOTATION.runId] !== card.run.id) continue;
      if (manifest.layers.map((l) => `${l.annotations?.[ANNOTATION.title]}@${l.digest}`).join('\n') !== key) continue;
      const version = manifest.annotations?.[ANNOTATION.version] ?? '';
      const tagged = tags.includes(version);
      const n = claimNumber(tag);
      if (n !== undefined) {
        const claims = tags.filter((t) => t.startsWith(`claim-v${n}-`));
        if (tagged || claims.length !== 1) continue;
      }
      return { descriptor: stored.descriptor, version, tagged };
    }
    return undefined;
  }

  private async putVersionManifest(card: Omit<ModelCard, 'version'>, version: string, layers: Descriptor[], tag?: string): Promise<Descriptor> {
    const full: ModelCard = { ...card, version } as ModelCard;
    const config = await this.store.putBytes(encodeJson(full), MEDIA.card);
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      artifactType: MEDIA.model,
      config,
      layers,
      annotations: {
        [ANNOTATION.version]: version,
        [ANNOTATION.created]: full.created,
        [ANNOTATION.title]: full.name,
        [ANNOTATION.runId]: full.run.id,
      },
    };
    const descriptor = await this.store.putManifest(encodeJson(manifest), MEDIA.manifest, tag);
    return { ...descriptor, artifactType: MEDIA.model };
  }

  /** `vN`, an alias, `latest` or a manifest digest → the version's manifest. */
  private async resolve(reference: string): Promise<Resolved> {
    // The reference goes into a manifest path or URL: a tag or a digest only.
    if (!TAG_PATTERN.test(reference) && !isDigest(reference)) {
      throw new RegistryInputError('registry-reference', `invalid version or alias '${reference}': expected vN, an alias such as champion, latest, or a sha256 digest`);
    }
    let ref = reference;
    if (ref === 'latest') {
      const newest = (await this.versionTags()).pop();
      if (!newest) throw new RegistryNotFoundError(`no versions in ${this.url} yet: 'latest' names nothing`);
      ref = newest;
    }
    const stored = await this.store.getManifest(ref);
    if (!stored) {
      const known = await this.versionTags();
      throw new RegistryNotFoundError(`no version or alias '${reference}' in ${this.url} (versions: ${known.join(', ') || 'none'})`);
    }
    const manifest = decode(stored.bytes) as ImageManifest;
    if (manifest.artifactType !== MEDIA.model) throw new RegistryNotFoundError(`'${reference}' in ${this.url} is not a model version (artifactType ${manifest.artifactType ?? 'none'})`);
    return { descriptor: { ...stored.descriptor, artifactType: MEDIA.model }, manifest };
  }

  private async versionTags(): Promise<string[]> {
    return (await this.store.tags()).filter((t) => VERSION_PATTERN.test(t)).sort((a, b) => versionNumber(a)! - versionNumber(b)!);
  }

  private async card(manifest: ImageManifest): Promise<ModelCard> {
    const cached = this.cards.get(manifest.config.digest);
    if (cached) return cached;
    const card = decode(await this.store.readBlob(manifest.config)) as ModelCard;
    this.cards.set(manifest.config.digest, card);
    return card;
  }

  private async aliasTargets(): Promise<Map<string, string[]>> {
    const byDigest = new Map<string, string[]>();
    const aliases = (await this.store.tags()).filter(isAliasTag);
    await Promise.all(
      aliases.map(async (alias) => {
        const d = await this.store.resolve(alias);
        if (d) byDigest.set(d.digest, [...(byDigest.get(d.digest) ?? []), alias].sort());
      }),
    );
    return byDigest;
  }

  private async versionOf(descriptor: Descriptor, aliases?: Map<string, string[]>): Promise<ModelVersion> {
    const { manifest } = await this.resolve(descriptor.digest);
    const card = await this.card(manifest);
    return {
      card,
      digest: descriptor.digest,
      files: manifest.layers.map((l) => ({ path: l.annotations?.[ANNOTATION.title] ?? l.digest, digest: l.digest, size: l.size })),
      aliases: (aliases ?? (await this.aliasTargets())).get(descriptor.digest) ?? [],
    };
  }

  async list(): Promise<ModelVersion[]> {
    const aliases = await this.aliasTargets();
    const found = await Promise.all(
      (await this.versionTags()).map(async (tag) => {
        const d = await this.store.resolve(tag);
        return d ? this.versionOf(d, aliases) : undefined;
      }),
    );
    return found.filter((v): v is ModelVersion => v !== undefined);
  }

  async show(versionOrAlias: string): Promise<ModelVersion> {
    return this.versionOf((await this.resolve(versionOrAlias)).descriptor);
  }

  async pull(versionOrAlias: string, outDir: string, options: TransferOptions = {}): Promise<ModelVersion> {
    const version = await this.show(versionOrAlias);
    // Files are verified into a sibling staging directory and only then moved into outDir,
    // so a corrupt blob or a crash never leaves a partial model there.
    const staging = join(dirname(outDir), `.${basename(outDir)}.pull-${process.pid}-${randomBytes(4).toString('hex')}`);
    const total = version.files.reduce((sum, f) => sum + f.size, 0);
    let done = 0;
    try {
      for (const file of version.files) {
        options.signal?.throwIfAborted();
        const target = safeJoin(staging, file.path);
        await mkdir(dirname(target), { recursive: true });
        const before = done;
        await this.store.downloadBlob({ mediaType: MEDIA.file, digest: file.digest, size: file.size }, target, (bytes) =>
          options.progress?.update(before + bytes, total, `pull ${file.path}`),
        );
        done = before + file.size;
      }
      if (!(await pathExists(outDir))) {
        await mkdir(dirname(outDir), { recursive: true });
        await rename(staging, outDir);
      } else {
        for (const file of version.files) {
          const target = safeJoin(outDir, file.path);
          await mkdir(dirname(target), { recursive: true });
          await rename(safeJoin(staging, file.path), target);
        }
      }
    } finally {
      options.progress?.end();
      await rm(staging, { recursive: true, force: true });
    }
    return version;
  }

  async resolveAlias(alias: string): Promise<string | null> {
    validateAlias(alias);
    const d = await this.store.resolve(alias);
    if (!d) return null;
    const { manifest } = await this.resolve(d.digest);
    return (await this.card(manifest)).version;
  }

  async moveAlias(alias: string, version: string, move: { actor: string; reason: string }): Promise<AliasMove> {
    validateAlias(alias);
    const run = async (): Promise<AliasMove> => {
      // The alias only ever points at a version that exists: resolve it first, tag it last.
      const target = await this.resolve(version);
      const to = (await this.card(target.manifest)).version;
      const from = await this.resolveAlias(alias);
      const entry: AliasMove = { time: new Date().toISOString(), alias, from, to, actor: move.actor, reason: move.reason };
      if (from === to) return entry;
      if (this.store.serialised) {
        const history = await writeHistoryEntry(this.store, entry, false);
        this.faults('alias:history-written');
        await this.store.setTags({ [alias]: target.descriptor, [history.tag]: history.descriptor });
        return entry;
      }
      // Remote: a history entry left by an interrupted identical move is completed, not repeated.
      const last = await lastMove(this.store, alias);
      if (!(last && last.to === to && last.from === from)) await writeHistoryEntry(this.store, entry, true);
      this.faults('alias:history-written');
      await this.store.setTags({ [alias]: target.descriptor });
      return last && last.to === to && last.from === from ? last : entry;
    };
    return this.store.serialised ? this.store.exclusive(run) : run();
  }

  async history(alias?: string): Promise<AliasMove[]> {
    if (alias !== undefined) validateAlias(alias);
    return readHistory(this.store, alias);
  }

  async attach(versionOrAlias: string, kind: string, content: Uint8Array, mediaType: string): Promise<AttachedReport> {
    const { descriptor } = await this.resolve(versionOrAlias);
    return attachReport(this.store, descriptor, kind, content, mediaType);
  }

  async reports(versionOrAlias: string): Promise<AttachedReport[]> {
    return listReports(this.store, (await this.resolve(versionOrAlias)).descriptor.digest);
  }

  async readReport(versionOrAlias: string, kind: string): Promise<Uint8Array | null> {
    return readReport(this.store, (await this.resolve(versionOrAlias)).descriptor.digest, kind);
  }

  /** Problems that would make the registry inconsistent: dangling tags, missing blobs, bad aliases. */
  async verify(): Promise<string[]> {
    const problems: string[] = [];
    for (const tag of await this.store.tags()) {
      const stored = await this.store.getManifest(tag).catch((e: Error) => {
        problems.push(`tag ${tag}: ${e.message}`);
        return null;
      });
      if (!stored) {
        problems.push(`tag ${tag}: manifest missing`);
        continue;
      }
      const manifest = decode(stored.bytes) as ImageManifest & { manifests?: Descriptor[] };
      for (const blob of [manifest.config, ...(manifest.layers ?? [])].filter(Boolean)) {
        if (!(await this.store.hasBlob(blob.digest))) problems.push(`tag ${tag}: blob ${blob.digest} missing`);
      }
      const n = versionNumber(tag);
      if (n !== undefined && manifest.annotations?.[ANNOTATION.version] !== tag) problems.push(`tag ${tag}: manifest says version ${manifest.annotations?.[ANNOTATION.version]}`);
      if (isAliasTag(tag) && manifest.artifactType !== MEDIA.model) problems.push(`alias ${tag}: not a model version`);
      if (isAliasTag(tag) && !(await this.store.tags()).includes(manifest.annotations?.[ANNOTATION.version] ?? '')) problems.push(`alias ${tag}: version missing`);
    }
    return problems;
  }
}

function claimNumber(tag: string): number | undefined {
  const match = /^claim-v([1-9][0-9]*)-/.exec(tag);
  return match ? Number(match[1]) : undefined;
}

function isAliasTag(tag: string): boolean {
  return !/^(v[0-9]+|latest)$/.test(tag) && !/^(history|claim|sha256)-/.test(tag) && !isDigest(tag);
}
