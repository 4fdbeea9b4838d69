// The `file:` backend: an OCI image layout on disk (oci-layout, index.json, blobs/sha256/…).
// Blobs land before index.json names them; index.json is replaced atomically under a lock,
// so a crash at any point leaves the previous or the next consistent state.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryCorruptError, RegistryInputError } from './errors.ts';
import { commitTemp, copyHashed, pathExists, reusedChunks, writeFileAtomic, writeHashed } from './fsio.ts';
import { withLock } from './lock.ts';
import { ANNOTATION, type Descriptor, type ImageIndex, isDigest, MEDIA, sha256Digest } from './oci.ts';
import type { FaultHook, OciStore, StoredManifest } from './store.ts';

const LAYOUT = new TextEncoder().encode(JSON.stringify({ imageLayoutVersion: '1.0.0' }));

export class LayoutStore implements OciStore {
  readonly serialised = true;
  private readonly inside = new AsyncLocalStorage<boolean>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly url: string,
    readonly root: string,
    private readonly options: { signal?: AbortSignal; faults?: FaultHook; lockTimeoutMs?: number } = {},
  ) {}

  private blobPath(digest: string): string {
    if (!isDigest(digest)) throw new RegistryInputError('registry-digest', `expected a sha256 digest, found '${digest}'`);
    return join(this.root, 'blobs', 'sha256', digest.slice('sha256:'.length));
  }

  private get tempDir(): string {
    return join(this.root, '.pipewright-tmp');
  }

  hasBlob(digest: string): Promise<boolean> {
    return pathExists(this.blobPath(digest));
  }

  async putBytes(bytes: Uint8Array, mediaType: string): Promise<Descriptor> {
    const descriptor = { mediaType, digest: sha256Digest(bytes), size: bytes.byteLength };
    if (!(await this.hasBlob(descriptor.digest))) await writeFileAtomic(this.blobPath(descriptor.digest), bytes);
    return descriptor;
  }

  async putFile(path: string, mediaType: string, progress?: (bytes: number) => void): Promise<Descriptor> {
    const { temp, digest, size } = await copyHashed(path, this.tempDir, progress);
    if (await this.hasBlob(digest)) await rm(temp, { force: true });
    else await commitTemp(temp, this.blobPath(digest));
    this.options.faults?.('blob-written');
    return { mediaType, digest, size };
  }

  async readBlob(descriptor: Descriptor): Promise<Uint8Array> {
    const path = this.blobPath(descriptor.digest);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch {
      throw new RegistryCorruptError(`blob ${descriptor.digest} is missing from ${this.url} (expected ${path})`);
    }
    const actual = sha256Digest(bytes);
    if (actual !== descriptor.digest) {
      throw new RegistryCorruptError(`blob ${path} is corrupt: expected digest ${descriptor.digest}, found ${actual}`);
    }
    return bytes;
  }

  async downloadBlob(descriptor: Descriptor, destination: string, progress?: (bytes: number) => void): Promise<void> {
    const path = this.blobPath(descriptor.digest);
    const hash = createHash('sha256');
    let size = 0;
    const handle = await open(destination, 'wx');
    try {
      size = await writeHashed(reusedChunks(path), handle, hash, progress);
    } catch (error) {
      await handle.close();
      await rm(destination, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new RegistryCorruptError(`blob ${descriptor.digest} is missing from ${this.url} (expected ${path})`);
      throw error;
    }
    await handle.close();
    const actual = `sha256:${hash.digest('hex')}`;
    if (actual !== descriptor.digest || size !== descriptor.size) {
      await rm(destination, { force: true });
      throw new RegistryCorruptError(`blob ${path} is corrupt: expected digest ${descriptor.digest} (${descriptor.size} bytes), found ${actual} (${size} bytes)`);
    }
  }

  async putManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<Descriptor> {
    const descriptor = await this.putBytes(bytes, mediaType);
    if (tag) await this.setTags({ [tag]: descriptor });
    return descriptor;
  }

  private async readIndex(): Promise<ImageIndex> {
    let text: string;
    try {
      text = await readFile(join(this.root, 'index.json'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 2, mediaType: MEDIA.index, manifests: [] };
      throw error;
    }
    try {
      return JSON.parse(text) as ImageIndex;
    } catch {
      throw new RegistryCorruptError(`${join(this.root, 'index.json')} is not valid JSON`);
    }
  }

  async getManifest(reference: string): Promise<StoredManifest | null> {
    if (isDigest(reference)) {
      if (!(await this.hasBlob(reference))) return null;
      const bytes = await this.readBlob({ mediaType: MEDIA.manifest, digest: reference, size: 0 });
      return { descriptor: { mediaType: manifestMediaType(bytes), digest: reference, size: bytes.byteLength }, bytes };
    }
    const index = await this.readIndex();
    const descriptor = index.manifests.find((m) => m.annotations?.[ANNOTATION.refName] === reference);
    if (!descriptor) return null;
    const bytes = await this.readBlob(descriptor);
    return { descriptor: { mediaType: descriptor.mediaType, digest: descriptor.digest, size: descriptor.size }, bytes };
  }

  async resolve(tag: string): Promise<Descriptor | null> {
    const index = await this.readIndex();
    return index.manifests.find((m) => m.annotations?.[ANNOTATION.refName] === tag) ?? null;
  }

  async tags(): Promise<string[]> {
    const index = await this.readIndex();
    return index.manifests.map((m) => m.annotations?.[ANNOTATION.refName]).filter((t): t is string => typeof t === 'string');
  }

  async setTags(tags: Record<string, Descriptor>): Promise<void> {
    await this.exclusive(async () => {
      for (const descriptor of Object.values(tags)) {
        if (!(await this.hasBlob(descriptor.digest))) throw new RegistryCorruptError(`refusing to tag ${descriptor.digest}: its manifest is not in ${this.url}`);
      }
      const index = await this.readIndex();
      const names = new Set(Object.keys(tags));
      const kept = index.manifests.filter((m) => !names.has(m.annotations?.[ANNOTATION.refName] ?? ''));
      for (const [tag, d] of Object.entries(tags)) {
        kept.push({ mediaType: d.mediaType, digest: d.digest, size: d.size, ...(d.artifactType ? { artifactType: d.artifactType } : {}), annotations: { [ANNOTATION.refName]: tag } });
      }
      if (!(await pathExists(join(this.root, 'oci-layout')))) await writeFileAtomic(join(this.root, 'oci-layout'), LAYOUT);
      await writeFileAtomic(join(this.root, 'index.json'), new TextEncoder().encode(`${JSON.stringify({ ...index, manifests: kept }, null, 2)}\n`), () =>
        this.options.faults?.('index-before-rename'),
      );
    });
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return work();
    // Writers in this process queue up first, so the file lock is only contended across processes.
    const run = this.queue.then(async () => {
      await mkdir(this.root, { recursive: true });
      return withLock(join(this.root, '.pipewright.lock'), () => this.inside.run(true, async () => {
        await this.removeDeadTemps();
        return work();
      }), { signal: this.options.signal, timeoutMs: this.options.lockTimeoutMs });
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** Temp files left by a writer that died; the lock guarantees no live writer of ours is mid-rename. */
  private async removeDeadTemps(): Promise<void> {
    for (const dir of [this.tempDir, this.root, join(this.root, 'blobs', 'sha256')]) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        const pid = /^\.tmp-(\d+)-/.exec(name)?.[1];
        if (pid && !processAlive(Number(pid))) await rm(join(dir, name), { force: true });
      }
    }
  }

  async referrers(): Promise<Descriptor[] | null> {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function manifestMediaType(bytes: Uint8Array): string {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { mediaType?: string };
    return parsed.mediaType ?? MEDIA.manifest;
  } catch {
    return MEDIA.manifest;
  }
}
